"""The daily triage slot: the best meeting window of a given length inside everyone's working time.

For each day (a local date in a reference ``timezone``) and a set of people, every window of
``minutes`` that starts on that day at a multiple of ``step`` minutes after local midnight is a
candidate. For each person the part of the window *outside* their working time is measured on
their own clock: their working days and hours, in their zone, with their own public holidays off
(a window across their midnight is measured on both of their dates). The best window is the one
that leaves the **fewest people outside**, then the **fewest minutes outside in total**, then the
**earliest**. A window with nobody outside is a common slot; when there is none, the best window
is the least-bad alternative and says who is outside, and why.

No timedelta is added to a local time: candidates step from the reference zone's local midnight
in UTC, and working hours are read as wall-clock times of each date, so DST weeks are right.

>>> from datetime import date
>>> from fairshift.domain.roster import Engineer
>>> anna = Engineer(id="anna", timezone="Europe/Budapest", working_hours="09:00-18:00")
>>> ben = Engineer(id="ben", timezone="America/New_York")
>>> slot = best_slot([anna, ben], date(2027, 3, 10), minutes=30, timezone="UTC")
>>> slot.common, slot.start.isoformat()
(True, '2027-03-10T14:00:00+00:00')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fairshift.domain.roster import Engineer, Roster
from fairshift.domain.schedule import Schedule
from fairshift.errors import FairshiftError
from fairshift.time.tz import wall_clock, zone

__all__ = ["Attendee", "TriageDay", "TriageRun", "best_slot", "on_call_by_day", "runs", "triage_slots"]


@dataclass(frozen=True)
class Attendee:
    """One person in one window: their local times and how much of it is outside their working time."""

    engineer: str
    timezone: str
    local_start: datetime
    local_end: datetime
    outside_minutes: int
    reason: str | None  # why they are outside (None when inside)


@dataclass(frozen=True)
class TriageDay:
    """The best window of one day, for the people of that day."""

    day: date
    start: datetime  # UTC
    end: datetime
    attendees: tuple[Attendee, ...]

    @property
    def common(self) -> bool:
        """True when the window is inside everyone's working time."""
        return all(a.outside_minutes == 0 for a in self.attendees)

    @property
    def outside(self) -> tuple[Attendee, ...]:
        return tuple(a for a in self.attendees if a.outside_minutes)

    @property
    def outside_minutes(self) -> int:
        return sum(a.outside_minutes for a in self.attendees)


@dataclass(frozen=True)
class TriageRun:
    """Consecutive days whose best window starts at the same local time (reference zone)."""

    first: date
    last: date
    start: time
    common: bool
    days: int


def _working(eng: Engineer, day: date) -> tuple[datetime, datetime] | None:
    """``eng``'s working time on their local ``day`` as UTC instants, None on a day off."""
    if day.weekday() not in eng.working_weekdays or eng.calendar.is_holiday(day):
        return None
    a, b = eng.hours
    return wall_clock(day, a, eng.timezone), wall_clock(day, b, eng.timezone)


def _inside_seconds(eng: Engineer, start: datetime, end: datetime) -> float:
    tz = zone(eng.timezone)
    first, last = start.astimezone(tz).date(), (end - timedelta(microseconds=1)).astimezone(tz).date()
    total = 0.0
    day = first
    while day <= last:
        hours = _working(eng, day)
        if hours is not None:
            total += max((min(end, hours[1]) - max(start, hours[0])).total_seconds(), 0.0)
        day += timedelta(days=1)
    return total


def _reason(eng: Engineer, start: datetime) -> str:
    local = start.astimezone(zone(eng.timezone))
    name = eng.calendar.name(local.date())
    if name is not None:
        return f"public holiday ({name})"
    if local.weekday() not in eng.working_weekdays:
        return f"not a working day ({local:%A})"
    return f"outside working hours {eng.working_hours}"


def _attendee(eng: Engineer, start: datetime, end: datetime) -> Attendee:
    tz = zone(eng.timezone)
    outside = round(((end - start).total_seconds() - _inside_seconds(eng, start, end)) / 60)
    return Attendee(eng.id, eng.timezone, start.astimezone(tz), end.astimezone(tz), outside,
                    _reason(eng, start) if outside else None)


