"""The calendar of a schedule: who is on call each day (daily rotations) or week (weekly ones).

Each rotation gets its own view, in the rotation's own time zone, with the UTC offsets in force
over the horizon spelled out (``UTC+01:00 (CET) until Sat 2027-03-27, then UTC+02:00 (CEST)``).
A holder whose own zone differs from the rotation's gets their local start time next to their
name (``Frank Green (10:00 PST)``), so a follow-the-sun night shift reads as someone's morning.

* a **daily** rotation is a month-like grid: one row per week, Monday to Sunday, each day listing
  the shifts that start on it (``07:00 primary: Gabor Horvath``);
* a **weekly** rotation is one row per shift: the week, its local start and end, and each role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fairshift.domain.instance import Plan
from fairshift.domain.roster import Rotation
from fairshift.domain.shifts import Shift
from fairshift.time.tz import wall_clock, zone

__all__ = ["CalendarView", "Day", "Entry", "WeekRow", "calendar_views", "zone_note"]

_DAY = "%a %Y-%m-%d"
_WHEN = "%a %Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Entry:
    """The holders of one role of one shift, as shown in a calendar cell."""

    start: datetime  # UTC
    time: str  # local start in the rotation's zone, e.g. "07:00"
    role: str
    engineers: tuple[str, ...]
    names: tuple[str, ...]  # display names, with the holder's own local time when their zone differs


@dataclass(frozen=True)
class Day:
    """One local date of a daily rotation's grid (``in_horizon`` False: padding to a full week)."""

    day: date
    in_horizon: bool
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class WeekRow:
    """One shift of a weekly rotation: its ISO week, local start and end, and one cell per role."""

    label: str
    start: str
    end: str
    cells: tuple[Entry, ...]


@dataclass(frozen=True)
class CalendarView:
    """One rotation's calendar (``weeks`` for daily rotations, ``rows`` for weekly ones)."""

    rotation: str
    name: str
    timezone: str
    every: str
    handoff: str
    roles: tuple[str, ...]
    zones: str
    weeks: tuple[tuple[Day, ...], ...]
    rows: tuple[WeekRow, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry of the view, in time order."""
        if self.rows:
            return tuple(e for r in self.rows for e in r.cells)
        return tuple(e for week in self.weeks for d in week for e in d.entries)


def zone_note(tz: str, first: date, last: date) -> str:
    """The UTC offsets of ``tz`` on the local dates ``first`` .. ``last`` (at noon), in words.

    >>> zone_note("Europe/Budapest", date(2027, 3, 1), date(2027, 4, 4))
    'UTC+01:00 (CET) until Sat 2027-03-27, then UTC+02:00 (CEST)'
    >>> zone_note("Asia/Tokyo", date(2027, 1, 1), date(2027, 3, 31))
    'UTC+09:00 (JST)'
    """
    def offset(d: date) -> str:
        at = wall_clock(d, time(12), tz).astimezone(zone(tz))
        off = at.strftime("%z")
        return f"UTC{off[:3]}:{off[3:]} ({at.tzname()})"

    parts: list[str] = []
    current, day = offset(first), first
    while day < last:
        nxt = offset(day + timedelta(days=1))
        if nxt != current:
            parts.append(f"{current} until {day:{_DAY}}")
            current = nxt
        day += timedelta(days=1)
    return ", then ".join([*parts, current])


def _entries(plan: Plan, shift: Shift, rot: Rotation, names: dict[str, str]) -> tuple[Entry, ...]:
    roles = plan.roles(shift)
    out = []
    local = shift.local_start
    for role in [*rot.roles, *(r for r in roles if r not in rot.roles)]:
        who = tuple(sorted(roles.get(role, ())))
        shown = []
        for e in who:
            label = names.get(e, e)
            if e in plan.instance.roster.engineers_by_id:
                tz = plan.instance.engineer(e).timezone
                if tz != rot.timezone:
                    mine = shift.start.astimezone(zone(tz))
                    label += f" ({mine:%H:%M} {mine.tzname()})"
            shown.append(label)
        out.append(Entry(shift.start, f"{local:%H:%M}", role, who, tuple(shown)))
    return tuple(out)


def _grid(plan: Plan, rot: Rotation, names: dict[str, str]) -> tuple[tuple[Day, ...], ...]:
    horizon = plan.instance.roster.horizon
    by_day: dict[date, list[Entry]] = {}
    for shift in plan.instance.shifts[rot.id]:
        by_day.setdefault(shift.local_start.date(), []).extend(_entries(plan, shift, rot, names))
    day = horizon.start - timedelta(days=horizon.start.weekday())
    weeks: list[tuple[Day, ...]] = []
    while day < horizon.end:
        week = tuple(Day(d, horizon.start <= d < horizon.end, tuple(by_day.get(d, ())))
                     for d in (day + timedelta(days=i) for i in range(7)))
        weeks.append(week)
        day += timedelta(days=7)
    return tuple(weeks)


def _rows(plan: Plan, rot: Rotation, names: dict[str, str]) -> tuple[WeekRow, ...]:
    rows = []
    for shift in plan.instance.shifts[rot.id]:
        iso = shift.local_start.isocalendar()
        rows.append(WeekRow(f"{iso.year}-W{iso.week:02d}", f"{shift.local_start:{_WHEN}}",
                            f"{shift.local_end:{_WHEN}}", _entries(plan, shift, rot, names)))
    return tuple(rows)


def calendar_views(plan: Plan, names: dict[str, str],
                   rotation: str | None = None) -> tuple[CalendarView, ...]:
    """One view per rotation of the plan's roster (only ``rotation`` when given)."""
    roster = plan.instance.roster
    h = roster.horizon
    views = []
    for rot in roster.rotations:
        if rotation is not None and rot.id != rotation:
            continue
        handoff = rot.handoff if isinstance(rot.handoff, str) else ", ".join(rot.handoff)
        daily = rot.every == "day"
        views.append(CalendarView(
            rot.id, rot.name or rot.id, rot.timezone, rot.every, handoff, tuple(rot.roles),
            zone_note(rot.timezone, h.start, h.end - timedelta(days=1)),
            _grid(plan, rot, names) if daily else (), () if daily else _rows(plan, rot, names)))
    return tuple(views)
