"""What every export shares: seats, event UIDs and sequences, filters, names, file writes.

A **seat** is one engineer in one role of one shift: one iCalendar event, one CSV row, one
PagerDuty override. A seat is identified by the shift (rotation and start instant) and the role,
never by the person, so a calendar event keeps its UID when the assignee changes::

    <rotation>-<start in UTC as YYYYMMDDTHHMMSSZ>-<role>[+<n> for the n-th seat, n >= 2]@fairshift

A seat's **sequence** (iCalendar ``SEQUENCE``) is read from the assignment's extra key
``sequence`` (default 0). Against a previous schedule, a seat whose assignee (or end) changed gets
the previous seat's sequence plus one; an unchanged seat keeps the previous sequence. It never
decreases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Assignment, Schedule
from fairshift.exports.errors import ExportError
from fairshift.text import unknown
from fairshift.time.tz import zone

__all__ = [
    "Seat",
    "cancelled_seats",
    "check_filters",
    "check_role",
    "display_names",
    "event_uid",
    "fit_roster",
    "local_time",
    "seats",
    "select",
]


def event_uid(rotation: str, start: datetime, role: str, index: int = 0) -> str:
    """The stable UID of a seat (``index`` is 0-based within the role).

    >>> from datetime import datetime, timedelta, timezone
    >>> start = datetime(2027, 1, 4, 9, tzinfo=timezone(timedelta(hours=-8)))
    >>> event_uid("payments-weekly", start, "primary")
    'payments-weekly-20270104T170000Z-primary@fairshift'
    >>> event_uid("payments-weekly", start, "primary", 1)
    'payments-weekly-20270104T170000Z-primary+2@fairshift'
    """
    stamp = start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    seat = f"+{index + 1}" if index else ""
    return f"{rotation}-{stamp}-{role}{seat}@fairshift"


@dataclass(frozen=True)
class Seat:
    """One engineer in one role of one shift, with its event sequence."""

    rotation: str
    start: datetime
    end: datetime
    role: str
    index: int
    engineer: str
    sequence: int = 0
    cancelled: bool = False
    assignment: Assignment | None = field(default=None, compare=False, repr=False)

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def uid(self) -> str:
        return event_uid(self.rotation, self.start, self.role, self.index)

    @property
    def shift_key(self) -> tuple[str, datetime]:
        return (self.rotation, self.start_utc)


def _own_sequence(a: Assignment, where: str) -> int:
    value = (a.model_extra or {}).get("sequence", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ExportError(f"{where}: sequence {value!r} is not a whole number >= 0")
    return value


def _align(current: list[Assignment], previous: list[str]) -> list[Assignment]:
    """Seat order for ``current``: whoever kept a seat keeps its index, newcomers fill the gaps."""
    n = len(current)
    slots: list[Assignment | None] = [None] * n
    rest: list[Assignment] = []
    for a in current:
        i = previous.index(a.engineer) if a.engineer in previous else -1
        if 0 <= i < n and slots[i] is None:
            slots[i] = a
        else:
            rest.append(a)
    fill = iter(rest)
    return [s if s is not None else next(fill) for s in slots]


def _by_role(assignments: Iterable[Assignment]) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = {}
    for a in assignments:
        out.setdefault(a.role, []).append(a)
    return out


def seats(schedule: Schedule, previous: Schedule | None = None) -> list[Seat]:
    """Every seat of ``schedule`` in schedule order, sequences bumped against ``previous``."""
    before = {s.uid: s for s in seats(previous)} if previous is not None else {}
    prev_roles: dict[tuple[str, datetime, str], list[str]] = {}
    for old in before.values():
        prev_roles.setdefault((old.rotation, old.start_utc, old.role), []).append(old.engineer)
    out: list[Seat] = []
    seen: set[tuple[str, datetime]] = set()
    for shift in schedule.shifts:
        if shift.key in seen:
            raise ExportError(f"shift {shift.rotation} {shift.start.isoformat()} appears twice")
        seen.add(shift.key)
        where = f"shift {shift.rotation} {shift.start.isoformat()}"
        for role, items in _by_role(shift.assignments).items():
            ordered = _align(items, prev_roles.get((shift.rotation, shift.key[1], role), []))
            for i, a in enumerate(ordered):
                seat = Seat(shift.rotation, shift.start, shift.end, role, i, a.engineer,
                            _own_sequence(a, where), assignment=a)
                p = before.get(seat.uid)
                if p is not None:
                    changed = p.engineer != seat.engineer or p.end_utc != seat.end_utc
                    seat = replace(seat, sequence=max(seat.sequence, p.sequence + int(changed)))
                out.append(seat)
    return out


def select(items: Iterable[Seat], *, engineer: str | None = None, rotation: str | None = None,
           role: str | None = None) -> list[Seat]:
    """The seats that pass the filters (None: no filter)."""
    return [s for s in items
            if (engineer is None or s.engineer == engineer)
            and (rotation is None or s.rotation == rotation)
            and (role is None or s.role == role)]


def cancelled_seats(schedule: Schedule, previous: Schedule, shown: Iterable[Seat], *,
                    engineer: str | None = None, rotation: str | None = None) -> list[Seat]:
    """Seats of ``previous`` (same filters) that are no longer shown although their shift still exists.

    With ``--engineer``, a seat handed to someone else is cancelled in that engineer's calendar;
    shifts outside the new schedule (e.g. last quarter's) are left alone.
    """
    current = {s.uid: s for s in seats(schedule, previous)}
    shown_uids = {s.uid for s in shown}
    keys = {s.key for s in schedule.shifts}
    out = []
    for p in select(seats(previous), engineer=engineer, rotation=rotation):
        if p.uid in shown_uids or p.shift_key not in keys:
            continue
        now = current.get(p.uid)
        sequence = now.sequence if now is not None else p.sequence + 1
        out.append(replace(p, sequence=max(sequence, p.sequence + 1), cancelled=True))
    return out


def fit_roster(roster: Roster, schedule: Schedule) -> Roster:
    """The roster over the schedule's horizon (a schedule solved with ``--quarter`` may differ)."""
    h = schedule.horizon
    if (roster.horizon.start, roster.horizon.end) == (h.start, h.end):
        return roster
    return roster.with_horizon(h.start, h.end)


def display_names(schedule: Schedule, roster: Roster | None) -> dict[str, str]:
    """Engineer id to display name: the roster's ``name``, else a ``name`` in the schedule, else the id."""
    names: dict[str, str] = {}
    for s in schedule.shifts:
        for a in s.assignments:
            names[a.engineer] = a.engineer
    for eid, info in schedule.engineers.items():
        name = info.get("name") if isinstance(info, dict) else None
        names[eid] = name if isinstance(name, str) and name else eid
    if roster is not None:
        for eng in roster.engineers:
            names[eng.id] = eng.name or eng.id
    return names


def check_filters(schedule: Schedule, roster: Roster | None, *, engineer: str | None = None,
                  rotation: str | None = None) -> None:
    """Reject a filter that names no known engineer or rotation (a typo would export nothing)."""
    if rotation is not None:
        rotations = {s.rotation for s in schedule.shifts}
        if roster is not None:
            rotations |= {r.id for r in roster.rotations}
        if rotation not in rotations:
            raise ExportError(unknown("rotation", rotation, sorted(rotations), listed=20))
    if engineer is not None:
        names = display_names(schedule, roster)
        if engineer not in names:
            raise ExportError(unknown("engineer", engineer, {e: (n,) for e, n in names.items()}, listed=20))


def check_role(schedule: Schedule, role: str | None, rotation: str | None = None) -> None:
    """Reject a ``role`` filter that no seat (of ``rotation``) has: a typo would export nothing."""
    if role is None:
        return
    roles = sorted({a.role for s in schedule.shifts if rotation is None or s.rotation == rotation
                    for a in s.assignments})
    if roles and role not in roles:
        raise ExportError(f"no seat has the role {role!r}; roles: {', '.join(roles)}")


def local_time(value: datetime, rotation: str, roster: Roster | None) -> datetime:
    """``value`` in the rotation's zone when the roster knows it, else as written in the schedule."""
    if roster is not None and rotation in roster.rotations_by_id:
        return value.astimezone(zone(roster.rotations_by_id[rotation].timezone))
    return value
