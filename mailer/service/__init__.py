"""The long-running service: inbox to Drafts, Sent to follow-up.

Shape: the pure core decides (recognise, extract, guard, compose, match, schedule,
state machine); this module only moves values between the core and the adapters
(IMAP, SMTP, the state store, APScheduler) and keeps the order of writes that makes
a crash at any point safe:

* drafting: the draft's Message-ID is written to the store (``drafting``) *before*
  the APPEND, and on recovery Drafts is searched for it before appending again, so
  one invitation never gets two drafts (APPEND is not idempotent, RFC 3501 6.3.11);
* follow-ups: the store's outbox row is claimed with a conditional UPDATE before the
  SMTP transaction; a crash while ``sending`` becomes ``uncertain`` and is resolved
  through Sent, never resent blindly (RFC 5321 gives no way to ask). The outbox rows
  are the one record of what is due: APScheduler is only the timer, with its
  in-memory job store, and every scheduled row is registered with it again at start.

imapclient is blocking and not thread-safe: the connection that fetches, searches
and appends lives on one dedicated thread, and each IDLE watcher on its own.

Inbound mail is hostile input. Each message is first checked against the header
caps (one linear pass over the bytes; header blocks are fetched with a partial
range, like bodies); a message over a cap becomes a ``failed`` row with the reason
before any parsing. Reading, recognising and composing then run on a worker thread,
off the event loop, within a time budget per message (:data:`MESSAGE_BUDGET`): a
message that takes longer becomes a ``failed`` row and is never read again, and one
that is still being read after :data:`MESSAGE_SUSPECT_AFTER` is noted in the state
directory first, so that a restart after a kill records it as failed instead of
reading it again. SIGTERM is honoured at once, even in the middle of a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import json
import logging
import os
import queue
import random
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from mailer.adapters.endpoints import imap_endpoint, remembering, smtp_endpoint
from mailer.adapters.health import write_health
from mailer.adapters.imap import FetchedBody, FetchedHeader, Folders, IdleWatcher, ImapSession
from mailer.adapters.lock import DaemonLock
from mailer.adapters.smtp import send_message
from mailer.adapters.store import InvitationRow, StateStore, facts_from_dict, facts_to_dict
from mailer.adapters.templating import load_templates
from mailer.config import Config
from mailer.core import backoff
from mailer.core.compose import compose_decline, compose_followup, display_names
from mailer.core.extract import extract
from mailer.core.guard import guard, is_automatic_reply, is_robot_address
from mailer.core.headers import (
    clean_header_text,
    clean_message_id,
    clean_references,
    make_message_id,
    reply_subject,
)
from mailer.core.match import MatchKind, SentMessage, classify_sent
from mailer.core.message import (
    MAX_HEADER_BYTES,
    Mail,
    header_problem,
    read_headers,
    read_message,
)
from mailer.core.model import Category, Draft, GuardResult, InvitationFacts, Verdict
from mailer.core.recognise import classify, continues_conversation, header_candidate
from mailer.core.schedule import due_time, late_decision, recipient_zone
from mailer.core.state import State, invitation_key
from mailer.errors import (
    FolderNotFoundError,
    InsecureTransportError,
    InvalidTransitionError,
    MailboxAuthError,
    MailboxConnectionError,
    MailboxError,
    MessageError,
    PermanentSendError,
    PoliteDeclineError,
    SendAuthError,
    SendError,
    StateError,
    TemporarySendError,
    UncertainSendError,
    UnsafeValueError,
)
from mailer.faults import fault_point, stall_point

__all__ = ["Service", "run_followup_job", "utc_now"]

log = logging.getLogger("mailer.service")
T = TypeVar("T")

INBOX = "INBOX"
#: Messages fetched per round trip; bounds memory on a first start over a big inbox.
BATCH = 200
#: Bodies larger than this are read only this far: enough for the text parts.
MAX_BODY_BYTES = 512 * 1024
#: The newest ids of a thread looked up in Sent, and the user's messages read there.
THREAD_LOOKUPS = 5
#: Providers that file SMTP submissions in Sent themselves (``save_to_sent = auto``).
SELF_FILING_HOSTS = ("gmail.com", "googlemail.com", "office365.com", "outlook.com")

#: Seconds of work one message may cost (reading, recognising, composing). Real mail
#: takes milliseconds; a message over the budget is recorded as failed, with the
#: reason, and never read again.
MESSAGE_BUDGET = 10.0
#: A message still being read after this many seconds is noted in the state
#: directory (:data:`READING_FILE`) before the work goes on, so that a restart after
#: a crash or a kill in the middle records it as failed instead of reading it again.
MESSAGE_SUSPECT_AFTER = 2.0
READING_FILE = "reading.json"
#: APScheduler's SQLAlchemy job store, kept by earlier versions; removed at start.
OLD_JOB_STORE = "jobs.sqlite"

_service: Service | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


async def run_followup_job(key: str) -> None:
    """APScheduler's job: module-level with a plain argument (the invitation key), so
    that nothing but the key ties the timer to the outbox row."""
    service = _service
    if service is None:  # a job that fires after shutdown
        return
    await service.send_followup(key)


def _give_back_memory() -> None:
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


@dataclass(frozen=True, slots=True)
class _Fetched:
    """One INBOX message as fetched: its bytes (only the header block when
    ``problem`` is set) and why it cannot be read, if it cannot."""

    uid: int
    raw: bytes
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class _Judgement:
    """What the worker thread found in one message (values only)."""

    key: str
    settled: bool = False  # already handled: nothing to do
    verdict: Verdict | None = None
    facts: InvitationFacts | None = None
    decision: GuardResult | None = None
    draft: Draft | None = None
    error: str | None = None  # no safe reply could be composed
    mail: Mail | None = None  # the invitation, for the thread check against Sent


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


@dataclass
class _Wake:
    """Signals from the watcher threads to the event loop."""

    loop: asyncio.AbstractEventLoop
    event: asyncio.Event

    def __call__(self) -> None:
        self.loop.call_soon_threadsafe(self.event.set)


class Service:
    """One daemon for one account and one state directory."""

    def __init__(
        self,
        config: Config,
        /,
        *,
        dry_run: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.config = config
        self.dry_run = dry_run
        self.clock = clock
        self.identity = config.identity_value
        self.settings = config.decline_settings
        self.templates = load_templates(config.decline.templates_dir or None)
        self.state_dir = config.daemon.state_path
        self.imap_endpoint = imap_endpoint(config)
        self.imap_credentials = remembering(config.imap_secret())
        smtp_secret = config.smtp_secret()
        self.smtp_credentials = None if smtp_secret is None else remembering(smtp_secret)
        self.smtp_endpoint = smtp_endpoint(config)
        self.account = config.account
        self.store: StateStore | None = None
        self._lock: DaemonLock | None = None
        self._imap_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap")
        self._session: ImapSession | None = None
        self._folders: Folders | None = None
        self._stop = asyncio.Event()
        self._changed: asyncio.Event | None = None
        self._watchers: list[IdleWatcher] = []
        self._watch_threads: list[threading.Thread] = []
        self._scheduler: Any = None
        self._smtp_blocked: str | None = None
        self._rng = random.Random()
        self._send_lock = asyncio.Lock()
        self._worker: _Worker | None = None
        # "" until the first report: a problem left in health.json by an earlier run
        # is cleared by this run's first successful cycle.
        self._problem: str | None = ""

    # ------------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        return self.clock()

    async def _imap(self, fn: Callable[..., T], /, *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._imap_thread, fn, *args)

    def _connect_blocking(self) -> ImapSession:
        if self._session is None:
            self._session = ImapSession.connect(self.imap_endpoint, self.imap_credentials)
            self._folders = None
        return self._session

    def _drop_session_blocking(self) -> None:
        session, self._session = self._session, None
        self._folders = None
        if session is not None:
            with contextlib.suppress(Exception):
                session.close()

    def _folders_blocking(self) -> Folders:
        session = self._connect_blocking()
        if self._folders is None:
            self._folders = session.find_folders()
        return self._folders

    def _selected_blocking(self, folder: str, uidvalidity: int) -> ImapSession:
        """The session with ``folder`` selected again. Drafting selects Drafts on this
        same connection, so a UID FETCH must never rely on an earlier SELECT; and UIDs
        mean nothing under another UIDVALIDITY (RFC 3501 2.3.1.1)."""
        session = self._connect_blocking()
        info = session.select(folder, readonly=True)
        if info.uidvalidity != uidvalidity:
            raise MailboxError(f"the UIDVALIDITY of {folder!r} changed during a scan")
        return session

    def _headers_blocking(
        self, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> dict[int, FetchedHeader]:
        session = self._selected_blocking(folder, uidvalidity)
        return session.fetch_headers(uids, max_bytes=MAX_HEADER_BYTES)

    def _bodies_blocking(
        self, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> dict[int, FetchedBody]:
        session = self._selected_blocking(folder, uidvalidity)
        return session.fetch_bodies(uids, max_bytes=MAX_BODY_BYTES)

    def _open_store(self) -> StateStore:
        if self.store is None:
            self.store = StateStore.open(self.state_dir)
        return self.store

    # ------------------------------------------------------------------ lifecycle

    async def run(self, *, once: bool = False) -> int:
        """Process mail until stopped (or once). Returns the exit status."""
        global _service
        self._lock = DaemonLock(self.state_dir)
        self._lock.acquire()  # StateLockedError: another daemon owns this directory
        store = self._open_store()
        _service = self
        loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        installed = self._install_signals(loop)
        try:
            await self._recover(store)
            if not once and not self.dry_run:
                self._start_scheduler()
            attempt = 0
            while not self._stop.is_set():
                try:
                    await self._cycle(once=once)
                    attempt = 0
                    self._set_problem(None)
                except FolderNotFoundError as exc:
                    # A configuration matter: say it clearly, keep retrying slowly
                    # (the user may create the folder), never crash-loop.
                    self._set_problem(str(exc))
                    if once:
                        return 1
                    await self._sleep(300)
                    continue
                except (MailboxError, OSError) as exc:
                    await self._imap(self._drop_session_blocking)
                    self._restart_watchers()
                    attempt += 1
                    # A refused login is retried rarely: hammering a server with a
                    # wrong password locks accounts. Other trouble is retried soon.
                    cap = 1800.0 if isinstance(exc, MailboxAuthError) else 300.0
                    delay = backoff.retry_delay(
                        attempt, base=1.0, cap=cap, rng_value=self._rng.random()
                    )
                    self._set_problem(f"IMAP: {exc}")
                    log.warning("IMAP trouble (%s); reconnecting in %.1f s", exc, delay)
                    if once:
                        return 1
                    await self._sleep(delay)
                    continue
                if once:
                    break
                if not self._watch_threads:
                    self._start_watchers()
                await self._wait_for_change()
            return 0
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)
            await self._shutdown()
            _service = None

    def stop(self) -> None:
        self._stop.set()
        if self._changed is not None:
            self._changed.set()
        for watcher in self._watchers:
            watcher.stop()

    def _install_signals(self, loop: asyncio.AbstractEventLoop) -> list[int]:
        installed: list[int] = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
                installed.append(sig)
            except (NotImplementedError, RuntimeError):  # not the main thread
                pass
        return installed

    def _on_signal(self, sig: int) -> None:
        log.info("%s received: finishing the current step and stopping", signal.Signals(sig).name)
        self.stop()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)

    async def _wait_for_change(self) -> None:
        assert self._changed is not None
        _give_back_memory()
        interval = self.config.daemon.sent_check_interval.total_seconds()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout=interval)
        self._changed.clear()

    async def _shutdown(self) -> None:
        for watcher in self._watchers:
            watcher.stop()
        for thread in self._watch_threads:
            await asyncio.to_thread(thread.join, 5.0)
        self._watchers.clear()
        self._watch_threads.clear()
        if self._scheduler is not None:
            with contextlib.suppress(Exception):
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
        with contextlib.suppress(Exception):
            await self._imap(self._drop_session_blocking)
        self._imap_thread.shutdown(wait=False, cancel_futures=True)
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        if self.store is not None:
            self.store.close()
            self.store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _set_problem(self, problem: str | None) -> None:
        """Log a problem once when it starts, and show it in ``status`` (health file)."""
        if problem == self._problem:
            return
        if problem:
            log.error("%s", problem)
        elif self._problem:
            log.info("recovered: the mailbox is reachable again")
        self._problem = problem
        if not self.dry_run:
            write_health(self.state_dir, problem, now=self.now())

    # ------------------------------------------------------------------ watchers

    def _start_watchers(self) -> None:
        """IDLE on INBOX and on Sent, each on its own connection and thread."""
        assert self._changed is not None
        wake = _Wake(asyncio.get_running_loop(), self._changed)
        folders = self._folders
        names = [INBOX] + ([folders.sent] if folders is not None else [])
        for name in names:
            thread = threading.Thread(
                target=self._watch, args=(name, wake), name=f"watch-{name}", daemon=True
            )
            thread.start()
            self._watch_threads.append(thread)

    def _restart_watchers(self) -> None:
        """Make each watcher drop its connection and connect again: when the main
        connection found the server gone, an IDLE connection may be dead too without
        knowing it (a silent drop is only noticed when IDLE is re-issued)."""
        for watcher in list(self._watchers):
            watcher.stop()

    def _watch(self, folder: str, wake: Callable[[], None]) -> None:
        """Blocking loop of one watcher thread: reconnect with jittered backoff, then
        wake the loop so it catches up on whatever arrived meanwhile."""
        attempt = 0
        rng = random.Random()
        idle = self.config.imap.idle_interval.total_seconds()
        poll = self.config.imap.poll_interval.total_seconds()
        while not self._stop.is_set():
            watcher: IdleWatcher | None = None
            try:
                watcher = IdleWatcher.connect(
                    self.imap_endpoint,
                    self.imap_credentials,
                    folder=folder,
                    idle_interval=idle,
                    poll_interval=poll,
                )
                self._watchers.append(watcher)
                if attempt:
                    wake()  # reconnected: catch up
                attempt = 0
                while not self._stop.is_set():
                    event = watcher.wait(idle)
                    if event.kind == "changed":
                        wake()
                    elif event.kind == "stopped":
                        if self._stop.is_set():
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
        while not self._stop.is_set() and datetime.now(UTC) < deadline:
            threading.Event().wait(0.1)

    # ------------------------------------------------------------------ one cycle

    async def _cycle(self, *, once: bool) -> None:
        store = self._open_store()
        folders = await self._imap(self._folders_blocking)
        await self._process_inbox(store, folders)
        # Sent before finishing interrupted drafts: after a crash between APPEND and
        # the state write the user may already have sent that draft; appending it
        # again would leave a second one behind.
        await self._check_sent(store, folders)
        await self._finish_drafting(store, folders)
        await self._check_drafts(store, folders)
        await self._check_replies(store)
        if once and not self.dry_run:
            for row in store.due_followups(now=self.now()):
                await self.send_followup(row.key)

    # ---- inbox ----

    async def _process_inbox(self, store: StateStore, folders: Folders) -> None:
        if not self.dry_run and self._reading_path().exists():
            # Killed in the middle of a message last time: settle it before reading on.
            await self._recover_reading(store)
        info = await self._imap(lambda: self._connect_blocking().select(INBOX, readonly=True))
        last = store.get_cursor(self.account, INBOX, info.uidvalidity)
        if last is None:
            # First start, or UIDVALIDITY changed (RFC 3501 2.3.1.1: the old UIDs mean
            # nothing now): rescan the lookback period; known Message-IDs are skipped,
            # so nothing is drafted twice.
            since = (self.now() - self.config.daemon.lookback).date()
            uids = await self._imap(lambda: self._connect_blocking().uids_since(since))
            log.info("scanning INBOX since %s: %d messages", since, len(uids))
        else:
            uids = await self._imap(lambda: self._connect_blocking().uids_above(last))
        batches = [uids[i : i + BATCH] for i in range(0, len(uids), BATCH)]
        if not batches:
            if last is None and not self.dry_run:
                # Nothing in the lookback period: start from here, not from scratch
                # on every pass.
                store.set_cursor(
                    self.account,
                    INBOX,
                    info.uidvalidity,
                    max(0, (info.uidnext or 1) - 1),
                    now=self.now(),
                )
            return
        # Pipelined: while one batch is judged here (CPU), the IMAP thread already
        # fetches the next one (network and server time), so a first start over a big
        # inbox costs about the larger of the two, not their sum.
        pending = asyncio.ensure_future(self._fetch_batch(store, info.uidvalidity, batches[0]))
        try:
            for i, batch in enumerate(batches):
                bodies = await pending
                if i + 1 < len(batches) and not self._stop.is_set():
                    pending = asyncio.ensure_future(
                        self._fetch_batch(store, info.uidvalidity, batches[i + 1])
                    )
                if not await self._judge_batch(store, folders, info.uidvalidity, bodies):
                    return  # stopping: the cursor stays, the rest is read next time
                if not self.dry_run:
                    store.set_cursor(
                        self.account, INBOX, info.uidvalidity, max(batch), now=self.now()
                    )
                if self._stop.is_set():
                    return
        finally:
            if not pending.done():
                # Let the prefetch finish (it holds the IMAP thread) and drop its result;
                # its UIDs are above the cursor and will be fetched again.
                with contextlib.suppress(Exception):
                    await pending

    async def _fetch_batch(
        self, store: StateStore, uidvalidity: int, uids: Sequence[int]
    ) -> list[_Fetched]:
        """Headers first (cut at the cap); bodies (bounded) only for the candidates
        among them. A header block over a cap comes back with its reason, unread."""
        headers = await self._imap(self._headers_blocking, INBOX, uidvalidity, uids)
        candidates: list[int] = []
        unreadable: dict[int, _Fetched] = {}
        for uid in uids:
            fetched = headers.get(uid)
            if fetched is None:
                continue
            try:
                # Linear and bounded, whatever the bytes (message.py).
                mail = read_headers(fetched.header)
                known = self._known(store, mail)
                if known is not None and known.state is not State.SEEN:
                    continue
                problem = header_problem(fetched.header)
                if problem is not None:
                    unreadable[uid] = _Fetched(uid, fetched.header, problem)
                elif header_candidate(mail) or known is not None:
                    candidates.append(uid)
                else:
                    log.info("received: uid %d: automatic or list mail (headers); no draft", uid)
            except StateError:
                raise  # the store, not the message: see _judge_batch
            except Exception:  # a hostile header block is skipped, never fatal
                log.warning("INBOX uid %d: unreadable headers; skipped", uid, exc_info=False)
        bodies = {}
        if candidates:
            bodies = await self._imap(self._bodies_blocking, INBOX, uidvalidity, candidates)
        found = [_Fetched(uid, bodies[uid].raw) for uid in candidates if uid in bodies]
        return sorted([*found, *unreadable.values()], key=lambda f: f.uid)

    async def _judge_batch(
        self,
        store: StateStore,
        folders: Folders,
        uidvalidity: int,
        bodies: Sequence[_Fetched],
    ) -> bool:
        """Every message of a batch; False when stopped before the end of it."""
        for fetched in bodies:
            if self._stop.is_set():
                return False
            uid = fetched.uid
            try:
                if fetched.problem is not None:
                    self._fail_message(store, uidvalidity, uid, fetched.raw, fetched.problem)
                    continue
                await self._consider(store, folders, uidvalidity, uid, fetched.raw)
            except (MailboxError, OSError):
                raise
            except StateError as exc:
                # A store that cannot be written (locked, disk full) is not a poison
                # message: skipping would let the cursor move past the invitation.
                if not isinstance(exc, InvalidTransitionError):
                    raise
                log.warning("INBOX uid %d: %s; skipped", uid, exc)
            except PoliteDeclineError as exc:
                log.warning("INBOX uid %d: %s; skipped", uid, exc)
            except Exception as exc:
                # Poison: a message that breaks a rule of ours is logged and skipped,
                # never retried forever and never allowed to stop the service.
                log.warning(
                    "INBOX uid %d: could not be processed (%s); skipped", uid, type(exc).__name__
                )
        return True

    def _key(self, mail: Mail, body_prefix: str = "") -> str:
        return invitation_key(
            self.account,
            clean_message_id(mail.message_id),
            from_addr=mail.from_addr or "",
            date=mail.header("Date") or "",
            subject=mail.subject or "",
            body_prefix=body_prefix,
        )

    def _known(self, store: StateStore, mail: Mail) -> InvitationRow | None:
        # Keyed from the headers alone. A message without a Message-ID is keyed by
        # its content once the body is read; under its header key there is only a
        # row when it was recorded as failed without being read (poison).
        return store.get(self._key(mail))

    # ---- poison ----

    def _fail_message(
        self, store: StateStore, uidvalidity: int, uid: int, raw: bytes, reason: str
    ) -> None:
        """Record an INBOX message as failed, keyed from its headers, before (or
        instead of) any further work on it: it is never read again."""
        mail = read_headers(raw)  # linear and bounded, whatever the bytes
        key = self._key(mail)
        log.warning("failed: INBOX uid %d (%s): %s; it will not be read again", uid, key, reason)
        if self.dry_run:
            return
        store.record_seen(
            key,
            account=self.account,
            message_id=clean_message_id(mail.message_id),
            folder=INBOX,
            uidvalidity=uidvalidity,
            uid=uid,
            from_addr=mail.from_addr or "",
            subject=clean_header_text(mail.subject),
            category="",
            score=0.0,
            reasons=(),
            now=self.now(),
        )
        row = store.get(key)
        if row is not None and row.state is State.SEEN:
            store.mark_failed(key, reason=reason, now=self.now())

    def _reading_path(self) -> Path:
        return Path(self.state_dir) / READING_FILE

    def _note_reading(self, uidvalidity: int, uid: int, raw: bytes, since: datetime) -> None:
        """Note the message being read, for a restart after a kill (see the module
        docstring). Written only for a message that is slow already."""
        if self.dry_run:
            return
        note = {"folder": INBOX, "uidvalidity": uidvalidity, "uid": uid, "since": since.isoformat()}
        path = self._reading_path()
        temp = path.with_suffix(".tmp")
        with contextlib.suppress(OSError):
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                json.dump(note, out)
            os.replace(temp, path)

    def _forget_reading(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._reading_path().unlink()

    async def _recover_reading(self, store: StateStore) -> None:
        """A message was being read when the service was killed: record it as failed
        (fetching its header block again), so that it is not read a second time."""
        path = self._reading_path()
        try:
            note = json.loads(path.read_text())
            uidvalidity, uid = int(note["uidvalidity"]), int(note["uid"])
            since = str(note.get("since", ""))[:40]
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignoring an unreadable %s", path)
            self._forget_reading()
            return
        try:
            headers = await self._imap(self._headers_blocking, INBOX, uidvalidity, [uid])
        except (MailboxConnectionError, MailboxAuthError):
            raise  # the server is away: settle the note once it is back
        except MailboxError as exc:
            # UIDVALIDITY changed: the noted UID means nothing any more.
            log.warning("cannot find INBOX uid %d noted in %s: %s", uid, path, exc)
            self._forget_reading()
            return
        fetched = headers.get(uid)
        if fetched is not None:
            self._fail_message(
                store,
                uidvalidity,
                uid,
                fetched.header,
                f"the service stopped while reading it (since {since}, more than "
                f"{MESSAGE_SUSPECT_AFTER:.0f} s)",
            )
        self._forget_reading()

    async def _within_budget(
        self, store: StateStore, uidvalidity: int, uid: int, raw: bytes, work: Callable[[], T]
    ) -> T | None:
        """``work()`` on the worker thread, within :data:`MESSAGE_BUDGET`.

        None when it did not finish: the service is stopping (a message that was
        slow already is recorded as failed; any other is read again next time), or
        the budget ran out (recorded as failed, the worker replaced).
        """
        if self._worker is None:
            self._worker = _Worker()
        loop = asyncio.get_running_loop()
        started = self.now()
        deadline = loop.time() + MESSAGE_BUDGET
        future = self._worker.submit(work)
        stopping = asyncio.ensure_future(self._stop.wait())
        waiters: set[asyncio.Future[Any]] = {future, stopping}
        noted = False
        try:
            while True:
                timeout = MESSAGE_SUSPECT_AFTER if not noted else deadline - loop.time()
                await asyncio.wait(
                    waiters, timeout=max(0.0, timeout), return_when=asyncio.FIRST_COMPLETED
                )
                if future.done():
                    return future.result()
                if not noted and not stopping.done():
                    self._note_reading(uidvalidity, uid, raw, started)
                    noted = True
                    continue
                if stopping.done() and not noted:
                    return None  # read again after the restart
                reason = (
                    f"the service was stopped while reading it, after more than "
                    f"{MESSAGE_SUSPECT_AFTER:.0f} s"
                    if stopping.done()
                    else f"reading it took longer than the budget of {MESSAGE_BUDGET:.0f} s"
                )
                # Record first: a kill from here on must not make it read again.
                self._fail_message(store, uidvalidity, uid, raw, reason)
                if not stopping.done():
                    self._worker.close()
                    self._worker = _Worker()
                return None
        finally:
            stopping.cancel()
            if not future.done():
                future.cancel()
            if noted:
                self._forget_reading()

    def _judge_blocking(self, store: StateStore, raw: bytes) -> _Judgement:
        """The work on one message, on the worker thread: pure, plus store reads."""
        stall_point(raw)
        mail = read_message(raw)
        has_id = clean_message_id(mail.message_id) is not None
        key = self._key(mail, body_prefix="" if has_id else mail.text[:512])
        row = store.get(key)
        if row is not None and row.state is not State.SEEN:
            return _Judgement(key, settled=True)
        verdict = classify(mail, identity=self.identity)
        if verdict.category is not Category.INVITATION:
            return _Judgement(key, verdict=verdict)
        facts = extract(mail)
        thread_ids = [i for i in (facts.message_id, *facts.references) if i]
        earlier = store.thread_already_drafted(thread_ids) if thread_ids else None
        decision = guard(
            mail.head,
            identity=self.identity,
            thread_already_drafted=earlier is not None and earlier != key,
            human_hint=facts.calendar_organizer,
        )
        if not decision.allowed or self.dry_run:
            return _Judgement(key, verdict=verdict, facts=facts, decision=decision, mail=mail)
        try:
            draft = compose_decline(
                facts,
                guard=decision,
                identity=self.identity,
                settings=self.settings,
                templates=self.templates,
                now=self.now(),
                message_id=make_message_id(self.identity.domain, f"pd.{key}"),
            )
        except MessageError as exc:
            return _Judgement(
                key, verdict=verdict, facts=facts, decision=decision, error=str(exc), mail=mail
            )
        return _Judgement(
            key, verdict=verdict, facts=facts, decision=decision, draft=draft, mail=mail
        )

    async def _consider(
        self, store: StateStore, folders: Folders, uidvalidity: int, uid: int, raw: bytes
    ) -> None:
        judged = await self._within_budget(
            store, uidvalidity, uid, raw, lambda: self._judge_blocking(store, raw)
        )
        if judged is None or judged.settled:
            return
        key, verdict = judged.key, judged.verdict
        assert verdict is not None
        if verdict.category is not Category.INVITATION:
            log.info(
                "received: uid %d: %s (score %.2f); no draft",
                uid,
                verdict.category.value,
                verdict.score,
            )
            return
        facts, decision = judged.facts, judged.decision
        assert facts is not None
        assert decision is not None
        if decision.allowed and judged.mail is not None:
            # A reply in a conversation the user already takes part in (found in Sent)
            # is refused by the guard's own rule, so status says why.
            conversation = await self._conversation(judged.mail, folders)
            if conversation:
                decision = guard(
                    judged.mail.head, identity=self.identity, conversation=conversation
                )
        subject = facts.subject
        log.info(
            "received: %s from %s, %r: invitation (score %.2f: %s)",
            key,
            facts.from_addr,
            subject[:80],
            verdict.score,
            "; ".join(verdict.reasons[:3]),
        )
        if self.dry_run:
            if decision.allowed:
                log.info("dry run: would draft a decline to %s for %s", decision.to, key)
            else:
                log.info("dry run: would skip %s (rule %s)", key, decision.rule)
            return
        store.record_seen(
            key,
            account=self.account,
            message_id=facts.message_id,
            folder=INBOX,
            uidvalidity=uidvalidity,
            uid=uid,
            from_addr=facts.from_addr,
            subject=subject,
            category=verdict.category.value,
            score=verdict.score,
            reasons=verdict.reasons,
            facts=facts_to_dict(facts),
            language=facts.language,
            # The thread's root (the first References entry, RFC 5322 3.6.4), so that
            # siblings answering one root are one thread, not only direct replies.
            thread_key=(facts.references or (facts.message_id,))[0],
            now=self.now(),
        )
        fault_point("after_recognise")
        if not decision.allowed:
            rule = decision.rule or "guard"
            store.mark_skipped(
                key, rule=f"{rule}: {decision.note}" if decision.note else rule, now=self.now()
            )
            log.info("skipped: %s by rule %s", key, decision.rule)
            return
        draft = judged.draft
        if draft is None:
            # Poison: no safe reply can be written from this message. Record it so it
            # is never retried, and say why in status.
            error = judged.error or "nothing was composed"
            store.mark_failed(
                key, reason=f"no safe reply could be composed: {error}", now=self.now()
            )
            log.warning("failed: %s (%s)", key, error)
            return
        store.begin_drafting(
            key,
            draft_message_id=draft.message_id,
            draft_to=draft.to,
            draft_text=draft.body,
            draft_raw=draft.raw,
            auto_send_ok=decision.auto_send_ok,
            now=self.now(),
        )
        await self._append_draft(store, folders, key, draft.message_id, draft.raw)

    async def _conversation(self, mail: Mail, folders: Folders) -> str | None:
        """Whether ``mail`` only continues a conversation the user takes part in.

        The messages it answers (In-Reply-To, References: RFC 5322 3.6.4) are looked
        for in Sent; the user's own among them decide (see
        :func:`continues_conversation`). Only the newest few ids are looked up.
        """
        ids = [clean_message_id(i) for i in (mail.in_reply_to, *mail.references)]
        wanted = list(dict.fromkeys(i for i in ids if i))[-THREAD_LOOKUPS:]
        if not wanted:
            return None

        def blocking() -> list[bytes]:
            session = self._connect_blocking()
            uids: list[int] = []
            for mid in wanted:
                uids.extend(session.find_by_message_id(folders.sent, mid))
            if not uids:
                return []
            found = session.fetch_bodies(
                sorted(set(uids))[-THREAD_LOOKUPS:], max_bytes=MAX_BODY_BYTES
            )
            return [body.raw for body in found.values()]

        try:
            raws = await self._imap(blocking)
        except UnsafeValueError:
            return None
        return continues_conversation(
            mail, [read_message(raw) for raw in raws], identity=self.identity
        )

    async def _append_draft(
        self, store: StateStore, folders: Folders, key: str, draft_id: str, raw: bytes
    ) -> None:
        def blocking() -> tuple[int | None, int | None]:
            session = self._connect_blocking()
            # Recovery and first attempt alike: if the draft is there already (a crash
            # after APPEND, before the state write), do not append a second one.
            found = session.find_by_message_id(folders.drafts, draft_id)
            if found:
                info = session.select(folders.drafts, readonly=True)
                return info.uidvalidity, found[-1]
            result = session.append(folders.drafts, raw, flags=("\\Draft", "\\Seen"))
            fault_point("after_append")
            return (result.uidvalidity, result.uid) if result else (None, None)

        uidvalidity, uid = await self._imap(blocking)
        store.mark_drafted(key, draft_uidvalidity=uidvalidity, draft_uid=uid, now=self.now())
        log.info("drafted: %s (draft %s in %s)", key, draft_id, folders.drafts)

    async def _finish_drafting(self, store: StateStore, folders: Folders) -> None:
        """Rows left in ``drafting`` by a crash: find the draft or append it now."""
        if self.dry_run:
            return
        for row in store.rows(State.DRAFTING):
            if row.draft_message_id and row.draft_raw:
                await self._append_draft(
                    store, folders, row.key, row.draft_message_id, row.draft_raw
                )

    # ---- sent ----

    async def _check_sent(self, store: StateStore, folders: Folders) -> None:
        """New messages in Sent: is one of them a sent decline, or the user's own answer?"""
        waiting = store.rows(State.SEEN, State.DRAFTING, State.DRAFTED, State.DRAFT_MISSING)
        by_id: dict[str, InvitationRow] = {}
        for row in waiting:
            for mid in (row.message_id, row.draft_message_id):
                if mid:
                    by_id[mid.lower()] = row
        info = await self._imap(
            lambda: self._connect_blocking().select(folders.sent, readonly=True)
        )
        last = store.get_cursor(self.account, folders.sent, info.uidvalidity)
        if last is None:
            since = (self.now() - self.config.daemon.lookback).date()
            uids = await self._imap(lambda: self._connect_blocking().uids_since(since))
        else:
            uids = await self._imap(lambda: self._connect_blocking().uids_above(last))
        if not uids:
            if last is None and not self.dry_run:
                store.set_cursor(
                    self.account,
                    folders.sent,
                    info.uidvalidity,
                    max(0, (info.uidnext or 1) - 1),
                    now=self.now(),
                )
            return
        if not by_id:
            if not self.dry_run:
                store.set_cursor(
                    self.account, folders.sent, info.uidvalidity, max(uids), now=self.now()
                )
            return
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            headers = await self._imap(
                self._headers_blocking, folders.sent, info.uidvalidity, batch
            )
            linked: dict[int, InvitationRow] = {}
            for uid, fetched in headers.items():
                try:
                    mail = read_headers(fetched.header)
                except Exception:  # hostile headers: not a decline of ours
                    log.debug("Sent uid %d: unreadable headers", uid)
                    continue
                ids = [mail.message_id, mail.in_reply_to, *mail.references]
                for mid in ids:
                    if mid and mid.lower() in by_id:
                        linked[uid] = by_id[mid.lower()]
                        break
            if linked:
                wanted = list(linked)
                bodies = await self._imap(
                    self._bodies_blocking, folders.sent, info.uidvalidity, wanted
                )
                for uid, row in linked.items():
                    if uid in bodies:
                        await self._match_sent(store, row, bodies[uid].raw)
            if not self.dry_run:
                store.set_cursor(
                    self.account, folders.sent, info.uidvalidity, max(batch), now=self.now()
                )

    async def _match_sent(self, store: StateStore, row: InvitationRow, raw: bytes) -> None:
        mail = read_message(raw)
        sent = SentMessage(
            message_id=clean_message_id(mail.message_id),
            in_reply_to=(mail.in_reply_to,) if mail.in_reply_to else (),
            references=mail.references,
            recipients=(*mail.to, *mail.cc),
            text=mail.text,
        )
        result = classify_sent(
            sent,
            invitation_message_id=row.message_id,
            draft_message_id=row.draft_message_id,
            draft_to=row.draft_to or "",
            draft_text=row.draft_text or "",
        )
        if self.dry_run or result.kind is MatchKind.UNRELATED:
            return
        current = store.get(row.key)
        if current is None or current.state not in (
            State.SEEN,
            State.DRAFTING,
            State.DRAFTED,
            State.DRAFT_MISSING,
        ):
            return
        if result.kind is MatchKind.ANSWERED_BY_USER:
            store.mark_answered(row.key, reason=result.reason, now=self.now())
            log.info("answered by the user: %s (%s); no follow-up", row.key, result.reason)
            return
        sent_at = mail.date or self.now()
        store.mark_sent(
            row.key,
            sent_message_id=sent.message_id,
            sent_to=sent.recipients,
            sent_references=clean_references(mail.references),
            sent_at=sent_at,
            now=self.now(),
        )
        log.info("sent detected: %s (%s)", row.key, result.reason)
        fault_point("after_send_detected")
        await self._schedule(store, row.key)

    # ---- drafts that vanish ----

    async def _check_drafts(self, store: StateStore, folders: Folders) -> None:
        if self.dry_run:
            return
        rows = store.rows(State.DRAFTED, State.DRAFT_MISSING)
        if not rows:
            return

        in_drafts = await self._imap(lambda: self._connect_blocking().message_ids(folders.drafts))
        now = self.now()
        limit = self.config.daemon.discard_after
        for row in rows:
            there = (row.draft_message_id or "").lower() in in_drafts
            if row.state is State.DRAFTED and not there:
                store.mark_draft_missing(row.key, now=now)
                log.info("draft gone from %s: %s (waiting for a send)", folders.drafts, row.key)
            elif row.state is State.DRAFT_MISSING and there:
                store.clear_draft_missing(row.key, now=now)
            elif (
                row.state is State.DRAFT_MISSING
                and row.draft_missing_since is not None
                and now - row.draft_missing_since >= limit
            ):
                store.mark_discarded(
                    row.key, reason=f"draft deleted and not sent within {limit}", now=now
                )
                log.info("discarded: %s (the draft was deleted without a send)", row.key)

    # ---- replies from the recruiter ----

    async def _check_replies(self, store: StateStore) -> None:
        """cancel_if_replied: a person's answer after the decline cancels the thank-you."""
        if self.dry_run or not self.config.followup.cancel_if_replied:
            return
        for row in store.rows(State.SCHEDULED):
            reason = await self._recruiter_replied(row)
            if reason:
                store.cancel(row.key, reason=reason, now=self.now())
                log.info("cancelled: %s (%s)", row.key, reason)

    async def _recruiter_replied(self, row: InvitationRow) -> str | None:
        sent_id = clean_message_id(row.sent_message_id)
        if sent_id is None:
            return None

        def blocking() -> dict[int, bytes]:
            session = self._connect_blocking()
            uids = session.find_replies_to(INBOX, sent_id)
            fetched = session.fetch_headers(uids, max_bytes=MAX_HEADER_BYTES)
            return {u: h.header for u, h in fetched.items()}

        try:
            replies = await self._imap(blocking)
        except UnsafeValueError:
            return None
        mine = self.identity.addresses
        for raw in replies.values():
            if header_problem(raw) is not None:
                continue  # not a reply anyone wrote by hand
            mail = read_headers(raw)
            headers = mail.head
            if (mail.from_addr or "").lower() in mine:
                continue
            robot = is_automatic_reply(headers)
            if robot:
                log.info(
                    "%s: an automatic reply (%s) does not cancel the follow-up", row.key, robot
                )
                continue
            return f"the recruiter replied ({mail.from_addr})"
        return None

    # ------------------------------------------------------------------ follow-ups

    def _zone(self, facts: InvitationFacts | None) -> tzinfo:
        name = self.config.followup.timezone
        if name == "recipient" and facts is not None:
            zone = recipient_zone(facts.date, facts.calendar_tzid)
            if zone is not None:
                return zone
        if name and name != "recipient":
            return ZoneInfo(name)
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else UTC

    async def _schedule(self, store: StateStore, key: str) -> None:
        row = store.get(key)
        if row is None or row.state is not State.SENT:
            return
        follow = self.config.followup
        recipient = (row.sent_to or (row.draft_to or "",))[0]
        if not follow.enabled:
            store.cancel(key, reason="follow-ups are turned off in the config", now=self.now())
            return
        if not row.auto_send_ok or is_robot_address(recipient):
            store.cancel(
                key,
                reason=f"no automatic follow-up to {recipient} (no-reply or robot)",
                now=self.now(),
            )
            return
        facts = facts_from_dict(row.facts) if row.facts else None
        zone = self._zone(facts)
        sent_at = row.sent_at or self.now()
        due = due_time(
            sent_at,
            delay=follow.delay,
            window=follow.window,
            weekdays=follow.weekday_numbers,
            tz=zone,  # type: ignore[arg-type]
            jitter=follow.jitter,
            rng_value=self._rng.random(),
        )
        followup_id = make_message_id(self.identity.domain, f"pd.followup.{key}")
        store.schedule_followup(
            key, due=due, followup_message_id=followup_id, recipient=recipient, now=self.now()
        )
        log.info(
            "scheduled: follow-up for %s due %s (%s)",
            key,
            due.astimezone(zone).isoformat(timespec="minutes"),
            zone,
        )
        self._register(key, due)

    def _start_scheduler(self) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        # Earlier versions kept a second copy of the jobs here (APScheduler's
        # SQLAlchemy job store); the outbox rows are the record, so it goes.
        with contextlib.suppress(FileNotFoundError):
            (Path(self.state_dir) / OLD_JOB_STORE).unlink()
            log.info(
                "removed %s: the state database is the one record of follow-ups", OLD_JOB_STORE
            )
        # The default in-memory job store: a timer, filled from the outbox below.
        self._scheduler = AsyncIOScheduler(
            job_defaults={
                # A job missed while the daemon was down must still run: the late-send
                # limit is applied by our own code, with a reason the user can see.
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 1,
            },
            timezone=UTC,
        )
        self._scheduler.start()
        store = self._open_store()
        for row in store.rows(State.SCHEDULED):
            if row.followup_due is not None:
                self._register(row.key, row.followup_due)

    def _register(self, key: str, due: datetime) -> None:
        if self._scheduler is None:
            return
        self._scheduler.add_job(
            run_followup_job,
            "date",
            run_date=due,
            args=[key],
            id=f"followup:{key}",
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def send_followup(self, key: str) -> None:
        """Send one follow-up, exactly once, or record why not."""
        async with self._send_lock:
            await self._send_followup(key)

    async def _send_followup(self, key: str) -> None:
        store = self._open_store()
        row = store.get(key)
        if row is None or row.state is not State.SCHEDULED or row.followup_due is None:
            return
        now = self.now()
        follow = self.config.followup
        decision = late_decision(row.followup_due, now, limit=follow.late_limit)
        if decision == "wait":
            self._register(key, row.followup_due)
            return
        if decision == "too_late":
            store.expire_followup(
                key,
                reason=f"too late (due {row.followup_due:%Y-%m-%d %H:%M} "
                f"UTC, limit {follow.late_limit})",
                now=now,
            )
            log.warning("follow-up for %s not sent: too late", key)
            return
        if self._smtp_blocked:
            return
        recipients = row.sent_to or ((row.recipient,) if row.recipient else ())
        if not recipients or any(is_robot_address(r) for r in recipients):
            store.cancel(key, reason="no human recipient", now=now)
            return
        if follow.cancel_if_replied:
            replied = await self._recruiter_replied(row)
            if replied:
                store.cancel(key, reason=replied, now=now)
                return
        recipient = recipients[0]
        earlier = store.recent_followup_to(recipient, since=now - follow.per_recipient_window)
        if earlier is not None:
            store.cancel(
                key,
                reason=f"a follow-up went to {recipient} on {earlier:%Y-%m-%d}; at most one "
                f"per {follow.per_recipient_window}",
                now=now,
            )
            return
        if not store.claim_followup(key, now=now):
            return  # someone else has it: the conditional claim keeps it to one
        raw = self._followup_raw(row)
        try:
            await send_message(
                raw,
                endpoint=self.smtp_endpoint,
                credentials=self.smtp_credentials,
                sender=self.identity.email,
                recipients=recipients,
            )
        except TemporarySendError as exc:
            attempts = row.followup_attempts + 1
            if attempts >= self.config.smtp.max_attempts:
                store.finish_followup(
                    key, "failed", reason=f"gave up after {attempts} tries: {exc}", now=self.now()
                )
                return
            base = self.config.smtp.retry_after.total_seconds()
            delay = backoff.retry_delay(
                attempts, base=base, cap=max(base, 3600.0), rng_value=self._rng.random()
            )
            due = self.now() + timedelta(seconds=delay)
            store.retry_followup(key, due=due, reason=f"will retry: {exc}", now=self.now())
            self._register(key, due)
            log.warning(
                "follow-up for %s: temporary failure (%s); retry at %s",
                key,
                exc,
                due.isoformat(timespec="seconds"),
            )
            return
        except (SendAuthError, InsecureTransportError) as exc:
            # Stop sending and say so once: retrying a refused login can lock accounts.
            self._smtp_blocked = str(exc)
            store.retry_followup(
                key,
                due=row.followup_due,
                reason=f"not sent: {exc}; fix the [smtp] settings and restart",
                now=self.now(),
            )
            log.error("SMTP: %s; no follow-ups will be sent until this is fixed", exc)
            return
        except PermanentSendError as exc:
            store.finish_followup(key, "failed", reason=str(exc), now=self.now())
            log.error("follow-up for %s refused: %s", key, exc)
            return
        except UncertainSendError as exc:
            store.finish_followup(key, "uncertain", reason=str(exc), now=self.now())
            log.warning("follow-up for %s may or may not have gone out (%s)", key, exc)
            await self._resolve_uncertain(store, key)
            return
        except SendError as exc:
            store.finish_followup(key, "failed", reason=str(exc), now=self.now())
            return
        fault_point("after_smtp_250")
        store.finish_followup(key, "followed_up", now=self.now())
        log.info("followed up: %s to %s", key, ", ".join(recipients))
        if self._save_to_sent():
            await self._file_in_sent(raw)

    def _followup_raw(self, row: InvitationRow) -> bytes:
        facts = facts_from_dict(row.facts)
        draft = compose_followup(
            facts,
            identity=self.identity,
            recipients=tuple(row.sent_to or (row.recipient or "",)),
            subject=reply_subject(row.subject),
            in_reply_to=row.sent_message_id or row.draft_message_id or "",
            references=tuple(row.sent_references),
            now=self.now(),
            message_id=row.followup_message_id or "",
            auto_submitted=self.config.followup.auto_submitted,
            templates=self.templates,
            settings=self.settings,
            language=self.settings.language or row.language or "en",
            names=display_names(facts, row.draft_raw),
        )
        return draft.raw

    def _save_to_sent(self) -> bool:
        mode = self.config.smtp.save_to_sent
        if mode == "auto":
            host = self.config.smtp.host.lower()
            return not any(host == h or host.endswith("." + h) for h in SELF_FILING_HOSTS)
        return mode == "always"

    async def _file_in_sent(self, raw: bytes) -> None:
        def blocking() -> None:
            folders = self._folders_blocking()
            self._connect_blocking().append(folders.sent, raw, flags=("\\Seen",))

        try:
            await self._imap(blocking)
        except PoliteDeclineError as exc:
            log.warning("the follow-up went out but no copy could be put in Sent: %s", exc)

    async def _resolve_uncertain(self, store: StateStore, key: str) -> None:
        """An uncertain send is settled by looking for its Message-ID in Sent."""
        row = store.get(key)
        if row is None or row.state is not State.UNCERTAIN or not row.followup_message_id:
            return
        mid = row.followup_message_id

        def blocking() -> bool:
            folders = self._folders_blocking()
            return bool(self._connect_blocking().find_by_message_id(folders.sent, mid))

        try:
            if await self._imap(blocking):
                store.confirm_followup(key, now=self.now())
                log.info("uncertain follow-up for %s found in Sent: followed up", key)
        except (MailboxError, OSError) as exc:
            log.warning("could not look in Sent for %s: %s", key, exc)

    # ------------------------------------------------------------------ recovery

    async def _recover(self, store: StateStore) -> None:
        """After a crash: follow-ups caught mid-send become uncertain, then are settled
        through Sent; scheduled ones are re-registered when the scheduler starts."""
        if self.dry_run:
            return
        for key in store.recover_interrupted(now=self.now()):
            log.warning("follow-up for %s was being sent when the service stopped", key)
            with contextlib.suppress(PoliteDeclineError, OSError):
                await self._resolve_uncertain(store, key)
        for row in store.rows(State.SENT):
            await self._schedule(store, row.key)
