"""Cheap infeasibility checks that need no solver: shifts that too few people can take."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from fairshift.domain.fairness import eligible
from fairshift.domain.instance import Instance

__all__ = ["Shortage", "shortages"]


@dataclass(frozen=True)
class Shortage:
    """A shift that needs more engineers than can possibly take it."""

    rotation: str
    shift: str
    needed: int
    roles: dict[str, int]
    eligible: tuple[str, ...]
    unavailable: dict[str, str]
    when: str = ""

    def __str__(self) -> str:
        roles = ", ".join(f"{r}" for r, n in self.roles.items() if n)
        away = "; ".join(f"{e} ({why})" for e, why in self.unavailable.items())
        left = [e for e in self.eligible if e not in self.unavailable]
        return (f"{self.when}: needs {self.needed} engineer(s) ({roles}); "
                f"eligible: {', '.join(self.eligible) or 'nobody'}; "
                f"unavailable: {away or 'none'}; left: {', '.join(left) or 'nobody'}")


def shortages(inst: Instance) -> list[Shortage]:
    """Every shift with fewer available eligible engineers than required seats (optional shadow
    seats may stay empty)."""
    found: list[Shortage] = []
    for rot in inst.roster.rotations:
        pool = eligible(inst, rot)
        seats = inst.required_seats(rot.id)
        gone = Counter(start for e in pool for start in inst.away(e, rot.id))
        for shift in inst.shifts[rot.id]:
            if len(pool) - gone[shift.start] >= seats:
                continue
            away = inst.absent(pool, shift)
            if len(pool) - len(away) < seats:
                when = (f"{rot.id}, week of {shift.local_start:%a %Y-%m-%d %H:%M} {rot.timezone}"
                        if rot.weeks is not None else str(shift))
                roles = {r: n for r, n in rot.roles.items() if r not in rot.optional_roles(inst.roster.rules)}
                found.append(Shortage(rot.id, str(shift), seats, roles, pool, away, when))
    return found
