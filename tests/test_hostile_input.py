"""Hostile mail, round two: each attack reproduced on the pure core and on `preview`.

Header values built to make the `email` package's structured parser slow (thousands
of parameters, nested comments), a calendar invitation that smuggles properties into
the user's iTIP reply, display names that look like addresses, and IDN senders.
How long any of this takes is measured by ``scripts/bench``, never asserted here:
these tests pin down the behaviour that keeps the work bounded.
"""

from __future__ import annotations

import email.policy
import json
from email.parser import BytesParser
from pathlib import Path

import icalendar
import pytest

from mailer.commands.cli import main
from mailer.core.compose import compose_decline
from mailer.core.extract import extract
from mailer.core.guard import guard
from mailer.core.headers import address_for_sending, parse_addresses
from mailer.core.itip import decline_reply
from mailer.core.message import (
    MAX_FIELD_BYTES,
    MAX_HEADER_BYTES,
    MAX_HEADER_FIELDS,
    header_problem,
    read_headers,
    read_message,
)
from mailer.core.model import DeclineSettings, Draft, GuardResult, Identity
from mailer.errors import MessageError
from tests.compose_support import IDENTITY, NOW, TEMPLATES, parse_back

USER = Identity("Alex Example", "alex@example.org")
BODY = (
    b"Hi Alex,\r\n\r\nThank you for applying for the Platform Engineer position at Corp. "
    b"We would like to invite you to a first interview. Could you let me know your "
    b"availability next week?\r\n\r\nBest regards,\r\nRita\r\n"
)


def message(*, content_type: bytes = b"text/plain; charset=utf-8", sender: bytes = b"") -> bytes:
    return (
        b"From: "
        + (sender or b"Rita Recruiter <rita@corp.example>")
        + b"\r\nTo: Alex Example <alex@example.org>\r\n"
        b"Subject: Interview invitation: Platform Engineer\r\n"
        b"Message-ID: <inv-hostile@corp.example>\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: " + content_type + b"\r\n\r\n" + BODY
    )


def decision_and_draft(raw: bytes) -> tuple[GuardResult, Draft]:
    """What the service does with ``raw``: read, guard, compose."""
    mail = read_message(raw)
    decision = guard(mail.head, identity=USER)
    draft = compose_decline(
        extract(mail),
        guard=decision,
        identity=USER,
        settings=DeclineSettings(),
        templates=TEMPLATES,
        now=NOW,
        message_id="<d@example.org>",
    )
    return decision, draft


SEMICOLONS = message(content_type=b"text/plain; charset=utf-8" + b";" * 100_000)
NESTED_COMMENTS = message(content_type=b"text/plain; charset=utf-8 " + b"(" * 5_000 + b")" * 5_000)


# ------------------------------------------------------------------ header caps


def test_a_field_over_the_cap_is_named_with_its_size() -> None:
    reason = header_problem(SEMICOLONS)
    assert reason is not None
    assert "Content-Type" in reason
    assert "100,039" in reason
    assert f"{MAX_FIELD_BYTES:,}" in reason
    assert header_problem(message()) is None


def test_a_header_block_over_the_cap_and_too_many_fields() -> None:
    fields = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"x" * 200) for i in range(2_000))
    huge = message().replace(b"MIME-Version", fields + b"MIME-Version", 1)
    reason = header_problem(huge[: MAX_HEADER_BYTES + 100])
    assert reason is not None
    assert "header block" in reason
    many = b"".join(b"X-%d: a\r\n" % i for i in range(MAX_HEADER_FIELDS + 1))
    reason = header_problem(message().replace(b"MIME-Version", many + b"MIME-Version", 1))
    assert reason is not None
    assert "fields" in reason


def test_hostile_field_names_are_not_echoed() -> None:
    name = b"X-\x1b[31mEvil\r"
    reason = header_problem(message().replace(b"MIME", name + b": " + b"a" * 70_000 + b"\r\nMIME"))
    assert reason is not None
    assert "\x1b" not in reason
    assert "\r" not in reason


