"""A private, rootless Dovecot IMAP server for the tests (and the benchmarks).

Facts behind the settings: ../shared/notes/mail-servers.md. One instance serves the
whole session; each test gets a fresh user (a fresh, empty mailbox) from
``mailbox_factory``, so tests never see each other's mail.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Dovecot", "DovecotUser", "dovecot", "mailbox", "mailbox_factory", "start_dovecot"]

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"
PASSWORD = "test-secret-7f3a"
INSTALL_HINT = (
    "Dovecot is not installed. Install it with `sudo apt-get install -y dovecot-imapd` "
    "(Debian/Ubuntu) or run ./scripts/test as root, which installs it."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class DovecotUser:
    host: str
    port: int
    tls_port: int
    username: str
    password: str
    ca_file: str | None


@dataclass
class Dovecot:
    """A running private instance. ``special_use`` False gives a server without
    SPECIAL-USE attributes (Drafts and Sent found only by name)."""

    directory: Path
    port: int
    tls_port: int
    ca_file: str | None
    process: subprocess.Popen[bytes] | None = None

    def add_user(self, username: str | None = None) -> DovecotUser:
        username = username or f"u{uuid.uuid4().hex[:10]}"
        return DovecotUser("127.0.0.1", self.port, self.tls_port, username, PASSWORD, self.ca_file)

    def maildir(self, username: str) -> Path:
        return self.directory / "mail" / username

    def set_uidvalidity(self, username: str, folder: str, value: int) -> None:
        """Give ``folder`` a new UIDVALIDITY, as a server admin restoring or migrating a
        mailbox does (``doveadm mailbox update``). Dovecot derives a rebuilt mailbox's
        UIDVALIDITY from the clock, so a rebuild alone may keep the old value."""
        conf = str(self.directory / "dovecot.conf")
        update = ["mailbox", "update", "-u", username, "--uid-validity", str(value)]
        done = subprocess.run(
            [DOVEADM, "-c", conf, *update, folder],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"doveadm mailbox update failed: {done.stderr.strip()}")

    def start(self) -> None:
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.directory / "dovecot.conf")],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            if self.process.poll() is not None:
                log = (self.directory / "dovecot.log").read_text(errors="replace")
                raise RuntimeError(f"dovecot exited at start:\n{log[-2000:]}")
            time.sleep(0.02)
        raise RuntimeError("dovecot did not start listening within 10 s")

    def stop(self) -> None:
        """Stop the whole process group (the master alone leaves imap children)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        # Children in the group die with it; give the kernel a moment to free ports.
        time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()


def start_dovecot(*, special_use: bool = True, ca: object | None = None) -> Dovecot:
    """Write a config into a fresh world-traversable directory and start Dovecot.

    ``ca`` is a ``trustme.CA``; when given, an implicit-TLS listener is added and
    STARTTLS is offered on the plain port.
    """
    if not os.path.exists(DOVECOT):
        raise RuntimeError(INSTALL_HINT)
    # As root, Dovecot drops to `nobody`, which must traverse every parent directory:
    # pytest's tmp_path (0700) is not usable, so make our own under /tmp.
    directory = Path(tempfile.mkdtemp(prefix="pd-dovecot-", dir="/tmp"))
    directory.chmod(0o755)
    user = pwd.getpwuid(os.getuid()).pw_name
    run_user = "nobody" if os.getuid() == 0 else user
    for sub in ("base", "state", "mail", "home"):
        (directory / sub).mkdir()
    if os.getuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for sub in ("mail", "home"):
            os.chown(directory / sub, nobody.pw_uid, nobody.pw_gid)
    port, tls_port = free_port(), free_port()
    ca_file = None
    ssl_conf = "ssl = no"
    imaps_listener = ""
    if ca is not None:
        cert = ca.issue_cert("localhost", "127.0.0.1")  # type: ignore[attr-defined]
        cert.private_key_pem.write_to_path(str(directory / "key.pem"))
        cert.cert_chain_pems[0].write_to_path(str(directory / "cert.pem"))
        ca.cert_pem.write_to_path(str(directory / "ca.pem"))  # type: ignore[attr-defined]
        (directory / "key.pem").chmod(0o644)
        ca_file = str(directory / "ca.pem")
        ssl_conf = f"ssl = yes\nssl_cert = <{directory}/cert.pem\nssl_key = <{directory}/key.pem"
        imaps_listener = (
            f"inet_listener imaps {{\n    address = 127.0.0.1\n"
            f"    port = {tls_port}\n    ssl = yes\n  }}"
        )
    group = "nogroup" if run_user == "nobody" else user
    if special_use:
        mailboxes = """
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }"""
    else:
        # No SPECIAL-USE: the localized names a German server would have.
        mailboxes = """
  mailbox Entwürfe {
    auto = subscribe
  }
  mailbox Gesendet {
    auto = subscribe
  }"""
    conf = f"""
instance_name = pd-{directory.name}
base_dir = {directory}/base
state_dir = {directory}/state
log_path = {directory}/dovecot.log
info_log_path = {directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = {run_user}
default_internal_group = {group}
default_login_user = {run_user}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
{ssl_conf}
passdb {{
  # Every user name logs in with the one test password: a fresh user is a fresh,
  # empty mailbox, and no password file has to be re-read between tests.
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={run_user} gid={group} home={directory}/home/%u
}}
mail_location = maildir:{directory}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  {imaps_listener}
}}
"""
    (directory / "dovecot.conf").write_text(conf)
    server = Dovecot(directory, port, tls_port, ca_file)
    server.start()
    return server


@pytest.fixture(scope="session")
def dovecot_ca() -> object:
    import trustme

    return trustme.CA()


@pytest.fixture(scope="session")
def dovecot(dovecot_ca: object) -> Iterator[Dovecot]:
    """The session's private Dovecot (with TLS from a test CA)."""
    try:
        server = start_dovecot(ca=dovecot_ca)
    except RuntimeError as exc:
        if "not installed" in str(exc) and os.environ.get("CI") != "true":
            pytest.fail(str(exc))
        raise
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture
def mailbox_factory(dovecot: Dovecot) -> object:
    """Call it to get a fresh user with an empty mailbox on the session's Dovecot."""
    return dovecot.add_user


@pytest.fixture
def mailbox(dovecot: Dovecot) -> DovecotUser:
    """A fresh user with an empty mailbox (INBOX, Drafts, Sent, Trash)."""
    return dovecot.add_user()
