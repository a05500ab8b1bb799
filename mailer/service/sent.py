"""Sent tracking: which decline the user sent, or answered otherwise; which draft
the user deleted.

:meth:`SentTracking.check_sent` reads what is new in Sent since its cursor. A message
whose Message-ID, In-Reply-To or References names an invitation or a draft we wait on
is read in full and matched (:func:`~mailer.core.match.classify_sent`): our decline
sent (perhaps edited, with a new Message-ID, as clients do) is ``sent`` and its
follow-up is scheduled; the user's own answer instead is ``answered``.

:meth:`SentTracking.check_drafts` notices a draft gone from Drafts: the user may have
sent it (Sent will say) or deleted it; one deleted and not sent within
``daemon.discard_after`` is ``discarded``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from mailer.adapters.imap import Folders
from mailer.adapters.store import InvitationRow
from mailer.core.headers import clean_message_id, clean_references
from mailer.core.match import MatchKind, SentMessage, classify_sent
from mailer.core.message import Mail, read_headers, read_message
from mailer.core.state import State
from mailer.faults import fault_point
from mailer.service.context import Context, service_log
from mailer.service.mailbox import BATCH, Mailbox

__all__ = ["SentTracking"]

log = service_log

#: The states of an invitation whose decline may still turn up in Sent.
_WAITING = (State.SEEN, State.DRAFTING, State.DRAFTED, State.DRAFT_MISSING)


class SentTracking:
    """Sent and Drafts, read for what the user did; ``on_sent(key)`` schedules."""

    def __init__(
        self, ctx: Context, mailbox: Mailbox, on_sent: Callable[[str], Awaitable[None]]
    ) -> None:
        self.ctx = ctx
        self.mailbox = mailbox
        self.on_sent = on_sent

    async def check_sent(self, folders: Folders) -> None:
        """New messages in Sent: is one of them a sent decline, or the user's own answer?"""
        ctx, store = self.ctx, self.ctx.store
        by_id: dict[str, InvitationRow] = {}
        for row in store.rows(*_WAITING):
            for mid in (row.message_id, row.draft_message_id):
                if mid:
                    by_id[mid.lower()] = row
        info = await self.mailbox.run(lambda s: s.select(folders.sent, readonly=True))
        last = store.get_cursor(ctx.account, folders.sent, info.uidvalidity)
        if last is None:
            since = (ctx.now() - ctx.config.daemon.lookback).date()
            uids = await self.mailbox.run(lambda s: s.uids_since(since))
        else:
            uids = await self.mailbox.run(lambda s: s.uids_above(last))
        if not uids:
            if last is None:
                self._move_cursor(folders, info.uidvalidity, max(0, (info.uidnext or 1) - 1))
            return
        if not by_id:
            self._move_cursor(folders, info.uidvalidity, max(uids))
            return
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            await self._read_batch(folders, info.uidvalidity, batch, by_id)
            self._move_cursor(folders, info.uidvalidity, max(batch))

    def _move_cursor(self, folders: Folders, uidvalidity: int, uid: int) -> None:
        if not self.ctx.dry_run:
            self.ctx.store.set_cursor(
                self.ctx.account, folders.sent, uidvalidity, uid, now=self.ctx.now()
            )

    async def _read_batch(
        self,
        folders: Folders,
        uidvalidity: int,
        batch: Sequence[int],
        by_id: dict[str, InvitationRow],
    ) -> None:
        headers = await self.mailbox.fetch_headers(folders.sent, uidvalidity, batch)
        linked: dict[int, tuple[InvitationRow, Mail]] = {}
        for uid, fetched in headers.items():
            try:
                mail = read_headers(fetched.header)
            except Exception:  # hostile headers: not a decline of ours
                log.debug("Sent uid %d: unreadable headers", uid)
                continue
            ids = [mail.message_id, mail.in_reply_to, *mail.references]
            for mid in ids:
                if mid and mid.lower() in by_id:
                    linked[uid] = (by_id[mid.lower()], mail)
                    break
        if linked:
            bodies = await self.mailbox.fetch_bodies(folders.sent, uidvalidity, list(linked))
            for uid, (row, head) in linked.items():
                if uid in bodies:
                    await self.match(row, read_message(bodies[uid].raw, headers=head))

    async def match(self, row: InvitationRow, mail: Mail) -> None:
        """``mail``, found in Sent, against the invitation ``row`` waits on."""
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
        if self.ctx.dry_run or result.kind is MatchKind.UNRELATED:
            return
        store = self.ctx.store
        current = store.get(row.key)
        if current is None or current.state not in _WAITING:
            return
        if result.kind is MatchKind.ANSWERED_BY_USER:
            store.mark_answered(row.key, reason=result.reason, now=self.ctx.now())
            log.info("answered by the user: %s (%s); no follow-up", row.key, result.reason)
            return
        store.mark_sent(
            row.key,
            sent_message_id=sent.message_id,
            sent_to=sent.recipients,
            sent_references=clean_references(mail.references),
            sent_at=mail.date or self.ctx.now(),
            now=self.ctx.now(),
        )
        log.info("sent detected: %s (%s)", row.key, result.reason)
        fault_point("after_send_detected")
        await self.on_sent(row.key)

    async def check_drafts(self, folders: Folders) -> None:
        """Drafts gone from Drafts: waiting for a send, back again, or discarded."""
        ctx, store = self.ctx, self.ctx.store
        if ctx.dry_run:
            return
        rows = store.rows(State.DRAFTED, State.DRAFT_MISSING)
        if not rows:
            return
        in_drafts = await self.mailbox.run(lambda s: s.message_ids(folders.drafts))
        now = ctx.now()
        limit = ctx.config.daemon.discard_after
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