@pytest.mark.parametrize(
    ("content_type", "readable"),
    [
        (b'text/plain; charset="utf-8' + b";" * 60_000, True),  # an open quote, under the cap
        (b"text/plain; charset=utf-8" + b"; a=b" * 10_000, True),
        (b'multipart/mixed; boundary="xx' + b";" * 60_000, False),  # no usable boundary
    ],
)
def test_parameters_are_bounded_before_the_email_package_reads_them(
    content_type: bytes, readable: bool
) -> None:
    # The email package's parameter parser is quadratic in the number of ';' inside
    # an open quote (compat32) or in all (policy=default); what it is given is bounded.
    raw = message(content_type=content_type)
    assert header_problem(raw) is None
    mail = read_message(raw)
    assert len(mail.raw_header("Content-Type")) <= 1024
    assert ("interview" in mail.text) is readable
    assert read_headers(raw).from_addr == "rita@corp.example"


def test_content_type_parameters_survive_normalisation() -> None:
    raw = message(content_type=b'text/plain;;; ; charset="ISO-8859-1" ;format=flowed')
    mail = read_message(raw.replace(b"Hi Alex", b"Gr\xfc\xdfe Alex"))
    assert "Grüße Alex" in mail.text
    assert mail.raw_header("Content-Type") == 'text/plain; charset="ISO-8859-1"; format=flowed'


def test_nested_comments_never_recurse() -> None:
    mail = read_message(NESTED_COMMENTS)
    assert mail.header("Content-Type").startswith("text/plain")
    deep = message(sender=b"(" * 5_000 + b")" * 5_000 + b"Rita <rita@corp.example>")
    mail = read_message(deep)
    assert mail.from_addr in {"", "rita@corp.example"}
    from_value = deep.split(b"\r\n", 1)[0].removeprefix(b"From: ").decode()
    assert parse_addresses([from_value]) == ()
    headers = BytesParser(policy=email.policy.compat32).parsebytes(deep, headersonly=True)
    assert guard(headers, identity=USER).rule in {None, "no-sender"}


# ------------------------------------------------------------------ preview


def test_preview_reports_poison_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for name, raw in (
        ("semicolons.eml", SEMICOLONS),
        ("comments.eml", NESTED_COMMENTS),
        ("normal.eml", message()),
    ):
        path = tmp_path / name
        path.write_bytes(raw)
        files.append(str(path))
    code = main(["preview", "--json", *files])
    assert code == 1
    semicolons, comments, normal = (
        json.loads(line) for line in capsys.readouterr().out.splitlines()
    )
    assert "Content-Type" in semicolons["error"]
    assert "cap" in semicolons["error"]
    assert "error" not in comments or "Traceback" not in comments["error"]
    assert normal["would_draft"] is True
    assert normal["draft"]["to"] == "rita@corp.example"


# ------------------------------------------------------------------ display names


@pytest.mark.parametrize(
    "sender",
    [
        b'"Priya <evil@attacker.example>" <priya@corp.example>',
        b"priya@corp.example (evil@attacker.example)",
        b'"evil@attacker.example" <priya@corp.example>',
        b"=?utf-8?q?Priya_=3Cevil=40attacker=2Eexample=3E?= <priya@corp.example>",
    ],
)
def test_display_names_that_look_like_addresses_are_dropped(sender: bytes) -> None:
    raw = message(sender=sender)
    mail = read_message(raw)
    assert mail.from_addr == "priya@corp.example"
    assert "@" not in mail.from_name
    decision, draft = decision_and_draft(raw)
    assert decision.to == "priya@corp.example"
    assert decision.to_name is None
    assert b"attacker" not in draft.raw.split(b"\r\n\r\n", 1)[0]


# ------------------------------------------------------------------ IDN senders


def test_an_idn_sender_gets_an_idna_to() -> None:
    _, draft = decision_and_draft(message(sender="Priya <priya@nörthwind.example>".encode()))
    to = next(line for line in draft.raw.split(b"\r\n") if line.startswith(b"To:"))
    # RFC 2047 5: an encoded word never stands inside an address.
    assert b"=?" not in to
    assert to == b"To: Priya <priya@xn--nrthwind-n4a.example>"
    assert draft.to == "priya@xn--nrthwind-n4a.example"
    assert parse_back(draft.raw)["To"].addresses[0].domain == "xn--nrthwind-n4a.example"


