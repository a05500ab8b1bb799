"""``polite-decline demo``: the whole pipeline on embedded servers, no account needed.

Starts a real IMAP server (pymap with its in-memory backend, as a subprocess) and a
real SMTP server (aiosmtpd) on loopback ports, writes a temporary config for them,
seeds the inbox, and runs the very same :class:`mailer.service.Service` that
``polite-decline run`` runs. Then it plays the user: sends one draft the way a mail
client does (a copy with a new Message-ID into Sent, the draft removed, the mail
handed to the SMTP server) and waits for the thank-you follow-up to arrive.

Nothing here changes how the service works: pymap's differences (no SPECIAL-USE,
responses split across writes) are handled by the service's own IMAP code.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from mailer.config import Config, load_config
from mailer.errors import PoliteDeclineError
from mailer.store import StateStore

__all__ = ["run_demo"]

USER = "alex@example.org"
NAME = "Alex Example"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class _Recorder:
    """aiosmtpd handler: keeps every message the SMTP server accepts."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 2.0.0 OK: queued"


def _demo_messages() -> list[tuple[str, bytes]]:
    folder = resources.files("mailer") / "demo_mail"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".eml"):
            raw = entry.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            out.append((entry.name, raw))
    return out


class _Servers:
    """pymap (IMAP) and aiosmtpd (SMTP) on loopback; stopped on exit."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.password = secrets.token_urlsafe(12)
        self.imap_port = _free_port()
        self.smtp_port = _free_port()
        self.recorder = _Recorder()
        self._pymap: subprocess.Popen[bytes] | None = None
        self._smtp: Any = None

    def start(self) -> None:
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            raise PoliteDeclineError(
                "the demo needs its extra: pip install 'polite-decline[demo]'"
            ) from None
        pymap = shutil.which("pymap") or str(Path(sys.executable).with_name("pymap"))
        if not Path(pymap).exists():
            raise PoliteDeclineError("the demo needs pymap: pip install 'polite-decline[demo]'")
        with (self.workdir / "pymap.log").open("wb") as log:
            self._pymap = subprocess.Popen(
                [
                    pymap,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.imap_port),
                    "--no-tls",
                    "--no-service",
                    "admin",
                    "dict",
                    "--demo-user",
                    USER,
                    "--demo-password",
                    self.password,
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.imap_port), timeout=0.2),
            ):
                break
            if self._pymap.poll() is not None or time.monotonic() > deadline:
                raise PoliteDeclineError("the embedded IMAP server (pymap) did not start")
            time.sleep(0.05)
        self._smtp = Controller(self.recorder, hostname="127.0.0.1", port=self.smtp_port)
        self._smtp.start()

    def stop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(Exception):
                self._smtp.stop()
        if self._pymap is not None and self._pymap.poll() is None:
            self._pymap.terminate()
            try:
                self._pymap.wait(5)
            except subprocess.TimeoutExpired:
                self._pymap.kill()

    def imap(self) -> Any:
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.imap_port, ssl=False, timeout=10)
        client.login(USER, self.password)
        return client


def _write_config(workdir: Path, servers: _Servers) -> Path:
    path = workdir / "config.toml"
    path.write_text(
        f"""# Written by `polite-decline demo` for its embedded servers.
[identity]
name = "{NAME}"
email = "{USER}"

[imap]
host = "127.0.0.1"
port = {servers.imap_port}
security = "none"
username = "{USER}"
password = "{servers.password}"
idle_interval = "1m"
poll_interval = "5s"

[smtp]
host = "127.0.0.1"
port = {servers.smtp_port}
security = "none"
auth = false
save_to_sent = "always"

[decline]
reason = "another_offer"

[followup]
delay = "4s"
send_window = "any"
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
jitter = "0s"

