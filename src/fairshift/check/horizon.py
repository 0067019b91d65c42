"""Where a horizon's first shifts start: days left to the previous schedule's last shift.

A shift starts at every handoff inside the horizon (see :mod:`fairshift.domain.shifts`), so when
the horizon starts between two handoffs (a quarter starting on a Friday, a weekly Monday handoff)
the days before the first handoff belong to the previous schedule's last shift, which runs on
into the new horizon. :func:`lead_in` says so for each rotation where that is a day or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from fairshift.domain.instance import Instance
from fairshift.time.tz import wall_clock, zone

__all__ = ["LeadIn", "lead_in"]


@dataclass(frozen=True)
class LeadIn:
    """Rotation ``rotation`` starts its first shift at ``first`` (local), ``gap`` after the horizon."""

    rotation: str
    timezone: str
    horizon_start: datetime
    first: datetime

    @property
    def gap(self) -> timedelta:
        return self.first - self.horizon_start

    def __str__(self) -> str:
        days = self.gap.total_seconds() / 86400
        return (f"{self.rotation}: the horizon starts {self.horizon_start:%a %Y-%m-%d} but its first "
                f"handoff is {self.first:%a %Y-%m-%d %H:%M} {self.timezone}; the {days:.1f} day(s) "
                "before it are left to the previous schedule's last shift")


def lead_in(inst: Instance, *, at_least: timedelta = timedelta(days=1)) -> list[LeadIn]:
    """Rotations whose first shift starts ``at_least`` after the horizon's first local midnight."""
    out = []
    for rot in inst.roster.rotations:
        shifts = inst.shifts[rot.id]
        start = wall_clock(inst.roster.horizon.start, time(0), rot.timezone)
        if shifts and shifts[0].start - start >= at_least:
            local = start.astimezone(zone(rot.timezone))
            out.append(LeadIn(rot.id, rot.timezone, local, shifts[0].local_start))
    return out