def test_a_non_ascii_local_part_is_refused_with_a_reason() -> None:
    # It has no ASCII form (RFC 6531 needs SMTPUTF8 end to end): a reason, instead
    # of an encoded word inside the address.
    with pytest.raises(MessageError, match="SMTPUTF8"):
        address_for_sending("prïya@nörthwind.example")
    assert address_for_sending("Priya@Nörthwind.Example") == "Priya@xn--nrthwind-n4a.example"


# ------------------------------------------------------------------ the iTIP reply

CRAFTED = """\
BEGIN:VCALENDAR
PRODID:-//Evil//EN
VERSION:2.0
METHOD:REQUEST
X-EVIL-CALENDAR:1
BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-EVIL-TZ:1
BEGIN:VEVENT
UID:interview-4411@acme.example
DTSTAMP:20261120T090000Z
DTSTART:20261203T100000Z
ORGANIZER:mailto:jane.roe@acme.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:sam@example.org
COMMENT:Please wire the 500 EUR deposit to IBAN XX00 0000
X-EVIL:smuggled
END:VEVENT
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZNAME:CET
X-EVIL-STD:1
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:wire the deposit
TRIGGER:-PT5M
END:VALARM
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZNAME:CEST
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:America/Unused
BEGIN:STANDARD
DTSTART:19701101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:interview-4411@acme.example
SEQUENCE:2
DTSTAMP:20261120T090000Z
DTSTART;TZID=Europe/Berlin;X-EVIL=1:20261203T100000
DTEND;TZID=Europe/Berlin:20261203T110000
SUMMARY:Interview - wire the deposit first
DESCRIPTION:Call +1 555 0100 to confirm
COMMENT:Please wire the 500 EUR deposit
ORGANIZER;CN=Jane Roe;SENT-BY="mailto:evil@attacker.example";DIR="http://evil.example/";X-EVIL=1:mailto:jane.roe@acme.example
ATTENDEE;CN=Sam Example;PARTSTAT=NEEDS-ACTION:mailto:sam@example.org
ATTENDEE;CN=Other;PARTSTAT=ACCEPTED:mailto:other@acme.example
X-EVIL-PROP:smuggled
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:wire the deposit
TRIGGER:-PT5M
END:VALARM
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n").encode()


def test_the_crafted_calendar_yields_one_event_one_attendee_declined() -> None:
    out = decline_reply(CRAFTED, identity=IDENTITY, now=NOW)
    assert out is not None
    cal = icalendar.Calendar.from_ical(out)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    (event,) = events
    attendees = event.get("ATTENDEE")
    assert not isinstance(attendees, list)
    assert str(attendees) == "mailto:sam@example.org"
    assert dict(attendees.params) == {"CN": "Sam Example", "PARTSTAT": "DECLINED"}
    assert out.count(b"ATTENDEE") == 1
    assert b"ACCEPTED" not in out
    assert b"PARTSTAT=DECLINED" in out
    # Only what identifies the event, and the user's answer.
    assert sorted(event) == [
        "ATTENDEE",
        "DTSTAMP",
        "DTSTART",
        "ORGANIZER",
        "SEQUENCE",
        "UID",
    ]
    assert int(event["SEQUENCE"]) == 2
    assert dict(event["ORGANIZER"].params) == {"CN": "Jane Roe"}
    assert str(event["ORGANIZER"]) == "mailto:jane.roe@acme.example"
    assert dict(event["DTSTART"].params) == {"TZID": "Europe/Berlin"}
    for word in (b"EVIL", b"evil", b"wire", b"deposit", b"VALARM", b"COMMENT", b"555"):
        assert word not in out, word
    # Only the zone DTSTART uses, with its observances and nothing nested below them.
    zones = [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    assert [c.name for c in zones[0].subcomponents] == ["STANDARD", "DAYLIGHT"]
    assert all(not c.subcomponents for c in zones[0].subcomponents)
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE", "VEVENT"]


def test_a_tzid_without_its_vtimezone_becomes_utc() -> None:
    ics = CRAFTED.replace(b"DTSTART;TZID=Europe/Berlin;X-EVIL=1:", b"DTSTART;TZID=Mars/Olympus:")
    out = decline_reply(ics, identity=IDENTITY, now=NOW)
    assert out is not None
    cal = icalendar.Calendar.from_ical(out)
    assert not [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
    assert b"Mars" not in out
    (event,) = cal.walk("VEVENT")
    assert "TZID" not in event["DTSTART"].params
