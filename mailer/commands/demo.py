"""``polite-decline demo``: the whole pipeline on embedded servers, no account needed.

Starts a real IMAP server (pymap with its in-memory backend, as a subprocess) and a
real SMTP server (aiosmtpd) on loopback ports, writes a temporary config for them,
seeds the inbox, and runs the very same :class:`mailer.service.Service` that
``polite-decline run`` runs. Then it plays the user: sends one draft the way a mail
client does (a copy with a new Message-ID into Sent, the draft removed, the mail
handed to the SMTP server) and waits for the thank-you follow-up to arrive.

Nothing here changes how the service works: pymap's differences (no SPECIAL-USE,
responses split across writes) are handled by the service's own IMAP code.

Why pymap sometimes failed to start: the random password went as an argument of
its own, and one time in 64 it starts with "-", which pymap's argument parser
takes for an option (pymap exits at once). It now goes as ``--demo-password=VALUE``.
Besides, pymap runs on this very interpreter (not whatever ``pymap`` is first on
PATH), it counts as started only when it greets (an IMAP ``* OK``, so a port
squatted by another program, or a loopback connection to itself, does not count),
a cold first start gets a minute, and a port taken between choosing it and binding
it is retried on a new one. When it still fails, the error carries the last lines
of its log.
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
import textwrap
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from mailer.adapters.store import StateStore
from mailer.config import Config, load_config
from mailer.errors import PoliteDeclineError

__all__ = ["run_demo"]

USER = "alex@example.org"
NAME = "Alex Example"
# pymap has no __main__ module: its console script's body, run on this interpreter.
_PYMAP = "import sys; from pymap.main import main; sys.argv[0] = 'pymap'; sys.exit(main())"
# A warm start takes about 0.3 s; a first start on a busy machine with cold caches
# (every module read from disk) is much slower, so allow a minute.
_START_LIMIT = 60.0
_START_ATTEMPTS = 3
_LOG_LINES = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class _Recorder:
    """aiosmtpd handler: keeps every message the SMTP server accepts."""

    messages: list[EmailMessage] = field(default_factory=list)
    #: Called with each message as it arrives (``--keep-running`` shows them).
    on_message: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        if self.on_message is not None:
            self.on_message(message)
        return "250 2.0.0 OK: queued"


class _StartFailed(Exception):
    """pymap did not come up; ``log`` holds the last lines it wrote."""

    def __init__(self, reason: str, log: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.log = log


def _tail(path: Path, lines: int = _LOG_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _greets(port: int) -> bool:
    """True when an IMAP server answers on ``port`` with its greeting (RFC 9051 7.1.1)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as probe:
            if probe.getsockname() == probe.getpeername():
                return False  # a loopback connection to itself: nobody listens yet
            return probe.recv(64).startswith(b"* OK")
    except OSError:
        return False


