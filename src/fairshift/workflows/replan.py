"""Re-planning: a changed roster, the schedule already published, and as few changes as possible.

Every shift that starts before ``freeze_until`` keeps its published assignment exactly. Among
the schedules that break no hard rule, the default order (``minimal_change``) first minimises
the number of seats given to someone other than the published holder, then applies the usual
fairness stages; ``fair_first`` runs the fairness stages first and minimises changes after them.
The result carries the fairness of the published schedule and of the new one, both measured with
the changed roster's fair shares (:func:`fairshift.workflows.compare.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from fairshift.domain.instance import Holders, Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.errors import InfeasibleError, ScheduleFormatError
from fairshift.solver.facade import solve
from fairshift.solver.result import SolveResult
from fairshift.solver.strategy import Objective
from fairshift.time.tz import ensure_aware, wall_clock
from fairshift.workflows.compare import Comparison, compare

__all__ = ["Change", "ReplanResult", "replan"]


@dataclass(frozen=True)
class Change:
    """One seat whose holder changed: ``before`` and ``after`` list the engineers in that role."""

    rotation: str
    shift: str
    start: datetime
    role: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    def __str__(self) -> str:
        return (f"{self.shift} {self.role}: {', '.join(self.before) or '(nobody)'} -> "
                f"{', '.join(self.after) or '(nobody)'}")


@dataclass(frozen=True)
class ReplanResult:
    """The new solve result and the seats that changed against the published schedule.

    ``fairness`` compares the published schedule with the new one under the changed roster
    (None when no new schedule was found).
    """

    result: SolveResult
    changes: tuple[Change, ...]
    frozen: int
    ignored: tuple[str, ...] = ()
    fairness: Comparison | None = None


def _cutoff(freeze_until: date | datetime, tz: str) -> datetime:
    if isinstance(freeze_until, datetime):
        return ensure_aware(freeze_until, "freeze_until")
    return wall_clock(freeze_until, time(0, 0), tz)


def replan(roster: Roster, published: Schedule, *, freeze_until: date | datetime,
           order: Literal["minimal_change", "fair_first"] = "minimal_change",
           time_limit: float = 30.0, workers: int = 8, seed: int = 0) -> ReplanResult:
    """Re-solve ``roster`` staying as close as possible to ``published``.

    ``freeze_until`` is an instant, or a date read as local midnight in each rotation's zone.
    Shifts of the published schedule that no longer exist in the roster are ignored (listed in
    ``ignored``); a frozen assignment that now breaks a hard rule makes the roster infeasible.
    """
    inst = Instance(roster)
    plan = Plan.from_schedule(inst, published)
    ignored = tuple(f"{s.rotation} {s.start.isoformat()}" for s in plan.unknown)
    frozen: Holders = {}
    for rot in roster.rotations:
        cutoff = _cutoff(freeze_until, rot.timezone)
        for shift in inst.shifts[rot.id]:
            key = (rot.id, shift.start)
            if shift.start < cutoff and key in plan.holders:
                frozen[key] = plan.holders[key]
    if not plan.holders:
        raise ScheduleFormatError("the published schedule shares no shift with the roster; "
                                  "check the horizon and rotation ids")
    strangers = _strangers(inst, frozen)
    if strangers:
        lines = "\n".join(f"  {line}" for line in strangers)
        raise InfeasibleError("the changed roster cannot be scheduled with the frozen shifts: "
                              "a frozen seat is held by someone who is no engineer of the roster (move "
                              f"--freeze-until before the shift, or put them back):\n{lines}",
                              explanation=strangers)
    objective = Objective(frozen=frozen, reference=dict(plan.holders), order=order)
    result = solve(roster, time_limit=time_limit, workers=workers, seed=seed, objective=objective)
    fairness = (compare(plan, Plan.from_schedule(inst, result.schedule))
                if result.schedule is not None else None)
    return ReplanResult(result, _changes(inst, plan, result, frozen), len(frozen), ignored, fairness)


def _strangers(inst: Instance, frozen: Holders) -> list[str]:
    """Frozen seats held by someone who is no engineer of the roster (any more)."""
    out: list[str] = []
    for (rid, start), roles in frozen.items():
        shift = inst.by_key[(rid, start)]
        for role, names in roles.items():
            out.extend(f"{shift} {role}: {e!r} is not an engineer of the roster"
                       for e in names if e not in inst.roster.engineers_by_id)
    return out


def _changes(inst: Instance, before: Plan, result: SolveResult, frozen: Holders) -> tuple[Change, ...]:
    if result.schedule is None:
        return ()
    after = Plan.from_schedule(inst, result.schedule)
    out = []
    for rot in inst.roster.rotations:
        for shift in inst.shifts[rot.id]:
            key = (rot.id, shift.start)
            if key in frozen:
                continue
            old, new = before.holders.get(key, {}), after.holders.get(key, {})
            for role in rot.roles:
                a, b = tuple(sorted(old.get(role, ()))), tuple(sorted(new.get(role, ())))
                if a != b:
                    out.append(Change(rot.id, str(shift), shift.start, role, a, b))
    return tuple(out)
