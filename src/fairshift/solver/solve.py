"""The ``solve()`` facade: roster in, solver-neutral result out, every schedule re-validated."""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ortools.sat.python import cp_model

from fairshift.errors import InternalError
from fairshift.fairness import FairShares, components, engineer_metrics, fair_shares
from fairshift.instance import Instance, Plan
from fairshift.precheck import shortages
from fairshift.roster.model import Roster
from fairshift.rules import RULES
from fairshift.solver.encoders import add_constraints
from fairshift.solver.model import Encoding
from fairshift.solver.objective import build_objectives
from fairshift.solver.report import rule_scores, team_shares
from fairshift.solver.result import SolveResult, SolveStatus, StageResult
from fairshift.validate import check_plan

__all__ = ["solve"]

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.UNKNOWN,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}
_STAGE_SHARE = (0.25, 0.5, 1.0)  # of the time left for the component


@dataclass(frozen=True)
class _Params:
    workers: int
    seed: int
    log: bool
    extra: dict[str, Any]
    on_progress: Callable[[str, float, float], None] | None


Holders = dict[tuple[str, datetime], dict[str, tuple[str, ...]]]


@dataclass
class _Outcome:
    status: SolveStatus
    holders: Holders
    stages: list[StageResult]


def _solver(params: _Params, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = params.workers
    solver.parameters.random_seed = params.seed
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.log_search_progress = params.log
    for key, value in params.extra.items():
        setattr(solver.parameters, key, value)
    return solver


def _solve_component(inst: Instance, index: int, rids: tuple[str, ...], shares: FairShares,
                     params: _Params, deadline: float) -> _Outcome:
    enc = Encoding(inst, rids)
    add_constraints(enc, only=_active_rules(inst))
    objectives = build_objectives(enc, shares)
    stages: list[StageResult] = []
    status = SolveStatus.OPTIMAL
    values: dict[cp_model.IntVar, int] = {}
    for (name, expr), share in zip(objectives.stages, _STAGE_SHARE, strict=True):
        enc.model.minimize(expr)
        enc.model.clear_hints()  # type: ignore[no-untyped-call]
        for var, val in values.items():
            enc.model.add_hint(var, val)
        left = deadline - _time.monotonic()
        solver = _solver(params, left * share)
        callback = _Progress(name, params.on_progress) if params.on_progress else None
        started = _time.monotonic()
        code = solver.solve(enc.model, callback)
        st = _STATUS.get(code, SolveStatus.UNKNOWN)
        if st in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
            return _Outcome(st if not values else SolveStatus.FEASIBLE, _holders(enc, values), stages)
        value, bound = solver.objective_value, solver.best_objective_bound
        stages.append(StageResult(index, name, value, bound, st, _time.monotonic() - started))
        if st != SolveStatus.OPTIMAL:
            status = SolveStatus.FEASIBLE
        values = {v: solver.value(v) for v in enc.x.values()}
        enc.model.add(expr <= round(value))
    return _Outcome(status, _holders(enc, values), stages)


def _active_rules(inst: Instance) -> tuple[str, ...]:
    """Every rule except soft rules whose weight is 0."""
    rules = inst.roster.rules
    return tuple(rid for rid, rule in RULES.items()
                 if rule.kind == "hard" or getattr(rules, rid).weight > 0)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, fn: Callable[[str, float, float], None]) -> None:
        super().__init__()
        self._stage, self._fn = stage, fn

    def on_solution_callback(self) -> None:
        self._fn(self._stage, self.objective_value, self.best_objective_bound)


def _holders(enc: Encoding, values: dict[cp_model.IntVar, int]) -> Holders:
    out: Holders = {}
    for (e, rid, start, role), var in enc.x.items():
        if values.get(var):
            roles = out.setdefault((rid, start), {})
            roles[role] = (*roles.get(role, ()), e)
    return out


def solve(roster: Roster, *, time_limit: float = 30.0, workers: int = 8, seed: int = 0,
          log: bool = False, on_progress: Callable[[str, float, float], None] | None = None,
          solver_params: dict[str, Any] | None = None) -> SolveResult:
    """Solve ``roster`` for the fairest schedule that breaks no hard rule.

    ``time_limit`` is in seconds for the whole solve; ``workers`` is CP-SAT's worker count
    (``workers=1`` with a fixed ``seed`` gives byte-identical output when each stage is proven
    optimal within the limit). Extra CP-SAT parameters pass through ``solver_params``.
    Every returned schedule has been re-checked by :func:`fairshift.validate`; a hard
    violation there raises :class:`~fairshift.errors.InternalError`.
    """
    started = _time.monotonic()
    inst = Instance(roster)
    shares = fair_shares(inst)
    params = _Params(workers, seed, log, dict(solver_params or {}), on_progress)
    short = shortages(inst)
    if short:
        return SolveResult(SolveStatus.INFEASIBLE, None, explanation=tuple(str(s) for s in short),
                           seconds=_time.monotonic() - started, workers=workers)
    comps = components(inst)
    plan = Plan(inst)
    stages: list[StageResult] = []
    statuses: list[SolveStatus] = []
    for i, rids in enumerate(comps):
        left = time_limit - (_time.monotonic() - started)
        deadline = _time.monotonic() + left / (len(comps) - i)
        outcome = _solve_component(inst, i, rids, shares, params, deadline)
        statuses.append(outcome.status)
        stages.extend(outcome.stages)
        plan.holders.update(outcome.holders)
    status = _combine(statuses)
    seconds = _time.monotonic() - started
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return SolveResult(status, None, tuple(stages), components=len(comps), seconds=seconds,
                           workers=workers)
    report = check_plan(plan)
    if report.hard:
        listing = "\n".join(f"  {v}" for v in report.hard[:20])
        raise InternalError(f"the solver returned a schedule the validator rejects:\n{listing}")
    metrics = engineer_metrics(plan, shares)
    schedule = plan.to_schedule(
        status=status.value, engineers={e: m.as_dict() for e, m in sorted(metrics.items())})
    return SolveResult(status, schedule, tuple(stages), metrics, rule_scores(roster, report),
                       team_shares(plan, metrics), report, len(comps), seconds, workers)


def _combine(statuses: list[SolveStatus]) -> SolveStatus:
    for bad in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN, SolveStatus.FEASIBLE):
        if bad in statuses:
            return bad
    return SolveStatus.OPTIMAL