[daemon]
state_dir = "{workdir / "state"}"
lookback = "30d"
sent_check_interval = "1s"
"""
    )
    path.chmod(0o600)
    return path


def _seed(servers: _Servers) -> list[str]:
    client = servers.imap()
    try:
        # A fresh in-memory account has only INBOX: create what a provider would have.
        existing = {name for _, _, name in client.list_folders()}
        for folder in ("Drafts", "Sent"):
            if folder not in existing:
                client.create_folder(folder)
        names = []
        for name, raw in _demo_messages():
            client.append("INBOX", raw)
            names.append(name)
        return names
    finally:
        client.logout()


def _send_like_a_client(servers: _Servers, subject_hint: str) -> tuple[str, EmailMessage]:
    """Do what a mail client does when the user presses Send on a draft."""
    import aiosmtplib

    client = servers.imap()
    try:
        client.select_folder("Drafts")
        uids = client.search(["ALL"])
        chosen: tuple[int, EmailMessage] | None = None
        for uid, data in client.fetch(uids, [b"BODY.PEEK[]"]).items():
            msg = email.message_from_bytes(data[b"BODY[]"], policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            if subject_hint.lower() in str(msg["Subject"]).lower():
                chosen = (uid, msg)
        if chosen is None:
            raise PoliteDeclineError("the demo could not find the draft to send")
        uid, msg = chosen
        # Like Gmail or Apple Mail: a new Message-ID and Date, unknown headers dropped.
        for name in list(msg.keys()):
            if name.lower().startswith("x-"):
                del msg[name]
        del msg["Message-ID"]
        msg["Message-ID"] = make_msgid(domain="example.org")
        del msg["Date"]
        msg["Date"] = formatdate(localtime=True)
        raw = msg.as_bytes(policy=email.policy.SMTP)
        recipients = [a.addr_spec for a in msg["To"].addresses]
        asyncio.run(
            aiosmtplib.send(
                raw,
                sender=USER,
                recipients=recipients,
                hostname="127.0.0.1",
                port=servers.smtp_port,
            )
        )
        client.append("Sent", raw, flags=[b"\\Seen"])
        # The client removes the draft it has sent (the user's action, not the service's).
        client.add_flags([uid], [b"\\Deleted"])
        client.expunge()
        return str(msg["Message-ID"]), msg
    finally:
        client.logout()


def _readable(raw: bytes) -> str:
    """The draft as a mail client shows it: headers, then the decoded text."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    head = "\n".join(
        f"{k}: {v}"
        for k, v in msg.items()
        if k.lower() not in ("content-transfer-encoding", "mime-version")
    )
    body = msg.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    parts = [p.get_content_type() for p in msg.walk() if not p.is_multipart()]
    extra = "" if len(parts) < 2 else f"\n[parts: {', '.join(parts)}]"
    return f"{head}\n\n{text.rstrip()}{extra}"


#: The two invitations the demo sets side by side: a formal letter and a casual note.
_REGISTERS = (("08-formal-letter.eml", "a formal letter"), ("09-casual-note.eml", "a casual note"))


def _columns(left: str, right: str, width: int = 60) -> str:
    """Two texts next to each other, each wrapped to ``width`` characters."""
    import textwrap

    def lines(text: str) -> list[str]:
        # A mail wrapped at 72 columns is unwrapped first (a line that long continues
        # on the next), so that it wraps cleanly at the column's width.
        joined: list[str] = []
        for line in text.splitlines():
            if joined and len(joined[-1]) > 50 and line.strip():
                joined[-1] += " " + line.strip()
            else:
                joined.append(line)
        out: list[str] = []
        for line in joined:
            out.extend(textwrap.wrap(line, width) or [""])
        return out

    a, b = lines(left), lines(right)
    a += [""] * (len(b) - len(a))
    b += [""] * (len(a) - len(b))
    return "\n".join(f"  {x:<{width}} | {y}".rstrip() for x, y in zip(a, b, strict=True))


