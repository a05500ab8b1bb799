"""One stage of the service driven alone, against the private Dovecot (and aiosmtpd).

``stages`` (a fixture) builds a :class:`Stage`: the service's :class:`Context` and
its main IMAP connection for a fresh Dovecot user, plus the user's own client. Every
stage made in one test shares one state directory, as a restarted service does.
``Clock`` is a clock the test moves by hand. The helpers take an invitation to a
``drafting``, ``drafted`` or ``scheduled`` row the way the service does, and send a
draft the way a mail client does.
"""

from __future__ import annotations

import email.policy
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest

from mailer.adapters.endpoints import imap_endpoint, remembering, smtp_endpoint
from mailer.adapters.store import InvitationRow, facts_to_dict
from mailer.config import load_config
from mailer.core.message import read_headers
from mailer.service.context import INBOX, Context
from mailer.service.drafting import Drafting
from mailer.service.followup import FollowUps
from mailer.service.judging import Judgement, judge
from mailer.service.mailbox import Mailbox
from mailer.service.replies import Replies
from mailer.service.sent import SentTracking
from mailer.service.timer import Timer
from tests.dovecot_server import DovecotUser
from tests.service_support import Mailbox as UserBox
from tests.service_support import eventually, invitation, write_config

__all__ = [
    "Clock",
    "Stage",
    "draft_invitation",
    "followups_for",
    "record_drafting",
    "row_of",
    "send_like_a_client",
    "sent_decline",
    "stages",
]


class Clock:
    """The service's clock, moved by the test; starts at the real time (Dovecot's
    INTERNALDATE is the real time, and the lookback counts from the clock)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Stage:
    ctx: Context
    mailbox: Mailbox
    box: UserBox
    user: DovecotUser
    clock: Clock


@pytest.fixture
async def stages(tmp_path: Path, mailbox: DovecotUser) -> AsyncIterator[Callable[..., Stage]]:
    """``stages(smtp_port=..., dry_run=..., followup=..., daemon=...)`` -> a Stage."""
    made: list[Stage] = []

    def make(*, smtp_port: int = 1, dry_run: bool = False, **config: str) -> Stage:
        path = write_config(tmp_path / "stage", mailbox, smtp_port=smtp_port, **config)
        loaded = load_config(path)
        clock = Clock()
        ctx = Context(loaded, dry_run=dry_run, clock=clock)
        main = Mailbox(imap_endpoint(loaded), remembering(loaded.imap_secret()))
        stage = Stage(ctx, main, UserBox(mailbox), mailbox, clock)
        made.append(stage)
        return stage

    yield make
    for stage in made:
        await stage.mailbox.close()
        stage.ctx.close_store()
        stage.box.close()


def judged(stage: Stage, raw: bytes) -> Judgement:
    result = judge(stage.ctx, raw, headers=read_headers(raw))
    assert result.draft is not None, result
    return result


async def draft_invitation(stage: Stage, raw: bytes, *, uid: int = 1) -> str:
    """Judge ``raw`` and draft it (row ``drafted``, the draft in Drafts); its key."""
    result = judged(stage, raw)
    folders = await stage.mailbox.folders()
    await Drafting(stage.ctx, stage.mailbox).act(result, folders, 1, uid)
    return result.key


def record_drafting(stage: Stage, raw: bytes, *, uid: int = 1) -> Judgement:
    """The state a crash between the state write and the APPEND leaves: ``drafting``."""
    result = judged(stage, raw)
    assert result.facts is not None
    assert result.verdict is not None
    assert result.draft is not None
    assert result.decision is not None
    store, now = stage.ctx.store, stage.ctx.now()
    store.record_seen(
        result.key,
        account=stage.ctx.account,
        message_id=result.facts.message_id,
        folder=INBOX,
        uidvalidity=1,
        uid=uid,
        from_addr=result.facts.from_addr,
        subject=result.facts.subject,
        category=result.verdict.category.value,
        score=result.verdict.score,
        reasons=result.verdict.reasons,
        facts=facts_to_dict(result.facts),
        language=result.facts.language,
        thread_key=result.facts.message_id,
        now=now,
    )
    store.begin_drafting(
        result.key,
        draft_message_id=result.draft.message_id,
        draft_to=result.draft.to,
        draft_text=result.draft.body,
        draft_raw=result.draft.raw,
        auto_send_ok=result.decision.auto_send_ok,
        now=now,
    )
    return result


def followups_for(stage: Stage, timer: Timer | None = None) -> FollowUps:
    ctx = stage.ctx
    return FollowUps(
        ctx,
        stage.mailbox,
        timer or Timer(ctx),
        Replies(ctx, stage.mailbox),
        endpoint=smtp_endpoint(ctx.config),
        credentials=None,  # auth = false in the test config
    )


async def sent_decline(stage: Stage, followups: FollowUps, n: int = 1) -> tuple[str, str]:
    """An invitation drafted, its decline sent by the user and found: (key, sent id)."""
    key = await draft_invitation(stage, invitation(n=n, message_id=f"<inv-{n}@corp.example>"))
    sent = send_like_a_client(stage.box)
    tracking = SentTracking(stage.ctx, stage.mailbox, followups.schedule)
    await tracking.check_sent(await stage.mailbox.folders())
    return key, str(sent["Message-ID"])


def row_of(stage: Stage, key: str) -> InvitationRow:
    row = stage.ctx.store.get(key)
    assert row is not None
    return row


def send_like_a_client(box: UserBox) -> EmailMessage:
    """The user sends the draft: a new Message-ID, a copy in Sent, the draft gone."""
    uid, draft, _ = eventually(lambda: box.messages("Drafts"), what="the draft")[0]
    del draft["Message-ID"]
    draft["Message-ID"] = make_msgid(domain="example.org")
    box.append("Sent", draft.as_bytes(policy=email.policy.SMTP), flags=(b"\\Seen",))
    box.delete("Drafts", uid)
    return draft
