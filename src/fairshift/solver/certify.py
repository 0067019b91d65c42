"""A whole-component certificate for a component solved in steps.

Each step of a split component (org-wide rotations, then each team around them) is proven on
its own, which says nothing about the component as a whole: fixing the org-wide plan first
might have cost fairness. But two facts need no search:

* the count stage's floor is 0, so if every step reached 0, the component's seat counts are all
  within their fair bands and that stage is optimal for the whole component;
* :func:`fairshift.domain.fairness.excess_floor` bounds the largest excess of *any* schedule whose counts
  are within the bands, so if the stepwise plan's largest excess equals that bound, the
  largest-excess stage is optimal for the whole component too.
"""

from __future__ import annotations

from fairshift.domain.fairness import FairShares, excess_floor
from fairshift.domain.instance import Plan
from fairshift.solver.result import SolveStatus, StageResult

__all__ = ["certify"]


def certify(plan: Plan, shares: FairShares, component: int, rotations: tuple[str, ...],
            steps: list[StageResult]) -> tuple[StageResult, StageResult]:
    """Whole-component ``counts`` and ``max_excess`` results of a stepwise plan (in the solver's
    units: seats, and hundredths of an hour), each ``optimal`` only when proven as above."""
    inst = plan.instance
    counted = [s for s in steps if s.name == "counts"]
    deviation = sum(s.value for s in counted)
    in_band = bool(counted) and deviation == 0 and all(s.status == SolveStatus.OPTIMAL for s in counted)
    counts = StageResult(component, "counts", deviation, 0.0,
                         SolveStatus.OPTIMAL if in_band else SolveStatus.FEASIBLE, 0.0)
    fair = shares.points(inst, rotations)
    people = list(fair)
    held: dict[str, int] = dict.fromkeys(people, 0)
    for rid in rotations:
        for shift in inst.shifts[rid]:
            for e in plan.engineers(shift):
                if e in held:
                    held[e] += inst.burden(e, shift)
    worst = max([0, *(held[e] - fair[e] for e in people)])
    floor = excess_floor(inst, shares, rotations, fair) if in_band else 0
    excess = StageResult(component, "max_excess", float(worst), float(floor),
                         SolveStatus.OPTIMAL if in_band and worst <= floor else SolveStatus.FEASIBLE, 0.0)
    return counts, excess