def _candidates(day: date, timezone: str, step: int) -> Iterable[datetime]:
    begin = wall_clock(day, time(0), timezone)
    stop = wall_clock(day + timedelta(days=1), time(0), timezone)
    at = begin
    while at < stop:
        yield at
        at += timedelta(minutes=step)  # UTC arithmetic: local times stay on the step grid


def best_slot(people: Sequence[Engineer], day: date, *, minutes: int, timezone: str = "UTC",
              step: int = 15) -> TriageDay:
    """The best window of ``minutes`` on local ``day`` of ``timezone`` for ``people`` (see the module
    docs for "best"). Raises :class:`~fairshift.errors.FairshiftError` for no people or bad sizes."""
    if not people:
        raise FairshiftError(f"no people to meet on {day.isoformat()}")
    if not 1 <= minutes <= 24 * 60 or not 1 <= step <= 24 * 60:
        raise FairshiftError("the meeting length and the step are minutes from 1 to 1440")
    best: tuple[tuple[int, int, datetime], TriageDay] | None = None
    for start in _candidates(day, timezone, step):
        end = start + timedelta(minutes=minutes)
        attendees = tuple(_attendee(e, start, end) for e in people)
        outside = [a.outside_minutes for a in attendees if a.outside_minutes]
        score = (len(outside), sum(outside), start)
        if best is None or score < best[0]:
            best = (score, TriageDay(day, start.astimezone(UTC), end.astimezone(UTC), attendees))
    assert best is not None  # a day has at least one candidate
    return best[1]


def triage_slots(people_by_day: Mapping[date, Sequence[Engineer]], *, minutes: int, timezone: str = "UTC",
                 step: int = 15) -> tuple[TriageDay, ...]:
    """:func:`best_slot` for each day that has people, in date order."""
    return tuple(best_slot(people, day, minutes=minutes, timezone=timezone, step=step)
                 for day, people in sorted(people_by_day.items()) if people)


def on_call_by_day(roster: Roster, schedule: Schedule, days: Iterable[date], *, timezone: str = "UTC",
                   roles: Iterable[str] | None = None, rotations: Iterable[str] | None = None,
                   ) -> dict[date, tuple[Engineer, ...]]:
    """For each local day of ``timezone``, the roster's engineers who hold a seat (of ``roles``, of
    ``rotations``) in a shift that overlaps that day: on a handoff day, both the outgoing and the
    incoming engineer."""
    wanted_roles = set(roles) if roles is not None else None
    wanted_rotations = set(rotations) if rotations is not None else None
    order = {e.id: i for i, e in enumerate(roster.engineers)}
    out: dict[date, tuple[Engineer, ...]] = {}
    for day in days:
        lo = wall_clock(day, time(0), timezone)
        hi = wall_clock(day + timedelta(days=1), time(0), timezone)
        ids: set[str] = set()
        for ss in schedule.shifts:
            if (wanted_rotations is not None and ss.rotation not in wanted_rotations) or not (
                    ss.start < hi and lo < ss.end):
                continue
            ids.update(a.engineer for a in ss.assignments
                       if (wanted_roles is None or a.role in wanted_roles) and a.engineer in order)
        out[day] = tuple(roster.engineers_by_id[e] for e in sorted(ids, key=order.__getitem__))
    return out


def runs(days: Sequence[TriageDay], timezone: str = "UTC") -> tuple[TriageRun, ...]:
    """Consecutive days (in the order given) with the same local start time and the same verdict."""
    tz = zone(timezone)
    out: list[TriageRun] = []
    for d in days:
        at = d.start.astimezone(tz).time().replace(tzinfo=None)
        last = out[-1] if out else None
        if last is not None and (last.start, last.common) == (at, d.common):
            out[-1] = TriageRun(last.first, d.day, at, d.common, last.days + 1)
        else:
            out.append(TriageRun(d.day, d.day, at, d.common, 1))
    return tuple(out)
