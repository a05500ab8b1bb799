"""The inbox: scan INBOX from the cursor, screen headers, judge the candidates.

A scan reads the UIDs above the stored cursor (on a first start, or after a
UIDVALIDITY change, those of the lookback period: RFC 3501 2.3.1.1), in batches of
:data:`BATCH`. For each batch the header blocks come first, cut at the header cap,
and are screened (:meth:`Inbox.screen`): a header block over a cap becomes a
``failed`` row before any parsing, automatic and list mail is dropped at once, and
only the remaining candidates' bodies are fetched (bounded). Each candidate is then
judged on the worker thread within its time budget (:mod:`mailer.service.worker`,
:mod:`mailer.service.judging`) and handed on (:mod:`mailer.service.drafting`). The
cursor moves after each batch, so a restart reads nothing twice and skips nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from mailer.adapters.imap import Folders
from mailer.adapters.store import InvitationRow
from mailer.core.message import Mail, header_problem, read_headers
from mailer.core.recognise import header_candidate
from mailer.core.state import State
from mailer.errors import (
    InvalidTransitionError,
    MailboxError,
    PoliteDeclineError,
    StateError,
)
from mailer.service.context import INBOX, Context, service_log
from mailer.service.judging import Judgement, judge, message_key
from mailer.service.mailbox import BATCH, Mailbox
from mailer.service.worker import Budget, record_failed

__all__ = ["Fetched", "Inbox", "OnJudged"]

log = service_log

#: What becomes of a judged message: ``(judgement, folders, uidvalidity, uid)``.
OnJudged = Callable[[Judgement, Folders, int, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """One INBOX message as fetched: its header view, its bytes (only the header
    block when ``problem`` is set) and why it cannot be read, if it cannot."""

    uid: int
    mail: Mail
    raw: bytes
    problem: str | None = None


class Inbox:
    """Scans INBOX and hands each judged candidate to ``on_judged``."""

    def __init__(self, ctx: Context, mailbox: Mailbox, budget: Budget, on_judged: OnJudged) -> None:
        self.ctx = ctx
        self.mailbox = mailbox
        self.budget = budget
        self.on_judged = on_judged

    async def scan(self, folders: Folders) -> None:
        """Everything new in INBOX, batch by batch; stops early when stopping."""
        ctx = self.ctx
        info = await self.mailbox.run(lambda s: s.select(INBOX, readonly=True))
        last = ctx.store.get_cursor(ctx.account, INBOX, info.uidvalidity)
        if last is None:
            # First start, or UIDVALIDITY changed (RFC 3501 2.3.1.1: the old UIDs mean
            # nothing now): rescan the lookback period; known Message-IDs are skipped,
            # so nothing is drafted twice.
            since = (ctx.now() - ctx.config.daemon.lookback).date()
            uids = await self.mailbox.run(lambda s: s.uids_since(since))
            log.info("scanning INBOX since %s: %d messages", since, len(uids))
        else:
            uids = await self.mailbox.run(lambda s: s.uids_above(last))
        batches = [uids[i : i + BATCH] for i in range(0, len(uids), BATCH)]
        if not batches:
            if last is None and not ctx.dry_run:
                # Nothing in the lookback period: start from here, not from scratch
                # on every pass.
                ctx.store.set_cursor(
                    ctx.account,
                    INBOX,
                    info.uidvalidity,
                    max(0, (info.uidnext or 1) - 1),
                    now=ctx.now(),
                )
            return
        await self._batches(folders, info.uidvalidity, batches)

    async def _batches(
        self, folders: Folders, uidvalidity: int, batches: Sequence[Sequence[int]]
    ) -> None:
        # Pipelined: while one batch is judged here (CPU), the IMAP thread already
        # fetches the next one (network and server time), so a first start over a big
        # inbox costs about the larger of the two, not their sum.
        ctx = self.ctx
        pending = asyncio.ensure_future(self.screen(uidvalidity, batches[0]))
        try:
            for i, batch in enumerate(batches):
                bodies = await pending
                if i + 1 < len(batches) and not ctx.stopping.is_set():
                    pending = asyncio.ensure_future(self.screen(uidvalidity, batches[i + 1]))
                if not await self.judge_batch(folders, uidvalidity, bodies):
                    return  # stopping: the cursor stays, the rest is read next time
                if not ctx.dry_run:
                    ctx.store.set_cursor(ctx.account, INBOX, uidvalidity, max(batch), now=ctx.now())
                if ctx.stopping.is_set():
                    return
        finally:
            if not pending.done():
                # Let the prefetch finish (it holds the IMAP thread) and drop its result;
                # its UIDs are above the cursor and will be fetched again.
                with contextlib.suppress(Exception):
                    await pending

    async def screen(self, uidvalidity: int, uids: Sequence[int]) -> list[Fetched]:
        """Headers first (cut at the cap); bodies (bounded) only for the candidates
        among them. A header block over a cap comes back with its reason, unread."""
        headers = await self.mailbox.fetch_headers(INBOX, uidvalidity, uids)
        candidates: dict[int, Mail] = {}
        unreadable: dict[int, Fetched] = {}
        for uid in uids:
            fetched = headers.get(uid)
            if fetched is None:
                continue
            try:
                # Linear and bounded, whatever the bytes (message.py).
                mail = read_headers(fetched.header)
                known = self._known(mail)
                if known is not None and known.state is not State.SEEN:
                    continue
                problem = header_problem(fetched.header)
                if problem is not None:
                    unreadable[uid] = Fetched(uid, mail, fetched.header, problem)
                elif header_candidate(mail) or known is not None:
                    candidates[uid] = mail
                else:
                    log.info("received: uid %d: automatic or list mail (headers); no draft", uid)
            except StateError:
                raise  # the store, not the message: see judge_batch
            except Exception:  # a hostile header block is skipped, never fatal
                log.warning("INBOX uid %d: unreadable headers; skipped", uid, exc_info=False)
        bodies = {}
        if candidates:
            bodies = await self.mailbox.fetch_bodies(INBOX, uidvalidity, list(candidates))
        found = [Fetched(u, m, bodies[u].raw) for u, m in candidates.items() if u in bodies]
        return sorted([*found, *unreadable.values()], key=lambda f: f.uid)

    def _known(self, mail: Mail) -> InvitationRow | None:
        # Keyed from the headers alone. A message without a Message-ID is keyed by
        # its content once the body is read; under its header key there is only a
        # row when it was recorded as failed without being read (poison).
        return self.ctx.store.get(message_key(self.ctx.account, mail))

    async def judge_batch(
        self, folders: Folders, uidvalidity: int, bodies: Sequence[Fetched]
    ) -> bool:
        """Every message of a batch; False when stopped before the end of it."""
        for fetched in bodies:
            if self.ctx.stopping.is_set():
                return False
            uid = fetched.uid
            try:
                if fetched.problem is not None:
                    record_failed(self.ctx, uidvalidity, uid, fetched.mail, fetched.problem)
                    continue
                await self._consider(folders, uidvalidity, fetched)
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

    async def _consider(self, folders: Folders, uidvalidity: int, fetched: Fetched) -> None:
        raw, mail = fetched.raw, fetched.mail
        judged = await self.budget.run(
            uidvalidity, fetched.uid, mail, lambda: judge(self.ctx, raw, headers=mail)
        )
        if judged is not None:
            await self.on_judged(judged, folders, uidvalidity, fetched.uid)
