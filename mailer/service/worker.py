"""The per-message worker: reading, recognising and composing off the event loop,
within a time budget, and poison: a message that breaks a rule is never read again.

Inbound mail is hostile input. A message's work runs on a daemon thread
(:class:`Budget`) within :data:`MESSAGE_BUDGET` seconds: a message that takes longer
becomes a ``failed`` row (:func:`record_failed`) and is never read again, and one
that is still being read after :data:`MESSAGE_SUSPECT_AFTER` is noted in the state
directory first (:class:`ReadingNote`), so that a restart after a kill records it as
failed instead of reading it again (:mod:`mailer.service.recovery`). SIGTERM is
honoured at once, even in the middle of a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from mailer.core.headers import clean_header_text, clean_message_id
from mailer.core.message import Mail
from mailer.core.state import State
from mailer.service.context import INBOX, Context, service_log
from mailer.service.judging import message_key

__all__ = [
    "MESSAGE_BUDGET",
    "MESSAGE_SUSPECT_AFTER",
    "READING_FILE",
    "Budget",
    "ReadingNote",
    "record_failed",
]

log = service_log
T = TypeVar("T")

#: Seconds of work one message may cost (reading, recognising, composing). Real mail
#: takes milliseconds; a message over the budget is recorded as failed, with the
#: reason, and never read again.
MESSAGE_BUDGET = 10.0
#: A message still being read after this many seconds is noted in the state
#: directory (:data:`READING_FILE`) before the work goes on, so that a restart after
#: a crash or a kill in the middle records it as failed instead of reading it again.
MESSAGE_SUSPECT_AFTER = 2.0
READING_FILE = "reading.json"


def record_failed(ctx: Context, uidvalidity: int, uid: int, mail: Mail, reason: str) -> None:
    """Record an INBOX message as failed, keyed from its headers (``mail`` is its
    header view), before (or instead of) any further work on it: it is never read
    again."""
    key = message_key(ctx.account, mail)
    log.warning("failed: INBOX uid %d (%s): %s; it will not be read again", uid, key, reason)
    if ctx.dry_run:
        return
    store = ctx.store
    store.record_seen(
        key,
        account=ctx.account,
        message_id=clean_message_id(mail.message_id),
        folder=INBOX,
        uidvalidity=uidvalidity,
        uid=uid,
        from_addr=mail.from_addr or "",
        subject=clean_header_text(mail.subject),
        category="",
        score=0.0,
        reasons=(),
        now=ctx.now(),
    )
    row = store.get(key)
    if row is not None and row.state is State.SEEN:
        store.mark_failed(key, reason=reason, now=ctx.now())


class ReadingNote:
    """``state_dir/reading.json``: the INBOX message being read, when it is slow."""

    def __init__(self, state_dir: str | os.PathLike[str]) -> None:
        self.path = Path(state_dir) / READING_FILE

    def exists(self) -> bool:
        return self.path.exists()

    def write(self, uidvalidity: int, uid: int, since: datetime) -> None:
        note = {"folder": INBOX, "uidvalidity": uidvalidity, "uid": uid, "since": since.isoformat()}
        temp = self.path.with_suffix(".tmp")
        with contextlib.suppress(OSError):
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                json.dump(note, out)
            os.replace(temp, self.path)

    def read(self) -> tuple[int, int, str] | None:
        """``(uidvalidity, uid, since)``; None when there is no note. An unreadable
        note raises ``ValueError`` (and its kin: ``KeyError``, ``TypeError``)."""
        try:
            note = json.loads(self.path.read_text())
        except FileNotFoundError:
            return None
        return int(note["uidvalidity"]), int(note["uid"]), str(note.get("since", ""))[:40]

    def forget(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class _Worker:
    """A daemon thread that runs per-message work off the event loop.

    A daemon thread, so that no stop ever waits for it: a message stuck in a parser
    cannot hold the process past SIGTERM. A worker given up on (a message over the
    budget) is replaced by a new one; it finishes the stuck job, if ever, and exits.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[
            tuple[Callable[[], Any], asyncio.AbstractEventLoop, asyncio.Future[Any]] | None
        ] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="judge", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], T], /) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((fn, loop, future))
        return future

    def close(self) -> None:
        self._jobs.put(None)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, loop, future = job
            try:
                result = fn()
            except Exception as exc:  # the loop decides what it means
                settle = _settler(future, None, exc)
            else:
                settle = _settler(future, result, None)
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(settle)


def _settler(
    future: asyncio.Future[Any], result: Any, exc: BaseException | None
) -> Callable[[], None]:
    def settle() -> None:
        if future.done():  # given up on (over the budget, or stopping)
            return
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)

    return settle


class Budget:
    """Per-message work on the worker thread, within :data:`MESSAGE_BUDGET` (the
    seconds are arguments for tests; the service uses the defaults)."""

    def __init__(
        self,
        ctx: Context,
        /,
        *,
        budget: float = MESSAGE_BUDGET,
        suspect_after: float = MESSAGE_SUSPECT_AFTER,
    ) -> None:
        self.ctx = ctx
        self.budget = budget
        self.suspect_after = suspect_after
        self.note = ReadingNote(ctx.state_dir)
        self._worker: _Worker | None = None

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    async def run(self, uidvalidity: int, uid: int, mail: Mail, work: Callable[[], T]) -> T | None:
        """``work()`` on the worker thread, within the budget, for the message ``uid``
        (``mail`` is its header view, for the record should it fail).

        None when it did not finish: the service is stopping (a message that was
        slow already is recorded as failed; any other is read again next time), or
        the budget ran out (recorded as failed, the worker replaced).
        """
        if self._worker is None:
            self._worker = _Worker()
        loop = asyncio.get_running_loop()
        started = self.ctx.now()
        deadline = loop.time() + self.budget
        future = self._worker.submit(work)
        stopping = asyncio.ensure_future(self.ctx.stopping.wait())
        waiters: set[asyncio.Future[Any]] = {future, stopping}
        noted = False
        try:
            while True:
                timeout = self.suspect_after if not noted else deadline - loop.time()
                await asyncio.wait(
                    waiters, timeout=max(0.0, timeout), return_when=asyncio.FIRST_COMPLETED
                )
                if future.done():
                    return future.result()
                if not noted and not stopping.done():
                    if not self.ctx.dry_run:
                        # Written only for a message that is slow already.
                        self.note.write(uidvalidity, uid, started)
                    noted = True
                    continue
                if stopping.done() and not noted:
                    return None  # read again after the restart
                self._give_up(uidvalidity, uid, mail, stopped=stopping.done())
                return None
        finally:
            stopping.cancel()
            if not future.done():
                future.cancel()
            if noted:
                self.note.forget()

    def _give_up(self, uidvalidity: int, uid: int, mail: Mail, *, stopped: bool) -> None:
        reason = (
            f"the service was stopped while reading it, after more than {self.suspect_after:.0f} s"
            if stopped
            else f"reading it took longer than the budget of {self.budget:.0f} s"
        )
        # Record first: a kill from here on must not make it read again.
        record_failed(self.ctx, uidvalidity, uid, mail, reason)
        if not stopped and self._worker is not None:
            self._worker.close()
            self._worker = _Worker()
