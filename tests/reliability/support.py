"""Helpers for the reliability suite: message generators, bulk append, a TCP proxy
that can go silent, process memory, and counting what ended up where.

Everything here talks to real servers (the private Dovecot, aiosmtpd); nothing
stands in for them.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import random
import socket
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from imapclient import IMAPClient

from tests.dovecot_server import DovecotUser
from tests.service_support import USER_EMAIL, Daemon, Mailbox

__all__ = [
    "KINDS",
    "SilentProxy",
    "bulk_append",
    "db_rows",
    "decline_sent",
    "fast_forward",
    "generate_stream",
    "in_reply_to_counts",
    "integrity",
    "invitation_text",
    "other_message",
    "peak_rss_kib",
    "send_drafts",
    "set_option",
    "smtp_settings",
    "state_db",
]

ROLES = ("Platform Engineer", "Data Analyst", "Backend Developer", "SRE", "Product Designer")
COMPANIES = ("Corp", "Initech", "Globex", "Umbrella Labs", "Hooli", "Vandelay")


def invitation_text(n: int, *, seed_rng: random.Random | None = None) -> bytes:
    """Invitation ``n``: its own sender (the per-recipient follow-up limit must not
    hide losses), its own thread, one of several wordings."""
    rng = seed_rng or random.Random(n)
    role = rng.choice(ROLES)
    company = rng.choice(COMPANIES)
    domain = company.lower().replace(" ", "") + ".example"
    subject = rng.choice(
        (
            f"Interview invitation: {role} at {company}",
            f"Invitation to interview - {role}",
            f"Your application for {role}: next steps",
        )
    )
    slot = rng.choice(("Tuesday 10:00 or Thursday 14:00", "Monday at 9:30", "any day next week"))
    return (
        f"From: Recruiter {n} <rec{n}@{domain}>\r\n"
        f"To: Alex Example <{USER_EMAIL}>\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <inv-{n}@{domain}>\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Hi Alex,\r\n\r\n"
        f"Thank you for applying for the {role} position at {company}. We would like\r\n"
        "to invite you to a first interview with our hiring manager. Could you let me\r\n"
        f"know your availability? {slot} would work on our side.\r\n\r\n"
        f"Best regards,\r\nRecruiter {n}\r\nTalent Acquisition, {company}\r\n"
    ).encode()


KINDS = ("newsletter", "notification", "personal", "auto_reply")


def other_message(n: int, kind: str) -> bytes:
    """A message that must never get a draft. Some carry interview vocabulary on
    purpose: the guard, not luck, has to keep them out."""
    head = f"To: Alex Example <{USER_EMAIL}>\r\nDate: Mon, 23 Nov 2026 11:00:00 +0100\r\n"
    if kind == "newsletter":
        return (
            f"From: Career Weekly <news@careerweekly.example>\r\n{head}"
            f"Subject: Issue {n}: how to ace your next job interview\r\n"
            f"Message-ID: <nl-{n}@careerweekly.example>\r\n"
            "List-Id: Career Weekly <weekly.careerweekly.example>\r\n"
            "List-Unsubscribe: <mailto:unsub@careerweekly.example>\r\n"
            "Precedence: bulk\r\n\r\n"
            "We would like to invite you to our interview workshop. Thank you for\r\n"
            "applying to our programme. Could you let us know your availability?\r\n"
        ).encode()
    if kind == "notification":
        return (
            f"From: CI <notifications@ci.example>\r\n{head}"
            f"Subject: Build #{n} passed\r\nMessage-ID: <ci-{n}@ci.example>\r\n"
            "Auto-Submitted: auto-generated\r\n\r\n"
            f"Pipeline {n} finished in 3m12s. All 214 tests passed.\r\n"
        ).encode()
    if kind == "personal":
        return (
            f"From: Sam Friend <sam{n % 17}@friends.example>\r\n{head}"
            f"Subject: Dinner on Saturday? ({n})\r\nMessage-ID: <p-{n}@friends.example>\r\n\r\n"
            "Hey Alex, are you free on Saturday evening? We could try the new place\r\n"
            "near the station. Let me know!\r\n"
        ).encode()
    if kind == "auto_reply":
        return (
            f"From: Rita Away <away{n}@corp.example>\r\n{head}"
            f"Subject: Automatic reply: Re: Interview invitation {n}\r\n"
            f"Message-ID: <ooo-{n}@corp.example>\r\n"
            "Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n\r\n"
            "I am out of the office until Monday. Thank you for applying; we would\r\n"
            "like to invite you to an interview when I am back.\r\n"
        ).encode()
    raise ValueError(kind)


@dataclass
class Stream:
    messages: list[tuple[str, bytes]] = field(default_factory=list)  # (kind, raw)

    @property
    def invitation_ids(self) -> list[str]:
        out = []
        for kind, raw in self.messages:
            if kind == "invitation":
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                out.append(str(msg["Message-ID"]))
        return out


def generate_stream(seed: int, *, invitations: int = 200, others: int = 800) -> Stream:
    """A reproducible shuffled mix of invitations and other mail."""
    rng = random.Random(seed)
    items: list[tuple[str, bytes]] = [
        ("invitation", invitation_text(i, seed_rng=random.Random(seed * 100_003 + i)))
        for i in range(invitations)
    ]
    kinds = [KINDS[i % len(KINDS)] for i in range(others)]
    items += [(kind, other_message(i, kind)) for i, kind in enumerate(kinds)]
    rng.shuffle(items)
    return Stream(items)


def bulk_append(user: DovecotUser, folder: str, raws: Sequence[bytes], *, chunk: int = 100) -> None:
    """Append many messages over one connection with MULTIAPPEND (RFC 3502)."""
    client = IMAPClient(user.host, port=user.port, ssl=False, timeout=30)
    try:
        client.login(user.username, user.password)
        for start in range(0, len(raws), chunk):
            client.multiappend(folder, list(raws[start : start + chunk]))
    finally:
        with contextlib.suppress(Exception):
            client.logout()


def in_reply_to_counts(messages: Iterable[email.message.EmailMessage]) -> Counter[str]:
    return Counter(str(m["In-Reply-To"]) for m in messages if m["In-Reply-To"])


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set (VmHWM) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmHWM for pid {pid}")


class SilentProxy:
    """A loopback TCP proxy to ``target_port``. :meth:`go_silent` makes every
    connection open so far stop forwarding in both directions *without closing*:
    what a NAT box that forgot the flow, or a dead peer, looks like to the client.
    Connections made afterwards are forwarded normally."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket, threading.Event]] = []
        self._closed = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            silent = threading.Event()
            with self._lock:
                if self._closed.is_set():  # closed while we were connecting
                    client.close()
                    upstream.close()
                    return
                self._pairs.append((client, upstream, silent))
                self.connections += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b, silent), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, silent: threading.Event) -> None:
        src.settimeout(0.2)
        while not self._closed.is_set():
            if silent.is_set():
                # Read nothing, send nothing, close nothing: just stop.
                self._closed.wait(0.2)
                continue
            try:
                data = src.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if silent.is_set():
                continue  # dropped on the floor, like a black hole
            try:
                dst.sendall(data)
            except OSError:
                break
        if not silent.is_set():
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def go_silent(self) -> int:
        """Silence every connection open now; returns how many."""
        with self._lock:
            for _, _, silent in self._pairs:
                silent.set()
            return len(self._pairs)

    def close(self) -> None:
        with self._lock:
            self._closed.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for a, b, _ in self._pairs:
                for s in (a, b):
                    with contextlib.suppress(OSError):
                        s.close()


