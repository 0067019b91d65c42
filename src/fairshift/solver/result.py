"""Solver-neutral results: status, schedule, objective, bound, metrics, statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from fairshift.check.validate import ValidationReport

if TYPE_CHECKING:
    from fairshift.solver.explain import Explanation
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
    """One lexicographic stage of one task (a model: a component, or a step of a split one).

    ``value`` and ``bound`` are in the stage's solver units (seats, or hundredths of an hour; see
    :func:`fairshift.solver.events.stage_text`); ``seconds`` is the stage's own time and
    ``elapsed`` when it finished, since the solve started; ``step`` names the task's step.
    """

    task: int
    name: str
    value: float
    bound: float
    status: SolveStatus
    seconds: float
    elapsed: float = 0.0
    step: str = ""

    @property
    def proven(self) -> bool:
        return self.status == SolveStatus.OPTIMAL


@dataclass(frozen=True)
class SolveResult:
    """What :func:`fairshift.solve` returns.

    ``schedule`` is None unless ``status`` is optimal or feasible. ``stages`` holds every stage
    of every kept task (see :class:`StageResult`); ``components`` counts the roster's components
    (rotations linked by shared people) and ``tasks`` the models solved for them (a component
    split at its org-wide rotations is solved as several, listed in ``stepwise``). ``steps``
    describes the strategy's steps as they ran. ``max_excess`` and ``metrics`` are measured on
    the returned schedule, in hours.
    """

    status: SolveStatus
    schedule: Schedule | None
    stages: tuple[StageResult, ...] = ()
    metrics: dict[str, EngineerMetrics] = field(default_factory=dict)
    rule_scores: dict[str, float] = field(default_factory=dict)
    teams: tuple[TeamShare, ...] = ()
    validation: ValidationReport | None = None
    components: int = 0
    tasks: int = 0
    seconds: float = 0.0
    workers: int = 0
    explanation: Explanation | None = None
    decomposed: int = 0
    jobs: int = 1
    stepwise: frozenset[int] = frozenset()
    fairness_stages: tuple[str, ...] = ("counts", "balance", "max_excess", "max_shortfall")
    steps: tuple[str, ...] = ()
    note: str = ""

    def _status_of(self, names: tuple[str, ...]) -> SolveStatus:
        if self.schedule is None:
            return self.status
        tasks = {s.task for s in self.stages}
        if not tasks or tasks & self.stepwise:
            return SolveStatus.FEASIBLE
        for task in tasks:
            ran = [s for s in self.stages if s.task == task]
            # every stage named ran, and every run of it was proven (a balance stage that was
            # not proven is solved again later: both runs count)
            if not all(any(s.name == n for s in ran) and all(s.proven for s in ran if s.name == n)
                       for n in names):
                return SolveStatus.FEASIBLE
        return SolveStatus.OPTIMAL

    @property
    def fairness_status(self) -> SolveStatus:
        """``optimal`` when every fairness stage (seat-count bands, balance, largest excess,
        largest shortfall, as configured) of every model ran and was proven optimal, whatever
        happened in the last stage. A component solved in steps is never proven as a whole:
        ``feasible``."""
        return self._status_of(self.fairness_stages)

    @property
    def balance_status(self) -> SolveStatus:
        """``optimal`` when the balance stage of every model ran and was proven."""
        return self._status_of(("balance",))

    @property
    def max_excess(self) -> float:
        """Largest burden above fair share in the schedule, in hours (0 when no schedule)."""
        return max([0.0, *(m.excess for m in self.metrics.values())])

    @property
    def max_shortfall(self) -> float:
        """Largest burden below fair share in the schedule, in hours (0 when no schedule)."""
        return max([0.0, *(-m.excess for m in self.metrics.values())])
