"""JSON export: the schedule in its own fixed format, filtered, with ``sequence`` on every assignment.

Assignments are written in seat order (see :mod:`fairshift.exports.common`) and carry the seat's
sequence as the extra key ``sequence``, so the output is the ``--previous`` of the next export.
With an engineer filter only that engineer's assignments (and shifts) remain.
"""

from __future__ import annotations

from datetime import datetime

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import Seat, check_filters, check_role, seats

__all__ = ["to_schedule_json", "with_sequences"]


def with_sequences(schedule: Schedule, *, previous: Schedule | None = None, engineer: str | None = None,
                   rotation: str | None = None, role: str | None = None) -> Schedule:
    """A copy of ``schedule`` with seat-ordered assignments carrying ``sequence``, filtered."""
    by_shift: dict[tuple[str, datetime], list[Seat]] = {}
    for seat in seats(schedule, previous):
        by_shift.setdefault(seat.shift_key, []).append(seat)
    data = schedule.model_dump(mode="json")
    shifts = []
    for shift, raw in zip(schedule.shifts, data["shifts"], strict=True):
        if rotation is not None and shift.rotation != rotation:
            continue
        kept = [s for s in by_shift.get(shift.key, []) if (engineer is None or s.engineer == engineer)
                and (role is None or s.role == role)]
        if (engineer is not None or role is not None) and not kept:
            continue
        raw["assignments"] = [
            {**(s.assignment.model_dump(mode="json") if s.assignment is not None
                else {"role": s.role, "engineer": s.engineer}), "sequence": s.sequence}
            for s in kept
        ]
        shifts.append(raw)
    data["shifts"] = shifts
    if engineer is not None:
        data["engineers"] = {k: v for k, v in data["engineers"].items() if k == engineer}
    return Schedule.model_validate(data)


def to_schedule_json(schedule: Schedule, *, roster: Roster | None = None, previous: Schedule | None = None,
                     engineer: str | None = None, rotation: str | None = None,
                     role: str | None = None) -> str:
    """The JSON text (see :meth:`fairshift.domain.schedule.Schedule.to_json`)."""
    check_filters(schedule, roster, engineer=engineer, rotation=rotation)
    check_role(schedule, role, rotation)
    return with_sequences(schedule, previous=previous, engineer=engineer, rotation=rotation,
                          role=role).to_json()
