"""The judging stage alone: one message to a judgement, with a real state store and
no server (judging reads the store and runs the pure core; it touches no network)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailer.config import load_config
from mailer.core.message import read_headers
from mailer.core.model import Category
from mailer.service.context import Context
from mailer.service.judging import judge, message_key
from tests.dovecot_server import DovecotUser
from tests.service_support import invitation, write_config

# No connection is made: the config only needs a well-formed account.
NOWHERE = DovecotUser("127.0.0.1", 1, 2, "alex", "not-used", None)

NEWSLETTER = (
    b"From: News <news@shop.example>\r\nTo: alex@example.org\r\nSubject: Our autumn sale\r\n"
    b"Message-ID: <n-1@shop.example>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n\r\n"
    b"Twenty per cent off every umbrella this week.\r\n"
)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    context = Context(load_config(write_config(tmp_path, NOWHERE)))
    yield context
    context.close_store()


def test_an_invitation_gets_a_verdict_facts_a_guard_decision_and_a_draft(ctx: Context) -> None:
    raw = invitation(message_id="<inv-j@corp.example>")
    judged = judge(ctx, raw)
    assert judged.verdict is not None
    assert judged.verdict.category is Category.INVITATION
    assert judged.facts is not None
    assert judged.facts.message_id == "<inv-j@corp.example>"
    assert judged.decision is not None
    assert judged.decision.allowed
    assert judged.draft is not None
    assert judged.draft.to == "rita@corp.example"
    assert judged.key == message_key(ctx.account, read_headers(raw))


def test_the_screens_header_view_is_the_one_the_guard_reads(ctx: Context) -> None:
    raw = invitation()
    head = read_headers(raw)
    judged = judge(ctx, raw, headers=head)
    assert judged.mail is not None
    assert judged.mail.head is head.head  # the header block was parsed once


def test_other_mail_gets_a_verdict_only(ctx: Context) -> None:
    judged = judge(ctx, NEWSLETTER)
    assert judged.verdict is not None
    assert judged.verdict.category is not Category.INVITATION
    assert (judged.facts, judged.decision, judged.draft) == (None, None, None)


def test_a_dry_run_composes_nothing(tmp_path: Path) -> None:
    ctx = Context(load_config(write_config(tmp_path, NOWHERE)), dry_run=True)
    try:
        judged = judge(ctx, invitation())
    finally:
        ctx.close_store()
    assert judged.decision is not None
    assert judged.decision.allowed
    assert judged.draft is None


def test_a_message_handled_before_is_settled(ctx: Context) -> None:
    raw = invitation(message_id="<inv-done@corp.example>")
    key = judge(ctx, raw).key
    ctx.store.record_seen(
        key,
        account=ctx.account,
        message_id="<inv-done@corp.example>",
        folder="INBOX",
        uidvalidity=1,
        uid=1,
        from_addr="rita@corp.example",
        subject="Interview",
        category="invitation",
        score=0.9,
        reasons=(),
        now=ctx.now(),
    )
    ctx.store.mark_skipped(key, rule="test", now=ctx.now())
    assert judge(ctx, raw).settled
