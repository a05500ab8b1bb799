"""Replies from the recruiter: a person's answer after the decline cancels the
thank-you (``followup.cancel_if_replied``); an automatic reply does not.

Replies are found in INBOX by the sent decline's Message-ID in their In-Reply-To or
References (RFC 5322 3.6.4), and judged by their headers alone: the user's own
messages and automatic replies (RFC 3834) are not a recruiter's answer.
"""

from __future__ import annotations

from mailer.adapters.imap import ImapSession
from mailer.adapters.store import InvitationRow
from mailer.core.guard import is_automatic_reply
from mailer.core.headers import clean_message_id
from mailer.core.message import MAX_HEADER_BYTES, header_problem, read_headers
from mailer.core.state import State
from mailer.errors import UnsafeValueError
from mailer.service.context import INBOX, Context, service_log
from mailer.service.mailbox import Mailbox

__all__ = ["Replies"]

log = service_log


class Replies:
    """Looks in INBOX for answers to sent declines."""

    def __init__(self, ctx: Context, mailbox: Mailbox, /) -> None:
        self.ctx = ctx
        self.mailbox = mailbox

    async def check(self) -> None:
        """Cancel each scheduled follow-up whose decline the recruiter answered."""
        ctx = self.ctx
        if ctx.dry_run or not ctx.config.followup.cancel_if_replied:
            return
        store = ctx.store
        for row in store.rows(State.SCHEDULED):
            reason = await self.recruiter_replied(row)
            if reason:
                store.cancel(row.key, reason=reason, now=ctx.now())
                log.info("cancelled: %s (%s)", row.key, reason)

    async def recruiter_replied(self, row: InvitationRow) -> str | None:
        """Why the follow-up of ``row`` is no longer wanted (a person answered), or None."""
        sent_id = clean_message_id(row.sent_message_id)
        if sent_id is None:
            return None

        def blocking(session: ImapSession) -> dict[int, bytes]:
            uids = session.find_replies_to(INBOX, sent_id)
            fetched = session.fetch_headers(uids, max_bytes=MAX_HEADER_BYTES)
            return {u: h.header for u, h in fetched.items()}

        try:
            replies = await self.mailbox.run(blocking)
        except UnsafeValueError:
            return None
        mine = self.ctx.identity.addresses
        for raw in replies.values():
            if header_problem(raw) is not None:
                continue  # not a reply anyone wrote by hand
            mail = read_headers(raw)
            if (mail.from_addr or "").lower() in mine:
                continue
            robot = is_automatic_reply(mail.head)
            if robot:
                log.info(
                    "%s: an automatic reply (%s) does not cancel the follow-up", row.key, robot
                )
                continue
            return f"the recruiter replied ({mail.from_addr})"
        return None
