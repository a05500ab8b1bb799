"""The iTIP answer that frees the slot: METHOD:REPLY with PARTSTAT=DECLINED.

When an invitation carries a calendar request (RFC 5546 3.2.2, METHOD:REQUEST),
the decline carries the matching reply (RFC 5546 3.2.3) in a
``text/calendar; method=REPLY`` part (iMIP, RFC 6047), so that sending the draft
also declines the event in the organizer's calendar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icalendar

from mailer.core.headers import MAX_NAME, MAX_SUBJECT, clean_address, clean_header_text
from mailer.core.model import Identity
from mailer.errors import MessageError

__all__ = ["PRODID", "decline_reply", "is_request"]

PRODID = "-//polite-decline//iTIP reply//EN"

# RFC 5546 3.2.3: a REPLY names the event (UID, SEQUENCE, RECURRENCE-ID), its
# ORGANIZER, and may repeat what identifies it to a person. These are copied.
_COPIED = ("UID", "SEQUENCE", "RECURRENCE-ID", "ORGANIZER", "DTSTART", "DTEND", "DURATION")


# What icalendar raises on hostile input: besides ValueError, a mangled RRULE
# gives TypeError, a mangled VTIMEZONE AttributeError, a TZID such as "." an
# OSError from the zoneinfo lookup. All of them mean "unreadable calendar".
_ICAL_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OSError)


def _parse(ics: bytes) -> icalendar.Calendar:
    import icalendar  # loaded only when an invitation carries a calendar

    try:
        return icalendar.Calendar.from_ical(ics)
    except _ICAL_ERRORS as exc:
        raise MessageError(f"unreadable calendar part: {exc}") from exc


def is_request(ics: bytes, /) -> bool:
    """Whether ``ics`` is an iTIP METHOD:REQUEST with at least one VEVENT."""
    try:
        cal = _parse(ics)
        return str(cal.get("METHOD", "")).upper() == "REQUEST" and bool(cal.walk("VEVENT"))
    except (MessageError, *_ICAL_ERRORS):
        return False


def _pick_event(cal: icalendar.Calendar, uid: str | None) -> icalendar.Event | None:
    import icalendar  # loaded only when an invitation carries a calendar

    events = [e for e in cal.walk("VEVENT") if isinstance(e, icalendar.Event)]
    if uid:
        events = [e for e in events if str(e.get("UID", "")) == uid] or events
    # The master event (no RECURRENCE-ID) declines the whole series.
    masters = [e for e in events if "RECURRENCE-ID" not in e]
    chosen = masters or events
    return chosen[0] if chosen else None


def _attendee(event: icalendar.Event, identity: Identity) -> icalendar.vCalAddress:
    import icalendar  # loaded only when an invitation carries a calendar

    raw = event.get("ATTENDEE", [])
    attendees = raw if isinstance(raw, list) else [raw]
    mine = identity.addresses
    for att in attendees:
        addr = clean_address(str(att))
        if addr is not None and addr.lower() in mine:
            # The organizer's server matches replies on the address as it sent it.
            found = icalendar.vCalAddress(f"mailto:{addr}")
            name = clean_header_text(str(att.params.get("CN", "")), limit=MAX_NAME)
            break
    else:
        # The user was invited under an address we do not know (a list, an old
        # alias): answer as the user; most servers still record the decline.
        found = icalendar.vCalAddress(f"mailto:{identity.email}")
        name = clean_header_text(identity.name, limit=MAX_NAME)
    if name:
        found.params["CN"] = name
    found.params["PARTSTAT"] = "DECLINED"
    return found


def decline_reply(
    ics: bytes,
    /,
    *,
    identity: Identity,
    now: datetime,
    uid: str | None = None,
) -> bytes | None:
    """The METHOD:REPLY declining the request in ``ics``, or None if it is no request.

    ``uid`` picks the event when the calendar holds several. ``now`` (aware) is
    the DTSTAMP. Raises :class:`MessageError` when ``ics`` cannot be read at all.
    """
    if now.tzinfo is None:
        raise MessageError("now must be timezone-aware")
    try:
        return _reply(_parse(ics), identity=identity, now=now, uid=uid)
    except _ICAL_ERRORS as exc:
        raise MessageError(f"cannot answer the calendar request: {exc}") from exc


def _reply(
    cal: icalendar.Calendar, *, identity: Identity, now: datetime, uid: str | None
) -> bytes | None:
    import icalendar  # loaded only when an invitation carries a calendar

    if str(cal.get("METHOD", "")).upper() != "REQUEST":
        return None
    event = _pick_event(cal, uid)
    if event is None or "UID" not in event or "ORGANIZER" not in event:
        # RFC 5546 3.2.3: a REPLY without UID and ORGANIZER cannot be matched.
        return None

    reply = icalendar.Calendar()
    reply.add("PRODID", PRODID)
    reply.add("VERSION", "2.0")
    reply.add("METHOD", "REPLY")
    # RFC 5546 3.2.3 / RFC 5545 3.6.5: a TZID used by a copied DTSTART needs its
    # VTIMEZONE in the same object.
    for tz in cal.walk("VTIMEZONE"):
        reply.add_component(tz)

    answer = icalendar.Event()
    for name in _COPIED:
        if name in event:
            answer[name] = event[name]
    if "SEQUENCE" not in answer:
        answer.add("SEQUENCE", 0)
    summary = clean_header_text(str(event.get("SUMMARY", "")), limit=MAX_SUBJECT)
    if summary:
        answer.add("SUMMARY", summary)
    answer.add("DTSTAMP", now.astimezone(UTC))
    answer.add("ATTENDEE", _attendee(event, identity))
    reply.add_component(answer)
    out: bytes = reply.to_ical()
    return out
