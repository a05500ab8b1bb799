"""The SQLite state store and the one-daemon lock, on real files and real processes."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mailer.adapters.lock import LOCK_NAME, DaemonLock
from mailer.adapters.store import (
    DB_NAME,
    MIGRATIONS,
    StateStore,
    facts_from_dict,
    facts_to_dict,
)
from mailer.core.model import InvitationFacts
from mailer.core.state import State
from mailer.errors import (
    InvalidTransitionError,
    StateError,
    StateLockedError,
    UnknownInvitationError,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def store(state_dir: Path) -> Iterator[StateStore]:
    with StateStore.open(state_dir) as s:
        yield s


def seen(store: StateStore, key: str = "k1", **kw: object) -> None:
    values: dict[str, object] = {
        "account": "sam@example.org",
        "message_id": f"<{key}@acme.example>",
        "folder": "INBOX",
        "uidvalidity": 7,
        "uid": 42,
        "from_addr": "jane@acme.example",
        "subject": "Interview invitation",
        "category": "invitation",
        "score": 0.93,
        "reasons": ["subject mentions interview"],
        "language": "en",
        "thread_key": f"<{key}@acme.example>",
        "now": NOW,
    }
    values.update(kw)
    store.record_seen(key, **values)  # type: ignore[arg-type]


def drafted(store: StateStore, key: str = "k1") -> None:
    seen(store, key)
    store.begin_drafting(
        key,
        draft_message_id=f"<draft-{key}@polite-decline>",
        draft_to="Jane@ACME.example",
        draft_text="Dear Jane, thank you ...",
        draft_raw=b"Message-ID: <draft>\r\n\r\nbody\r\n",
        auto_send_ok=True,
        now=NOW,
    )
    store.mark_drafted(key, draft_uidvalidity=3, draft_uid=9, now=NOW + timedelta(seconds=1))


def scheduled(store: StateStore, key: str = "k1", recipient: str = "jane@acme.example") -> None:
    drafted(store, key)
    store.mark_sent(
        key,
        sent_message_id=f"<sent-{key}@gmail.example>",
        sent_to=[recipient],
        sent_references=[f"<{key}@acme.example>"],
        sent_at=NOW + timedelta(hours=1),
        now=NOW + timedelta(hours=2),
    )
    store.schedule_followup(
        key,
        due=NOW + timedelta(days=3),
        followup_message_id=f"<fu-{key}@polite-decline>",
        recipient=recipient,
        now=NOW + timedelta(hours=2),
    )


# ------------------------------------------------------------ files and schema
def test_creates_private_directory_and_file(state_dir: Path, store: StateStore) -> None:
    assert stat.S_IMODE(state_dir.stat().st_mode) == 0o700
    seen(store)  # makes SQLite create its -wal and -shm files
    for name in os.listdir(state_dir):
        assert stat.S_IMODE((state_dir / name).stat().st_mode) == 0o600, name
    assert (state_dir / DB_NAME).exists()
    assert store.schema_version == len(MIGRATIONS) == 2
    conn = sqlite3.connect(state_dir / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        StateStore.open(tmp_path / "loose").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "loose").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "loose" / DB_NAME).stat().st_mode) == 0o600


def test_migrates_from_version_1_keeping_rows(state_dir: Path) -> None:
    state_dir.mkdir(mode=0o700)
    conn = sqlite3.connect(state_dir / DB_NAME, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO invitations (key, account, message_id, folder, state, seen_at, updated_at,"
        " sent_at) VALUES ('old', 'sam@example.org', '<old@x>', 'INBOX', 'sent', ?, ?, ?)",
        (NOW.isoformat(),) * 3,
    )
    conn.execute(
        "INSERT INTO cursors VALUES ('sam@example.org', 'INBOX', 7, 100, ?)", (NOW.isoformat(),)
    )
    conn.close()

    with StateStore.open(state_dir) as store:
        assert store.schema_version == 2
        row = store.get("old")
        assert row is not None
        assert row.state is State.SENT
        assert row.followup_due is None
        assert row.followup_attempts == 0
        assert store.get_cursor("sam@example.org", "INBOX", 7) == 100
        # The version 2 parts work on the migrated row.
        store.schedule_followup(
            "old", due=NOW, followup_message_id="<fu@x>", recipient="a@b.example", now=NOW
        )
        assert store.claim_followup("old", now=NOW)
    # Opening again changes nothing.
    with StateStore.open(state_dir) as store:
        assert store.schema_version == 2
        assert store.rows(State.SENDING)[0].key == "old"


def test_refuses_a_newer_schema(state_dir: Path) -> None:
    StateStore.open(state_dir).close()
    conn = sqlite3.connect(state_dir / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StateError, match="schema version 99, newer"):
        StateStore.open(state_dir)


def test_not_a_database(state_dir: Path) -> None:
    state_dir.mkdir()
    (state_dir / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match="not a usable state database"):
        StateStore.open(state_dir)


# ------------------------------------------------------------ invitation life
def test_watcher_life_and_status(store: StateStore) -> None:
    seen(store)
    row = store.get("k1")
    assert row is not None
    assert row.state is State.SEEN
    assert row.reasons == ("subject mentions interview",)
    assert row.seen_at == NOW

    drafted(store, "k2")
    row = store.get("k2")
    assert row is not None
    assert row.state is State.DRAFTED
    assert row.draft_to == "jane@acme.example"
    assert row.draft_uid == 9
    assert row.draft_raw == b"Message-ID: <draft>\r\n\r\nbody\r\n"
    assert row.auto_send_ok is True
    assert row.drafted_at == NOW + timedelta(seconds=1)

    store.mark_skipped("k1", rule="auto-submitted", now=NOW)
    later = NOW + timedelta(days=1)
    store.mark_draft_missing("k2", now=later)
    assert store.rows(State.DRAFT_MISSING)[0].draft_missing_since == later
    store.clear_draft_missing("k2", draft_uid=10, now=later)
    row = store.get("k2")
    assert row is not None
    assert row.state is State.DRAFTED
    assert row.draft_missing_since is None
    assert row.draft_uid == 10

    store.mark_sent(
        "k2",
        sent_message_id="<s@gmail.example>",
        sent_to=["Jane@acme.example"],
        sent_references=["<k2@acme.example>"],
        sent_at=later,
        now=later,
    )
    rows = {r.key: r for r in store.status_rows()}
    assert rows["k1"].state is State.SKIPPED
    assert rows["k1"].reason == "auto-submitted"
    assert rows["k2"].as_json() == {
        "key": "k2",
        "message_id": "<k2@acme.example>",
        "from": "jane@acme.example",
        "subject": "Interview invitation",
        "state": "sent",
        "drafted_at": "2026-11-26T09:00:01+00:00",
        "sent_at": "2026-11-27T09:00:00+00:00",
        "followup_due": None,
        "followed_up_at": None,
        "reason": "",
        "recognised_by": ["subject mentions interview"],
    }
    json.dumps([r.as_json() for r in store.status_rows()])
    sent_row = store.get("k2")
    assert sent_row is not None
    assert sent_row.sent_to == ("jane@acme.example",)


def test_discard_and_answer(store: StateStore) -> None:
    drafted(store, "gone")
    store.mark_draft_missing("gone", now=NOW)
    store.mark_discarded("gone", reason="draft deleted, no send in 14 days", now=NOW)
    drafted(store, "own")
    store.mark_answered("own", reason="In-Reply-To the invitation, text differs", now=NOW)
    assert [r.key for r in store.rows(State.DISCARDED, State.ANSWERED_BY_USER)] == ["gone", "own"]


def test_record_seen_is_idempotent_and_keeps_state(store: StateStore) -> None:
    drafted(store)
    assert not store.record_seen(
        "k1",
        account="sam@example.org",
        message_id="<k1@acme.example>",
        folder="INBOX",
        uidvalidity=8,  # UIDVALIDITY changed: same mail, new UID
        uid=3,
        from_addr="jane@acme.example",
        subject="Interview invitation",
        category="invitation",
        score=0.9,
        reasons=[],
        now=NOW,
    )
    row = store.get("k1")
    assert row is not None
    assert row.state is State.DRAFTED
    assert (row.uidvalidity, row.uid) == (8, 3)
    assert len(store.rows()) == 1


def test_invalid_transition_changes_nothing(store: StateStore) -> None:
    seen(store)
    with pytest.raises(InvalidTransitionError, match="'sent_detected' is not allowed"):
        store.mark_sent(
            "k1", sent_message_id=None, sent_to=[], sent_references=[], sent_at=NOW, now=NOW
        )
    row = store.get("k1")
    assert row is not None
    assert row.state is State.SEEN
    assert row.sent_at is None
    store.mark_skipped("k1", rule="list mail", now=NOW)
    # A skipped invitation is never drafted.
    with pytest.raises(InvalidTransitionError):
        store.begin_drafting(
            "k1",
            draft_message_id="<a@b>",
            draft_to="x@y",
            draft_text="",
            auto_send_ok=False,
            now=NOW,
        )


def test_naive_time_is_refused(store: StateStore) -> None:
    with pytest.raises(ValueError, match="naive"):
        seen(store, now=datetime(2026, 11, 26, 9, 0))


def test_facts_round_trip(store: StateStore) -> None:
    facts = InvitationFacts(
        message_id="<k1@acme.example>",
        subject="Interview",
        from_addr="jane@acme.example",
        from_name="Jane Doe",
        reply_to=None,
        references=("<a@b>",),
        date=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        language="de",
        greeting_name="Jane",
        company="Acme",
        role="Backend Engineer",
        proposed_time=None,
        scheduling_link=None,
        calendar_uid=None,
        calendar_organizer=None,
        calendar_sequence=None,
        calendar_tzid="Europe/Berlin",
        calendar_ics=b"BEGIN:VCALENDAR",
    )
    seen(store, facts=facts_to_dict(facts))
    row = store.get("k1")
    assert row is not None
    assert facts_from_dict(row.facts) == dataclasses.replace(facts, calendar_ics=None)


# --------------------------------------------------------------------- outbox
def test_followup_life(store: StateStore) -> None:
    scheduled(store)
    assert store.due_followups(now=NOW + timedelta(days=2)) == []
    due = store.due_followups(now=NOW + timedelta(days=3))
    assert [r.key for r in due] == ["k1"]
    assert due[0].followup_message_id == "<fu-k1@polite-decline>"
    assert store.claim_followup("k1", now=NOW + timedelta(days=3))
    assert not store.claim_followup("k1", now=NOW + timedelta(days=3))
    store.retry_followup("k1", due=NOW + timedelta(days=3, minutes=5), reason="421", now=NOW)
    row = store.get("k1")
    assert row is not None
    assert row.state is State.SCHEDULED
    assert row.followup_attempts == 1
    assert row.claimed_at is None
    assert store.claim_followup("k1", now=NOW + timedelta(days=3, minutes=5))
    sent_at = NOW + timedelta(days=3, minutes=5)
    store.finish_followup("k1", "followed_up", now=sent_at)
    row = store.get("k1")
    assert row is not None
    assert row.state is State.FOLLOWED_UP
    assert row.followed_up_at == sent_at
    assert row.recipient == "jane@acme.example"
    assert store.recent_followup_to("Jane@acme.example", since=sent_at - timedelta(days=7)) == (
        sent_at
    )
    assert store.recent_followup_to("jane@acme.example", since=sent_at + timedelta(seconds=1)) is (
        None
    )
    assert store.recent_followup_to("other@acme.example", since=NOW) is None


def test_failed_and_uncertain_outcomes(store: StateStore) -> None:
    scheduled(store, "a")
    scheduled(store, "b")
    for key in ("a", "b"):
        assert store.claim_followup(key, now=NOW)
    store.finish_followup("a", "failed", reason="550 5.1.1 no such user", now=NOW)
    store.finish_followup("b", "uncertain", reason="disconnected after DATA", now=NOW)
    rows = {r.key: r for r in store.status_rows()}
    assert (rows["a"].state, rows["a"].reason) == (State.FAILED, "550 5.1.1 no such user")
    assert rows["b"].state is State.UNCERTAIN
    store.confirm_followup("b", now=NOW)
    confirmed = store.get("b")
    assert confirmed is not None
    assert confirmed.state is State.FOLLOWED_UP
    assert store.recent_followup_to("jane@acme.example", since=NOW) == NOW


def test_finish_needs_a_claim(store: StateStore) -> None:
    scheduled(store)
    with pytest.raises(InvalidTransitionError):
        store.finish_followup("k1", "followed_up", now=NOW)


def test_crash_mid_send_becomes_uncertain(state_dir: Path) -> None:
    with StateStore.open(state_dir) as store:
        scheduled(store)
        assert store.claim_followup("k1", now=NOW)
    # "Restart": the sending row must not be sent again, only looked for.
    with StateStore.open(state_dir) as store:
        assert store.recover_interrupted(now=NOW) == ["k1"]
        row = store.get("k1")
        assert row is not None
        assert row.state is State.UNCERTAIN
        assert "Sent" in row.reason
        assert not store.claim_followup("k1", now=NOW)


def test_too_late(store: StateStore) -> None:
    scheduled(store)
    store.expire_followup("k1", now=NOW)
    row = store.get("k1")
    assert row is not None
    assert (row.state, row.reason) == (State.FAILED, "too late")


def test_cancel(store: StateStore) -> None:
    scheduled(store)
    store.cancel("k1", reason="cancelled by the user", now=NOW)
    assert store.status_rows()[0].state is State.CANCELLED
    assert not store.claim_followup("k1", now=NOW)
    with pytest.raises(UnknownInvitationError, match="no invitation with key 'nope'"):
        store.cancel("nope", reason="x", now=NOW)
    with pytest.raises(LookupError):
        store.cancel("nope", reason="x", now=NOW)
    with pytest.raises(InvalidTransitionError):
        store.cancel("k1", reason="again", now=NOW)


def test_claim_is_won_by_exactly_one_of_many_connections(state_dir: Path) -> None:
    with StateStore.open(state_dir) as store:
        scheduled(store)
    stores = [StateStore.open(state_dir, busy_timeout=10) for _ in range(6)]
    results: list[bool] = []
    barrier = threading.Barrier(len(stores))

    def claim(s: StateStore) -> None:
        barrier.wait()
        results.append(s.claim_followup("k1", now=NOW))

    threads = [threading.Thread(target=claim, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert sorted(results) == [False] * 5 + [True]


# ------------------------------------------------------------ thread and cursors
def test_thread_already_drafted(store: StateStore) -> None:
    seen(store, "undrafted", thread_key="<root@x>")
    assert store.thread_already_drafted(["<root@x>"]) is None
    drafted(store, "t1")
    assert store.thread_already_drafted(["<t1@acme.example>"]) == "t1"
    assert store.thread_already_drafted(["<other@x>", "<t1@acme.example>"]) == "t1"
    assert store.thread_already_drafted(["<other@x>"]) is None
    assert store.thread_already_drafted([]) is None


def test_cursors(store: StateStore) -> None:
    assert store.get_cursor("sam", "INBOX", 7) is None
    store.set_cursor("sam", "INBOX", 7, 100, now=NOW)
    store.set_cursor("sam", "INBOX", 7, 90, now=NOW)  # never moves back
    assert store.get_cursor("sam", "INBOX", 7) == 100
    store.set_cursor("sam", "INBOX", 7, 120, now=NOW)
    assert store.get_cursor("sam", "INBOX", 7) == 120
    # A new UIDVALIDITY starts afresh; the Sent folder has its own cursor.
    assert store.get_cursor("sam", "INBOX", 8) is None
    assert store.get_cursor("sam", "Sent", 7) is None


# ----------------------------------------------------------- failures, clearly
def test_locked_database_gives_a_clear_error(state_dir: Path) -> None:
    with StateStore.open(state_dir, busy_timeout=0.2) as store:
        seen(store)
        other = sqlite3.connect(state_dir / DB_NAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StateError, match=r"is locked by another process \(waited 0.2 s\)"):
                store.mark_skipped("k1", rule="x", now=NOW)
            # Reading still works in WAL mode: status never blocks.
            row = store.get("k1")
            assert row is not None
            assert row.state is State.SEEN
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.mark_skipped("k1", rule="x", now=NOW)
        row = store.get("k1")
        assert row is not None
        assert row.state is State.SKIPPED


def test_full_database_gives_a_clear_error(store: StateStore) -> None:
    seen(store)
    # SQLite's own cap on the file size yields SQLITE_FULL, as a full disk does.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(StateError, match="the disk is full"):
        store.begin_drafting(
            "k1",
            draft_message_id="<d@x>",
            draft_to="jane@acme.example",
            draft_text="x" * 100_000,
            auto_send_ok=True,
            now=NOW,
        )
    row = store.get("k1")
    assert row is not None
    assert row.state is State.SEEN


FULL_DISK_CHILD = textwrap.dedent(
    """
    import os, resource, signal, sys
    from datetime import UTC, datetime
    from mailer.errors import StateError
    from mailer.adapters.store import StateStore

    store = StateStore.open(sys.argv[1])
    # The kernel's answer to a write past RLIMIT_FSIZE is SIGXFSZ, which kills by
    # default; ignored, the write fails with EFBIG, much as on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))
    try:
        store.begin_drafting(
            "k1", draft_message_id="<d@x>", draft_to="jane@acme.example", draft_text="x",
            draft_raw=os.urandom(1_000_000), auto_send_ok=True, now=datetime.now(UTC),
        )
    except StateError as exc:
        print(exc)
        sys.exit(0)
    sys.exit("the write went through")
    """
)


def test_file_size_limit_gives_a_clear_error_and_no_damage(state_dir: Path) -> None:
    with StateStore.open(state_dir) as store:
        seen(store)
    child = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(state_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    assert "cannot write the state database" in child.stdout
    assert "file-size limit" in child.stdout
    assert "nothing was changed" in child.stdout
    with StateStore.open(state_dir) as store:
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = store.get("k1")
        assert row is not None
        assert row.state is State.SEEN
        assert row.draft_raw is None
        store.mark_skipped("k1", rule="x", now=NOW)  # and it is writable again


# ----------------------------------------------------------------------- lock
LOCK_CHILD = textwrap.dedent(
    """
    import sys, time
    from mailer.adapters.lock import DaemonLock

    lock = DaemonLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_second_daemon_refuses_and_kill_9_frees_the_lock(state_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_CHILD, str(state_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        lock = DaemonLock(state_dir)
        with pytest.raises(StateLockedError) as info:
            lock.acquire()
        message = str(info.value)
        assert f"pid {holder.pid}" in message
        assert str(state_dir) in message
        assert not lock.held
        assert stat.S_IMODE((state_dir / LOCK_NAME).stat().st_mode) == 0o600
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
    # The kernel released the lock with the process: no stale lock file to clean up.
    with DaemonLock(state_dir) as lock:
        assert lock.held
        assert (state_dir / LOCK_NAME).read_text().strip() == str(os.getpid())
    assert not lock.held
    assert (state_dir / LOCK_NAME).read_text() == ""


def test_lock_in_one_process_is_exclusive_too(state_dir: Path) -> None:
    with DaemonLock(state_dir), pytest.raises(StateLockedError, match=f"pid {os.getpid()}"):
        DaemonLock(state_dir).acquire()
