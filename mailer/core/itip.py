"""The iTIP answer that frees the slot: METHOD:REPLY with PARTSTAT=DECLINED.

When an invitation carries a calendar request (RFC 5546 3.2.2, METHOD:REQUEST),
the decline carries the matching reply (RFC 5546 3.2.3) in a
``text/calendar; method=REPLY`` part (iMIP, RFC 6047), so that sending the draft
also declines the event in the organizer's calendar.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import icalendar

from mailer.core.headers import MAX_NAME, clean_address, clean_header_text
from mailer.core.model import Identity
from mailer.errors import MessageError

__all__ = ["PRODID", "decline_reply", "is_request"]

PRODID = "-//polite-decline//iTIP reply//EN"

# What the REPLY says, and nothing else: the properties that identify the event to
# the organizer's server (RFC 5546 3.2.3: UID, SEQUENCE, RECURRENCE-ID, DTSTART,
# DTSTAMP, ORGANIZER) and one ATTENDEE, the user, DECLINED. Everything else in the
# request is the sender's text (SUMMARY, COMMENT, DESCRIPTION, X- properties,
# alarms, other attendees, ORGANIZER parameters such as SENT-BY and DIR) and does
# not belong in the user's answer: reviewers rarely look at the calendar part.

# A TZID we write again (RFC 5545 3.2.19 paramtext, without quotes and controls):
# anything else is converted to UTC.
_SAFE_TZID = re.compile(r"[^\x00-\x1f\x7f\"]{1,100}")
# The observance properties of a VTIMEZONE (RFC 5545 3.6.5) that define the zone.
_OBSERVANCE_TIMES = ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO")
_SAFE_TZNAME = re.compile(r"[A-Za-z0-9+\-]{1,16}")
# RFC 5545 3.3.10 recur rule parts; X- parts are the sender's, not the zone's.
_RECUR_PARTS = frozenset(
    {
        "FREQ",
        "UNTIL",
        "COUNT",
        "INTERVAL",
        "BYSECOND",
        "BYMINUTE",
        "BYHOUR",
        "BYDAY",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
    }
)
_MAX_UID = 1000
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
        return str(cal.get("METHOD", "")).upper() == "REQUEST" and bool(_events(cal))
    except (MessageError, *_ICAL_ERRORS):
        return False


def _events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    """The VEVENTs directly inside the VCALENDAR (RFC 5545 3.4): a VEVENT nested in
    a VTIMEZONE or anywhere else is not an event of the calendar."""
    import icalendar  # loaded only when an invitation carries a calendar

    return [c for c in cal.subcomponents if isinstance(c, icalendar.Event)]


def _pick_event(cal: icalendar.Calendar, uid: str | None) -> icalendar.Event | None:
    events = _events(cal)
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
            break
    else:
        # The user was invited under an address we do not know (a list, an old
        # alias): answer as the user; most servers still record the decline.
        found = icalendar.vCalAddress(f"mailto:{identity.email}")
    # The user's own name, not the CN the request gave them: that is the sender's text.
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


def _text(value: Any, limit: int) -> str | None:
    """A property value as one line of text, or None when it holds controls or is
    too long to be an identifier."""
    text = str(value)
    if not text or len(text) > limit or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    return text


def _organizer(event: icalendar.Event) -> icalendar.vCalAddress | None:
    """ORGANIZER with its address and CN only (no SENT-BY, DIR or X- parameters)."""
    import icalendar  # loaded only when an invitation carries a calendar

    prop = event.get("ORGANIZER")
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    addr = clean_address(str(prop)) if prop is not None else None
    if addr is None:
        return None
    out = icalendar.vCalAddress(f"mailto:{addr}")
    params = getattr(prop, "params", {})
    name = clean_header_text(str(params.get("CN", "")), limit=MAX_NAME)
    if name:
        out.params["CN"] = name
    return out


def _time(event: icalendar.Event, name: str, zones: dict[str, Any]) -> tuple[Any, str | None]:
    """The value of DTSTART or RECURRENCE-ID as it can be written again, and its TZID.

    A time in a zone is written as it was (local time and TZID) when the request
    defines that VTIMEZONE at its top level and the TZID is plain text; otherwise as
    UTC. Dates and floating times are written as they came.
    """
    prop = event.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        return None, None
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime) and value.tzinfo is not None:
        tzid = getattr(prop, "params", {}).get("TZID")
        if tzid is not None and _SAFE_TZID.fullmatch(str(tzid)) and str(tzid) in zones:
            return value.replace(tzinfo=None), str(tzid)
        return value.astimezone(UTC), None
    if isinstance(value, datetime | date):
        return value, None
    return None, None


def _clean_zone(zone: Any, tzid: str) -> icalendar.Timezone:
    """A VTIMEZONE with the same TZID and observances, each with only the properties
    that define it (no X- properties, no parameters, nothing nested below)."""
    import icalendar  # loaded only when an invitation carries a calendar

    out = icalendar.Timezone()
    out.add("TZID", tzid)
    kinds = {"STANDARD": icalendar.TimezoneStandard, "DAYLIGHT": icalendar.TimezoneDaylight}
    for observance in zone.subcomponents:
        kind = kinds.get(observance.name)
        if kind is None or not all(n in observance for n in _OBSERVANCE_TIMES):
            continue
        clean = kind()
        for name in _OBSERVANCE_TIMES:
            clean.add(name, observance.decoded(name))
        rule = observance.get("RRULE")
        if isinstance(rule, dict):
            parts = {k: v for k, v in rule.items() if str(k).upper() in _RECUR_PARTS}
            if parts:
                clean.add("RRULE", parts)
        tzname = observance.get("TZNAME")
        if isinstance(tzname, str) and _SAFE_TZNAME.fullmatch(tzname):
            clean.add("TZNAME", str(tzname))
        out.add_component(clean)
    return out


def _reply(
    cal: icalendar.Calendar, *, identity: Identity, now: datetime, uid: str | None
) -> bytes | None:
    import icalendar  # loaded only when an invitation carries a calendar

    if str(cal.get("METHOD", "")).upper() != "REQUEST":
        return None
    event = _pick_event(cal, uid)
    if event is None:
        return None
    event_uid = _text(event.get("UID", ""), _MAX_UID)
    organizer = _organizer(event)
    if event_uid is None or organizer is None:
        # RFC 5546 3.2.3: a REPLY without UID and ORGANIZER cannot be matched.
        return None
    zones: dict[str, Any] = {}
    for component in cal.subcomponents:
        if isinstance(component, icalendar.Timezone):
            zones.setdefault(str(component.get("TZID", "")), component)

    answer = icalendar.Event()
    answer.add("UID", event_uid)
    try:
        sequence = max(0, int(event.get("SEQUENCE", 0)))
    except (TypeError, ValueError):
        sequence = 0
    answer.add("SEQUENCE", sequence)
    used: list[str] = []
    for name in ("RECURRENCE-ID", "DTSTART"):
        value, tzid = _time(event, name, zones)
        if value is None:
            continue
        if tzid is None:
            answer.add(name, value)
            continue
        answer.add(name, value, parameters={"TZID": tzid})
        if tzid not in used:
            used.append(tzid)
    answer.add("DTSTAMP", now.astimezone(UTC))
    answer.add("ORGANIZER", organizer)
    answer.add("ATTENDEE", _attendee(event, identity))

    reply = icalendar.Calendar()
    reply.add("PRODID", PRODID)
    reply.add("VERSION", "2.0")
    reply.add("METHOD", "REPLY")
    # RFC 5545 3.6.5: each TZID used needs its VTIMEZONE in the same object; only
    # those, rebuilt from their defining properties.
    for tzid in used:
        reply.add_component(_clean_zone(zones[tzid], tzid))
    reply.add_component(answer)
    out: bytes = reply.to_ical()
    return out
