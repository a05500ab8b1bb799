"""One daemon per state directory.

APScheduler 3.x job stores must never be shared between scheduler processes, and
two watchers on one mailbox would draft twice. The daemon holds an exclusive
``flock`` on ``state_dir/daemon.lock`` for its whole life. The kernel drops the
lock when the process ends however it ends (``kill -9`` included), so there is no
stale lock to clean up; the pid written into the file only serves the message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from mailer.errors import StateError, StateLockedError

__all__ = ["LOCK_NAME", "DaemonLock"]

LOCK_NAME = "daemon.lock"


class DaemonLock:
    """``with DaemonLock(state_dir):`` or :meth:`acquire` / :meth:`release`."""

    def __init__(self, state_dir: str | os.PathLike[str], /) -> None:
        self.state_dir = Path(state_dir)
        self.path = self.state_dir / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise :class:`StateLockedError` naming the holder's pid."""
        if self._fd is not None:
            return
        try:
            self.state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            # os.open's descriptors are not inherited by child processes (PEP 446),
            # so a secret command we run cannot keep the lock alive after we exit.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StateError(f"cannot create the lock file {self.path}: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"pid {holder}" if holder else "another process"
            raise StateLockedError(
                f"another polite-decline daemon ({who}) is already running on the state "
                f"directory {self.state_dir}; stop it first, or give this one its own "
                "daemon.state_dir"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise StateError(f"cannot lock {self.path}: {exc.strerror}") from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Empty the pid first so nobody reads a stale one; closing drops the flock.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)

    def __enter__(self) -> DaemonLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        data = os.pread(fd, 32, 0)
    except OSError:
        return None
    text = data.decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
