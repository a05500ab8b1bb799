"""One INBOX message to a judgement: read, recognise, extract, guard, compose.

:func:`judge` runs on the worker thread (:mod:`mailer.service.worker`): the pure core
and reads of the state store, no network. The message is parsed once: the header
view the screen already read is reused for the full message
(:func:`~mailer.core.message.read_message` ``headers=``), and the guard reads that
same parse (``mail.head``). What to do with the judgement (record it, check the
thread against Sent, draft) is :mod:`mailer.service.drafting`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailer.core.compose import compose_decline
from mailer.core.extract import extract
from mailer.core.guard import guard
from mailer.core.headers import clean_message_id, make_message_id
from mailer.core.message import Mail, read_message
from mailer.core.model import Category, Draft, GuardResult, InvitationFacts, Verdict
from mailer.core.recognise import classify
from mailer.core.state import State, invitation_key
from mailer.errors import MessageError
from mailer.faults import stall_point
from mailer.service.context import Context

__all__ = ["Judgement", "judge", "message_key"]


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the worker thread found in one message (values only)."""

    key: str
    settled: bool = False  # already handled: nothing to do
    verdict: Verdict | None = None
    facts: InvitationFacts | None = None
    decision: GuardResult | None = None
    draft: Draft | None = None
    error: str | None = None  # no safe reply could be composed
    mail: Mail | None = None  # the invitation, for the thread check against Sent


def message_key(account: str, mail: Mail, body_prefix: str = "") -> str:
    """The invitation key of ``mail``: its Message-ID, or its headers and the start of
    its body when it has none (:func:`~mailer.core.state.invitation_key`)."""
    return invitation_key(
        account,
        clean_message_id(mail.message_id),
        from_addr=mail.from_addr or "",
        date=mail.header("Date") or "",
        subject=mail.subject or "",
        body_prefix=body_prefix,
    )


def judge(ctx: Context, raw: bytes, /, *, headers: Mail | None = None) -> Judgement:
    """The work on one message: pure, plus store reads. ``headers`` is the message's
    header view as the screen read it, reused rather than parsed again."""
    stall_point(raw)
    mail = read_message(raw, headers=headers)
    has_id = clean_message_id(mail.message_id) is not None
    key = message_key(ctx.account, mail, body_prefix="" if has_id else mail.text[:512])
    store = ctx.store
    row = store.get(key)
    if row is not None and row.state is not State.SEEN:
        return Judgement(key, settled=True)
    verdict = classify(mail, identity=ctx.identity)
    if verdict.category is not Category.INVITATION:
        return Judgement(key, verdict=verdict)
    facts = extract(mail)
    thread_ids = [i for i in (facts.message_id, *facts.references) if i]
    earlier = store.thread_already_drafted(thread_ids) if thread_ids else None
    decision = guard(
        mail.head,
        identity=ctx.identity,
        thread_already_drafted=earlier is not None and earlier != key,
        human_hint=facts.calendar_organizer,
    )
    if not decision.allowed or ctx.dry_run:
        return Judgement(key, verdict=verdict, facts=facts, decision=decision, mail=mail)
    try:
        draft = compose_decline(
            facts,
            guard=decision,
            identity=ctx.identity,
            settings=ctx.settings,
            templates=ctx.templates,
            now=ctx.now(),
            message_id=make_message_id(ctx.identity.domain, f"pd.{key}"),
        )
    except MessageError as exc:
        return Judgement(
            key, verdict=verdict, facts=facts, decision=decision, error=str(exc), mail=mail
        )
    return Judgement(key, verdict=verdict, facts=facts, decision=decision, draft=draft, mail=mail)
