"""The drafting stage alone, against the private Dovecot: a judged invitation recorded
and drafted; the thread checked against Sent; refusals and poison recorded. (A draft
appended again after a crash: tests/test_stage_recovery.py.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from mailer.core.message import read_headers
from mailer.core.state import State
from mailer.service.drafting import Drafting
from mailer.service.judging import judge
from tests.service_support import invitation
from tests.stage_support import Stage, draft_invitation
from tests.test_service_thread import INVITING, recruiters_reply, users_message

pytestmark = pytest.mark.dovecot


async def test_an_invitation_is_recorded_and_drafted_once(stages: Callable[..., Stage]) -> None:
    stage = stages()
    key = await draft_invitation(stage, invitation(message_id="<inv-d@corp.example>"), uid=5)
    row = stage.ctx.store.get(key)
    assert row is not None
    assert (row.state, row.uid, row.message_id) == (State.DRAFTED, 5, "<inv-d@corp.example>")
    [(_, draft, flags)] = stage.box.messages("Drafts")
    assert draft["Message-ID"] == row.draft_message_id
    assert draft["In-Reply-To"] == "<inv-d@corp.example>"
    assert b"\\Draft" in flags


async def test_a_reply_in_the_users_own_conversation_is_skipped(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    stage.box.append(
        "Sent",
        users_message(
            "<alex-1@example.org>",
            "Hi Rita,\r\n\r\nThank you for the invitation. I'm free on Tuesday after 2pm or\r\n"
            "Thursday morning for the interview.\r\n\r\nAlex",
            in_reply_to="<rita-0@corp.example>",
        ),
    )
    raw = recruiters_reply(
        "<rita-1@corp.example>", "<rita-0@corp.example> <alex-1@example.org>", INVITING
    )
    judged = judge(stage.ctx, raw, headers=read_headers(raw))
    assert judged.decision is not None
    assert judged.decision.allowed  # the headers alone allow it; Sent does not
    await Drafting(stage.ctx, stage.mailbox).act(judged, await stage.mailbox.folders(), 1, 1)
    row = stage.ctx.store.get(judged.key)
    assert row is not None
    assert row.state is State.SKIPPED
    assert "conversation-in-progress" in (row.reason or "")
    assert stage.box.count("Drafts") == 0


async def test_no_safe_reply_is_a_failed_row_and_a_dry_run_writes_nothing(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    raw = invitation(message_id="<inv-poison@corp.example>")
    judged = judge(stage.ctx, raw)
    folders = await stage.mailbox.folders()
    poisoned = replace(judged, draft=None, error="the subject does not read back")
    await Drafting(stage.ctx, stage.mailbox).act(poisoned, folders, 1, 1)
    row = stage.ctx.store.get(judged.key)
    assert row is not None
    assert row.state is State.FAILED
    assert "the subject does not read back" in (row.reason or "")

    dry = stages(dry_run=True)
    other = judge(dry.ctx, invitation(n=2))
    await Drafting(dry.ctx, dry.mailbox).act(other, folders, 1, 2)
    assert dry.ctx.store.get(other.key) is None
    assert dry.box.count("Drafts") == 0
