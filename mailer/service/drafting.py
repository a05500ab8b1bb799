"""From a judgement to a draft in Drafts: record, check the thread, skip or draft.

For an invitation the guard allowed, the messages it answers are first looked for in
Sent (:meth:`Drafting.conversation`): a reply in a conversation the user already
takes part in is refused by the guard's own rule, so ``status`` says why. Then the
invitation is recorded (``seen``), and skipped, failed (no safe reply could be
written) or drafted.

Drafting is ordered so that a crash never leaves two drafts: the draft's Message-ID
is written to the store (``drafting``) *before* the APPEND, and Drafts is searched
for it before appending, on the first attempt and on recovery alike (APPEND is not
idempotent, RFC 3501 6.3.11).
"""

from __future__ import annotations

from mailer.adapters.imap import Folders, ImapSession
from mailer.adapters.store import facts_to_dict
from mailer.core.guard import guard
from mailer.core.headers import clean_message_id
from mailer.core.message import Mail, read_message
from mailer.core.model import Category, Draft, GuardResult, InvitationFacts, Verdict
from mailer.core.recognise import continues_conversation
from mailer.errors import UnsafeValueError
from mailer.faults import fault_point
from mailer.service.context import INBOX, Context, service_log
from mailer.service.judging import Judgement
from mailer.service.mailbox import MAX_BODY_BYTES, Mailbox

__all__ = ["THREAD_LOOKUPS", "Drafting"]

log = service_log

#: The newest ids of a thread looked up in Sent, and the user's messages read there.
THREAD_LOOKUPS = 5


class Drafting:
    """What the service does with a judged INBOX message."""

    def __init__(self, ctx: Context, mailbox: Mailbox, /) -> None:
        self.ctx = ctx
        self.mailbox = mailbox

    async def act(self, judged: Judgement, folders: Folders, uidvalidity: int, uid: int) -> None:
        """Record ``judged`` (INBOX ``uid``) and draft a decline when it is allowed."""
        if judged.settled:
            return
        verdict = judged.verdict
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
            conversation = await self.conversation(judged.mail, folders)
            if conversation:
                decision = guard(
                    judged.mail.head, identity=self.ctx.identity, conversation=conversation
                )
        log.info(
            "received: %s from %s, %r: invitation (score %.2f: %s)",
            judged.key,
            facts.from_addr,
            facts.subject[:80],
            verdict.score,
            "; ".join(verdict.reasons[:3]),
        )
        if self.ctx.dry_run:
            if decision.allowed:
                log.info("dry run: would draft a decline to %s for %s", decision.to, judged.key)
            else:
                log.info("dry run: would skip %s (rule %s)", judged.key, decision.rule)
            return
        self._record(judged.key, verdict, facts, uidvalidity, uid)
        fault_point("after_recognise")
        await self._decide(judged, decision, folders)

    def _record(
        self, key: str, verdict: Verdict, facts: InvitationFacts, uidvalidity: int, uid: int
    ) -> None:
        self.ctx.store.record_seen(
            key,
            account=self.ctx.account,
            message_id=facts.message_id,
            folder=INBOX,
            uidvalidity=uidvalidity,
            uid=uid,
            from_addr=facts.from_addr,
            subject=facts.subject,
            category=verdict.category.value,
            score=verdict.score,
            reasons=verdict.reasons,
            facts=facts_to_dict(facts),
            language=facts.language,
            # The thread's root (the first References entry, RFC 5322 3.6.4), so that
            # siblings answering one root are one thread, not only direct replies.
            thread_key=(facts.references or (facts.message_id,))[0],
            now=self.ctx.now(),
        )

    async def _decide(self, judged: Judgement, decision: GuardResult, folders: Folders) -> None:
        """Skip, fail or draft a recorded invitation."""
        store, key = self.ctx.store, judged.key
        if not decision.allowed:
            rule = decision.rule or "guard"
            store.mark_skipped(
                key, rule=f"{rule}: {decision.note}" if decision.note else rule, now=self.ctx.now()
            )
            log.info("skipped: %s by rule %s", key, decision.rule)
            return
        draft = judged.draft
        if draft is None:
            # Poison: no safe reply can be written from this message. Record it so it
            # is never retried, and say why in status.
            error = judged.error or "nothing was composed"
            store.mark_failed(
                key, reason=f"no safe reply could be composed: {error}", now=self.ctx.now()
            )
            log.warning("failed: %s (%s)", key, error)
            return
        await self.draft(key, draft, decision, folders)

    async def draft(self, key: str, draft: Draft, decision: GuardResult, folders: Folders) -> None:
        self.ctx.store.begin_drafting(
            key,
            draft_message_id=draft.message_id,
            draft_to=draft.to,
            draft_text=draft.body,
            draft_raw=draft.raw,
            auto_send_ok=decision.auto_send_ok,
            now=self.ctx.now(),
        )
        await self.append(key, draft.message_id, draft.raw, folders)

    async def append(self, key: str, draft_id: str, raw: bytes, folders: Folders) -> None:
        """APPEND the draft to Drafts unless it is there already; then ``drafted``."""

        def blocking(session: ImapSession) -> tuple[int | None, int | None]:
            # Recovery and first attempt alike: if the draft is there already (a crash
            # after APPEND, before the state write), do not append a second one.
            found = session.find_by_message_id(folders.drafts, draft_id)
            if found:
                info = session.select(folders.drafts, readonly=True)
                return info.uidvalidity, found[-1]
            result = session.append(folders.drafts, raw, flags=("\\Draft", "\\Seen"))
            fault_point("after_append")
            return (result.uidvalidity, result.uid) if result else (None, None)

        uidvalidity, uid = await self.mailbox.run(blocking)
        self.ctx.store.mark_drafted(
            key, draft_uidvalidity=uidvalidity, draft_uid=uid, now=self.ctx.now()
        )
        log.info("drafted: %s (draft %s in %s)", key, draft_id, folders.drafts)

    async def conversation(self, mail: Mail, folders: Folders) -> str | None:
        """Whether ``mail`` only continues a conversation the user takes part in.

        The messages it answers (In-Reply-To, References: RFC 5322 3.6.4) are looked
        for in Sent; the user's own among them decide (see
        :func:`continues_conversation`). Only the newest few ids are looked up.
        """
        ids = [clean_message_id(i) for i in (mail.in_reply_to, *mail.references)]
        wanted = list(dict.fromkeys(i for i in ids if i))[-THREAD_LOOKUPS:]
        if not wanted:
            return None

        def blocking(session: ImapSession) -> list[bytes]:
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
            raws = await self.mailbox.run(blocking)
        except UnsafeValueError:
            return None
        return continues_conversation(
            mail, [read_message(raw) for raw in raws], identity=self.ctx.identity
        )
