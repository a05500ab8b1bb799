"""Sent tracking alone, against the private Dovecot: a sent decline found in Sent (with
the new Message-ID a client gives it), the user's own answer, a deleted draft. What
happens to a sent decline next (scheduling) is a seam: a recorder stands in for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mailer.core.state import State
from mailer.service.sent import SentTracking
from tests.service_support import invitation
from tests.stage_support import Stage, draft_invitation, send_like_a_client
from tests.test_service_thread import users_message

pytestmark = pytest.mark.dovecot


class Recorder:
    def __init__(self) -> None:
        self.keys: list[str] = []

    async def __call__(self, key: str) -> None:
        self.keys.append(key)


def state(stage: Stage, key: str) -> State | None:
    row = stage.ctx.store.get(key)
    return None if row is None else row.state


async def test_a_sent_decline_is_matched_and_handed_on(stages: Callable[..., Stage]) -> None:
    stage = stages()
    key = await draft_invitation(stage, invitation(message_id="<inv-s@corp.example>"))
    sent = send_like_a_client(stage.box)
    scheduled = Recorder()
    tracking = SentTracking(stage.ctx, stage.mailbox, scheduled)
    folders = await stage.mailbox.folders()
    await tracking.check_sent(folders)
    row = stage.ctx.store.get(key)
    assert row is not None
    assert row.state is State.SENT
    assert row.sent_message_id == sent["Message-ID"]
    assert row.sent_to == ("rita@corp.example",)
    assert scheduled.keys == [key]
    await tracking.check_sent(folders)  # read once: the cursor moved past it
    assert scheduled.keys == [key]


async def test_the_users_own_answer_is_not_a_sent_decline(stages: Callable[..., Stage]) -> None:
    stage = stages()
    key = await draft_invitation(stage, invitation(message_id="<inv-a@corp.example>"))
    stage.box.append(
        "Sent",
        users_message(
            "<alex-a@example.org>",
            "Hi Rita,\r\n\r\nTuesday at 10:00 works for me. See you then.\r\n\r\nAlex",
            in_reply_to="<inv-a@corp.example>",
        ),
    )
    scheduled = Recorder()
    await SentTracking(stage.ctx, stage.mailbox, scheduled).check_sent(
        await stage.mailbox.folders()
    )
    row = stage.ctx.store.get(key)
    assert row is not None
    assert row.state is State.ANSWERED_BY_USER
    assert scheduled.keys == []


async def test_a_deleted_draft_is_missing_then_discarded(stages: Callable[..., Stage]) -> None:
    stage = stages()
    key = await draft_invitation(stage, invitation())
    tracking = SentTracking(stage.ctx, stage.mailbox, Recorder())
    folders = await stage.mailbox.folders()
    await tracking.check_drafts(folders)
    assert state(stage, key) is State.DRAFTED
    [(uid, _, _)] = stage.box.messages("Drafts")
    stage.box.delete("Drafts", uid)
    await tracking.check_drafts(folders)
    assert state(stage, key) is State.DRAFT_MISSING
    stage.clock.advance(days=15)  # daemon.discard_after is 14 days
    await tracking.check_drafts(folders)
    row = stage.ctx.store.get(key)
    assert row is not None
    assert row.state is State.DISCARDED
    assert "deleted and not sent" in (row.reason or "")
