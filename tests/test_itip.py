from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.core.compose import compose_decline
from mailer.core.itip import PRODID, decline_reply, is_request
from mailer.core.model import DeclineSettings, Identity
from mailer.errors import MessageError
from tests.compose_support import IDENTITY, NOW, TEMPLATES, guard_ok, make_facts, parse_back

REQUEST = """\
BEGIN:VCALENDAR
PRODID:-//Acme//Scheduling//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:interview-4411@acme.example
SEQUENCE:2
DTSTAMP:20261120T090000Z
DTSTART;TZID=Europe/Berlin:20261203T100000
DTEND;TZID=Europe/Berlin:20261203T110000
SUMMARY:Interview: Backend Engineer (Sam Example)
ORGANIZER;CN=Jane Roe:mailto:jane.roe@acme.example
ATTENDEE;CN=Jane Roe;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:jane.roe@acme.example
ATTENDEE;CN=Sam Example;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:
 mailto:Sam@Example.ORG
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n").encode()


def event_of(ics: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return cal, events[0]


def test_reply_declines_the_same_event() -> None:
    now = datetime(2026, 11, 26, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    out = decline_reply(REQUEST, identity=IDENTITY, now=now)
    assert out is not None
    cal, event = event_of(out)
    assert str(cal["METHOD"]) == "REPLY"
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(event["UID"]) == "interview-4411@acme.example"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["ORGANIZER"]) == "mailto:jane.roe@acme.example"
    assert event.decoded("DTSTART") == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
    # Only the user answers, with the address as the organizer sent it.
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list)
    assert str(attendee).lower() == "mailto:sam@example.org"
    assert attendee.params["PARTSTAT"] == "DECLINED"
    assert attendee.params["CN"] == "Sam Example"
    assert "RSVP" not in attendee.params
    # The TZID used by DTSTART comes with its VTIMEZONE (RFC 5545 3.6.5).
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"PARTSTAT=DECLINED" in out


def test_unknown_attendee_answers_as_the_user() -> None:
    other = Identity("Pat Other", "pat@other.example")
    out = decline_reply(REQUEST, identity=other, now=NOW)
    assert out is not None
    _, event = event_of(out)
    assert str(event["ATTENDEE"]) == "mailto:pat@other.example"
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_only_requests_get_a_reply() -> None:
    cancel = REQUEST.replace(b"METHOD:REQUEST", b"METHOD:CANCEL")
    assert decline_reply(cancel, identity=IDENTITY, now=NOW) is None
    assert not is_request(cancel)
    assert is_request(REQUEST)
    assert not is_request(b"not a calendar")
    no_organizer = REQUEST.replace(b"ORGANIZER;CN=Jane Roe:mailto:jane.roe@acme.example\r\n", b"")
    assert decline_reply(no_organizer, identity=IDENTITY, now=NOW) is None


def test_naive_now_and_garbage_raise() -> None:
    with pytest.raises(MessageError):
        decline_reply(REQUEST, identity=IDENTITY, now=datetime(2026, 1, 1))
    with pytest.raises(MessageError):
        decline_reply(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", identity=IDENTITY, now=NOW)


def test_recurring_request_declines_the_master() -> None:
    override = (
        b"BEGIN:VEVENT\r\nUID:interview-4411@acme.example\r\nSEQUENCE:2\r\n"
        b"RECURRENCE-ID;TZID=Europe/Berlin:20261210T100000\r\n"
        b"DTSTAMP:20261120T090000Z\r\nDTSTART;TZID=Europe/Berlin:20261210T120000\r\n"
        b"ORGANIZER:mailto:jane.roe@acme.example\r\n"
        b"ATTENDEE:mailto:sam@example.org\r\nEND:VEVENT\r\n"
    )
    ics = REQUEST.replace(b"END:VCALENDAR", override + b"END:VCALENDAR")
    out = decline_reply(ics, identity=IDENTITY, now=NOW, uid="interview-4411@acme.example")
    assert out is not None
    _, event = event_of(out)
    assert "RECURRENCE-ID" not in event


def test_decline_draft_carries_the_calendar_reply() -> None:
    facts = make_facts(calendar_ics=REQUEST, calendar_uid="interview-4411@acme.example")
    draft = compose_decline(
        facts,
        guard=guard_ok(),
        identity=IDENTITY,
        settings=DeclineSettings(),
        templates=TEMPLATES,
        now=NOW,
        message_id="<decline-cal@example.org>",
    )
    msg = parse_back(draft.raw)
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/calendar"]
    assert parts[0].get_content().replace("\r\n", "\n") == draft.body
    calendar = parts[1]
    assert calendar.get_param("method") == "REPLY"
    cal = icalendar.Calendar.from_ical(calendar.get_content())
    assert str(cal["METHOD"]) == "REPLY"
    (event,) = cal.walk("VEVENT")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert str(event["UID"]) == "interview-4411@acme.example"
    assert str(msg["In-Reply-To"]) == "<inv-7781@acme.example>"


def test_decline_without_request_stays_plain_text() -> None:
    cancel = REQUEST.replace(b"METHOD:REQUEST", b"METHOD:PUBLISH")
    draft = compose_decline(
        make_facts(calendar_ics=cancel),
        guard=guard_ok(),
        identity=IDENTITY,
        settings=DeclineSettings(),
        templates=TEMPLATES,
        now=NOW,
        message_id="<decline-cal@example.org>",
    )
    assert parse_back(draft.raw).get_content_type() == "text/plain"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(REQUEST) - 1), st.binary(max_size=3)), max_size=6))
def test_mangled_calendars_give_a_reply_or_a_message_error(edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(REQUEST)
    for pos, chunk in edits:
        data[pos : pos + len(chunk)] = chunk or b""
        if not chunk:
            del data[pos : pos + 5]
    try:
        out = decline_reply(bytes(data), identity=IDENTITY, now=NOW)
    except MessageError:
        return
    if out is not None:
        assert b"METHOD:REPLY" in out
