"""The daemon: builds the stages, runs the cycle, owns the lifecycle.

:class:`Service` composes the stages (each in its own module of this package) and
does nothing else: it takes the daemon lock, recovers, starts the timer, runs one
cycle after another (each woken by the watchers or by the Sent check interval),
reconnects after IMAP trouble, reports the current problem in the health file for
``status``, and stops cleanly on SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from datetime import datetime

from mailer.adapters.endpoints import imap_endpoint, remembering, smtp_endpoint
from mailer.adapters.health import write_health
from mailer.adapters.lock import DaemonLock
from mailer.config import Config
from mailer.errors import FolderNotFoundError, MailboxError
from mailer.service.context import Context, service_log, utc_now
from mailer.service.drafting import Drafting
from mailer.service.followup import FollowUps
from mailer.service.inbox import Inbox
from mailer.service.mailbox import Mailbox
from mailer.service.recovery import Recovery
from mailer.service.replies import Replies
from mailer.service.sent import SentTracking
from mailer.service.timer import Timer
from mailer.service.watching import Watchers, reconnect_delay
from mailer.service.worker import Budget

__all__ = ["Service"]

log = service_log


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
        self.ctx = ctx = Context(config, dry_run=dry_run, clock=clock)
        imap = imap_endpoint(config)
        imap_credentials = remembering(config.imap_secret())
        smtp_secret = config.smtp_secret()
        smtp_credentials = None if smtp_secret is None else remembering(smtp_secret)
        self.mailbox = Mailbox(imap, imap_credentials)
        self.watchers = Watchers(
            imap,
            imap_credentials,
            idle_interval=config.imap.idle_interval.total_seconds(),
            poll_interval=config.imap.poll_interval.total_seconds(),
            stopping=ctx.stopping,
        )
        self.timer = Timer(ctx)
        self.replies = Replies(ctx, self.mailbox)
        self.followups = FollowUps(
            ctx,
            self.mailbox,
            self.timer,
            self.replies,
            endpoint=smtp_endpoint(config),
            credentials=smtp_credentials,
        )
        self.budget = Budget(ctx)
        self.drafting = Drafting(ctx, self.mailbox)
        self.inbox = Inbox(ctx, self.mailbox, self.budget, self.drafting.act)
        self.sent = SentTracking(ctx, self.mailbox, self.followups.schedule)
        self.recovery = Recovery(ctx, self.mailbox, self.drafting, self.followups)
        self._lock: DaemonLock | None = None
        # "" until the first report: a problem left in health.json by an earlier run
        # is cleared by this run's first successful cycle.
        self._problem: str | None = ""

    def now(self) -> datetime:
        return self.ctx.now()

    async def send_followup(self, key: str) -> None:
        """Send one follow-up, exactly once, or record why not."""
        await self.followups.send(key)

    # ------------------------------------------------------------------ lifecycle

    async def run(self, *, once: bool = False) -> int:
        """Process mail until stopped (or once). Returns the exit status."""
        self._lock = DaemonLock(self.ctx.state_dir)
        self._lock.acquire()  # StateLockedError: another daemon owns this directory
        self.ctx.open_store()
        loop = asyncio.get_running_loop()
        installed = self._install_signals(loop)
        try:
            await self.recovery.at_start()
            if not once and not self.dry_run:
                self.timer.start(self.followups.send)
            return await self._loop(once=once)
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)
            await self._shutdown()

    async def _loop(self, *, once: bool) -> int:
        attempt = 0
        while not self.ctx.stopping.is_set():
            try:
                await self.cycle(once=once)
                attempt = 0
                self._set_problem(None)
            except FolderNotFoundError as exc:
                # A configuration matter: say it clearly, keep retrying slowly (the
                # user may create the folder), never crash-loop.
                self._set_problem(str(exc))
                if once:
                    return 1
                await self._sleep(300)
                continue
            except (MailboxError, OSError) as exc:
                await self.mailbox.drop()
                self.watchers.restart()
                attempt += 1
                delay = reconnect_delay(exc, attempt, rng_value=self.ctx.rng.random())
                self._set_problem(f"IMAP: {exc}")
                log.warning("IMAP trouble (%s); reconnecting in %.1f s", exc, delay)
                if once:
                    return 1
                await self._sleep(delay)
                continue
            if once:
                break
            if not self.watchers.running:
                self.watchers.start(self.mailbox.known_folders)
            interval = self.config.daemon.sent_check_interval.total_seconds()
            await self.watchers.wait_for_change(interval)
        return 0

    async def cycle(self, *, once: bool = False) -> None:
        """One pass over the mailbox, in the order that keeps a crash safe."""
        folders = await self.mailbox.folders()
        await self.recovery.settle_reading()  # a message being read when killed
        await self.inbox.scan(folders)
        # Sent before finishing interrupted drafts: after a crash between APPEND and
        # the state write the user may already have sent that draft; appending it
        # again would leave a second one behind.
        await self.sent.check_sent(folders)
        await self.recovery.finish_drafting(folders)
        await self.sent.check_drafts(folders)
        await self.replies.check()
        if once and not self.dry_run:
            for row in self.ctx.store.due_followups(now=self.ctx.now()):
                await self.followups.send(row.key)

    def stop(self) -> None:
        self.ctx.stopping.set()
        self.watchers.stop()

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
            await asyncio.wait_for(self.ctx.stopping.wait(), timeout=seconds)

    async def _shutdown(self) -> None:
        await self.watchers.close()
        self.timer.shutdown()
        await self.mailbox.close()
        self.budget.close()
        self.ctx.close_store()
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
            write_health(self.ctx.state_dir, problem, now=self.ctx.now())
