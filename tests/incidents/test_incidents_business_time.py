"""Business-time arithmetic: hand-computed cases, DST, holidays, properties, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.errors import TimeError
from fairshift.incidents import (
    ALL_DAYS,
    MON_FRI,
    TWENTY_FOUR_SEVEN,
    BusinessCalendar,
    IncidentError,
    add_business_time,
    business_time_between,
)
from fairshift.time.calendars import HolidayCalendar
from fairshift.time.tz import zone

BUD = zone("Europe/Budapest")
LA = zone("America/Los_Angeles")
H = timedelta(hours=1)

BUDAPEST = BusinessCalendar("Europe/Budapest", time(9), time(17), MON_FRI, HolidayCalendar("HU"))
BUDAPEST_NO_HOLIDAYS = BusinessCalendar("Europe/Budapest", time(9), time(17), MON_FRI)
LOS_ANGELES_US = BusinessCalendar(
    "America/Los_Angeles", time(9), time(17), MON_FRI, HolidayCalendar("US")
)
LOS_ANGELES_CA = BusinessCalendar(
    "America/Los_Angeles", time(9), time(17), MON_FRI, HolidayCalendar("US", "CA")
)
# Open all day every day except Hungarian holidays: exercises 23- and 25-hour days.
BUDAPEST_ALL_DAY = BusinessCalendar(
    "Europe/Budapest", time(0), time(0), ALL_DAYS, HolidayCalendar("HU")
)


def bud(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BUD)


def pt(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LA)


# start (local), duration, calendar, expected due (local)
HAND_COMPUTED = [
    pytest.param(bud(2027, 5, 7, 16, 30), 2 * H, BUDAPEST, bud(2027, 5, 10, 10, 30),
                 id="budapest-friday-to-monday"),
    pytest.param(bud(2027, 5, 14, 16, 30), 2 * H, BUDAPEST, bud(2027, 5, 18, 10, 30),
                 id="budapest-whit-monday-holiday"),
    pytest.param(bud(2027, 3, 12, 16, 30), 2 * H, BUDAPEST, bud(2027, 3, 16, 10, 30),
                 id="budapest-national-day-monday"),
    pytest.param(bud(2027, 3, 25, 16, 0), 4 * H, BUDAPEST, bud(2027, 3, 30, 12, 0),
                 id="budapest-easter-and-dst"),
    pytest.param(bud(2027, 3, 26, 16, 30), 2 * H, BUDAPEST_NO_HOLIDAYS, bud(2027, 3, 29, 10, 30),
                 id="budapest-dst-weekend-no-holidays"),
    pytest.param(bud(2027, 5, 8, 12, 0), 8 * H, BUDAPEST, bud(2027, 5, 10, 17, 0),
                 id="budapest-weekend-start-ends-at-closing"),
    pytest.param(pt(2027, 11, 24, 16, 0), 4 * H, LOS_ANGELES_US, pt(2027, 11, 26, 12, 0),
                 id="us-thanksgiving"),
    pytest.param(pt(2027, 11, 24, 16, 0), 4 * H, LOS_ANGELES_CA, pt(2027, 11, 29, 12, 0),
                 id="us-ca-thanksgiving-and-day-after"),
    pytest.param(pt(2027, 3, 12, 16, 0), 2 * H, LOS_ANGELES_US, pt(2027, 3, 15, 10, 0),
                 id="us-spring-forward-weekend"),
    pytest.param(pt(2027, 11, 5, 16, 0), 2 * H, LOS_ANGELES_US, pt(2027, 11, 8, 10, 0),
                 id="us-fall-back-weekend"),
    pytest.param(pt(2027, 3, 14, 0, 30), 4 * H, TWENTY_FOUR_SEVEN, pt(2027, 3, 14, 5, 30),
                 id="24x7-spring-forward-night"),
    pytest.param(pt(2027, 11, 7, 0, 30), 4 * H, TWENTY_FOUR_SEVEN, pt(2027, 11, 7, 3, 30),
                 id="24x7-fall-back-night"),
]


@pytest.mark.parametrize(("start", "duration", "calendar", "due"), HAND_COMPUTED)
def test_hand_computed_due(
    start: datetime, duration: timedelta, calendar: BusinessCalendar, due: datetime
) -> None:
    got = add_business_time(start, duration, calendar)
    assert got == due
    assert got.tzinfo is UTC
    assert business_time_between(start, got, calendar) == duration


@pytest.mark.parametrize(
    ("start", "end", "business", "elapsed", "wall"),
    [
        # Friday 16:00 PST to Monday 10:00 PDT: 66 h on the wall clock, 65 h elapsed, 2 h business.
        (pt(2027, 3, 12, 16), pt(2027, 3, 15, 10), 2 * H, 65 * H, 66 * H),
        # Friday 16:00 PDT to Monday 10:00 PST: 66 h on the wall clock, 67 h elapsed.
        (pt(2027, 11, 5, 16), pt(2027, 11, 8, 10), 2 * H, 67 * H, 66 * H),
        # Thursday 16:00 CET to Tuesday 12:00 CEST over Easter: 4 business hours.
        (bud(2027, 3, 25, 16), bud(2027, 3, 30, 12), 4 * H, 115 * H, 116 * H),
    ],
)
def test_business_time_differs_from_wall_clock(
    start: datetime, end: datetime, business: timedelta, elapsed: timedelta, wall: timedelta
) -> None:
    calendar = LOS_ANGELES_US if start.tzinfo is LA else BUDAPEST
    assert business_time_between(start, end, calendar) == business
    assert business_time_between(start, end, TWENTY_FOUR_SEVEN) == elapsed
    assert end.astimezone(UTC) - start.astimezone(UTC) == elapsed
    assert end - start == wall  # same-tzinfo subtraction in Python is wall-clock time


@pytest.mark.parametrize(
    ("day", "length"),
    [(date(2026, 3, 29), 23 * H), (date(2027, 3, 28), 23 * H), (date(2027, 10, 31), 25 * H)],
)
def test_working_day_is_eight_hours_on_dst_switch_days(day: date, length: timedelta) -> None:
    every_day = BusinessCalendar("Europe/Budapest", time(9), time(17), ALL_DAYS)
    start = datetime.combine(day, time(0), tzinfo=BUD)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BUD)
    assert business_time_between(start, end, every_day) == 8 * H
    assert add_business_time(start, 8 * H, every_day) == datetime.combine(day, time(17), BUD)
    # A whole-day calendar (not the 24x7 shortcut: it has a closed date) follows the clock.
    whole_days = BusinessCalendar("Europe/Budapest", time(0), time(0), ALL_DAYS,
                                  HolidayCalendar(extra_closed=frozenset({date(2000, 1, 1)})))
    assert not whole_days.is_24x7
    assert business_time_between(start, end, whole_days) == length


def test_boundary_in_dst_gap_moves_later() -> None:
    # 02:30 does not exist on 2027-03-28 in Budapest; the day starts at 03:30 CEST (01:30Z).
    cal = BusinessCalendar("Europe/Budapest", time(2, 30), time(10, 30), ALL_DAYS)
    midnight = bud(2027, 3, 28, 0, 0)
    assert business_time_between(midnight, bud(2027, 3, 29, 0, 0), cal) == 7 * H
    tiny = timedelta(microseconds=1)
    assert add_business_time(midnight, tiny, cal) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC) + tiny


def test_boundary_shown_twice_uses_first_reading() -> None:
    # 02:30 happens twice on 2027-10-31 in Budapest; the first (CEST, 00:30Z) counts.
    cal = BusinessCalendar("Europe/Budapest", time(2, 30), time(10, 30), ALL_DAYS)
    assert business_time_between(bud(2027, 10, 31, 0), bud(2027, 11, 1, 0), cal) == 9 * H
    assert add_business_time(bud(2027, 10, 31, 0), timedelta(0), cal) == bud(2027, 10, 31, 0)


def test_ninety_business_days_is_fast_and_exact() -> None:
    start = bud(2027, 1, 4, 9, 0)  # a Monday
    due = add_business_time(start, 90 * 8 * H, BUDAPEST_NO_HOLIDAYS)
    assert due == bud(2027, 5, 7, 17, 0)  # 18 full weeks later, Friday closing time
    assert business_time_between(start, due, BUDAPEST_NO_HOLIDAYS) == 720 * H


def test_end_of_day_midnight_calendar() -> None:
    evenings = BusinessCalendar("UTC", time(20), time(0), MON_FRI)
    start = datetime(2027, 2, 1, 12, tzinfo=UTC)  # Monday
    assert add_business_time(start, 5 * H, evenings) == datetime(2027, 2, 2, 21, tzinfo=UTC)
    assert evenings.working_day == 4 * H
    assert evenings.describe() == "UTC 20:00-24:00 Mon-Fri"


# --- bad input -----------------------------------------------------------------------------


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(TimeError, match="no time zone"):
        add_business_time(datetime(2027, 1, 1), H, BUDAPEST)
    with pytest.raises(TimeError, match=r"end .* no time zone"):
        business_time_between(bud(2027, 1, 1), datetime(2027, 1, 2), BUDAPEST)


def test_reversed_interval_and_negative_duration_are_rejected() -> None:
    with pytest.raises(TimeError, match=r"before start .* swap"):
        business_time_between(bud(2027, 1, 2), bud(2027, 1, 1), BUDAPEST)
    with pytest.raises(TimeError, match="negative"):
        add_business_time(bud(2027, 1, 1), -H, BUDAPEST)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": time(9), "end": time(9)}, "no working hours: start 09:00 is not before end"),
        ({"start": time(17), "end": time(9)}, "no working hours"),
        ({"days": frozenset()}, "non-empty subset"),
        ({"days": frozenset({7})}, "non-empty subset"),
        ({"start": time(9, tzinfo=UTC)}, "without tzinfo"),
    ],
)
def test_calendar_without_working_hours_is_rejected(kwargs: dict[str, object],
                                                    message: str) -> None:
    with pytest.raises(IncidentError, match=message):
        BusinessCalendar("Europe/Budapest", **kwargs)  # type: ignore[arg-type]


def test_unknown_time_zone_is_rejected() -> None:
    with pytest.raises(TimeError, match="did you mean 'Europe/Budapest'"):
        BusinessCalendar("Europe/Budapset")


def test_calendar_closed_for_years_raises_instead_of_looping() -> None:
    saturdays = {date(2027, 1, 2) + timedelta(weeks=w) for w in range(4 * 53)}
    cal = BusinessCalendar("UTC", time(9), time(17), frozenset({5}),
                           HolidayCalendar(extra_closed=frozenset(saturdays)))
    with pytest.raises(IncidentError, match="no working time in the 1098 days"):
        add_business_time(datetime(2027, 1, 1, tzinfo=UTC), H, cal)
    # Measuring a span inside the closed years is fine: it is simply zero.
    start, end = datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    assert business_time_between(start, end, cal) == timedelta(0)


# --- properties ----------------------------------------------------------------------------

CALENDARS = [BUDAPEST, LOS_ANGELES_CA, TWENTY_FOUR_SEVEN, BUDAPEST_ALL_DAY]
TRANSITIONS = [
    datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2027, 3, 28, 1, tzinfo=UTC), datetime(2027, 10, 31, 1, tzinfo=UTC),
    datetime(2027, 3, 14, 10, tzinfo=UTC), datetime(2027, 11, 7, 9, tzinfo=UTC),
    datetime(2027, 11, 25, 17, tzinfo=UTC), datetime(2027, 12, 24, 12, tzinfo=UTC),
]
instants = st.one_of(
    st.datetimes(datetime(2026, 1, 1), datetime(2028, 12, 31), timezones=st.just(UTC)),
    st.builds(lambda t, d: t + d, st.sampled_from(TRANSITIONS),
              st.timedeltas(-timedelta(days=4), timedelta(days=4))),
)
durations = st.timedeltas(timedelta(microseconds=1), timedelta(days=40))
calendars = st.sampled_from(CALENDARS)
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(start=instants, duration=durations, calendar=calendars)
def test_add_then_measure_round_trips(start: datetime, duration: timedelta,
                                      calendar: BusinessCalendar) -> None:
    due = add_business_time(start, duration, calendar)
    assert due > start
    assert business_time_between(start, due, calendar) == duration


@PROPERTY
@given(points=st.lists(instants, min_size=3, max_size=3), calendar=calendars)
def test_between_is_additive_non_negative_and_bounded(points: list[datetime],
                                                      calendar: BusinessCalendar) -> None:
    a, b, c = sorted(points)
    ab = business_time_between(a, b, calendar)
    bc = business_time_between(b, c, calendar)
    assert ab >= timedelta(0) and bc >= timedelta(0)
    assert ab <= b - a
    assert business_time_between(a, c, calendar) == ab + bc


@PROPERTY
@given(start=instants, d1=durations, d2=durations, calendar=calendars)
def test_add_is_monotone(start: datetime, d1: timedelta, d2: timedelta,
                         calendar: BusinessCalendar) -> None:
    lo, hi = sorted((d1, d2))
    assert add_business_time(start, lo, calendar) <= add_business_time(start, hi, calendar)
