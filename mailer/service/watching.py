"""Watching: IDLE on INBOX and on Sent, polling where IDLE is missing, reconnects.

Each watched folder has its own connection and its own thread (imapclient is blocking;
:class:`~mailer.adapters.idle.IdleWatcher` polls with NOOP when the server has no
IDLE, RFC 2177). A watcher only wakes the event loop; the loop then runs a cycle on
the main connection (:mod:`mailer.service.mailbox`), so nothing is read twice. A
watcher that loses its server reconnects with jittered exponential backoff and wakes
the loop once it is back, to catch up on what arrived meanwhile.

:func:`reconnect_delay` is the main loop's backoff when the main connection fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import random
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mailer.adapters.credentials import CredentialProvider
from mailer.adapters.idle import IdleWatcher
from mailer.adapters.imap import Folders, ImapEndpoint
from mailer.core import backoff
from mailer.errors import MailboxAuthError, PoliteDeclineError
from mailer.service.context import INBOX, service_log

__all__ = ["Watchers", "give_back_memory", "reconnect_delay"]

log = service_log


def reconnect_delay(exc: Exception, attempt: int, *, rng_value: float) -> float:
    """Seconds before the main connection is tried again after ``exc``.

    A refused login is retried rarely: hammering a server with a wrong password locks
    accounts. Other trouble is retried soon.
    """
    cap = 1800.0 if isinstance(exc, MailboxAuthError) else 300.0
    return backoff.retry_delay(attempt, base=1.0, cap=cap, rng_value=rng_value)


def give_back_memory() -> None:
    """Before sleeping: return the heap a busy cycle left behind to the system.

    A long-running service spends nearly all its life idle; after a large scan,
    glibc keeps freed memory mapped unless asked (malloc_trim(3)). Elsewhere this
    is a no-op.
    """
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def _load_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    return trim


_malloc_trim = _load_malloc_trim()


@dataclass
class _Wake:
    """Signals from the watcher threads to the event loop."""

    loop: asyncio.AbstractEventLoop
    event: asyncio.Event

    def __call__(self) -> None:
        self.loop.call_soon_threadsafe(self.event.set)


class Watchers:
    """The watcher threads, and the event they set when a watched folder changed."""

    def __init__(
        self,
        endpoint: ImapEndpoint,
        credentials: CredentialProvider,
        /,
        *,
        idle_interval: float,
        poll_interval: float,
        stopping: asyncio.Event,
    ) -> None:
        self.endpoint = endpoint
        self.credentials = credentials
        self.idle_interval = idle_interval
        self.poll_interval = poll_interval
        self.stopping = stopping
        #: Set by a watcher (or by a stop) to end :meth:`wait_for_change` early.
        self.changed = asyncio.Event()
        self._watchers: list[IdleWatcher] = []
        self._threads: list[threading.Thread] = []

    @property
    def running(self) -> bool:
        return bool(self._threads)

    def start(self, folders: Folders | None) -> None:
        """IDLE on INBOX and on Sent, each on its own connection and thread."""
        wake = _Wake(asyncio.get_running_loop(), self.changed)
        names = [INBOX] + ([folders.sent] if folders is not None else [])
        for name in names:
            thread = threading.Thread(
                target=self._watch, args=(name, wake), name=f"watch-{name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def restart(self) -> None:
        """Make each watcher drop its connection and connect again: when the main
        connection found the server gone, an IDLE connection may be dead too without
        knowing it (a silent drop is only noticed when IDLE is re-issued)."""
        for watcher in list(self._watchers):
            watcher.stop()

    def stop(self) -> None:
        """End every wait now (``stopping`` is set by the caller)."""
        self.changed.set()
        for watcher in self._watchers:
            watcher.stop()

    async def close(self) -> None:
        for watcher in self._watchers:
            watcher.stop()
        for thread in self._threads:
            await asyncio.to_thread(thread.join, 5.0)
        self._watchers.clear()
        self._threads.clear()

    async def wait_for_change(self, interval: float) -> None:
        """Until a watcher reports a change, or ``interval`` seconds at the most."""
        give_back_memory()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), timeout=interval)
        self.changed.clear()

    def _watch(self, folder: str, wake: Callable[[], None]) -> None:
        """Blocking loop of one watcher thread: reconnect with jittered backoff, then
        wake the loop so it catches up on whatever arrived meanwhile."""
        attempt = 0
        rng = random.Random()
        while not self.stopping.is_set():
            watcher: IdleWatcher | None = None
            try:
                watcher = IdleWatcher.connect(
                    self.endpoint,
                    self.credentials,
                    folder=folder,
                    idle_interval=self.idle_interval,
                    poll_interval=self.poll_interval,
                )
                self._watchers.append(watcher)
                if attempt:
                    wake()  # reconnected: catch up
                attempt = 0
                while not self.stopping.is_set():
                    event = watcher.wait(self.idle_interval)
                    if event.kind == "changed":
                        wake()
                    elif event.kind == "stopped":
                        if self.stopping.is_set():
                            return
                        attempt = 1  # asked to reconnect: wake the loop once connected
                        break
            except PoliteDeclineError as exc:
                attempt += 1
                delay = backoff.retry_delay(attempt, base=1.0, cap=300.0, rng_value=rng.random())
                log.warning("watching %s failed (%s); reconnecting in %.1f s", folder, exc, delay)
                wake()  # let the main loop notice and report the trouble
                self._stop_wait(delay)
            finally:
                if watcher is not None:
                    with contextlib.suppress(ValueError):
                        self._watchers.remove(watcher)
                    with contextlib.suppress(Exception):
                        watcher.close()

    def _stop_wait(self, seconds: float) -> None:
        deadline = datetime.now(UTC) + timedelta(seconds=seconds)
        while not self.stopping.is_set() and datetime.now(UTC) < deadline:
            threading.Event().wait(0.1)
