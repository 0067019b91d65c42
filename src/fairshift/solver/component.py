"""Solving one component (rotations linked by shared engineers) in lexicographic stages.

A :class:`ComponentTask` is plain, picklable data, and :func:`run_component` builds the CP-SAT
model inside whatever process runs it (CP-SAT models cannot be pickled), so components can be
solved in a process pool or on a Dask cluster.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from fairshift.domain.fairness import FairShares
from fairshift.domain.instance import Holders, Instance
from fairshift.domain.roster import Roster
from fairshift.rules import CATALOGUE, hard_rules
from fairshift.solver.model import Encoding, add_constraints
from fairshift.solver.objective import StageExpr, build_objectives
from fairshift.solver.result import SolveStatus, StageResult

__all__ = ["ComponentOutcome", "ComponentRun", "ComponentTask", "run_component"]

Progress = Callable[[str, float, float], None]

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}
# share of the component's remaining time each stage may use (the last takes the rest)
_SHARE = {"changes": 0.4, "counts": 0.4, "max_excess": 0.7, "total": 1.0}
# the least value each stage can take: a solution at the floor is optimal without a search
_FLOOR = {"changes": 0, "counts": 0, "max_excess": 0}
# share of a stage's time for its floor probe: counts nearly always reach theirs; a max excess
# of 0 is often impossible, and proving that can take long, so its probe gets less
_PROBE = {"changes": 0.5, "counts": 0.8, "max_excess": 0.25}


@dataclass(frozen=True)
class ComponentTask:
    """Everything needed to solve one component, as plain data."""

    roster: Roster
    index: int
    rotations: tuple[str, ...]
    shares: FairShares
    time_limit: float
    workers: int = 8
    seed: int = 0
    gap: float = 0.0
    log: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    frozen: Holders = field(default_factory=dict)
    reference: Holders | None = None
    change_first: bool = True
    only: frozenset[str] | None = None
    fixed: frozenset[str] = frozenset()
    # a step of a split component: the component's largest-excess floor, which this step need
    # not beat (the certificate then proves the component's fairness); 0 for none
    excess_target: int = 0


@dataclass
class ComponentOutcome:
    """Status, assignments and per-stage results of one component."""

    index: int
    status: SolveStatus
    holders: Holders
    stages: list[StageResult]


def _solver(task: ComponentTask, seconds: float, last: bool, *, light: bool = False) -> cp_model.CpSolver:
    """A solver for one stage; ``light`` (the seat-count probe, a feasibility problem that a
    first solution settles) skips symmetry detection and probing in presolve and runs at most
    four workers: on a team-sized year model that is 0.15 s instead of 0.4 s."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = min(task.workers, 4) if light else task.workers
    if light:
        solver.parameters.symmetry_level = 0
        solver.parameters.cp_model_probing_level = 0
    solver.parameters.random_seed = task.seed
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.log_search_progress = task.log
    solver.parameters.catch_sigint_signal = False  # Ctrl-C belongs to the caller (see solve(stop=))
    if last and task.gap > 0:
        solver.parameters.relative_gap_limit = task.gap
    for key, value in task.extra.items():
        setattr(solver.parameters, key, value)
    return solver


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, fn: Progress) -> None:
        super().__init__()
        self._stage, self._fn = stage, fn

    def on_solution_callback(self) -> None:
        self._fn(self._stage, self.objective_value, self.best_objective_bound)


def _pin(enc: Encoding, holders: Holders) -> None:
    """Fix every seat of the shifts in ``holders`` to exactly those holders."""
    for key, roles in holders.items():
        for e, role, var in enc.by_shift.get(key, ()):
            enc.model.add(var == (1 if e in roles.get(role, ()) else 0))


def _changes(enc: Encoding, reference: Holders) -> cp_model.LinearExpr:
    """Seats of the reference plan that the new plan gives to someone else."""
    kept = []
    total = 0
    for (rid, start), roles in reference.items():
        for role, names in roles.items():
            for e in names:
                total += 1
                var = enc.x.get((e, rid, start, role))
                if var is not None:
                    kept.append(var)
    return total - cp_model.LinearExpr.sum(kept)


