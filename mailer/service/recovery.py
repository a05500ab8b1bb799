"""Recovery: what a crash or a kill left half done is finished, never done twice.

* a message being read when the service was killed (the reading note of
  :mod:`mailer.service.worker`) is recorded as failed, so that it is not read again;
* follow-ups caught mid-send become ``uncertain`` and are settled through Sent;
* rows left in ``drafting`` (a crash between the state write and the APPEND, or
  between the APPEND and the next state write) get their draft found in Drafts or
  appended now, once (:meth:`~mailer.service.drafting.Drafting.append`);
* sent declines not yet scheduled are scheduled. Scheduled ones are registered with
  the timer when it starts (:mod:`mailer.service.timer`).
"""

from __future__ import annotations

import contextlib

from mailer.adapters.imap import Folders
from mailer.core.message import read_headers
from mailer.core.state import State
from mailer.errors import MailboxAuthError, MailboxConnectionError, MailboxError, PoliteDeclineError
from mailer.service.context import INBOX, Context, service_log
from mailer.service.drafting import Drafting
from mailer.service.followup import FollowUps
from mailer.service.mailbox import Mailbox
from mailer.service.worker import MESSAGE_SUSPECT_AFTER, ReadingNote, record_failed

__all__ = ["Recovery"]

log = service_log


class Recovery:
    """Finishes what an earlier run left half done."""

    def __init__(
        self, ctx: Context, mailbox: Mailbox, drafting: Drafting, followups: FollowUps, /
    ) -> None:
        self.ctx = ctx
        self.mailbox = mailbox
        self.drafting = drafting
        self.followups = followups
        self.note = ReadingNote(ctx.state_dir)

    async def at_start(self) -> None:
        """After a crash: follow-ups caught mid-send become uncertain, then are settled
        through Sent; sent declines are scheduled."""
        ctx = self.ctx
        if ctx.dry_run:
            return
        store = ctx.store
        for key in store.recover_interrupted(now=ctx.now()):
            log.warning("follow-up for %s was being sent when the service stopped", key)
            with contextlib.suppress(PoliteDeclineError, OSError):
                await self.followups.resolve_uncertain(key)
        for row in store.rows(State.SENT):
            await self.followups.schedule(row.key)

    async def settle_reading(self) -> None:
        """A message was being read when the service was killed: record it as failed
        (fetching its header block again), so that it is not read a second time."""
        if self.ctx.dry_run or not self.note.exists():
            return
        path = self.note.path
        try:
            noted = self.note.read()
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignoring an unreadable %s", path)
            self.note.forget()
            return
        if noted is None:
            return
        uidvalidity, uid, since = noted
        try:
            headers = await self.mailbox.fetch_headers(INBOX, uidvalidity, [uid])
        except (MailboxConnectionError, MailboxAuthError):
            raise  # the server is away: settle the note once it is back
        except MailboxError as exc:
            # UIDVALIDITY changed: the noted UID means nothing any more.
            log.warning("cannot find INBOX uid %d noted in %s: %s", uid, path, exc)
            self.note.forget()
            return
        fetched = headers.get(uid)
        if fetched is not None:
            record_failed(
                self.ctx,
                uidvalidity,
                uid,
                read_headers(fetched.header),
                f"the service stopped while reading it (since {since}, more than "
                f"{MESSAGE_SUSPECT_AFTER:.0f} s)",
            )
        self.note.forget()

    async def finish_drafting(self, folders: Folders) -> None:
        """Rows left in ``drafting`` by a crash: find the draft or append it now."""
        if self.ctx.dry_run:
            return
        for row in self.ctx.store.rows(State.DRAFTING):
            if row.draft_message_id and row.draft_raw:
                await self.drafting.append(row.key, row.draft_message_id, row.draft_raw, folders)
