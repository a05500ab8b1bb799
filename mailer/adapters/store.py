"""The state store: one SQLite file, ``state.db``, in the state directory.

Every invitation is one row of ``invitations``; its follow-up outbox entry is the
same row (an invitation gets at most one follow-up). Every state change goes
through :func:`mailer.core.state.transition` inside a ``BEGIN IMMEDIATE``
transaction, so a crash, a full disk or a competing writer leaves the previous
state intact. The follow-up is claimed with a conditional UPDATE (``... WHERE
state = 'scheduled'``): whoever changes the row sends, nobody else.

Storage choices:

- WAL journal (readers such as ``status`` never block the daemon) with
  ``synchronous=FULL``: a committed "drafted" survives a power cut, which is what
  keeps an invitation at one draft.
- ``busy_timeout`` so that a short overlap with ``status`` or ``cancel`` waits
  instead of failing.
- The schema version is ``PRAGMA user_version``; :data:`MIGRATIONS` are applied in
  order, each in its own transaction together with the version bump.
- The directory is created 0700 and the file 0600: drafts quote people's mail.
- Times are ISO-8601 in UTC; callers pass ``now`` in.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from mailer.core.model import InvitationFacts
from mailer.core.state import Event, State, transition
from mailer.errors import StateError, UnknownInvitationError

__all__ = [
    "DB_NAME",
    "MIGRATIONS",
    "InvitationRow",
    "StateStore",
    "StatusRow",
    "facts_from_dict",
    "facts_to_dict",
]

DB_NAME = "state.db"

# Schema history. Never edit a released entry: add one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the watcher (issue 4): invitations up to "sent", and the UID cursors.
    (
        """CREATE TABLE invitations (
            key TEXT PRIMARY KEY,
            account TEXT NOT NULL,
            message_id TEXT,
            folder TEXT NOT NULL,
            uidvalidity INTEGER,
            uid INTEGER,
            from_addr TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            score REAL NOT NULL DEFAULT 0,
            reasons TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            thread_key TEXT,
            draft_message_id TEXT,
            draft_uidvalidity INTEGER,
            draft_uid INTEGER,
            draft_to TEXT,
            draft_text TEXT,
            draft_raw BLOB,
            facts TEXT NOT NULL DEFAULT '{}',
            language TEXT NOT NULL DEFAULT '',
            auto_send_ok INTEGER NOT NULL DEFAULT 0,
            seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            drafted_at TEXT,
            draft_missing_since TEXT,
            sent_message_id TEXT,
            sent_to TEXT NOT NULL DEFAULT '[]',
            sent_references TEXT NOT NULL DEFAULT '[]',
            sent_at TEXT
        )""",
        "CREATE INDEX invitations_state ON invitations(state)",
        "CREATE INDEX invitations_message_id ON invitations(message_id)",
        "CREATE INDEX invitations_thread ON invitations(thread_key)",
        """CREATE TABLE cursors (
            account TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (account, folder, uidvalidity)
        )""",
    ),
    # 2: the follow-up outbox (issue 5) and the per-recipient rate limit.
    (
        "ALTER TABLE invitations ADD COLUMN recipient TEXT",
        "ALTER TABLE invitations ADD COLUMN followup_due TEXT",
        "ALTER TABLE invitations ADD COLUMN followup_message_id TEXT",
        "ALTER TABLE invitations ADD COLUMN followup_attempts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE invitations ADD COLUMN claimed_at TEXT",
        "ALTER TABLE invitations ADD COLUMN followed_up_at TEXT",
        "CREATE INDEX invitations_due ON invitations(state, followup_due)",
        """CREATE TABLE followups_sent (
            key TEXT PRIMARY KEY,
            recipient TEXT NOT NULL,
            sent_at TEXT NOT NULL
        )""",
        "CREATE INDEX followups_sent_recipient ON followups_sent(recipient, sent_at)",
    ),
)

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_IOERR, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 10, 5, 6, 8
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: the state store needs aware times")
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class InvitationRow:
    """One invitation as stored; times are aware UTC datetimes."""

    key: str
    account: str
    message_id: str | None
    folder: str
    uidvalidity: int | None
    uid: int | None
    from_addr: str
    subject: str
    category: str
    score: float
    reasons: tuple[str, ...]
    state: State
    reason: str
    thread_key: str | None
    draft_message_id: str | None
    draft_uidvalidity: int | None
    draft_uid: int | None
    draft_to: str | None
    draft_text: str | None
    draft_raw: bytes | None
    facts: Mapping[str, Any]
    language: str
    auto_send_ok: bool
    seen_at: datetime
    updated_at: datetime
    drafted_at: datetime | None
    draft_missing_since: datetime | None
    sent_message_id: str | None
    sent_to: tuple[str, ...]
    sent_references: tuple[str, ...]
    sent_at: datetime | None
    recipient: str | None
    followup_due: datetime | None
    followup_message_id: str | None
    followup_attempts: int
    claimed_at: datetime | None
    followed_up_at: datetime | None

    @classmethod
    def _from_db(cls, row: sqlite3.Row) -> InvitationRow:
        values: dict[str, Any] = {}
        for f in fields(cls):
            v = row[f.name]
            if f.name in {"reasons", "sent_to", "sent_references"}:
                v = tuple(json.loads(v))
            elif f.name == "facts":
                v = json.loads(v)
            elif f.name == "state":
                v = State(v)
            elif f.name == "auto_send_ok":
                v = bool(v)
            elif f.name.endswith(("_at", "_since", "_due")):
                v = _dt(v)
            values[f.name] = v
        return cls(**values)


@dataclass(frozen=True, slots=True)
class StatusRow:
    """What ``polite-decline status`` shows for one invitation."""

    key: str
    message_id: str | None
    from_addr: str
    subject: str
    state: State
    drafted_at: datetime | None
    sent_at: datetime | None
    followup_due: datetime | None
    followed_up_at: datetime | None
    reason: str
    language: str = ""  # the invitation's
    #: The recogniser's reasons with the largest contributions, largest first.
    recognised_by: tuple[str, ...] = ()

    def as_json(self) -> dict[str, str | list[str] | None]:
        """The ``status --json`` object: the field names of issue 4, ISO-8601 UTC times."""

        def iso(d: datetime | None) -> str | None:
            return None if d is None else _iso(d)

        return {
            "key": self.key,
            "message_id": self.message_id,
            "from": self.from_addr,
            "subject": self.subject,
            "state": self.state.value,
            "drafted_at": iso(self.drafted_at),
            "sent_at": iso(self.sent_at),
            "followup_due": iso(self.followup_due),
            "followed_up_at": iso(self.followed_up_at),
            "reason": self.reason,
            "recognised_by": list(self.recognised_by),
        }


def facts_to_dict(facts: InvitationFacts, /) -> dict[str, Any]:
    """JSON-ready form of the facts the follow-up needs (the calendar bytes stay out)."""
    out: dict[str, Any] = {}
    for f in fields(facts):
        v = getattr(facts, f.name)
        if f.name == "calendar_ics":
            continue
        if isinstance(v, datetime):
            v = v.isoformat()
        elif isinstance(v, tuple):
            v = list(v)
        out[f.name] = v
    return out


def facts_from_dict(data: Mapping[str, Any], /) -> InvitationFacts:
    """The inverse of :func:`facts_to_dict`."""
    values: dict[str, Any] = {
        f.name: data[f.name] for f in fields(InvitationFacts) if f.name in data
    }
    # JSON has no tuples: every list (references, slots) comes back as one.
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    values["references"] = tuple(values.get("references") or ())
    if values.get("date"):
        values["date"] = datetime.fromisoformat(str(values["date"]))
    return InvitationFacts(**values)


_Outcome = Literal["followed_up", "failed", "uncertain"]
_OUTCOME_EVENTS: Mapping[str, Event] = {
    "followed_up": Event.SEND_OK,
    "failed": Event.SEND_FAILED,
    "uncertain": Event.SEND_UNCERTAIN,
}
# Columns a state change may set (column names never come from outside).
_WRITABLE = frozenset(f.name for f in fields(InvitationRow)) - {"key", "account", "seen_at"}


class StateStore:
    """The daemon's memory. Open with :meth:`open`; safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, busy_timeout: float) -> None:
        self._conn = conn
        self.path = path
        self._busy_timeout = busy_timeout
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, state_dir: str | os.PathLike[str], /, *, busy_timeout: float = 5.0) -> StateStore:
        """Open (creating and migrating when needed) ``state_dir/state.db``."""
        directory = Path(state_dir)
        path = directory / DB_NAME
        try:
            if not directory.exists():
                directory.mkdir(mode=0o700, parents=True)
                os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
            if not path.exists():
                # Create the file ourselves so it never exists with wider permissions;
                # SQLite gives the -wal and -shm files the same mode.
                os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
                os.chmod(path, 0o600)
        except OSError as exc:
            raise StateError(f"cannot create the state database {path}: {exc.strerror}") from exc
        try:
            conn = sqlite3.connect(
                path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise _convert(exc, path, busy_timeout, "opening") from exc
        conn.row_factory = sqlite3.Row
        store = cls(conn, path, busy_timeout)
        try:
            with store._reading("opening"):
                conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                # The state is read by indexed lookups: a 512 KiB page cache (SQLite's
                # default is 2 MiB) is plenty and keeps the idle service small.
                conn.execute("PRAGMA cache_size = -512")
            store._migrate()
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._reading("reading the schema version"):
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        known = len(MIGRATIONS)
        version = self.schema_version
        if version > known:
            raise StateError(
                f"{self.path} has schema version {version}, newer than this "
                f"polite-decline knows ({known}): upgrade polite-decline"
            )
        for target in range(version + 1, known + 1):
            with self._writing(f"migrating the schema to version {target}") as conn:
                # Re-read inside the write lock: another process may have migrated.
                if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= target:
                    continue
                for statement in MIGRATIONS[target - 1]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")

    # ---------------------------------------------------------- transactions
    @contextlib.contextmanager
    def _writing(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _convert(exc, self.path, self._busy_timeout, action) from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise _convert(exc, self.path, self._busy_timeout, action) from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            # SQLite may already have rolled back (SQLITE_FULL does); a failing
            # ROLLBACK then changes nothing, and the original error is the one to report.
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise _convert(exc, self.path, self._busy_timeout, action) from exc

    def _apply(self, key: str, event: Event, now: datetime, /, **columns: Any) -> State:
        """Move ``key`` along ``event`` and set ``columns``, atomically."""
        with self._writing(f"recording {event.value} for {key}") as conn:
            row = conn.execute("SELECT state FROM invitations WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise UnknownInvitationError(f"no invitation with key {key!r}")
            new = transition(row["state"], event)
            self._update(conn, key, row["state"], new, now, columns)
            return new

    @staticmethod
    def _update(
        conn: sqlite3.Connection,
        key: str,
        old: str,
        new: State,
        now: datetime,
        columns: Mapping[str, Any],
    ) -> int:
        unknown = set(columns) - _WRITABLE
        if unknown:
            raise ValueError(f"not a writable column: {sorted(unknown)}")
        values = {"state": new.value, "updated_at": _iso(now), **columns}
        assignments = ", ".join(f"{name} = ?" for name in values)
        # Column names come from _WRITABLE above, never from outside.
        sql = f"UPDATE invitations SET {assignments} WHERE key = ? AND state = ?"  # noqa: S608
        return conn.execute(sql, (*values.values(), key, old)).rowcount

    # ------------------------------------------------------------- watcher side
    def record_seen(
        self,
        key: str,
        /,
        *,
        account: str,
        message_id: str | None,
        folder: str,
        uidvalidity: int | None,
        uid: int | None,
        from_addr: str,
        subject: str,
        category: str,
        score: float,
        reasons: Sequence[str],
        facts: Mapping[str, Any] | None = None,
        language: str = "",
        thread_key: str | None = None,
        now: datetime,
    ) -> bool:
        """Remember an invitation in state ``seen``. False when it was known already.

        A known invitation keeps its state (at most one draft, ever); only where it
        now lives is updated, as after a UIDVALIDITY change.
        """
        with self._writing(f"recording {key}") as conn:
            known = conn.execute("SELECT 1 FROM invitations WHERE key = ?", (key,)).fetchone()
            if known:
                conn.execute(
                    "UPDATE invitations SET folder = ?, uidvalidity = ?, uid = ? WHERE key = ?",
                    (folder, uidvalidity, uid, key),
                )
                return False
            conn.execute(
                """INSERT INTO invitations (key, account, message_id, folder, uidvalidity, uid,
                    from_addr, subject, category, score, reasons, state, facts, language,
                    thread_key, seen_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    key,
                    account,
                    message_id,
                    folder,
                    uidvalidity,
                    uid,
                    from_addr,
                    subject,
                    category,
                    float(score),
                    json.dumps(list(reasons)),
                    State.SEEN.value,
                    json.dumps(dict(facts or {})),
                    language,
                    thread_key,
                    _iso(now),
                    _iso(now),
                ),
            )
            return True

    def mark_skipped(self, key: str, /, *, rule: str, now: datetime) -> None:
        """The guard refused the draft; ``rule`` is shown in status."""
        self._apply(key, Event.SKIP, now, reason=rule)

    def mark_failed(self, key: str, /, *, reason: str, now: datetime) -> None:
        """The invitation cannot be drafted (poison message, APPEND refused for good)."""
        self._apply(key, Event.FAIL, now, reason=reason)

    def begin_drafting(
        self,
        key: str,
        /,
        *,
        draft_message_id: str,
        draft_to: str,
        draft_text: str,
        draft_raw: bytes | None = None,
        auto_send_ok: bool,
        now: datetime,
    ) -> None:
        """Record the draft before APPENDing it.

        From here on the row is ``drafting``: after a crash, look for
        ``draft_message_id`` in Drafts before appending ``draft_raw`` again.
        """
        self._apply(
            key,
            Event.BEGIN_DRAFT,
            now,
            draft_message_id=draft_message_id,
            draft_to=draft_to.lower(),
            draft_text=draft_text,
            draft_raw=draft_raw,
            auto_send_ok=int(auto_send_ok),
        )

    def mark_drafted(
        self,
        key: str,
        /,
        *,
        draft_uidvalidity: int | None = None,
        draft_uid: int | None = None,
        now: datetime,
    ) -> None:
        """The draft is in Drafts (APPENDUID when the server gave one, RFC 4315)."""
        self._apply(
            key,
            Event.DRAFT_STORED,
            now,
            draft_uidvalidity=draft_uidvalidity,
            draft_uid=draft_uid,
            drafted_at=_iso(now),
        )

    def mark_draft_missing(self, key: str, /, *, now: datetime) -> None:
        """The draft is gone from Drafts; the discard clock starts now."""
        self._apply(key, Event.DRAFT_VANISHED, now, draft_missing_since=_iso(now))

    def clear_draft_missing(
        self,
        key: str,
        /,
        *,
        draft_uidvalidity: int | None = None,
        draft_uid: int | None = None,
        now: datetime,
    ) -> None:
        """A draft with the same Message-ID is back (a client re-saved it)."""
        self._apply(
            key,
            Event.DRAFT_REAPPEARED,
            now,
            draft_missing_since=None,
            draft_uidvalidity=draft_uidvalidity,
            draft_uid=draft_uid,
        )

    def mark_discarded(self, key: str, /, *, reason: str, now: datetime) -> None:
        """No sent decline came after the draft vanished: never drafted again."""
        self._apply(key, Event.DISCARD, now, reason=reason)

    def mark_sent(
        self,
        key: str,
        /,
        *,
        sent_message_id: str | None,
        sent_to: Sequence[str],
        sent_references: Sequence[str],
        sent_at: datetime,
        now: datetime,
    ) -> None:
        """The decline was found in Sent."""
        self._apply(
            key,
            Event.SENT_DETECTED,
            now,
            sent_message_id=sent_message_id,
            sent_to=json.dumps([a.lower() for a in sent_to]),
            sent_references=json.dumps(list(sent_references)),
            sent_at=_iso(sent_at),
            draft_missing_since=None,
            reason="",
        )

    def mark_answered(self, key: str, /, *, reason: str, now: datetime) -> None:
        """The user answered the invitation themselves: no follow-up, ever."""
        self._apply(key, Event.USER_ANSWERED, now, reason=reason)

    # ------------------------------------------------------------ follow-up side
    def schedule_followup(
        self,
        key: str,
        /,
        *,
        due: datetime,
        followup_message_id: str,
        recipient: str,
        now: datetime,
    ) -> None:
        """Queue the follow-up. Its Message-ID is made now and kept for retries."""
        self._apply(
            key,
            Event.SCHEDULE,
            now,
            followup_due=_iso(due),
            followup_message_id=followup_message_id,
            recipient=recipient.lower(),
            reason="",
        )

    def claim_followup(self, key: str, /, *, now: datetime) -> bool:
        """Take a scheduled follow-up for sending. True for exactly one caller."""
        new = transition(State.SCHEDULED, Event.CLAIM)
        with self._writing(f"claiming the follow-up of {key}") as conn:
            changed = self._update(
                conn, key, State.SCHEDULED.value, new, now, {"claimed_at": _iso(now)}
            )
        return changed == 1

    def finish_followup(
        self, key: str, outcome: _Outcome, /, *, reason: str = "", now: datetime
    ) -> None:
        """Record how a claimed follow-up ended: ``followed_up``, ``failed``, ``uncertain``."""
        event = _OUTCOME_EVENTS[outcome]
        with self._writing(f"recording the follow-up outcome of {key}") as conn:
            row = conn.execute(
                "SELECT state, recipient FROM invitations WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                raise UnknownInvitationError(f"no invitation with key {key!r}")
            new = transition(row["state"], event)
            columns: dict[str, Any] = {"reason": reason}
            if new is State.FOLLOWED_UP:
                columns["followed_up_at"] = _iso(now)
                self._remember_followup(conn, key, row["recipient"], now)
            self._update(conn, key, row["state"], new, now, columns)

    @staticmethod
    def _remember_followup(
        conn: sqlite3.Connection, key: str, recipient: str | None, now: datetime
    ) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO followups_sent (key, recipient, sent_at) VALUES (?, ?, ?)",
            (key, (recipient or "").lower(), _iso(now)),
        )

    def retry_followup(self, key: str, /, *, due: datetime, reason: str, now: datetime) -> None:
        """A temporary failure before DATA: due again at ``due``."""
        with self._writing(f"rescheduling the follow-up of {key}") as conn:
            row = conn.execute(
                "SELECT state, followup_attempts FROM invitations WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                raise UnknownInvitationError(f"no invitation with key {key!r}")
            new = transition(row["state"], Event.RETRY)
            self._update(
                conn,
                key,
                row["state"],
                new,
                now,
                {
                    "followup_due": _iso(due),
                    "followup_attempts": row["followup_attempts"] + 1,
                    "reason": reason,
                    "claimed_at": None,
                },
            )

    def expire_followup(self, key: str, /, *, reason: str = "too late", now: datetime) -> None:
        """The daemon was down past the late-send limit: ``failed``, shown in status."""
        self._apply(key, Event.TOO_LATE, now, reason=reason)

    def confirm_followup(self, key: str, /, *, now: datetime) -> None:
        """An uncertain follow-up was found in Sent: it did go out."""
        with self._writing(f"confirming the follow-up of {key}") as conn:
            row = conn.execute(
                "SELECT state, recipient FROM invitations WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                raise UnknownInvitationError(f"no invitation with key {key!r}")
            new = transition(row["state"], Event.CONFIRMED_SENT)
            self._remember_followup(conn, key, row["recipient"], now)
            self._update(
                conn, key, row["state"], new, now, {"followed_up_at": _iso(now), "reason": ""}
            )

    def recover_interrupted(self, /, *, now: datetime) -> list[str]:
        """At start-up: follow-ups left ``sending`` by a crash become ``uncertain``.

        APScheduler removed their jobs before running them, and nobody knows whether
        the SMTP server got the message: look in Sent, never resend blindly.
        """
        keys = [r.key for r in self.rows(State.SENDING)]
        for key in keys:
            self._apply(
                key,
                Event.SEND_UNCERTAIN,
                now,
                reason="interrupted while sending; looking in Sent before anything else",
            )
        return keys

    def cancel(self, key: str, /, *, reason: str, now: datetime) -> None:
        """Cancel a follow-up. Raises UnknownInvitationError for an unknown key and
        InvalidTransitionError when there is nothing to cancel (already sent, say)."""
        self._apply(key, Event.CANCEL, now, reason=reason)

    # ------------------------------------------------------------------ queries
    def get(self, key: str, /) -> InvitationRow | None:
        with self._reading(f"reading {key}") as conn:
            row = conn.execute("SELECT * FROM invitations WHERE key = ?", (key,)).fetchone()
        return None if row is None else InvitationRow._from_db(row)

    def rows(self, *states: State) -> list[InvitationRow]:
        """Invitations in any of ``states`` (all when none given), oldest first."""
        with self._reading("listing invitations") as conn:
            if states:
                marks = ", ".join("?" * len(states))
                found = conn.execute(
                    f"SELECT * FROM invitations WHERE state IN ({marks})"  # noqa: S608
                    " ORDER BY seen_at, key",
                    [s.value for s in states],
                ).fetchall()
            else:
                found = conn.execute("SELECT * FROM invitations ORDER BY seen_at, key").fetchall()
        return [InvitationRow._from_db(r) for r in found]

    def due_followups(self, /, *, now: datetime) -> list[InvitationRow]:
        """Scheduled follow-ups due at or before ``now``, earliest first."""
        with self._reading("listing due follow-ups") as conn:
            found = conn.execute(
                "SELECT * FROM invitations WHERE state = ? AND followup_due <= ?"
                " ORDER BY followup_due, key",
                (State.SCHEDULED.value, _iso(now)),
            ).fetchall()
        return [InvitationRow._from_db(r) for r in found]

    def status_rows(self) -> list[StatusRow]:
        """One row per invitation for ``status``, oldest first."""
        return [
            StatusRow(
                key=r.key,
                message_id=r.message_id,
                from_addr=r.from_addr,
                subject=r.subject,
                state=r.state,
                drafted_at=r.drafted_at,
                sent_at=r.sent_at,
                followup_due=r.followup_due,
                followed_up_at=r.followed_up_at,
                reason=r.reason,
                language=r.language,
                recognised_by=r.reasons[:3],
            )
            for r in self.rows()
        ]

    def thread_already_drafted(self, thread_ids: Iterable[str], /) -> str | None:
        """The key of an invitation in this thread that already got a draft, if any.

        ``thread_ids`` are the Message-IDs of the thread (the message's own,
        In-Reply-To and References): a second mail in a drafted thread gets no draft.
        """
        ids = sorted({i for i in thread_ids if i})
        if not ids:
            return None
        marks = ", ".join("?" * len(ids))
        with self._reading("looking up the thread") as conn:
            row = conn.execute(
                "SELECT key FROM invitations WHERE draft_message_id IS NOT NULL"  # noqa: S608
                f" AND (message_id IN ({marks}) OR thread_key IN ({marks}))"
                " ORDER BY seen_at, key LIMIT 1",
                [*ids, *ids],
            ).fetchone()
        return None if row is None else str(row["key"])

    def recent_followup_to(self, recipient: str, /, *, since: datetime) -> datetime | None:
        """When a follow-up last went to ``recipient`` at or after ``since``, or None."""
        with self._reading("looking up recent follow-ups") as conn:
            row = conn.execute(
                "SELECT MAX(sent_at) AS last FROM followups_sent"
                " WHERE recipient = ? AND sent_at >= ?",
                (recipient.lower(), _iso(since)),
            ).fetchone()
        return _dt(row["last"])

    # ------------------------------------------------------------------ cursors
    def get_cursor(self, account: str, folder: str, uidvalidity: int, /) -> int | None:
        """The last UID handled in (folder, UIDVALIDITY); None when never seen."""
        with self._reading("reading a cursor") as conn:
            row = conn.execute(
                "SELECT last_uid FROM cursors WHERE account = ? AND folder = ? AND uidvalidity = ?",
                (account, folder, uidvalidity),
            ).fetchone()
        return None if row is None else int(row["last_uid"])

    def set_cursor(
        self, account: str, folder: str, uidvalidity: int, last_uid: int, /, *, now: datetime
    ) -> None:
        """Advance the cursor (it never moves back: late writes cannot re-open old mail)."""
        with self._writing("saving a cursor") as conn:
            conn.execute(
                """INSERT INTO cursors (account, folder, uidvalidity, last_uid, updated_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (account, folder, uidvalidity) DO UPDATE SET
                     last_uid = MAX(last_uid, excluded.last_uid),
                     updated_at = excluded.updated_at""",
                (account, folder, uidvalidity, last_uid, _iso(now)),
            )


def _convert(exc: sqlite3.Error, path: Path, busy_timeout: float, action: str) -> StateError:
    """One clear line for what went wrong with the database."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return StateError(
            f"the state database {path} is locked by another process (waited "
            f"{busy_timeout:g} s) while {action}; is another polite-decline using it?"
        )
    if primary == _SQLITE_FULL or "is full" in text:
        return StateError(
            f"cannot write the state database {path} while {action}: the disk is full "
            "(or a file-size limit was hit); nothing was changed, free some space and retry"
        )
    if primary == _SQLITE_IOERR:
        # A write refused with EFBIG (a file-size limit) or a failing disk; SQLite keeps
        # the errno to itself, so name the likely causes.
        return StateError(
            f"cannot write the state database {path} while {action}: disk I/O error (the "
            "disk is full, a file-size limit was hit, or the disk is failing); nothing was "
            "changed"
        )
    if primary == _SQLITE_READONLY:
        return StateError(f"the state database {path} is read-only ({action}): check permissions")
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StateError(
            f"{path} is not a usable state database ({text}); move it aside to start afresh"
        )
    if primary == _SQLITE_CANTOPEN:
        return StateError(f"cannot open the state database {path}: check the directory")
    return StateError(f"state database {path}: {action}: {text}")
