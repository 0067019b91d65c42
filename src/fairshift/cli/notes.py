"""Lines that several commands print: shifts nobody can take, and horizons that start between handoffs."""

from __future__ import annotations

from fairshift.check.horizon import lead_in
from fairshift.check.precheck import shortages
from fairshift.domain.instance import Instance
from fairshift.domain.roster import Roster

__all__ = ["lead_in_lines", "shortage_lines"]


def shortage_lines(roster: Roster) -> list[str]:
    """Every shift with fewer available eligible engineers than seats, one line each (all of them),
    under a count per rotation; empty when there is none."""
    found = shortages(Instance.of(roster))
    if not found:
        return []
    lines = [f"{len(found)} shift(s) cannot be staffed: too few eligible engineers are available"]
    for rot in roster.rotations:
        mine = [s for s in found if s.rotation == rot.id]
        if mine:
            lines.append(f"  {rot.id} ({len(mine)} shift(s), times in {rot.timezone}):")
            lines += [f"    {s}" for s in mine]
    return lines


def lead_in_lines(roster: Roster) -> list[str]:
    """A note for each rotation whose first shift starts a day or more into the horizon."""
    return [f"note: {x}" for x in lead_in(Instance.of(roster))]
