"""When the thank-you follow-up is due. Pure: ``now`` and the random value come in.

The delay is a duration (absolute time, computed in UTC), then the result moves
forward into the next send window on an allowed weekday, read on the wall clock
of the chosen zone. Wall-clock times that do not exist (the spring-forward gap) or
exist twice (the fall-back hour) are resolved as PEP 495 allows:

- a window start that falls in a gap becomes the first instant after the gap;
- a window start that is ambiguous takes its first occurrence (``fold=0``), a window
  end its last one (``fold=1``), so the window never shrinks on the fall-back day.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["due_time", "late_decision", "recipient_zone", "resolve_local"]

_DAY = timedelta(days=1)


def resolve_local(day: date, at: time, tz: tzinfo, /, *, latest: bool = False) -> datetime:
    """The instant (aware, UTC) at which the wall clock in ``tz`` shows ``day`` ``at``.

    A nonexistent wall time gives the end of the gap; an ambiguous one gives its
    first occurrence, or its last one with ``latest=True``.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None))
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        # The wall time exists: once (first == second) or twice (fall back).
        return max(first, second) if latest else min(first, second)
    # In a gap: fold=0 reads it with the offset before the change, fold=1 with the one
    # after, so the change lies between the two instants. Find the first instant whose
    # wall time is at or after ``naive`` (wall time is increasing across a gap).
    lo, hi = min(first, second), max(first, second)
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)


def _window_on(
    day: date, window: tuple[time, time] | None, tz: tzinfo
) -> tuple[datetime, datetime]:
    if window is None:
        return resolve_local(day, time(0), tz), resolve_local(day + _DAY, time(0), tz)
    start, end = window
    return resolve_local(day, start, tz), resolve_local(day, end, tz, latest=True)


def due_time(
    sent_at: datetime,
    /,
    *,
    delay: timedelta,
    window: tuple[time, time] | None,
    weekdays: frozenset[int],
    tz: ZoneInfo | timezone,
    jitter: timedelta = timedelta(0),
    rng_value: float = 0.0,
) -> datetime:
    """When the follow-up to a decline sent at ``sent_at`` is due (aware, in UTC).

    UTC because a local time in the repeated fall-back hour (``fold=1``) compares
    unequal to every time in another zone (PEP 495); convert with
    ``.astimezone(tz)`` to show it.

    ``window`` is a (start, end) of wall-clock times in ``tz``, start before end (a
    window across midnight is two windows); ``None`` means any time of day.
    ``weekdays`` uses ``date.weekday()`` numbers (Monday 0). ``rng_value`` in [0, 1)
    picks the jitter, ``jitter * rng_value``, added after the earliest time so a
    follow-up never goes out at exactly :00; it is left out when it would push the
    time past the end of the window.
    """
    if sent_at.tzinfo is None or sent_at.utcoffset() is None:
        raise ValueError("sent_at must be timezone-aware")
    if not weekdays or not weekdays <= frozenset(range(7)):
        raise ValueError("weekdays must be a non-empty set of 0 (Monday) .. 6 (Sunday)")
    if window is not None and not window[0] < window[1]:
        raise ValueError("send window start must be before its end")
    if delay < timedelta(0) or jitter < timedelta(0):
        raise ValueError("delay and jitter must not be negative")
    if not 0.0 <= rng_value < 1.0:
        raise ValueError("rng_value must be in [0, 1)")

    earliest = sent_at.astimezone(UTC) + delay
    day = earliest.astimezone(tz).date()
    # Weekdays is non-empty, so an allowed day comes within a week; one more day
    # covers an earliest time after the end of today's window.
    for _ in range(9):
        if day.weekday() in weekdays:
            start, end = _window_on(day, window, tz)
            if earliest < end:
                at = max(earliest, start)
                jittered = at + jitter * rng_value
                return (jittered if jittered < end else at).astimezone(UTC)
        day += _DAY
    raise AssertionError("unreachable: no allowed day within nine days")  # pragma: no cover


_IANA_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$")
_UNSAFE_TZID = re.compile(r"[\x00-\x1f\x7f]|(?:^|/)\.\.(?:/|$)")


def _zone(name: str) -> tzinfo | None:
    """The zone a calendar TZID names, or None.

    An IANA name is looked up directly. Outlook's Windows names ("W. Europe Standard
    Time") and vendor-prefixed ids ("/mozilla.org/20050126_1/Europe/Berlin", RFC 5545
    3.2.19) are resolved by icalendar, which keeps the CLDR mapping of every Windows
    zone; it is imported only for such names.
    """
    if not name or len(name) > 200 or _UNSAFE_TZID.search(name):
        return None  # also keeps "../" away from the tz database
    if _IANA_RE.match(name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    from icalendar.timezone import tzp

    with warnings.catch_warnings():
        # A vendor prefix is stripped with a warning that it is a guess: it is the
        # guess we want.
        warnings.simplefilter("ignore")
        try:
            found: tzinfo | None = tzp.timezone(name)
        except (ValueError, OSError, KeyError, TypeError):
            return None
    return found


def recipient_zone(date_header: datetime | None, calendar_tzid: str | None, /) -> tzinfo | None:
    """The recruiter's zone for ``followup.timezone = "recipient"``.

    The calendar's TZID (RFC 5545 3.2.19) names a real zone with DST rules, so it
    wins when it is an IANA name, a Windows name, or a vendor prefix around one
    (``/mozilla.org/20050126_1/Europe/Berlin``). Otherwise the fixed offset of the
    invitation's Date header (RFC 5322 3.3). ``None`` when neither is known.
    """
    if calendar_tzid:
        zone = _zone(calendar_tzid.strip().strip('"'))
        if zone is not None:
            return zone
    if date_header is not None:
        offset = date_header.utcoffset()
        if offset is not None:
            return timezone(offset)
    return None


def late_decision(
    due: datetime, now: datetime, /, *, limit: timedelta
) -> Literal["send", "too_late", "wait"]:
    """What to do with a follow-up due at ``due`` when it is ``now``.

    ``wait`` before the due time; ``send`` when it is due and at most ``limit`` late;
    ``too_late`` beyond that (the daemon was down: the outbox marks it failed).
    """
    if due.tzinfo is None or now.tzinfo is None:
        raise ValueError("due and now must be timezone-aware")
    if now < due:
        return "wait"
    return "send" if now - due <= limit else "too_late"
