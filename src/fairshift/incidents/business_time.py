"""Business calendars and business-time arithmetic.

A :class:`BusinessCalendar` is a time zone, wall-clock working hours, working weekdays,
public holidays (a :class:`~fairshift.time.calendars.HolidayCalendar`: country, subdivision and
extra closed dates) — the same holiday source the roster uses. The default calendar,
:data:`TWENTY_FOUR_SEVEN`, is always open: business time there is elapsed time.

Working hours are wall-clock: each working local day contributes the instants between
``start`` and ``end`` as read on the local clocks (converted with
:func:`fairshift.time.tz.localize`), so 09:00-17:00 is 8 hours on a daylight-saving switch day
too. Hours spanning the switch itself (e.g. 01:00-09:00 on a spring-forward night) give the
real elapsed time (7 hours). **DST policy**: a working-hours boundary that does not exist
(skipped by a spring-forward gap) is read with the offset before the gap, i.e. it lands
the gap's length later on the clock (``nonexistent="later"``); a boundary shown twice
(autumn fall-back) is the first of the two readings (``ambiguous="earlier"``).

>>> from datetime import datetime, timedelta, timezone
>>> from fairshift.time.calendars import HolidayCalendar
>>> bud = BusinessCalendar("Europe/Budapest", time(9), time(17), MON_FRI, HolidayCalendar("HU"))
>>> friday = datetime(2027, 5, 7, 16, 30, tzinfo=zone("Europe/Budapest"))
>>> local(add_business_time(friday, timedelta(hours=2), bud), bud)
'2027-05-10 Mon 10:30'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from fairshift.errors import TimeError
from fairshift.incidents.errors import IncidentError
from fairshift.time.calendars import HolidayCalendar
from fairshift.time.tz import ensure_aware, wall_clock, zone

__all__ = [
    "ALL_DAYS",
    "MON_FRI",
    "TWENTY_FOUR_SEVEN",
    "BusinessCalendar",
    "add_business_time",
    "business_time_between",
    "local",
]

MON_FRI = frozenset(range(5))
ALL_DAYS = frozenset(range(7))
_MIDNIGHT = time(0)
_MAX_IDLE_DAYS = 3 * 366
_END_OF_TIME = datetime.max.replace(tzinfo=UTC)
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class BusinessCalendar:
    """Working time: ``timezone``, wall-clock ``start``-``end`` on weekdays ``days`` (0=Monday),
    minus ``holidays``. ``end=00:00`` means midnight at the end of the day (24:00); overnight
    hours such as 22:00-06:00 are not supported. ``BusinessCalendar()`` is 24x7.

    >>> BusinessCalendar("Europe/Budapest", time(17), time(9))
    Traceback (most recent call last):
    ...
    fairshift.incidents.errors.IncidentError: calendar has no working hours: start 17:00 is \
not before end 09:00; use e.g. 09:00-17:00 (end 00:00 means midnight at the end of the day)
    """

    timezone: str = "UTC"
    start: time = _MIDNIGHT
    end: time = _MIDNIGHT
    days: frozenset[int] = ALL_DAYS
    holidays: HolidayCalendar = field(default_factory=HolidayCalendar)

    def __post_init__(self) -> None:
        object.__setattr__(self, "timezone", zone(self.timezone).key)
        object.__setattr__(self, "days", frozenset(self.days))
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise IncidentError(
                "working hours are wall-clock times in the calendar's time zone; "
                "pass times without tzinfo"
            )
        if self.end != _MIDNIGHT and self.start >= self.end:
            raise IncidentError(
                f"calendar has no working hours: start {self.start:%H:%M} is not before end "
                f"{self.end:%H:%M}; use e.g. 09:00-17:00 (end 00:00 means midnight at the end "
                "of the day)"
            )
        if not self.days or not self.days <= ALL_DAYS:
            raise IncidentError(
                f"calendar working days {sorted(self.days)} must be a non-empty subset of "
                "0..6 (0 = Monday); use e.g. Monday-Friday = {0, 1, 2, 3, 4}"
            )

    @property
    def is_24x7(self) -> bool:
        """True when every instant is working time."""
        return (
            self.start == _MIDNIGHT
            and self.end == _MIDNIGHT
            and self.days == ALL_DAYS
            and self.holidays.country is None
            and not self.holidays.extra_closed
        )

    @property
    def working_day(self) -> timedelta:
        """The wall-clock length of one working day (``5bd`` is five of these).

        >>> BusinessCalendar("UTC", time(9), time(17, 30)).working_day
        datetime.timedelta(seconds=30600)
        """
        end = timedelta(days=1) if self.end == _MIDNIGHT else _since_midnight(self.end)
        return end - _since_midnight(self.start)

    def describe(self) -> str:
        """One line for people, e.g. ``Europe/Budapest 09:00-17:00 Mon-Fri, holidays HU``.

        >>> BusinessCalendar().describe()
        '24x7'
        """
        if self.is_24x7:
            return "24x7"
        end = "24:00" if self.end == _MIDNIGHT else f"{self.end:%H:%M}"
        days = ",".join(_DAY_NAMES[d] for d in sorted(self.days))
        days = {"Mon,Tue,Wed,Thu,Fri": "Mon-Fri", ",".join(_DAY_NAMES): "Mon-Sun"}.get(days, days)
        text = f"{self.timezone} {self.start:%H:%M}-{end} {days}"
        hol = self.holidays
        if hol.country:
            text += f", holidays {hol.country}" + (f"-{hol.subdivision}" if hol.subdivision else "")
        if hol.extra_closed:
            text += f", {len(hol.extra_closed)} extra closed dates"
        return text


TWENTY_FOUR_SEVEN = BusinessCalendar()


def _since_midnight(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def local(instant: datetime, calendar: BusinessCalendar) -> str:
    """``instant`` on the calendar's local clock as ``YYYY-MM-DD Ddd HH:MM`` (for display)."""
    return ensure_aware(instant, "instant").astimezone(zone(calendar.timezone)).strftime(
        "%Y-%m-%d %a %H:%M"
    )


