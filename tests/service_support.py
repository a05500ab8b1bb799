"""Running the real service against the private Dovecot and an aiosmtpd server.

``write_config`` writes a config file for a Dovecot user and an SMTP server;
``Daemon`` runs ``python -m mailer run`` as a subprocess (so a test can kill -9 it);
``Mailbox`` is a plain imapclient connection acting as the user's mail client.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from tests.dovecot_server import DovecotUser

__all__ = ["Daemon", "Mailbox", "eventually", "invitation", "write_config"]

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
USER_EMAIL = "alex@example.org"


def _table(defaults: str, extra: str) -> str:
    """Lines of one TOML table: ``extra`` lines replace defaults with the same key."""
    lines: dict[str, str] = {}
    for line in (defaults + "\n" + extra).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines[line.split("=", 1)[0].strip()] = line
    return "\n".join(lines.values())


def write_config(
    directory: Path,
    user: DovecotUser,
    *,
    smtp_port: int = 1,
    smtp_extra: str = "",
    followup: str = "",
    daemon: str = "",
    imap_extra: str = "",
) -> Path:
    """A config for ``user`` on the private Dovecot (plain, loopback) and an SMTP port.

    The extra strings hold ``key = value`` lines that replace or add to the defaults.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "config.toml"
    imap = _table(
        f'''host = "127.0.0.1"
port = {user.port}
security = "none"
username = "{user.username}"
password = "{user.password}"
poll_interval = "5s"
idle_interval = "1m"
read_timeout = "10s"
connect_timeout = "5s"''',
        imap_extra,
    )
    smtp = _table(
        f'''host = "127.0.0.1"
port = {smtp_port}
security = "none"
auth = false
save_to_sent = "always"
timeout = "5s"''',
        smtp_extra,
    )
    follow = _table(
        '''delay = "2s"
send_window = "any"
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
jitter = "0s"''',
        followup,
    )
    state = _table(
        f'''state_dir = "{directory / "state"}"
lookback = "30d"
sent_check_interval = "1s"''',
        daemon,
    )
    path.write_text(
        f"""[identity]
name = "Alex Example"
email = "{USER_EMAIL}"

[imap]
{imap}

[smtp]
{smtp}

[followup]
{follow}

[daemon]
{state}
"""
    )
    path.chmod(0o600)
    return path


def eventually(check: Callable[[], Any], *, timeout: float = 15.0, what: str = "") -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or check}")
        time.sleep(0.1)


def invitation(
    *,
    n: int = 1,
    sender: str = "Rita Recruiter <rita@corp.example>",
    subject: str = "Interview invitation: Platform Engineer at Corp",
    extra_headers: str = "",
    message_id: str | None = None,
) -> bytes:
    mid = message_id or f"<inv-{n}-{time.monotonic_ns()}@corp.example>"
    text = (
        f"From: {sender}\r\n"
        f"To: Alex Example <{USER_EMAIL}>\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: {mid}\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
        f"{extra_headers}"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Hi Alex,\r\n\r\n"
        "Thank you for applying for the Platform Engineer position at Corp. We would\r\n"
        "like to invite you to a first interview with our hiring manager. Could you\r\n"
        "let me know your availability next week? Tuesday 10:00 or Thursday 14:00\r\n"
        "would work on our side.\r\n\r\n"
        "Best regards,\r\nRita\r\nTalent Acquisition, Corp\r\n"
    )
    return text.encode()


class Mailbox:
    """The user's side of the mailbox, through a plain IMAP connection."""

    def __init__(self, user: DovecotUser) -> None:
        self.client = IMAPClient(user.host, port=user.port, ssl=False, timeout=10)
        self.client.login(user.username, user.password)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.logout()

    def append(self, folder: str, raw: bytes, flags: tuple[bytes, ...] = ()) -> None:
        self.client.append(folder, raw, flags=flags)

    def messages(self, folder: str) -> list[tuple[int, EmailMessage, tuple[bytes, ...]]]:
        self.client.select_folder(folder, readonly=True)
        uids = self.client.search(["ALL"])
        out = []
        for uid, data in sorted(self.client.fetch(uids, [b"BODY.PEEK[]", b"FLAGS"]).items()):
            msg = email.message_from_bytes(data[b"BODY[]"], policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            out.append((uid, msg, tuple(data[b"FLAGS"])))
        return out

    def count(self, folder: str) -> int:
        return len(self.messages(folder))

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        self.client.select_folder(folder, readonly=True)
        uids = self.client.search(["ALL"])
        return {u: tuple(d[b"FLAGS"]) for u, d in self.client.fetch(uids, [b"FLAGS"]).items()}

    def delete(self, folder: str, uid: int) -> None:
        """The user deletes one message (what a client does; never the service)."""
        self.client.select_folder(folder)
        self.client.add_flags([uid], [b"\\Deleted"])
        self.client.expunge()


class Daemon:
    """``python -m mailer run`` as a subprocess, logs in a file."""

    def __init__(self, config: Path, *, env: dict[str, str] | None = None) -> None:
        self.config = config
        self.log = config.parent / "daemon.log"
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None

    def cli(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mailer", "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=_env(env or {}),
            cwd=REPO,
            check=False,
        )

    def start(self, *args: str, env: dict[str, str] | None = None) -> Daemon:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mailer", "--config", str(self.config), "run", *args],
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=_env({**self.env, **(env or {})}),
                cwd=REPO,
            )
        return self

    def wait(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> int | None:
        """SIGTERM, as systemd does; returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
                raise
        return self.process.returncode

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def logs(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def status(self) -> list[dict[str, Any]]:
        import json

        done = self.cli("status", "--json")
        assert done.returncode == 0, done.stderr
        rows: list[dict[str, Any]] = json.loads(done.stdout)
        return rows


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLITE_DECLINE")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@contextlib.contextmanager
def running(daemon: Daemon, *args: str) -> Iterator[Daemon]:
    daemon.start(*args)
    try:
        yield daemon
    finally:
        if daemon.alive:
            daemon.stop()
