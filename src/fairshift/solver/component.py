"""One model (a component, or a step of a split one) solved in lexicographic stages.

A :class:`ComponentTask` is plain, picklable data, and :class:`ComponentRun` builds the CP-SAT
model inside whatever process runs it (CP-SAT models cannot be pickled), so tasks can be solved
in a process pool or on a Dask cluster. A run keeps its model between calls, so the time of many
tasks can be shared out stage by stage (:mod:`fairshift.solver.phases`).
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ortools.sat.python import cp_model

from fairshift.domain.fairness import FairShares
from fairshift.domain.instance import Holders, Instance
from fairshift.domain.roster import Roster
from fairshift.rules import CATALOGUE, hard_rules
from fairshift.solver.events import Progress
from fairshift.solver.hint import complete_hint, greedy_hint
from fairshift.solver.model import Encoding, add_constraints
from fairshift.solver.objective import Stage, build_objectives, interchangeable
from fairshift.solver.result import SolveStatus, StageResult
from fairshift.solver.tuning import TUNING

__all__ = ["ComponentOutcome", "ComponentRun", "ComponentTask", "run_component"]

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}
_FLOOR = {"changes": 0, "counts": 0}  # stages whose least value is known and usually reached


@dataclass(frozen=True)
class ComponentTask:
    """Everything needed to solve one model, as plain data.

    ``frozen`` seats are pinned (a re-plan's past, and the org-wide seats around a team);
    ``reference`` is a published plan to stay close to (``order`` says when); ``only`` keeps
    just those engineers in the model and ``fixed`` names rotations whose seats are all pinned.
    ``started`` is the solve's start on the monotonic clock, for the stage timestamps.
    """

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
    order: Literal["minimal_change", "fair_first"] = "minimal_change"
    only: frozenset[str] | None = None
    fixed: frozenset[str] = frozenset()
    label: str = ""
    started: float = 0.0


@dataclass
class ComponentOutcome:
    """Status, assignments and per-stage results of one task."""

    index: int
    status: SolveStatus
    holders: Holders
    stages: list[StageResult]


def _solver(task: ComponentTask, seconds: float, last: bool, *, light: bool = False) -> cp_model.CpSolver:
    """A solver for one stage; ``light`` (a floor probe, a feasibility problem that a first
    solution settles) skips symmetry detection and probing in presolve and runs fewer workers."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = min(task.workers, TUNING.probe_workers) if light else task.workers
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


def _changes(enc: Encoding, reference: Holders) -> cp_model.LinearExprT:
    """Seats of the reference plan that the new plan gives to someone else."""
    kept = []
    total = 0
    for (rid, start), roles in reference.items():
        if rid not in enc.rotations:
            continue
        for role, names in roles.items():
            for e in names:
                total += 1
                var = enc.x.get((e, rid, start, role))
                if var is not None:
                    kept.append(var)
    return total - cp_model.LinearExpr.sum(kept)


def _stages(task: ComponentTask, enc: Encoding) -> list[Stage]:
    """The stages of ``task`` in order (a re-plan's change stage first, or before the last)."""
    soft = tuple(r.id for r in CATALOGUE if not r.hard and r.active(task.roster.rules))
    pinned = bool(task.frozen) or task.reference is not None
    # seats pinned on the rotations solved here (a replan's past) void the cost bounds; the
    # org-wide rotations fixed around a team are outside them
    free = not any(rid not in task.fixed for rid, _start in task.frozen)
    stages = build_objectives(enc, task.shares, soft, symmetry=not pinned, bounds=free,
                              pinned=task.frozen).stages
    if task.reference is None:
        return stages
    changes = _changes(enc, task.reference)
    change = Stage("changes", lambda: changes)
    return [change, *stages] if task.order == "minimal_change" else [*stages[:-1], change, stages[-1]]


class ComponentRun:
    """A task's model, kept alive between stages so time can be shared out in phases."""

    def __init__(self, task: ComponentTask, on_progress: Progress | None = None) -> None:
        self.task = task
        self.on_progress = on_progress
        self.enc = Encoding(Instance.of(task.roster), task.rotations, only=task.only, fixed=task.fixed)
        add_constraints(self.enc, only=hard_rules())
        _pin(self.enc, task.frozen)
        self.stages = _stages(task, self.enc)
        self.done = 0
        self.results: list[StageResult] = []
        self.values: dict[cp_model.IntVar, int] = {}
        self.full: list[int] = []  # every variable of the last solution, by proto index
        self._vars: list[cp_model.IntVar] = []  # the model's variables by proto index (cached)
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

    @property
    def scheduled(self) -> bool:
        """Whether the run holds a complete schedule of its model (a stage has a solution)."""
        return bool(self.values) and self.failed != SolveStatus.INFEASIBLE

    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, seconds: float, *, upto: int | None = None) -> None:
        """Solve the next stages (up to index ``upto``, exclusive; a negative ``upto`` counts
        from the end, as stages are added) within ``seconds``."""
        deadline = _time.monotonic() + seconds
        while not self.finished and not self.stopped:
            count = len(self.stages)
            stop = count if upto is None else min(upto if upto >= 0 else count + upto, count)
            if self.done >= stop:
                return
            name = self.stages[self.done].name
            remaining = deadline - _time.monotonic()
            if remaining < TUNING.min_call:
                return
            last = self.done == stop - 1
            share = TUNING.stage_share.get(name, 0.5)
            budget = remaining if last else max(remaining * share, min(remaining, 1.0))
            if not self._stage(budget):
                left = deadline - _time.monotonic()
                if self.stopped or left < TUNING.min_call or budget >= remaining:
                    return  # out of time before any solution: a later call may continue
                if not self._stage(left):  # a stage without any solution gets the whole rest
                    return

    def _stage(self, seconds: float) -> bool:
        """Solve the next stage; False when time ran out before any solution of it."""
        started = _time.monotonic()  # building a stage (the soft rules) is part of its time
        stage = self.stages[self.done]
        if self.done not in self.built:  # build each stage once: "total" adds the soft rules
            self.built[self.done] = stage.build()
        expr = self.built[self.done]
        model = self.enc.model
        model.minimize(expr)
        self._hint(seconds)
        if stage.name in _FLOOR:
            probe = (seconds - (_time.monotonic() - started)) * TUNING.probe_share.get(stage.name, 0.5)
            if self._probe(stage, expr, probe):
                return True
        if self.stopped:
            return False
        final = self.done == len(self.stages) - 1
        callback = _Callback(stage.name, self.on_progress) if self.on_progress else None
        if self.task.workers > 1 and len(self.enc.x) <= TUNING.single_seats:
            single = replace(self.task, workers=1)
            solver = self.solver = _solver(single, (seconds - (_time.monotonic() - started))
                                           * TUNING.single_share, final)
            if self.stopped:
                return False
            st = _STATUS.get(solver.solve(model, callback), SolveStatus.UNKNOWN)
            proven = st == SolveStatus.OPTIMAL and solver.objective_value <= solver.best_objective_bound
            if proven or st == SolveStatus.INFEASIBLE:
                return self._finish(stage, expr, solver, st, started)
            if st == SolveStatus.FEASIBLE:  # go on from its best schedule with every worker
                model.clear_hints()  # type: ignore[no-untyped-call]
                for var, val in zip(self._variables(), solver.response_proto.solution, strict=True):
                    model.add_hint(var, val)
        solver = self.solver = _solver(self.task, seconds - (_time.monotonic() - started), final)
        if self.stopped:  # a stop that arrived while this solver was being made
            return False
        st = _STATUS.get(solver.solve(model, callback), SolveStatus.UNKNOWN)
        return self._finish(stage, expr, solver, st, started)

    def _finish(self, stage: Stage, expr: cp_model.LinearExprT, solver: cp_model.CpSolver,
                st: SolveStatus, started: float) -> bool:
        """Record what a stage's search ended with; False when it found nothing."""
        if st == SolveStatus.INFEASIBLE:
            self.failed = SolveStatus.FEASIBLE if self.values else SolveStatus.INFEASIBLE
            return True
        if st == SolveStatus.UNKNOWN:
            return False
        value, bound = round(solver.objective_value), round(solver.best_objective_bound)
        if value > bound:  # stopped by the time or gap limit: not proven
            st = SolveStatus.FEASIBLE
        self._record(stage, expr, value, float(bound), st, started, solver)
        return True

    def _hint(self, seconds: float) -> None:
        """Hint the stage with a *complete* solution when there is one (CP-SAT then starts from it
        at once): the last stage's seats, with every other variable (this stage's objective among
        them) at its best for those seats; before the first stage, a greedy plan completed the
        same way (:mod:`fairshift.solver.hint`)."""
        model = self.enc.model
        model.clear_hints()  # type: ignore[no-untyped-call]
        seats = self.values
        if not seats:
            pinned = bool(self.task.frozen) or self.task.reference is not None
            groups = None if pinned else interchangeable(self.enc)
            plan = greedy_hint(self.enc, self.task.shares, self.task.frozen, groups=groups)
            seats = {self.enc.x[k]: v for k, v in plan.items()}
        # the seats fixed, this stage's objective at its best for them: a first solution at once
        variables = self._variables()
        full = complete_hint(model, seats, 0.1 * seconds, variables) if not self.stopped else None
        if full is None and self.full and len(self.full) == len(variables):
            full = dict(zip(variables, self.full, strict=True))
        for var, val in (full or seats).items():
            model.add_hint(var, val)

    def _variables(self) -> list[cp_model.IntVar]:
        """Every variable of the model by proto index (stages add variables as they are built)."""
        model = self.enc.model
        count = len(model.proto.variables)
        self._vars.extend(model.get_int_var_from_proto_index(i) for i in range(len(self._vars), count))
        return self._vars

    def _probe(self, stage: Stage, expr: cp_model.LinearExprT, seconds: float) -> bool:
        """Try to reach the stage's floor (a bound no solution can beat) as a feasibility
        problem: much faster than minimising when it is reachable, and then proven."""
        floor = _FLOOR[stage.name]
        probe = self.enc.model.clone()
        probe.clear_objective()  # type: ignore[no-untyped-call]
        probe.add(expr <= floor)
        started = _time.monotonic()
        if self.stopped or seconds < TUNING.min_call:
            return False
        solver = self.solver = _solver(self.task, seconds, False, light=True)
        if self.stopped or solver.solve(probe) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self._record(stage, expr, floor, float(floor), SolveStatus.OPTIMAL, started, solver)
        return True

    def _record(self, stage: Stage, expr: cp_model.LinearExprT, value: int, bound: float,
                status: SolveStatus, started: float, solver: cp_model.CpSolver) -> None:
        value_of = solver.value
        now = _time.monotonic()
        self.results.append(StageResult(self.task.index, stage.name, float(value * stage.unit),
                                        bound * stage.unit, status, now - started,
                                        now - self.task.started, self.task.label))
        # every variable of the model, by proto index (a probe solves a clone: same indices)
        self.full = list(solver.response_proto.solution)[:len(self.enc.model.proto.variables)]
        self.values = {v: self.full[v.index] for v in self.enc.x.values()}
        if stage.revisit and status != SolveStatus.OPTIMAL and self.done < len(self.stages) - 1:
            # not proven: not imposed; solved again just before the last stage
            again = replace(stage, build=lambda: expr, revisit=False)
            self.stages.insert(len(self.stages) - 1, again)
        elif stage.fix is not None:
            stage.fix(self.enc.model, expr, value, value_of)
        else:
            self.enc.model.add(expr <= value)
        self.done += 1

    def outcome(self) -> ComponentOutcome:
        if self.failed is not None:
            status = self.failed
        elif self.done < len(self.stages):
            status = SolveStatus.FEASIBLE if self.values else SolveStatus.UNKNOWN
        else:
            proven = all(r.status == SolveStatus.OPTIMAL for r in self.results)
            status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
        return ComponentOutcome(self.task.index, status, _holders(self.enc, self.values), self.results)


def run_component(task: ComponentTask, on_progress: Progress | None = None) -> ComponentOutcome:
    """Build and solve one task; each stage's optimum is fixed before the next."""
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