def start_pymap(
    workdir: Path, password: str, *, port: int, limit: float = _START_LIMIT
) -> subprocess.Popen[bytes]:
    """Start pymap's in-memory server for USER on ``port``; raise _StartFailed."""
    log_path = workdir / "pymap.log"
    with log_path.open("ab") as log:
        log.write(f"-- starting pymap on 127.0.0.1:{port}\n".encode())
        log.flush()
        process = subprocess.Popen(
            [sys.executable, "-c", _PYMAP, *_pymap_args(port, password)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    deadline = time.monotonic() + limit
    while not _greets(port):
        if process.poll() is not None:
            raise _StartFailed(f"exited with status {process.returncode}", _tail(log_path))
        if time.monotonic() > deadline:
            _stop_process(process)
            raise _StartFailed(f"did not answer within {limit:.0f} s", _tail(log_path))
        time.sleep(0.05)
    return process


def _pymap_args(port: int, password: str) -> list[str]:
    server = ["--host", "127.0.0.1", "--port", str(port), "--no-tls", "--no-service", "admin"]
    # "--option=value": a random password starts with "-" one time in 64
    # (token_urlsafe), and as a separate argument argparse takes it for an option:
    # pymap then exits at once ("expected one argument"), every attempt alike.
    return [*server, "dict", f"--demo-user={USER}", f"--demo-password={password}"]


def _smtp_controller(handler: _Recorder) -> Any:
    """aiosmtpd on port 0, so there is no port to lose to a race; the kernel's choice
    is read back before the controller's own readiness check connects to it."""
    from aiosmtpd.controller import Controller

    class PortZeroController(Controller):
        def _trigger_server(self) -> None:
            server: Any = self.server
            self.port = server.sockets[0].getsockname()[1]
            trigger: Any = super()._trigger_server  # untyped in aiosmtpd
            trigger()

    return PortZeroController(handler, hostname="127.0.0.1", port=0, ready_timeout=30)


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _demo_messages() -> list[tuple[str, bytes]]:
    folder = resources.files("mailer.commands") / "demo_mail"
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
        self.imap_port = 0
        self.smtp_port = 0
        self.recorder = _Recorder()
        self._pymap: subprocess.Popen[bytes] | None = None
        self._smtp: Any = None

    def start(self, *, first_port: int | None = None, attempts: int = _START_ATTEMPTS) -> None:
        """Start both servers. ``first_port`` (for tests) is tried first for IMAP."""
        try:
            import aiosmtpd.controller  # noqa: F401  (imported here to say early when missing)
            import pymap.main  # noqa: F401
        except ImportError:
            raise PoliteDeclineError(
                "the demo needs its extra: pip install 'polite-decline[demo]'"
            ) from None
        failures: list[str] = []
        for attempt in range(1, attempts + 1):
            self.imap_port = first_port if first_port and attempt == 1 else _free_port()
            try:
                self._pymap = start_pymap(self.workdir, self.password, port=self.imap_port)
                break
            except _StartFailed as failed:
                # Most often the port was taken between choosing and binding it
                # (loopback connections elsewhere take ports from the same range):
                # try a fresh one. A real fault fails every time and is shown.
                failures.append(f"port {self.imap_port}: {failed.reason}")
                if attempt == attempts:
                    shown = textwrap.indent(failed.log or "(pymap wrote nothing)", "    ")
                    raise PoliteDeclineError(
                        "the embedded IMAP server (pymap) did not start ("
                        + "; ".join(failures)
                        + f"). Its last log lines:\n{shown}"
                    ) from None
        self._smtp = _smtp_controller(self.recorder)
        self._smtp.start()
        self.smtp_port = int(self._smtp.port)

    def stop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(Exception):
                self._smtp.stop()
        if self._pymap is not None:
            _stop_process(self._pymap)

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


def _write_neomuttrc(workdir: Path, servers: _Servers) -> Path:
    """A neomutt config for the demo account: Drafts and Sent named, since pymap
    has no SPECIAL-USE; plain text, which only a loopback server may have."""
    path = workdir / "neomuttrc"
    path.write_text(
        f"""# neomutt for the polite-decline demo: neomutt -n -F {path}
set folder = "imap://127.0.0.1:{servers.imap_port}/"
set imap_user = "{USER}"
set imap_pass = "{servers.password}"
set spoolfile = "+INBOX"
set postponed = "+Drafts"
set record = "+Sent"
set copy = yes
set from = "{NAME} <{USER}>"
set smtp_url = "smtp://127.0.0.1:{servers.smtp_port}/"
set ssl_starttls = no
set ssl_force_tls = no
"""
    )
    path.chmod(0o600)
    return path


def _command() -> str:
    """How to run polite-decline from another terminal, as installed here."""
    beside = Path(sys.executable).with_name("polite-decline")
    on_path = shutil.which("polite-decline")
    if on_path and beside.exists() and Path(on_path).resolve() == beside.resolve():
        return "polite-decline"
    return str(beside) if beside.exists() else f"{sys.executable} -m mailer"


def _client_guide(config: Path, rc: Path, servers: _Servers) -> str:
    imap, smtp, cmd = servers.imap_port, servers.smtp_port, _command()
    return f"""
== The servers stay up until Ctrl-C. Point a mail client at them:

  IMAP  127.0.0.1 port {imap}, no TLS, user {USER}, password {servers.password}
  SMTP  127.0.0.1 port {smtp}, no TLS, no login
  The folders are named Drafts and Sent (this server does not mark them, so a
  client must be told: both configs below do).

  neomutt (a ready config, {rc}):
      neomutt -n -F {rc}
{textwrap.indent(rc.read_text(), "      | ")}
  Thunderbird: Account Settings > Account Actions > Add Mail Account; name {NAME},
  address {USER}, password {servers.password}; then "Configure manually":
      Incoming  IMAP, server 127.0.0.1, port {imap}, connection security None,
                authentication Normal password, username {USER}
      Outgoing  SMTP, server 127.0.0.1, port {smtp}, connection security None,
                authentication No authentication
  "Re-test", then "Done" and confirm the warning about no encryption (this is
  loopback only). Copies & Folders: drafts in "Drafts", sent copies in "Sent" on
  this account (Thunderbird's defaults).

  Sending a decline is what you do in any client: open the draft in Drafts (in
  neomutt: `neomutt -n -F {rc} -p` recalls it, then y sends), edit it if you like,
  and send it. The client hands it to the SMTP server above and files a copy in
  Sent; the service notices that copy within a few seconds and sends the thank-you
  4 s later (2 days in a real config). Each message the SMTP server receives is
  shown below.

  The demo's config, to look from another terminal:
      {cmd} status -c {config}
      {cmd} check -c {config}
"""


def _arrival(message: EmailMessage) -> str:
    who = (
        "the thank-you follow-up from polite-decline"
        if message["Auto-Submitted"]
        else "sent by your mail client"
    )
    return f"  SMTP server received: {message['Subject']!s} to {message['To']!s} ({who})"


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
    from mailer.commands.status import print_status
    from mailer.service import Service

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
            rc = _write_neomuttrc(Path(config.path).parent, servers)
            outcome["config"] = config.path
            outcome["neomuttrc"] = str(rc)
            _say(out, _client_guide(Path(config.path), rc, servers))
            servers.recorder.on_message = lambda m: _say(out, _arrival(m))
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