@lru_cache(maxsize=65536)
def _day_interval(calendar: BusinessCalendar, day: date) -> Interval | None:
    if day.weekday() not in calendar.days or calendar.holidays.is_holiday(day):
        return None
    tz = calendar.timezone
    lo = wall_clock(day, calendar.start, tz)
    if calendar.end == _MIDNIGHT:
        day, end = day + timedelta(days=1), _MIDNIGHT
    else:
        end = calendar.end
    hi = wall_clock(day, end, tz)
    return (lo, hi) if lo < hi else None


def iter_working(
    calendar: BusinessCalendar, start: datetime, until: datetime | None = None
) -> Iterator[Interval]:
    """Working intervals ``[a, b)`` from ``start`` on (up to ``until``), in order, in UTC.

    Raises :class:`IncidentError` after more than three years without working time.
    """
    if calendar.is_24x7:
        yield (start, until or _END_OF_TIME)
        return
    tz = zone(calendar.timezone)
    day = start.astimezone(tz).date() - timedelta(days=1)
    last_day = None if until is None else until.astimezone(tz).date() + timedelta(days=1)
    idle = 0
    while last_day is None or day <= last_day:
        span = _day_interval(calendar, day)
        day += timedelta(days=1)
        if span is None or span[1] <= start:
            idle += 1
            if idle > _MAX_IDLE_DAYS:
                raise IncidentError(
                    f"calendar {calendar.describe()} has no working time in the "
                    f"{_MAX_IDLE_DAYS} days before {day.isoformat()}; add working days or "
                    "remove closed dates"
                )
            continue
        idle = 0
        lo, hi = max(span[0], start), span[1] if until is None else min(span[1], until)
        if lo >= hi:
            if until is not None and lo >= until:
                return
            continue
        yield (lo, hi)


def advance(intervals: Iterator[Interval], start: datetime, duration: timedelta) -> datetime:
    """The instant at which ``duration`` of the given working intervals has elapsed."""
    if not duration:
        return start
    remaining = duration
    for lo, hi in intervals:
        if remaining <= hi - lo:
            return lo + remaining
        remaining -= hi - lo
    raise IncidentError("working time ended before the duration elapsed")  # pragma: no cover


def measure(intervals: Iterator[Interval], end: datetime) -> timedelta:
    """Total length of the working intervals before ``end``."""
    total = timedelta(0)
    for lo, hi in intervals:
        if lo >= end:
            break
        total += min(hi, end) - lo
    return total


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """The UTC instant at which ``duration`` of business time has passed since ``start``.

    >>> from datetime import datetime, timedelta, timezone
    >>> add_business_time(datetime(2027, 3, 1, tzinfo=timezone.utc), timedelta(days=7),
    ...                   TWENTY_FOUR_SEVEN).isoformat()
    '2027-03-08T00:00:00+00:00'
    >>> add_business_time(datetime(2027, 3, 1), timedelta(hours=1), TWENTY_FOUR_SEVEN)
    Traceback (most recent call last):
    ...
    fairshift.errors.TimeError: start 2027-03-01T00:00:00 has no time zone; pass an aware datetime
    """
    start = ensure_aware(start, "start")
    if duration < timedelta(0):
        raise TimeError(f"duration {duration} is negative; pass a duration of zero or more")
    return advance(iter_working(calendar, start), start, duration)


def business_time_between(start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
    """Business time in ``[start, end)`` on ``calendar``; never negative.

    >>> from datetime import datetime
    >>> la = BusinessCalendar("America/Los_Angeles", time(9), time(17), MON_FRI)
    >>> pt = zone("America/Los_Angeles")
    >>> business_time_between(datetime(2027, 3, 12, 16, tzinfo=pt),
    ...                       datetime(2027, 3, 15, 10, tzinfo=pt), la)
    datetime.timedelta(seconds=7200)
    >>> business_time_between(datetime(2027, 3, 15, tzinfo=pt),
    ...                       datetime(2027, 3, 12, tzinfo=pt), la)
    Traceback (most recent call last):
    ...
    fairshift.errors.TimeError: end 2027-03-12T08:00:00+00:00 is before start \
2027-03-15T07:00:00+00:00; swap the two instants
    """
    start = ensure_aware(start, "start")
    end = ensure_aware(end, "end")
    if end < start:
        raise TimeError(
            f"end {end.isoformat()} is before start {start.isoformat()}; swap the two instants"
        )
    return measure(iter_working(calendar, start, until=end), end)