def state_db(config: Path) -> Path:
    return config.parent / "state" / "state.db"


def send_drafts(box: Mailbox, *, limit: int | None = None) -> list[str]:
    """The user sends drafts the way (neo)mutt does: the same message (Message-ID and
    all) filed in Sent, the draft removed. Returns the invitations answered."""
    found = box.messages("Drafts")[:limit]
    answered = []
    for _uid, draft, _flags in found:
        box.append("Sent", draft.as_bytes(policy=email.policy.SMTP), flags=(b"\\Seen",))
        answered.append(str(draft["In-Reply-To"]))
    if found:
        box.client.select_folder("Drafts")
        box.client.add_flags([uid for uid, _, _ in found], [b"\\Deleted"])
        box.client.expunge()
    return answered


def db_rows(config: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Read the state store directly (read-only), as an auditor would."""
    import sqlite3

    conn = sqlite3.connect(f"file:{state_db(config)}?mode=ro", uri=True, timeout=10)
    try:
        return list(conn.execute(sql, args))
    finally:
        conn.close()


def integrity(config: Path) -> str:
    return str(db_rows(config, "PRAGMA integrity_check")[0][0])


def set_option(config: Path, old: str, new: str) -> Path:
    """Change one line that ``write_config`` wrote (TOML forbids a second key)."""
    text = config.read_text()
    assert old in text, old
    config.write_text(text.replace(old, new, 1))
    return config


def fast_forward(config: Path) -> int:
    """Make every scheduled follow-up due now: the passage of a retry's backoff
    (30 s at least) without waiting for it. The only write a test makes to the store."""
    import sqlite3
    from datetime import UTC, datetime

    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn = sqlite3.connect(state_db(config), timeout=10)
    try:
        with conn:
            cur = conn.execute(
                "UPDATE invitations SET followup_due = ? WHERE state = 'scheduled'", (now,)
            )
        return cur.rowcount
    finally:
        conn.close()


def smtp_settings(config: Path, lines: str) -> Path:
    """Replace the [smtp] transport lines ``write_config`` wrote."""
    return set_option(config, 'security = "none"\nauth = false\n', lines.strip() + "\n")


def decline_sent(box: Mailbox, daemon: Daemon, *invitations: str) -> None:
    """Invitations arrive, the daemon drafts, the user sends every draft."""
    from tests.service_support import invitation

    for n, mid in enumerate(invitations):
        box.append(
            "INBOX",
            invitation(message_id=mid, sender=f"Rita {n} <rita{n}@corp.example>"),
        )
    assert daemon.start("--once").wait(60) == 0, daemon.logs()[-2000:]
    assert len(send_drafts(box)) == len(invitations)