def _stages(task: ComponentTask, enc: Encoding) -> tuple[list[tuple[str, StageExpr]], int]:
    """The stages of ``task`` and the largest-excess floor (valid once the counts are in band)."""
    soft = tuple(r.id for r in CATALOGUE if not r.hard and r.active(task.roster.rules))
    pinned = bool(task.frozen) or task.reference is not None
    # seats pinned on the rotations solved here (a replan's past) void the cost bounds; the
    # org-wide rotations fixed around a team are outside them
    free = not any(rid not in task.fixed for rid, _start in task.frozen)
    objectives = build_objectives(enc, task.shares, soft, symmetry=not pinned, bounds=free)
    stages = objectives.stages
    if task.reference is None:
        return stages, objectives.excess_floor
    reference = {k: v for k, v in task.reference.items() if k[0] in task.rotations}
    changes = _changes(enc, reference)
    change: tuple[str, StageExpr] = ("changes", lambda: changes)
    ordered = [change, *stages] if task.change_first else [*stages[:2], change, stages[2]]
    return ordered, objectives.excess_floor


class ComponentRun:
    """A component's model, kept alive between stages so time can be shared out in phases."""

    def __init__(self, task: ComponentTask, on_progress: Progress | None = None) -> None:
        self.task = task
        self.on_progress = on_progress
        self.enc = Encoding(Instance.of(task.roster), task.rotations, only=task.only, fixed=task.fixed)
        add_constraints(self.enc, only=hard_rules())
        _pin(self.enc, task.frozen)
        self.stages, self.excess_floor = _stages(task, self.enc)
        self.done = 0
        self.results: list[StageResult] = []
        self.status = SolveStatus.OPTIMAL
        self.values: dict[cp_model.IntVar, int] = {}
        self.failed: SolveStatus | None = None
        self.solver: cp_model.CpSolver | None = None
        self.built: dict[int, cp_model.LinearExprT] = {}
        self.stopped = False

    def stop(self) -> None:
        """Stop the running search (thread-safe); later stages are skipped."""
        self.stopped = True
        solver = self.solver
        if solver is not None:
            solver.stop_search()

    @property
    def finished(self) -> bool:
        return self.failed is not None or self.done == len(self.stages)

    def run(self, seconds: float, *, upto: int | None = None) -> None:
        """Solve the next stages (up to index ``upto``, exclusive) within ``seconds``."""
        deadline = _time.monotonic() + seconds
        stop = len(self.stages) if upto is None else min(upto, len(self.stages))
        while not self.finished and self.done < stop and not self.stopped:
            name, _ = self.stages[self.done]
            last = self.done == stop - 1
            remaining = deadline - _time.monotonic()
            budget = remaining if last else max(remaining * _SHARE[name], min(remaining, 1.0))
            if not self._stage(budget):
                return  # out of time before any solution: a later call may continue

    def _stage(self, seconds: float) -> bool:
        """Solve the next stage; False when time ran out before any solution of it."""
        started = _time.monotonic()  # building a stage (the soft rules) is part of its time
        name, build = self.stages[self.done]
        if self.done not in self.built:  # build each stage once: "total" adds the soft rules
            self.built[self.done] = build()
        expr = self.built[self.done]
        final = self.done == len(self.stages) - 1
        model = self.enc.model
        model.minimize(expr)
        model.clear_hints()  # type: ignore[no-untyped-call]
        for var, val in self.values.items():
            model.add_hint(var, val)
        if name == "counts" and self._probe_fair(expr, (seconds - (_time.monotonic() - started)) * 0.5):
            return True
        share = _PROBE.get(name, 0.0)
        if name == "max_excess" and max(self.excess_floor, self.task.excess_target) > 0:
            share = _PROBE["counts"]  # a known floor above 0 is usually reachable: mostly probe
        probe = (seconds - (_time.monotonic() - started)) * share
        if name in _FLOOR and self._probe(name, expr, probe):
            return True
        if self.stopped:
            return False
        solver = self.solver = _solver(self.task, seconds - (_time.monotonic() - started), final)
        if self.stopped:  # a stop that arrived while this solver was being made
            return False
        callback = _Callback(name, self.on_progress) if self.on_progress else None
        st = _STATUS.get(solver.solve(model, callback), SolveStatus.UNKNOWN)
        if st == SolveStatus.INFEASIBLE:
            self.failed = st if not self.values else SolveStatus.FEASIBLE
            return True
        if st == SolveStatus.UNKNOWN:
            return False
        value, bound = solver.objective_value, solver.best_objective_bound
        if value > bound + 1e-6:  # stopped by the time or gap limit: not proven
            st = SolveStatus.FEASIBLE
        self.results.append(StageResult(self.task.index, name, value, bound, st,
                                        _time.monotonic() - started))
        if st != SolveStatus.OPTIMAL:
            self.status = SolveStatus.FEASIBLE
        self.values = {v: solver.value(v) for v in self.enc.x.values()}
        model.add(expr <= round(value))
        self.done += 1
        return True

    def _probe_fair(self, counts: cp_model.LinearExprT, seconds: float) -> bool:
        """A step of a split component: seat counts in band and the largest excess at the
        component's target, as one feasibility problem. Both fairness stages at once when it
        works (the usual case for a team), so a team with little time still gets a fair plan."""
        i = self.done
        if (self.task.excess_target <= 0 or i + 1 >= len(self.stages)
                or self.stages[i + 1][0] != "max_excess" or self.stopped):
            return False
        if i + 1 not in self.built:
            self.built[i + 1] = self.stages[i + 1][1]()
        target = max(self.task.excess_target, self.excess_floor)
        return self._reach([("counts", counts, 0, 0),
                            ("max_excess", self.built[i + 1], target, self.excess_floor)], seconds, True)

    def _probe(self, name: str, expr: cp_model.LinearExprT, seconds: float) -> bool:
        """Try to reach the stage's floor (a bound no solution can beat) as a feasibility
        problem: much faster than minimising when fairness is perfect, and then proven. A step of
        a split component probes at the component's floor instead, when that is higher: no step
        needs to beat it, and the later stages keep the room it leaves."""
        floor = proven = _FLOOR[name]
        in_band = any(r.name == "counts" and r.value == 0 for r in self.results)
        if name == "max_excess" and in_band:  # the known floor is valid: probe there, not at 0
            proven = max(floor, self.excess_floor)
            floor = max(proven, self.task.excess_target)
        return self._reach([(name, expr, floor, proven)], seconds, name == "counts")

    def _reach(self, caps: list[tuple[str, cp_model.LinearExprT, int, int]], seconds: float,
               light: bool) -> bool:
        """The next stages as one feasibility problem: each stage's ``expr <= cap``. On success
        each stage is done, ``optimal`` when its value is at its ``proven`` floor (at a higher
        cap, a component's target, it is good enough but not proven for this step alone)."""
        probe = self.enc.model.clone()
        probe.clear_objective()  # type: ignore[no-untyped-call]
        for _name, expr, cap, _proven in caps:
            probe.add(expr <= cap)
        started = _time.monotonic()
        solver = self.solver = _solver(self.task, seconds, False, light=light)
        if self.stopped or solver.solve(probe) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.values = {v: solver.value(v) for v in self.enc.x.values()}
        took = _time.monotonic() - started
        for name, expr, cap, proven in caps:
            value = float(solver.value(expr))
            status = SolveStatus.OPTIMAL if value <= proven else SolveStatus.FEASIBLE
            if status != SolveStatus.OPTIMAL:
                self.status = SolveStatus.FEASIBLE
            self.results.append(StageResult(self.task.index, name, value, float(proven), status, took))
            self.enc.model.add(expr <= cap)
            self.done += 1
            took = 0.0
        return True

    def outcome(self) -> ComponentOutcome:
        status = self.failed if self.failed is not None else self.status
        if self.failed is None and self.done < len(self.stages):
            status = SolveStatus.FEASIBLE if self.values else SolveStatus.UNKNOWN
        return ComponentOutcome(self.task.index, status, _holders(self.enc, self.values), self.results)


def run_component(task: ComponentTask, on_progress: Progress | None = None) -> ComponentOutcome:
    """Build and solve one component; each stage's optimum is fixed before the next."""
    started = _time.monotonic()
    run = ComponentRun(task, on_progress)
    run.run(max(task.time_limit - (_time.monotonic() - started), 0.05))
    return run.outcome()


def _holders(enc: Encoding, values: dict[cp_model.IntVar, int]) -> Holders:
    out: Holders = {}
    for (e, rid, start, role), var in enc.x.items():
        if values.get(var):
            roles = out.setdefault((rid, start), {})
            roles[role] = (*roles.get(role, ()), e)
    return out
