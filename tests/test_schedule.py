"""Follow-up due times: delay, send windows, weekdays, DST, recipient zone, late limit."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.core.schedule import due_time, late_decision, recipient_zone, resolve_local

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WORKDAYS = frozenset(range(5))
EVERY_DAY = frozenset(range(7))
OFFICE = (time(9), time(17))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def due(sent_at: datetime, **kw: object) -> datetime:
    options: dict[str, object] = {
        "delay": timedelta(0),
        "window": OFFICE,
        "weekdays": WORKDAYS,
        "tz": BERLIN,
    }
    options.update(kw)
    return due_time(sent_at, **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- plain cases
def test_delay_inside_the_window_is_kept() -> None:
    sent = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)  # Monday
    result = due(sent, delay=timedelta(days=1))
    assert result == datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)
    assert result.tzinfo is UTC


def test_after_the_window_moves_to_the_next_morning() -> None:
    sent = datetime(2026, 11, 24, 16, 30, tzinfo=BERLIN)  # Tuesday
    assert due(sent, delay=timedelta(hours=1)) == datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)


def test_before_the_window_moves_to_its_start() -> None:
    sent = datetime(2026, 11, 24, 6, 15, tzinfo=BERLIN)
    assert due(sent) == datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)


def test_window_end_is_exclusive() -> None:
    sent = datetime(2026, 11, 24, 17, 0, tzinfo=BERLIN)
    assert due(sent) == datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)


def test_weekend_moves_to_monday() -> None:
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN)
    assert due(friday, delay=timedelta(hours=2)) == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    saturday_noon = datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN)
    assert due(saturday_noon) == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)


def test_only_some_weekdays() -> None:
    monday = datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN)
    # Tuesdays and Thursdays only.
    assert due(monday, weekdays=frozenset({1, 3})) == datetime(2026, 11, 24, 9, tzinfo=BERLIN)
    assert due(monday, weekdays=frozenset({0})) == datetime(2026, 11, 23, 12, tzinfo=BERLIN)
    sunday = frozenset({6})
    assert due(monday, weekdays=sunday) == datetime(2026, 11, 29, 9, tzinfo=BERLIN)


def test_no_window_only_weekdays() -> None:
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN)
    assert due(saturday, window=None) == datetime(2026, 11, 30, 0, 0, tzinfo=BERLIN)
    assert due(saturday, window=None, weekdays=EVERY_DAY) == saturday


def test_sent_time_in_another_zone_is_read_in_the_window_zone() -> None:
    # 07:30 in New York is 13:30 in Berlin: inside the Berlin window.
    sent = datetime(2026, 11, 24, 7, 30, tzinfo=NEW_YORK)
    assert due(sent) == datetime(2026, 11, 24, 13, 30, tzinfo=BERLIN)


def test_fixed_offset_zone() -> None:
    minus5 = timezone(timedelta(hours=-5))
    sent = utc(2026, 11, 24, 23, 0)  # 18:00 at -05:00, after the window
    assert due(sent, tz=minus5) == datetime(2026, 11, 25, 9, 0, tzinfo=minus5)


# ---------------------------------------------------------------- DST changes
def test_berlin_spring_forward_window_start_keeps_wall_time() -> None:
    # Fri 27 March 2026 18:00 CET; clocks go forward on Sunday 29 March.
    sent = datetime(2026, 3, 27, 18, 0, tzinfo=BERLIN)
    result = due(sent)
    assert result == datetime(2026, 3, 30, 9, 0, tzinfo=BERLIN)
    assert result.astimezone(UTC) == utc(2026, 3, 30, 7, 0)  # CEST, +02:00


def test_berlin_delay_is_a_duration_across_the_change() -> None:
    # 24 h after Saturday 12:00 CET is Sunday 13:00 CEST (one hour vanished).
    sent = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    result = due(sent, delay=timedelta(hours=24), weekdays=EVERY_DAY)
    assert result.astimezone(UTC) == utc(2026, 3, 29, 11, 0)
    assert result.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 13, 0)


def test_berlin_nonexistent_window_start_becomes_end_of_gap() -> None:
    # 02:30 does not exist on 29 March 2026 in Berlin: the window opens at 03:00 CEST.
    sent = utc(2026, 3, 28, 23, 0)  # 00:00 CET
    result = due(sent, window=(time(2, 30), time(5)), weekdays=EVERY_DAY)
    assert result.astimezone(UTC) == utc(2026, 3, 29, 1, 0)
    assert result.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 0)


def test_berlin_fall_back_ambiguous_window() -> None:
    # On 25 October 2026 02:00-03:00 happens twice. The window 02:30-02:45 opens at
    # the first 02:30 (CEST) and closes at the second 02:45 (CET).
    window = (time(2, 30), time(2, 45))
    sent = utc(2026, 10, 25, 0, 0)  # 02:00 CEST
    assert due(sent, window=window, weekdays=EVERY_DAY).astimezone(UTC) == utc(2026, 10, 25, 0, 30)
    second_pass = utc(2026, 10, 25, 1, 10)  # 02:10 CET, the second time round
    assert due(second_pass, window=window, weekdays=EVERY_DAY) == second_pass
    after = utc(2026, 10, 25, 1, 45)  # 02:45 CET: closed
    assert due(after, window=window, weekdays=EVERY_DAY).astimezone(UTC) == utc(2026, 10, 26, 1, 30)


def test_berlin_fall_back_monday_morning() -> None:
    sent = datetime(2026, 10, 23, 18, 0, tzinfo=BERLIN)  # Friday, CEST
    result = due(sent)
    assert result.astimezone(UTC) == utc(2026, 10, 26, 8, 0)  # 09:00 CET, +01:00


def test_new_york_spring_forward() -> None:
    # Clocks go forward on Sunday 8 March 2026; Monday 09:00 is EDT (-04:00).
    sent = datetime(2026, 3, 6, 17, 30, tzinfo=NEW_YORK)
    result = due(sent, tz=NEW_YORK)
    assert result.astimezone(UTC) == utc(2026, 3, 9, 13, 0)
    # 02:30 on 8 March does not exist in New York: 03:00 EDT.
    night = due(
        utc(2026, 3, 8, 6, 0), tz=NEW_YORK, window=(time(2, 30), time(4)), weekdays=EVERY_DAY
    )
    assert night.astimezone(UTC) == utc(2026, 3, 8, 7, 0)


def test_new_york_fall_back() -> None:
    sent = datetime(2026, 10, 30, 18, 0, tzinfo=NEW_YORK)  # Friday, EDT
    result = due(sent, tz=NEW_YORK)
    assert result.astimezone(UTC) == utc(2026, 11, 2, 14, 0)  # 09:00 EST, -05:00
    # 01:30 happens twice on 1 November: the window starts at the first one.
    ambiguous = due(
        utc(2026, 11, 1, 4, 0), tz=NEW_YORK, window=(time(1, 30), time(3)), weekdays=EVERY_DAY
    )
    assert ambiguous.astimezone(UTC) == utc(2026, 11, 1, 5, 30)  # 01:30 EDT


def test_resolve_local() -> None:
    d = datetime(2026, 10, 25).date()
    assert resolve_local(d, time(2, 30), BERLIN) == utc(2026, 10, 25, 0, 30)
    assert resolve_local(d, time(2, 30), BERLIN, latest=True) == utc(2026, 10, 25, 1, 30)
    gap = datetime(2026, 3, 29).date()
    assert resolve_local(gap, time(2, 0), BERLIN) == utc(2026, 3, 29, 1, 0)
    assert resolve_local(gap, time(1, 59), BERLIN) == utc(2026, 3, 29, 0, 59)


# --------------------------------------------------------------------- jitter
def test_jitter_is_added_inside_the_window() -> None:
    sent = datetime(2026, 11, 24, 6, 0, tzinfo=BERLIN)
    result = due(sent, jitter=timedelta(minutes=10), rng_value=0.5)
    assert result == datetime(2026, 11, 24, 9, 5, tzinfo=BERLIN)


def test_jitter_that_would_leave_the_window_is_dropped() -> None:
    sent = datetime(2026, 11, 24, 16, 58, tzinfo=BERLIN)
    result = due(sent, jitter=timedelta(minutes=10), rng_value=0.5)
    assert result == sent


def test_zero_rng_means_no_jitter() -> None:
    sent = datetime(2026, 11, 24, 6, 0, tzinfo=BERLIN)
    assert due(sent, jitter=timedelta(minutes=10)) == datetime(2026, 11, 24, 9, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"weekdays": frozenset()}, "weekdays"),
        ({"weekdays": frozenset({7})}, "weekdays"),
        ({"window": (time(17), time(9))}, "before its end"),
        ({"delay": timedelta(hours=-1)}, "negative"),
        ({"rng_value": 1.0}, "rng_value"),
    ],
)
def test_bad_arguments(kw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        due(utc(2026, 11, 24, 12), **kw)


def test_naive_sent_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due(datetime(2026, 11, 24, 12))


@settings(max_examples=200, deadline=None)
@given(
    sent=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    delay_minutes=st.integers(0, 20_000),
    zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe")]),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    start=st.integers(0, 22),
    length=st.integers(1, 12),
)
def test_result_is_always_in_an_allowed_window(
    sent: datetime,
    delay_minutes: int,
    zone: ZoneInfo,
    days: frozenset[int],
    start: int,
    length: int,
) -> None:
    end = min(start + length, 23)
    window = (time(start), time(end, 59 if end == 23 else 0))
    result = due(
        sent, delay=timedelta(minutes=delay_minutes), window=window, weekdays=days, tz=zone
    )
    earliest = sent + timedelta(minutes=delay_minutes)
    assert result >= earliest
    assert result - earliest < timedelta(days=9)
    local = result.astimezone(zone)
    assert local.weekday() in days
    day = local.date()
    assert resolve_local(day, window[0], zone) <= result
    assert result < resolve_local(day, window[1], zone, latest=True)


# ------------------------------------------------------------ recipient zone
def test_recipient_zone_prefers_the_calendar() -> None:
    date = datetime(2026, 11, 24, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert recipient_zone(date, "Europe/Berlin") == BERLIN
    assert recipient_zone(date, "W. Europe Standard Time") == BERLIN
    assert recipient_zone(None, "/mozilla.org/20050126_1/America/New_York") == NEW_YORK
    assert recipient_zone(None, "America/Argentina/Buenos_Aires") == ZoneInfo(
        "America/Argentina/Buenos_Aires"
    )


@pytest.mark.parametrize(
    ("tzid", "iana"),
    [
        # Windows names beyond the handful a hand-written table held (icalendar keeps
        # CLDR's mapping of all of them).
        ("Arabian Standard Time", "Asia/Dubai"),
        ("SA Pacific Standard Time", "America/Bogota"),
        ("New Zealand Standard Time", "Pacific/Auckland"),
        ("Singapore Standard Time", "Asia/Singapore"),
        ("Romance Standard Time", "Europe/Paris"),
        # Vendor prefixes (RFC 5545 3.2.19 "globally unique" TZIDs).
        ("/freeassociation.sourceforge.net/Tzfile/Europe/Madrid", "Europe/Madrid"),
        ("/citadel.org/20190914_1/Asia/Tokyo", "Asia/Tokyo"),
    ],
)
def test_windows_and_vendor_zone_names(tzid: str, iana: str) -> None:
    zone = recipient_zone(None, tzid)
    probe = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert zone is not None
    assert probe.astimezone(zone).utcoffset() == probe.astimezone(ZoneInfo(iana)).utcoffset()


def test_recipient_zone_falls_back_to_the_date_offset() -> None:
    date = datetime(2026, 11, 24, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert recipient_zone(date, "Not/AZone") == timezone(timedelta(hours=-5))
    assert recipient_zone(date, "../../etc/passwd") == timezone(timedelta(hours=-5))
    assert recipient_zone(date, "/x/../../etc/passwd") == timezone(timedelta(hours=-5))
    assert recipient_zone(date, "Europe") == timezone(timedelta(hours=-5))
    assert recipient_zone(date, None) == timezone(timedelta(hours=-5))


def test_recipient_zone_unknown() -> None:
    assert recipient_zone(None, None) is None
    assert recipient_zone(datetime(2026, 11, 24, 10, 0), "") is None


def test_recipient_zone_feeds_due_time() -> None:
    zone = recipient_zone(None, "America/New_York")
    assert zone is not None
    sent = utc(2026, 11, 24, 12, 0)  # 07:00 in New York
    result = due_time(sent, delay=timedelta(0), window=OFFICE, weekdays=WORKDAYS, tz=NEW_YORK)
    assert result.astimezone(UTC) == utc(2026, 11, 24, 14, 0)


# ---------------------------------------------------------------- late limit
def test_late_decision() -> None:
    due_at = utc(2026, 11, 24, 9)
    limit = timedelta(days=3)
    assert late_decision(due_at, due_at - timedelta(seconds=1), limit=limit) == "wait"
    assert late_decision(due_at, due_at, limit=limit) == "send"
    assert late_decision(due_at, due_at + limit, limit=limit) == "send"
    assert late_decision(due_at, due_at + limit + timedelta(seconds=1), limit=limit) == "too_late"
    with pytest.raises(ValueError, match="aware"):
        late_decision(due_at, datetime(2026, 11, 24), limit=limit)
