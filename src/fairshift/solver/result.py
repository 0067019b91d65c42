"""Solver-neutral results: status, schedule, objective, bound, metrics, statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from fairshift.check.validate import ValidationReport
from fairshift.domain.budget import TeamShare
from fairshift.domain.fairness import EngineerMetrics
from fairshift.domain.schedule import Schedule

__all__ = ["SolveResult", "SolveStatus", "StageResult"]


class SolveStatus(StrEnum):
    """How the search ended."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StageResult:
    """One lexicographic stage of one component."""

    component: int
    name: str
    value: float
    bound: float
    status: SolveStatus
    seconds: float


@dataclass(frozen=True)
class SolveResult:
    """What :func:`fairshift.solve` returns.

    ``schedule`` is None unless ``status`` is optimal or feasible. ``objective`` and ``bound``
    are per stage (see :mod:`fairshift.solver.objective`); ``max_excess`` is in hours.
    """

    status: SolveStatus
    schedule: Schedule | None
    stages: tuple[StageResult, ...] = ()
    metrics: dict[str, EngineerMetrics] = field(default_factory=dict)
    rule_scores: dict[str, float] = field(default_factory=dict)
    teams: tuple[TeamShare, ...] = ()
    validation: ValidationReport | None = None
    components: int = 0
    seconds: float = 0.0
    workers: int = 0
    explanation: object | None = None
    decomposed: int = 0
    jobs: int = 1
    whole: tuple[StageResult, ...] = ()
    stepwise: frozenset[int] = frozenset()

    @property
    def fairness_status(self) -> SolveStatus:
        """``optimal`` when every fairness stage (count band, largest excess) of every component
        was proven optimal, whatever happened in the last stage. A component solved in steps
        (``decomposed``) counts through its whole-component certificate (``whole``, see
        :mod:`fairshift.solver.certify`), never through its steps' own proofs."""
        names = ("counts", "max_excess")
        fair = [s for s in self.stages if s.name in names and s.component not in self.stepwise]
        fair += [s for s in self.whole if s.name in names]
        if self.schedule is None:
            return self.status
        if fair and all(s.status == SolveStatus.OPTIMAL for s in fair):
            return SolveStatus.OPTIMAL
        return SolveStatus.FEASIBLE

    @property
    def max_excess(self) -> float:
        """Largest burden excess over fair share, in hours (0 when no schedule)."""
        return max((m.excess for m in self.metrics.values()), default=0.0)

    def objective(self, stage: str) -> float:
        return sum(s.value for s in self.stages if s.name == stage)

    def bound(self, stage: str) -> float:
        return sum(s.bound for s in self.stages if s.name == stage)
