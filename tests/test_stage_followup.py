"""The follow-up stage alone (with its timer and the replies check), against the
private Dovecot and aiosmtpd: scheduled from a sent decline, sent once, filed in
Sent, retried, settled through Sent when uncertain, cancelled by a person's reply."""

from __future__ import annotations

import email.policy
from collections.abc import Callable

import pytest

from mailer.core.state import State
from mailer.service import run_followup_job
from mailer.service.replies import Replies
from mailer.service.timer import Timer
from tests.smtpd_server import SmtpServer
from tests.stage_support import Stage, followups_for, row_of, sent_decline
from tests.test_service_thread import recruiters_reply

pytestmark = pytest.mark.dovecot


async def test_scheduled_sent_once_and_filed_in_sent(
    stages: Callable[..., Stage], smtpd: SmtpServer
) -> None:
    stage = stages(smtp_port=smtpd.port)
    followups = followups_for(stage)
    key, sent_id = await sent_decline(stage, followups)
    row = row_of(stage, key)
    assert row.state is State.SCHEDULED
    assert row.followup_due is not None
    assert row.followup_due > stage.clock.now  # the delay of the test config: 2 s

    await followups.send(key)  # not due yet: nothing goes out
    assert smtpd.messages == []
    assert row_of(stage, key).state is State.SCHEDULED

    stage.clock.advance(seconds=30)
    await followups.send(key)
    await followups.send(key)  # once only
    [message] = smtpd.messages
    assert message.recipients == ("rita@corp.example",)
    parsed = email.message_from_bytes(message.raw, policy=email.policy.default)
    assert parsed["In-Reply-To"] == sent_id
    assert row_of(stage, key).state is State.FOLLOWED_UP
    copies = [m for _, m, _ in stage.box.messages("Sent") if m["In-Reply-To"] == sent_id]
    assert [c["Message-ID"] for c in copies] == [parsed["Message-ID"]]


async def test_the_timer_runs_the_job_by_its_stable_path(
    stages: Callable[..., Stage], smtpd: SmtpServer
) -> None:
    stage = stages(smtp_port=smtpd.port)
    timer = Timer(stage.ctx)
    followups = followups_for(stage, timer)
    key, _ = await sent_decline(stage, followups)
    stage.clock.advance(seconds=30)
    await run_followup_job(key)  # no timer started: a job after shutdown does nothing
    assert smtpd.messages == []
    timer.start(followups.send)
    try:
        assert timer.job_due(key) == row_of(stage, key).followup_due  # from the outbox
        await run_followup_job(key)
    finally:
        timer.shutdown()
    assert len(smtpd.messages) == 1
    assert row_of(stage, key).state is State.FOLLOWED_UP


async def test_a_temporary_failure_is_retried_later(
    stages: Callable[..., Stage], smtpd_factory: Callable[..., SmtpServer]
) -> None:
    smtpd = smtpd_factory(data_replies=["451 4.3.0 try again later"])
    stage = stages(smtp_port=smtpd.port)
    followups = followups_for(stage)
    key, _ = await sent_decline(stage, followups)
    stage.clock.advance(seconds=30)
    await followups.send(key)
    row = row_of(stage, key)
    assert row.state is State.SCHEDULED
    assert row.followup_attempts == 1
    assert row.followup_due is not None
    assert row.followup_due > stage.clock.now
    assert "will retry" in (row.reason or "")
    stage.clock.advance(hours=1)
    await followups.send(key)
    assert row_of(stage, key).state is State.FOLLOWED_UP


async def test_an_uncertain_send_is_settled_through_sent(
    stages: Callable[..., Stage], smtpd_factory: Callable[..., SmtpServer]
) -> None:
    smtpd = smtpd_factory(data_replies=["drop"])
    stage = stages(smtp_port=smtpd.port, smtp_extra='save_to_sent = "never"')
    followups = followups_for(stage)
    key, _ = await sent_decline(stage, followups)
    stage.clock.advance(seconds=30)
    await followups.send(key)
    assert row_of(stage, key).state is State.UNCERTAIN  # not in Sent: not resent either
    [received] = smtpd.received
    stage.box.append("Sent", received.raw)  # as a provider that files submissions does
    await followups.resolve_uncertain(key)
    assert row_of(stage, key).state is State.FOLLOWED_UP
    assert len(smtpd.received) == 1


async def test_a_persons_reply_cancels_an_automatic_one_does_not(
    stages: Callable[..., Stage], smtpd: SmtpServer
) -> None:
    stage = stages(smtp_port=smtpd.port)
    followups = followups_for(stage)
    key, sent_id = await sent_decline(stage, followups)
    replies = Replies(stage.ctx, stage.mailbox)
    out_of_office = recruiters_reply(
        "<ooo-1@corp.example>", sent_id, "I am out of the office until Monday."
    ).replace(b"Subject: Re:", b"Auto-Submitted: auto-replied\r\nSubject: Re:")
    stage.box.append("INBOX", out_of_office)
    await replies.check()
    assert row_of(stage, key).state is State.SCHEDULED
    stage.box.append(
        "INBOX", recruiters_reply("<rita-9@corp.example>", sent_id, "Sorry to hear that, Alex.")
    )
    await replies.check()
    row = row_of(stage, key)
    assert row.state is State.CANCELLED
    assert "the recruiter replied" in (row.reason or "")
    stage.clock.advance(seconds=30)
    await followups.send(key)
    assert smtpd.messages == []


async def test_follow_ups_turned_off_or_too_late_are_not_sent(
    stages: Callable[..., Stage], smtpd: SmtpServer
) -> None:
    stage = stages(smtp_port=smtpd.port, followup="enabled = false")
    followups = followups_for(stage)
    key, _ = await sent_decline(stage, followups)
    row = row_of(stage, key)
    assert row.state is State.CANCELLED
    assert "turned off" in (row.reason or "")

    late = stages(smtp_port=smtpd.port)
    followups = followups_for(late)
    key, _ = await sent_decline(late, followups, n=2)
    late.clock.advance(days=4)  # followup.late_limit is 3 days
    await followups.send(key)
    assert "too late" in (row_of(late, key).reason or "")
    assert smtpd.messages == []
