"""Builders shared by the guard, compose, iTIP and template tests."""

from __future__ import annotations

import email.message
import email.parser
import email.policy
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from mailer.adapters.templating import load_templates
from mailer.core.model import GuardResult, Identity, InvitationFacts

__all__ = [
    "IDENTITY",
    "NOW",
    "TEMPLATES",
    "guard_ok",
    "headers",
    "make_facts",
    "parse_back",
]

IDENTITY = Identity("Sam Example", "sam@example.org", aliases=("s.example@mail.example.net",))
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
TEMPLATES = load_templates()


def make_facts(**changes: Any) -> InvitationFacts:
    base = InvitationFacts(
        message_id="<inv-7781@acme.example>",
        subject="Interview invitation: Backend Engineer",
        from_addr="jane.roe@acme.example",
        from_name="Jane Roe",
        reply_to=None,
        references=("<root-1@acme.example>",),
        date=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        language="en",
        greeting_name="Jane",
        company="Acme",
        role="Backend Engineer",
        proposed_time="Thursday 3 December, 10:00 CET",
        slot_count=1,
        slots=("2026-12-03 10:00",),
        scheduling_link=None,
        calendar_uid=None,
        calendar_organizer=None,
        calendar_sequence=None,
        calendar_tzid=None,
    )
    return replace(base, **changes)


def guard_ok(to: str = "jane.roe@acme.example", name: str | None = "Jane Roe") -> GuardResult:
    return GuardResult(rule=None, to=to, to_name=name, auto_send_ok=True)


def headers(text: str) -> email.message.Message:
    """Parse a header block (``\\n`` line ends are fine) the way adapters do."""
    raw = text.strip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n\r\n"
    return email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)


def parse_back(raw: bytes) -> email.message.EmailMessage:
    msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
    assert isinstance(msg, email.message.EmailMessage)
    return msg
