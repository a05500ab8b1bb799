"""Recovery alone, against the private Dovecot and aiosmtpd: what a crash left half
done is finished once. A draft whose APPEND may or may not have happened, a
follow-up caught mid-send, a message being read when the service was killed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from mailer.core.message import read_headers
from mailer.core.state import State
from mailer.service.drafting import Drafting
from mailer.service.judging import message_key
from mailer.service.recovery import Recovery
from mailer.service.sent import SentTracking
from mailer.service.worker import ReadingNote
from tests.service_support import invitation
from tests.smtpd_server import SmtpServer
from tests.stage_support import (
    Stage,
    draft_invitation,
    followups_for,
    record_drafting,
    row_of,
    send_like_a_client,
    sent_decline,
)

pytestmark = pytest.mark.dovecot


def recovery_for(stage: Stage) -> Recovery:
    followups = followups_for(stage)
    return Recovery(stage.ctx, stage.mailbox, Drafting(stage.ctx, stage.mailbox), followups)


@pytest.mark.parametrize("appended_before_the_crash", [False, True])
async def test_a_row_left_drafting_gets_exactly_one_draft(
    stages: Callable[..., Stage], appended_before_the_crash: bool
) -> None:
    stage = stages()
    judged = record_drafting(stage, invitation(message_id="<inv-r@corp.example>"))
    assert judged.draft is not None
    if appended_before_the_crash:
        stage.box.append("Drafts", judged.draft.raw, flags=(b"\\Draft",))
    recovery = recovery_for(stage)
    folders = await stage.mailbox.folders()
    await recovery.finish_drafting(folders)
    await recovery.finish_drafting(folders)  # nothing left to do
    assert row_of(stage, judged.key).state is State.DRAFTED
    [(_, draft, _)] = stage.box.messages("Drafts")
    assert draft["Message-ID"] == judged.draft.message_id


async def test_a_follow_up_caught_mid_send_is_settled_through_sent(
    stages: Callable[..., Stage], smtpd: SmtpServer
) -> None:
    stage = stages(smtp_port=smtpd.port)
    key, _ = await sent_decline(stage, followups_for(stage))
    gone_out, _ = await sent_decline(stage, followups_for(stage), n=2)
    store = stage.ctx.store
    for claimed in (key, gone_out):
        assert store.claim_followup(claimed, now=stage.ctx.now())  # then the kill
    followup_id = row_of(stage, gone_out).followup_message_id
    stage.box.append(
        "Sent", f"Message-ID: {followup_id}\r\nSubject: Thank you\r\n\r\nThanks.\r\n".encode()
    )
    await recovery_for(stage).at_start()
    assert row_of(stage, gone_out).state is State.FOLLOWED_UP  # found in Sent
    assert row_of(stage, key).state is State.UNCERTAIN  # not found: never resent blindly
    assert smtpd.received == []


async def test_sent_declines_not_yet_scheduled_are_scheduled_at_start(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    key = await draft_invitation(stage, invitation())
    send_like_a_client(stage.box)

    async def killed_before_scheduling(key: str) -> None:
        """``after_send_detected``: the row is ``sent``, no schedule written."""

    tracking = SentTracking(stage.ctx, stage.mailbox, killed_before_scheduling)
    await tracking.check_sent(await stage.mailbox.folders())
    assert row_of(stage, key).state is State.SENT
    await recovery_for(stage).at_start()
    assert row_of(stage, key).state is State.SCHEDULED


async def test_a_message_being_read_when_killed_is_failed_not_read_again(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    raw = invitation(message_id="<inv-killed@corp.example>")
    stage.box.append("INBOX", raw)
    info = await stage.mailbox.run(lambda s: s.select("INBOX", readonly=True))
    note = ReadingNote(stage.ctx.state_dir)
    stage.ctx.open_store()
    note.write(info.uidvalidity, 1, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    await recovery_for(stage).settle_reading()
    row = row_of(stage, message_key(stage.ctx.account, read_headers(raw)))
    assert row.state is State.FAILED
    assert "stopped while reading it" in (row.reason or "")
    assert not note.exists()


async def test_an_unreadable_reading_note_is_dropped(stages: Callable[..., Stage]) -> None:
    stage = stages()
    stage.ctx.open_store()
    note = ReadingNote(stage.ctx.state_dir)
    note.path.write_text('{"uid": "seven"}')
    await recovery_for(stage).settle_reading()
    assert not note.exists()
    assert stage.ctx.store.rows(State.FAILED) == []