def _side_by_side(rows: list[Any]) -> str:
    """The formal letter and the casual note, each above the draft written for it:
    the drafts answer in kind (Sie or du, title or first name, the closing)."""
    seeded = dict(_demo_messages())
    texts: list[tuple[str, str]] = []
    for name, label in _REGISTERS:
        msg = email.message_from_bytes(seeded[name], policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        row = next((r for r in rows if r.message_id == msg["Message-ID"]), None)
        body = msg.get_body(("plain",))
        invitation = body.get_content().strip() if body is not None else ""
        draft = _readable(row.draft_raw).split("\n\n", 1)[1] if row and row.draft_raw else ""
        texts.append((f"{label.upper()}, from {msg['From'].addresses[0].display_name}", invitation))
        texts.append(("the draft for it", draft.split("\n[parts:")[0]))
    (h1, inv1), (_, d1), (h2, inv2), (_, d2) = texts
    rule = f"  {'-' * 60} | {'-' * 60}"
    return "\n".join(
        (
            "\n== 3b. The register follows the invitation: a formal letter and a casual note",
            _columns(h1, h2),
            rule,
            _columns(inv1, inv2),
            rule,
            _columns("... and the draft in Drafts:", "... and the draft in Drafts:"),
            rule,
            _columns(d1, d2),
        )
    )


def _rows(config: Config) -> list[Any]:
    with StateStore.open(config.daemon.state_path) as store:
        return store.rows()


async def _wait_until(predicate: Any, limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise PoliteDeclineError(f"demo: timed out waiting for {what}")
        await asyncio.sleep(0.2)


def _say(out: TextIO, text: str = "") -> None:
    print(text, file=out, flush=True)


async def _demo(
    config: Config, servers: _Servers, out: TextIO, keep_running: bool, outcome: dict[str, Any]
) -> int:
    from mailer.service import Service
    from mailer.status import print_status

    service = Service(config)
    task = asyncio.create_task(service.run())
    try:
        _say(out, "\n== 2. The service (the same code as `polite-decline run`) reads the inbox")
        expected = 5
        await _wait_until(
            lambda: sum(1 for r in _rows(config) if r.state.value == "drafted") >= expected,
            45,
            "the drafts",
        )
        rows = _rows(config)
        outcome["drafts"] = len([r for r in rows if r.draft_message_id])
        for r in rows:
            _say(out, f"  invitation: {r.subject}")
            _say(out, f"      score {r.score:.2f}; why: {'; '.join(r.reasons[:3])}")
            _say(out, f"      draft to {r.draft_to} -> {r.state.value}")
        drafted = {r.message_id for r in rows if r.draft_message_id}
        for _, raw in _demo_messages():
            seeded = email.message_from_bytes(raw, policy=email.policy.default)
            if seeded["Message-ID"] not in drafted:
                _say(out, f"  no draft: {seeded['Subject']}")
        outcome["not_drafted"] = len(_demo_messages()) - len(drafted)
        first = next(r for r in rows if "Northwind" in r.subject)
        _say(out, "\n== 3. One draft in full, as it sits in Drafts")
        _say(out, _readable(first.draft_raw or b""))
        _say(out, _side_by_side(rows))
        if keep_running:
            _say(out, "\n== The servers stay up. Point a mail client at them:")
            _say(
                out,
                f"  IMAP 127.0.0.1:{servers.imap_port} (no TLS), SMTP 127.0.0.1:"
                f"{servers.smtp_port} (no TLS, no login)",
            )
            _say(out, f"  user {USER}  password {servers.password}")
            _say(
                out,
                "  Send a draft from Drafts (keep a copy in Sent) and watch the log. Ctrl-C stops.",
            )
            await task
            return 0
        _say(out, "== 4. Playing the user: sending the Northwind draft from a mail client")
        sent_id, _ = await asyncio.to_thread(_send_like_a_client, servers, "Northwind")
        _say(out, f"  sent with a new Message-ID {sent_id}; copy in Sent; draft removed")
        await _wait_until(
            lambda: any(
                r.key == first.key and r.state.value in ("scheduled", "followed_up")
                for r in _rows(config)
            ),
            30,
            "the send to be noticed",
        )
        row = next(r for r in _rows(config) if r.key == first.key)
        _say(out, f"  noticed: the decline was sent; follow-up due {row.followup_due}")
        _say(out, "\n== 5. Waiting for the thank-you follow-up at the SMTP server")
        await _wait_until(
            lambda: any(m["In-Reply-To"] == sent_id for m in servers.recorder.messages),
            60,
            "the follow-up",
        )
        follow = next(m for m in servers.recorder.messages if m["In-Reply-To"] == sent_id)
        outcome["followups"] = sum(
            1 for m in servers.recorder.messages if m["In-Reply-To"] == sent_id
        )
        outcome["followup_to"] = str(follow["To"])
        _say(out, f"  arrived: To {follow['To']}, Subject {follow['Subject']}")
        _say(
            out, f"  In-Reply-To {follow['In-Reply-To']}, Auto-Submitted {follow['Auto-Submitted']}"
        )
        body = follow.get_body(("plain",))
        if body is not None:
            text = body.get_content()
            _say(out, "  " + text.strip().replace("\n", "\n  "))
        _say(out, "\n== 6. polite-decline status")
        buf = StringIO()
        print_status(config, as_json=False, out=buf)
        _say(out, buf.getvalue().rstrip())
        return 0
    finally:
        service.stop()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 15)


def run_demo(
    *, keep_running: bool = False, out: TextIO = sys.stdout, outcome: dict[str, Any] | None = None
) -> int:
    """Run the demo; ``outcome`` (for tests) receives counts and the work directory."""
    outcome = {} if outcome is None else outcome
    workdir = Path(tempfile.mkdtemp(prefix="polite-decline-demo-"))
    os.chmod(workdir, 0o700)
    servers = _Servers(workdir)
    outcome["workdir"] = str(workdir)
    try:
        _say(out, "== 1. Starting an embedded IMAP server (pymap) and SMTP server (aiosmtpd)")
        servers.start()
        config = load_config(_write_config(workdir, servers))
        names = _seed(servers)
        _say(out, f"  IMAP 127.0.0.1:{servers.imap_port}, SMTP 127.0.0.1:{servers.smtp_port}")
        _say(out, "  inbox seeded with: " + ", ".join(n.removesuffix(".eml") for n in names))
        with contextlib.suppress(KeyboardInterrupt):
            return asyncio.run(_demo(config, servers, out, keep_running, outcome))
        return 0
    finally:
        servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)
