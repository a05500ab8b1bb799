"""pymap's in-memory IMAP server as a subprocess, for tests of the non-Dovecot path.

pymap has no SPECIAL-USE and writes each token of a response separately (see
../shared/notes/mail-servers.md); its ``dict`` backend serves one user, so each
test that needs it gets its own short-lived server (about 0.4 s to start).
Run by hand: ``pymap --host 127.0.0.1 --port 1143 --no-tls dict --demo-user USER
--demo-password PASSWORD`` (no folders but INBOX unless ``--demo-data`` is given).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

__all__ = ["PymapServer", "pymap_server", "start_pymap"]

USER = "demo"
PASSWORD = "demo-secret-31c9"
# The console script's body: pymap has no __main__ module.
_LAUNCH = "import sys; from pymap.main import main; sys.argv[0] = 'pymap'; sys.exit(main())"


@dataclass
class PymapServer:
    host: str
    port: int
    username: str
    password: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_pymap(*, username: str = USER, password: str = PASSWORD) -> PymapServer:
    port = _free_port()
    args = ["--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict"]
    args += ["--demo-user", username, "--demo-password", password]
    process = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = PymapServer("127.0.0.1", port, username, password, process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.2),
        ):
            return server
        if process.poll() is not None:
            raise RuntimeError(f"pymap exited at start with status {process.returncode}")
        time.sleep(0.02)
    server.stop()
    raise RuntimeError("pymap did not start listening within 15 s")


@pytest.fixture
def pymap_server() -> Iterator[PymapServer]:
    """A fresh pymap (dict backend, only INBOX) for one test."""
    server = start_pymap()
    yield server
    server.stop()
