"""The hand-off at one instant: per rotation and role, who hands over to whom, and when the
incoming people start on their own clocks; open incidents are passed in.

A hand-off happens where a shift of the schedule **starts** at the given instant. The previous
shift of the same rotation (the latest one starting earlier) is the outgoing one, even when it
ended earlier (a rotation with gaps, e.g. business hours). Renderers for chat (Slack Block Kit,
Markdown) live in :mod:`fairshift.exports.handoff`.

>>> from datetime import datetime, timezone
>>> from fairshift.domain.schedule import Schedule
>>> s = Schedule.model_validate({"horizon": {"start": "2027-03-01", "end": "2027-03-03"}, "shifts": [
...     {"rotation": "r", "start": "2027-03-01T09:00+01:00", "end": "2027-03-02T09:00+01:00",
...      "assignments": [{"role": "primary", "engineer": "anna"}]},
...     {"rotation": "r", "start": "2027-03-02T09:00+01:00", "end": "2027-03-03T09:00+01:00",
...      "assignments": [{"role": "primary", "engineer": "ben"}]}]})
>>> h = handoff(None, s, datetime(2027, 3, 2, 8, tzinfo=timezone.utc))
>>> [(c.role, c.outgoing, [p.engineer for p in c.incoming]) for c in h.rotations[0].changes]
[('primary', ('anna',), ['ben'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule, ScheduledShift
from fairshift.errors import FairshiftError
from fairshift.text import unknown
from fairshift.time.tz import ensure_aware, zone

__all__ = ["Handoff", "HandoffError", "Incident", "Person", "RoleChange", "RotationHandoff", "handoff"]


class HandoffError(FairshiftError):
    """No shift starts at the instant asked for (or the rotation filter names no rotation)."""


@dataclass(frozen=True)
class Incident:
    """An open incident to pass on: an id and a title (free text, escaped by each renderer)."""

    id: str
    title: str = ""


@dataclass(frozen=True)
class Person:
    """An engineer taking over, with the shift's start and end on their own clock."""

    engineer: str
    name: str
    timezone: str
    local_start: datetime
    local_end: datetime


@dataclass(frozen=True)
class RoleChange:
    """One role of one rotation: who leaves it, who takes it, who stays on."""

    role: str
    outgoing: tuple[str, ...]
    incoming: tuple[Person, ...]
    staying: tuple[str, ...]


@dataclass(frozen=True)
class RotationHandoff:
    """The hand-off of one rotation: the new shift ``[start, end)`` and the previous one's end."""

    rotation: str
    name: str
    timezone: str
    start: datetime
    end: datetime
    previous_end: datetime | None
    changes: tuple[RoleChange, ...]


@dataclass(frozen=True)
class Handoff:
    """Every rotation handing off at ``at`` (UTC), and the incidents passed on."""

    at: datetime
    rotations: tuple[RotationHandoff, ...]
    incidents: tuple[Incident, ...]


def _roles(shift: ScheduledShift | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in shift.assignments if shift is not None else ():
        out.setdefault(a.role, []).append(a.engineer)
    return out


def _person(roster: Roster | None, eid: str, shift: ScheduledShift, fallback_tz: str) -> Person:
    eng = roster.engineers_by_id.get(eid) if roster is not None else None
    tz = eng.timezone if eng is not None else fallback_tz
    name = (eng.name or eng.id) if eng is not None else eid
    return Person(eid, name, tz, shift.start.astimezone(zone(tz)), shift.end.astimezone(zone(tz)))


def _rotation_handoff(roster: Roster | None, new: ScheduledShift,
                      old: ScheduledShift | None) -> RotationHandoff:
    rot = roster.rotations_by_id.get(new.rotation) if roster is not None else None
    tz = rot.timezone if rot is not None else "UTC"
    before, after = _roles(old), _roles(new)
    order = list(dict.fromkeys([*(rot.roles if rot is not None else ()), *after, *before]))
    changes = []
    for role in order:
        was, now = before.get(role, []), after.get(role, [])
        if not was and not now:
            continue
        changes.append(RoleChange(role, tuple(e for e in was if e not in now),
                                  tuple(_person(roster, e, new, tz) for e in now if e not in was),
                                  tuple(e for e in now if e in was)))
    name = (rot.name or rot.id) if rot is not None else new.rotation
    return RotationHandoff(new.rotation, name, tz, new.start.astimezone(UTC), new.end.astimezone(UTC),
                           old.end.astimezone(UTC) if old is not None else None, tuple(changes))


def _nearest(schedule: Schedule, at: datetime, rotation: str | None) -> str:
    """The hand-offs just before and after ``at``, written with ``at``'s own UTC offset."""
    starts = sorted({s.start.astimezone(UTC) for s in schedule.shifts if rotation in (None, s.rotation)})
    before = [s for s in starts if s < at][-1:]
    after = [s for s in starts if s > at][:1]
    near = [s.astimezone(at.tzinfo).isoformat() for s in (*before, *after)]
    return f"; the nearest hand-offs are at {' and '.join(near)}" if near else "; the schedule has no shifts"


def handoff(roster: Roster | None, schedule: Schedule, at: datetime, *, incidents: Iterable[Incident] = (),
            rotation: str | None = None) -> Handoff:
    """The hand-off at instant ``at`` (aware): every rotation (or only ``rotation``) with a shift
    starting then. Raises :class:`HandoffError` when no shift starts at ``at``, naming the nearest
    hand-offs. ``roster`` (optional) gives names, zones and the order of roles."""
    given = at
    at = ensure_aware(at, "--at")
    rotations = sorted({s.rotation for s in schedule.shifts})
    if rotation is not None and rotation not in rotations:
        raise HandoffError(unknown("rotation", rotation, rotations, listed=20))
    by_rotation: dict[str, list[ScheduledShift]] = {}
    for s in schedule.shifts:
        if rotation in (None, s.rotation):
            by_rotation.setdefault(s.rotation, []).append(s)
    found: list[RotationHandoff] = []
    for rid in sorted(by_rotation):
        shifts: Sequence[ScheduledShift] = sorted(by_rotation[rid], key=lambda s: s.start.astimezone(UTC))
        for i, s in enumerate(shifts):
            if s.start.astimezone(UTC) == at:
                found.append(_rotation_handoff(roster, s, shifts[i - 1] if i else None))
    if not found:
        raise HandoffError(f"no shift starts at {given.isoformat()}{_nearest(schedule, given, rotation)}")
    return Handoff(at, tuple(found), tuple(incidents))
