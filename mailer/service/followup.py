"""The follow-up: schedule the thank-you, send it once, retry, file it in Sent.

:meth:`FollowUps.schedule` turns a sent decline into an outbox row with its due time
(:func:`~mailer.core.schedule.due_time`: delay, send window, weekdays, jitter, in
the recipient's zone when asked) and registers it with the timer
(:mod:`mailer.service.timer`). :meth:`FollowUps.send` sends one follow-up, exactly
once, or records why not: too late, no human recipient, the recruiter replied, one
went to that recipient lately.

The outbox row is claimed with a conditional UPDATE before the SMTP transaction; a
crash while ``sending`` becomes ``uncertain`` and is resolved through Sent
(:meth:`FollowUps.resolve_uncertain`), never resent blindly (RFC 5321 gives no way to
ask). A temporary failure is retried with backoff up to ``smtp.max_attempts``; a
refused login stops every send until the config is fixed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from mailer.adapters.credentials import CredentialProvider
from mailer.adapters.imap import ImapSession
from mailer.adapters.smtp import SmtpEndpoint, send_message
from mailer.adapters.store import InvitationRow, facts_from_dict
from mailer.core import backoff
from mailer.core.addresses import is_robot_address
from mailer.core.compose import compose_followup, display_names
from mailer.core.headers import make_message_id, reply_subject
from mailer.core.model import InvitationFacts
from mailer.core.schedule import due_time, late_decision, recipient_zone
from mailer.core.state import State
from mailer.errors import (
    InsecureTransportError,
    MailboxError,
    PermanentSendError,
    PoliteDeclineError,
    SendAuthError,
    SendError,
    TemporarySendError,
    UncertainSendError,
)
from mailer.faults import fault_point
from mailer.service.context import Context, service_log
from mailer.service.mailbox import Mailbox
from mailer.service.replies import Replies
from mailer.service.timer import Timer

__all__ = ["SELF_FILING_HOSTS", "FollowUps"]

log = service_log

#: Providers that file SMTP submissions in Sent themselves (``save_to_sent = auto``).
SELF_FILING_HOSTS = ("gmail.com", "googlemail.com", "office365.com", "outlook.com")


class FollowUps:
    """Scheduling and sending the thank-you follow-ups."""

    def __init__(
        self,
        ctx: Context,
        mailbox: Mailbox,
        timer: Timer,
        replies: Replies,
        /,
        *,
        endpoint: SmtpEndpoint,
        credentials: CredentialProvider | None,
    ) -> None:
        self.ctx = ctx
        self.mailbox = mailbox
        self.timer = timer
        self.replies = replies
        self.endpoint = endpoint
        self.credentials = credentials
        #: Why no follow-up is sent any more (a refused login), until a restart.
        self.blocked: str | None = None
        self._lock = asyncio.Lock()

    # ---- schedule

    def zone(self, facts: InvitationFacts | None) -> tzinfo:
        """The zone of the send window: the config's, or the recipient's when asked."""
        name = self.ctx.config.followup.timezone
        if name == "recipient" and facts is not None:
            zone = recipient_zone(facts.date, facts.calendar_tzid)
            if zone is not None:
                return zone
        if name and name != "recipient":
            return ZoneInfo(name)
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else UTC

    async def schedule(self, key: str) -> None:
        """Schedule the follow-up of a sent decline, or cancel it with the reason."""
        ctx, store = self.ctx, self.ctx.store
        row = store.get(key)
        if row is None or row.state is not State.SENT:
            return
        follow = ctx.config.followup
        recipient = (row.sent_to or (row.draft_to or "",))[0]
        if not follow.enabled:
            store.cancel(key, reason="follow-ups are turned off in the config", now=ctx.now())
            return
        if not row.auto_send_ok or is_robot_address(recipient):
            store.cancel(
                key,
                reason=f"no automatic follow-up to {recipient} (no-reply or robot)",
                now=ctx.now(),
            )
            return
        facts = facts_from_dict(row.facts) if row.facts else None
        zone = self.zone(facts)
        due = due_time(
            row.sent_at or ctx.now(),
            delay=follow.delay,
            window=follow.window,
            weekdays=follow.weekday_numbers,
            tz=zone,  # type: ignore[arg-type]
            jitter=follow.jitter,
            rng_value=ctx.rng.random(),
        )
        followup_id = make_message_id(ctx.identity.domain, f"pd.followup.{key}")
        store.schedule_followup(
            key, due=due, followup_message_id=followup_id, recipient=recipient, now=ctx.now()
        )
        log.info(
            "scheduled: follow-up for %s due %s (%s)",
            key,
            due.astimezone(zone).isoformat(timespec="minutes"),
            zone,
        )
        self.timer.register(key, due)

    # ---- send

    async def send(self, key: str) -> None:
        """Send one follow-up, exactly once, or record why not."""
        async with self._lock:
            await self._send(key)

    async def _send(self, key: str) -> None:
        store = self.ctx.store
        row = store.get(key)
        if row is None or row.state is not State.SCHEDULED or row.followup_due is None:
            return
        now = self.ctx.now()
        recipients = await self._recipients(row, row.followup_due, now)
        if recipients is None:
            return
        if not store.claim_followup(key, now=now):
            return  # someone else has it: the conditional claim keeps it to one
        raw = self._followup_raw(row)
        if not await self._transmit(row, row.followup_due, raw, recipients):
            return
        fault_point("after_smtp_250")
        store.finish_followup(key, "followed_up", now=self.ctx.now())
        log.info("followed up: %s to %s", key, ", ".join(recipients))
        if self._save_to_sent():
            await self._file_in_sent(raw)

    async def _recipients(
        self, row: InvitationRow, due: datetime, now: datetime
    ) -> tuple[str, ...] | None:
        """Whom the follow-up goes to now; None when it must not go now (the row says
        why, or a later job will send it)."""
        store, key, follow = self.ctx.store, row.key, self.ctx.config.followup
        decision = late_decision(due, now, limit=follow.late_limit)
        if decision == "wait":
            self.timer.register(key, due)
            return None
        if decision == "too_late":
            store.expire_followup(
                key,
                reason=f"too late (due {due:%Y-%m-%d %H:%M} UTC, limit {follow.late_limit})",
                now=now,
            )
            log.warning("follow-up for %s not sent: too late", key)
            return None
        if self.blocked:
            return None
        recipients = row.sent_to or ((row.recipient,) if row.recipient else ())
        if not recipients or any(is_robot_address(r) for r in recipients):
            store.cancel(key, reason="no human recipient", now=now)
            return None
        if follow.cancel_if_replied:
            replied = await self.replies.recruiter_replied(row)
            if replied:
                store.cancel(key, reason=replied, now=now)
                return None
        recipient = recipients[0]
        earlier = store.recent_followup_to(recipient, since=now - follow.per_recipient_window)
        if earlier is not None:
            store.cancel(
                key,
                reason=f"a follow-up went to {recipient} on {earlier:%Y-%m-%d}; at most one "
                f"per {follow.per_recipient_window}",
                now=now,
            )
            return None
        return tuple(recipients)

    async def _transmit(
        self, row: InvitationRow, due: datetime, raw: bytes, recipients: Sequence[str]
    ) -> bool:
        """One SMTP transaction for a claimed row, due at ``due``; False when it did not
        go out (the row then says what happens next)."""
        store, key = self.ctx.store, row.key
        try:
            await send_message(
                raw,
                endpoint=self.endpoint,
                credentials=self.credentials,
                sender=self.ctx.identity.email,
                recipients=recipients,
            )
        except TemporarySendError as exc:
            self._retry_later(row, exc)
        except (SendAuthError, InsecureTransportError) as exc:
            # Stop sending and say so once: retrying a refused login can lock accounts.
            self.blocked = str(exc)
            store.retry_followup(
                key,
                due=due,
                reason=f"not sent: {exc}; fix the [smtp] settings and restart",
                now=self.ctx.now(),
            )
            log.error("SMTP: %s; no follow-ups will be sent until this is fixed", exc)
        except PermanentSendError as exc:
            store.finish_followup(key, "failed", reason=str(exc), now=self.ctx.now())
            log.error("follow-up for %s refused: %s", key, exc)
        except UncertainSendError as exc:
            store.finish_followup(key, "uncertain", reason=str(exc), now=self.ctx.now())
            log.warning("follow-up for %s may or may not have gone out (%s)", key, exc)
            await self.resolve_uncertain(key)
        except SendError as exc:
            store.finish_followup(key, "failed", reason=str(exc), now=self.ctx.now())
        else:
            return True
        return False

    def _retry_later(self, row: InvitationRow, exc: TemporarySendError) -> None:
        ctx, store, key = self.ctx, self.ctx.store, row.key
        attempts = row.followup_attempts + 1
        if attempts >= ctx.config.smtp.max_attempts:
            store.finish_followup(
                key, "failed", reason=f"gave up after {attempts} tries: {exc}", now=ctx.now()
            )
            return
        base = ctx.config.smtp.retry_after.total_seconds()
        delay = backoff.retry_delay(
            attempts, base=base, cap=max(base, 3600.0), rng_value=ctx.rng.random()
        )
        due = ctx.now() + timedelta(seconds=delay)
        store.retry_followup(key, due=due, reason=f"will retry: {exc}", now=ctx.now())
        self.timer.register(key, due)
        log.warning(
            "follow-up for %s: temporary failure (%s); retry at %s",
            key,
            exc,
            due.isoformat(timespec="seconds"),
        )

    def _followup_raw(self, row: InvitationRow) -> bytes:
        ctx = self.ctx
        facts = facts_from_dict(row.facts)
        draft = compose_followup(
            facts,
            identity=ctx.identity,
            recipients=tuple(row.sent_to or (row.recipient or "",)),
            subject=reply_subject(row.subject),
            in_reply_to=row.sent_message_id or row.draft_message_id or "",
            references=tuple(row.sent_references),
            now=ctx.now(),
            message_id=row.followup_message_id or "",
            auto_submitted=ctx.config.followup.auto_submitted,
            templates=ctx.templates,
            settings=ctx.settings,
            language=ctx.settings.language or row.language or "en",
            names=display_names(facts, row.draft_raw),
        )
        return draft.raw

    # ---- Sent

    def _save_to_sent(self) -> bool:
        mode = self.ctx.config.smtp.save_to_sent
        if mode == "auto":
            host = self.ctx.config.smtp.host.lower()
            return not any(host == h or host.endswith("." + h) for h in SELF_FILING_HOSTS)
        return mode == "always"

    async def _file_in_sent(self, raw: bytes) -> None:
        def blocking(session: ImapSession) -> None:
            folders = self.mailbox.folders_blocking()
            session.append(folders.sent, raw, flags=("\\Seen",))

        try:
            await self.mailbox.run(blocking)
        except PoliteDeclineError as exc:
            log.warning("the follow-up went out but no copy could be put in Sent: %s", exc)

    async def resolve_uncertain(self, key: str) -> None:
        """An uncertain send is settled by looking for its Message-ID in Sent."""
        store = self.ctx.store
        row = store.get(key)
        if row is None or row.state is not State.UNCERTAIN or not row.followup_message_id:
            return
        mid = row.followup_message_id

        def blocking(session: ImapSession) -> bool:
            folders = self.mailbox.folders_blocking()
            return bool(session.find_by_message_id(folders.sent, mid))

        try:
            if await self.mailbox.run(blocking):
                store.confirm_followup(key, now=self.ctx.now())
                log.info("uncertain follow-up for %s found in Sent: followed up", key)
        except (MailboxError, OSError) as exc:
            log.warning("could not look in Sent for %s: %s", key, exc)
