"""Burden: what a shift costs the person who holds it, on that person's own clock.

For an engineer and a shift, the on-call hours split into categories read in the
engineer's time zone:

* ``hours`` — all on-call hours;
* ``weekend`` — hours on the engineer's local Saturdays and Sundays;
* ``holiday`` — hours on the engineer's own public holidays;
* ``off_hours`` — hours outside the engineer's working time (working days within working
  hours, minus public holidays), so weekend and holiday hours are off-hours too;
* ``night`` — hours inside the night window (``rules.burden.night_hours``, default
  22:00-07:00 local): the hours that cost sleep, whatever the day.

``burden = hours + w_weekend * weekend + w_holiday * holiday + w_off * off_hours
+ w_night * night`` with the
weights of ``rules.burden`` (holiday hours count only where the holiday mode is ``weigh`` or
``prefer_avoid``).
All arithmetic is on UTC instants derived from wall-clock boundaries, so DST days are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from fairshift.domain.roster import Engineer
from fairshift.domain.shifts import Shift
from fairshift.rules.public_holidays import weighs
from fairshift.rules.settings import RuleSettings
from fairshift.time.calendars import HolidayCalendar
from fairshift.time.tz import wall_clock, zone

__all__ = ["Load", "burden_points", "load_of"]

SCALE = 100  # burden is handled by the solver in hundredths of an hour


@dataclass(frozen=True, slots=True)
class Load:
    """Hours of one shift for one engineer, split by category."""

    hours: float = 0.0
    weekend: float = 0.0
    holiday: float = 0.0
    off_hours: float = 0.0
    night: float = 0.0

    def __add__(self, other: Load) -> Load:
        return Load(self.hours + other.hours, self.weekend + other.weekend,
                    self.holiday + other.holiday, self.off_hours + other.off_hours,
                    self.night + other.night)

    def burden(self, rules: RuleSettings, *, holidays: bool | None = None) -> float:
        """Weighted burden in hours. Holiday hours weigh when ``holidays`` says so, by default
        when ``rules.public_holidays.mode`` is ``weigh`` or ``prefer_avoid`` (a seat's own mode may
        differ: see :meth:`fairshift.domain.instance.Instance.burden`)."""
        w = rules.burden
        if holidays is None:
            holidays = weighs(rules.public_holidays.mode)
        holiday = self.holiday if holidays else 0.0
        return (self.hours + w.weekend * self.weekend + w.holiday * holiday
                + w.off_hours * self.off_hours + w.night * self.night)


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    lo, hi = max(a0, b0), min(a1, b1)
    return max((hi - lo).total_seconds(), 0.0) / 3600


@lru_cache(maxsize=200_000)
def _load(start: datetime, end: datetime, tz: str, hours: tuple[time, time],
          workdays: frozenset[int], calendar: HolidayCalendar, night: tuple[time, time]) -> Load:
    total = Load()
    day = start.astimezone(zone(tz)).date()
    last = end.astimezone(zone(tz)).date()
    while day <= last:
        d0 = wall_clock(day, time(0, 0), tz)
        d1 = wall_clock(day + timedelta(days=1), time(0, 0), tz)
        on = _overlap(start, end, d0, d1)
        if on > 0:
            holiday = calendar.is_holiday(day)
            working = 0.0
            if day.weekday() in workdays and not holiday:
                working = _overlap(start, end, wall_clock(day, hours[0], tz), wall_clock(day, hours[1], tz))
            total = total + Load(
                hours=on,
                weekend=on if day.weekday() >= 5 else 0.0,
                holiday=on if holiday else 0.0,
                off_hours=on - working,
                night=_night(start, end, day, tz, night),
            )
        day += timedelta(days=1)
    return total


def _night(start: datetime, end: datetime, day: date, tz: str, window: tuple[time, time]) -> float:
    """Hours of ``[start, end)`` inside the night window on local ``day``."""
    begin, finish = window
    if begin <= finish:  # a window that does not cross midnight
        return _overlap(start, end, wall_clock(day, begin, tz), wall_clock(day, finish, tz))
    midnight = wall_clock(day, time(0, 0), tz)
    next_midnight = wall_clock(day + timedelta(days=1), time(0, 0), tz)
    return (_overlap(start, end, midnight, wall_clock(day, finish, tz))
            + _overlap(start, end, wall_clock(day, begin, tz), next_midnight))


def load_of(engineer: Engineer, shift: Shift, rules: RuleSettings | None = None) -> Load:
    """The hours of ``shift`` for ``engineer``, split by category on the engineer's clock."""
    window = (rules or RuleSettings()).burden.night_window
    return _load(shift.start, shift.end, engineer.timezone, engineer.hours,
                 engineer.working_weekdays, engineer.calendar, window)


def burden_points(engineer: Engineer, shift: Shift, rules: RuleSettings) -> int:
    """Burden in integer hundredths of an hour (what the solver sums)."""
    return round(load_of(engineer, shift, rules).burden(rules) * SCALE)
