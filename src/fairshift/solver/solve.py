"""The ``solve()`` facade: roster in, solver-neutral result out, every schedule re-validated."""

from __future__ import annotations

import itertools
import threading
import time as _time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from typing import Any

from fairshift.check.precheck import shortages
from fairshift.check.validate import check_plan, rule_scores
from fairshift.domain.budget import team_shares
from fairshift.domain.fairness import FairShares, components, engineer_metrics, excess_floor, fair_shares
from fairshift.domain.instance import Holders, Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.errors import InternalError
from fairshift.solver.certify import certify
from fairshift.solver.component import ComponentOutcome, ComponentTask
from fairshift.solver.decompose import Split, split_component
from fairshift.solver.explain import explain
from fairshift.solver.phases import batches, capacity, phased, run_batch, work
from fairshift.solver.result import SolveResult, SolveStatus, StageResult
from fairshift.solver.strategy import Objective

__all__ = ["solve"]


def solve(roster: Roster, *, time_limit: float = 30.0, workers: int = 8, seed: int = 0,
          gap: float = 0.0, executor: Executor | None = None, jobs: int | None = None,
          log: bool = False, on_progress: Callable[[str, float, float], None] | None = None,
          solver_params: dict[str, Any] | None = None, stop: threading.Event | None = None,
          decompose: bool = True, objective: Objective | None = None) -> SolveResult:
    """Solve ``roster`` for the fairest schedule that breaks no hard rule.

    ``time_limit`` is in seconds for the whole solve. ``workers`` is CP-SAT's worker count *per
    search*; ``workers=1`` with a fixed ``seed`` gives byte-identical output when every stage
    is proven within the limit. ``gap`` lets the last (non-fairness) stage stop at that relative
    gap; it is then reported ``feasible``, never ``optimal``. With an ``executor`` (any
    :class:`concurrent.futures.Executor`, e.g. a process pool or ``dask``'s
    ``Client.get_executor()``), independent components and the parts of a split component are
    built and solved inside its workers, dealt into ``jobs`` batches (default: a process pool's
    size, else one batch per task) that share the time limit stage by stage (see
    :mod:`fairshift.solver.phases`); choose ``workers`` so that ``jobs`` times ``workers`` does
    not oversubscribe the machine. Extra CP-SAT parameters pass through ``solver_params``. With
    ``decompose`` (the default), a component linked only through org-wide rotations is solved in
    two steps, those rotations first (see :mod:`fairshift.solver.decompose`). Every returned
    schedule has been re-checked by :func:`fairshift.validate`; a hard violation there raises
    :class:`~fairshift.errors.InternalError`. ``objective`` adds frozen seats and a reference
    plan to stay close to (what :func:`fairshift.replan` passes, see
    :class:`~fairshift.solver.strategy.Objective`).
    """
    call = _Call(time_limit, workers, seed, gap, executor, jobs, log, on_progress,
                 dict(solver_params or {}), stop, objective or Objective())
    return _solve(roster, call, decompose=decompose, with_hubs=None)


@dataclass(frozen=True)
class _Call:
    """The arguments of one :func:`solve` call, shared by its retries."""

    time_limit: float
    workers: int
    seed: int
    gap: float
    executor: Executor | None
    jobs: int | None
    log: bool
    on_progress: Callable[[str, float, float], None] | None
    solver_params: dict[str, Any]
    stop: threading.Event | None
    objective: Objective


def _solve(roster: Roster, call: _Call, *, decompose: bool, with_hubs: frozenset[str] | None) -> SolveResult:
    started = _time.monotonic()
    time_limit, workers, seed, gap = call.time_limit, call.workers, call.seed, call.gap
    executor, jobs, log, on_progress = call.executor, call.jobs, call.log, call.on_progress
    solver_params, stop = call.solver_params, call.stop
    _frozen, _reference = call.objective.frozen, call.objective.reference
    _change_first = call.objective.order == "minimal_change"
    _with_hubs = with_hubs
    inst = Instance.of(roster)
    if shortages(inst):  # the cheap case: explain() answers it without a search
        why = explain(roster)
        return SolveResult(SolveStatus.INFEASIBLE, None, explanation=tuple(str(why).splitlines()),
                           seconds=_time.monotonic() - started, workers=workers)
    shares = fair_shares(inst)
    comps = components(inst)
    frozen = dict(_frozen or {})
    slots = capacity(executor, jobs)
    counter = itertools.count()
    # checking, measuring and writing the plan takes time too (about 50 us a seat): keep it
    reserve = min(0.2 * time_limit, 5e-5 * sum(len(inst.shifts[r.id]) * r.seats for r in roster.rotations))

    def task(rids: tuple[str, ...], *, pinned: Holders | None = None, only: frozenset[str] | None = None,
             fixed: tuple[str, ...] = (), target: int = 0) -> ComponentTask:
        return ComponentTask(roster, next(counter), rids, shares, time_limit, workers, seed, gap, log,
                             dict(solver_params or {}), {**frozen, **(pinned or {})}, _reference,
                             _change_first, only, frozenset(fixed), target)

    def run(tasks: list[ComponentTask], share: float = 1.0, give_up: bool = False) -> list[ComponentOutcome]:
        if not tasks:
            return []
        if stop is not None and stop.is_set():  # stopped between steps: nothing more is solved
            return [ComponentOutcome(t.index, SolveStatus.UNKNOWN, {}, []) for t in tasks]
        left = max((time_limit - reserve - (_time.monotonic() - started)) * share, 0.5)
        if executor is None:
            return phased(tasks, left, on_progress, stop, give_up=give_up)
        parts = batches(tasks, [work(inst, t.rotations, t.only, t.fixed) for t in tasks], slots)
        futures = [executor.submit(run_batch, part, left, give_up) for part in parts]
        by_index = {o.index: o for f in futures for o in f.result()}
        return [by_index[t.index] for t in tasks]

    splits = {i: split_component(inst, rids, _with_hubs or frozenset()) if decompose else None
              for i, rids in enumerate(comps)}
    # the largest excess a split component's steps need not beat (see solver.certify)
    targets = {i: _floor(inst, shares, comps[i]) if sp is not None and not frozen else 0
               for i, sp in splits.items()}
    first: list[ComponentTask] = []
    owner: dict[int, int] = {}  # first-step task index -> its component
    for i, rids in enumerate(comps):
        sp = splits[i]
        for part in (sp.hub_parts if sp is not None else (rids,)):
            first.append(task(part, target=targets[i]))
            owner[first[-1].index] = i
    done = run(first, _hub_share(inst, splits, slots))
    outcomes = list(done)
    second: list[ComponentTask] = []
    for i, sp in splits.items():
        hub_outcomes = [o for o in done if owner[o.index] == i]
        if sp is None or any(o.status not in _SOLVED for o in hub_outcomes):
            continue
        holders = {k: v for o in hub_outcomes for k, v in o.holders.items()}
        for g in sp.groups:
            pinned = {k: v for k, v in holders.items() if k[0] in g.hubs}
            second.append(task((*g.rotations, *g.hubs), pinned=pinned, only=g.engineers, fixed=g.hubs,
                               target=targets[i]))
            owner[second[-1].index] = i
    later = run(second, give_up=decompose)  # a team with no schedule: retry (below) at once
    for sub, outcome in zip(second, later, strict=True):  # keep only the group's own seats
        ours = {k: v for k, v in outcome.holders.items() if k[0] not in sub.fixed}
        outcomes.append(ComponentOutcome(outcome.index, outcome.status, ours, outcome.stages))
    stopped = stop is not None and stop.is_set()
    failed = frozenset(r for sub, o in zip(second, later, strict=True) if o.status == SolveStatus.INFEASIBLE
                       for r in sub.rotations if r not in sub.fixed)
    if failed and not stopped:
        # a group cannot be completed around the org-wide plan: in a large component, solve it
        # with the org-wide rotations (a larger first step) once; else (or if that fails too)
        # solve the components jointly, which small ones afford and which is fairer
        large = work(inst, [r for rids in comps for r in rids]) > _JOINT_SEATS
        rest = replace(call, time_limit=max(time_limit - (_time.monotonic() - started), 1.0))
        return _solve(roster, rest, decompose=_with_hubs is None and large, with_hubs=failed)
    steps: dict[int, list[int]] = {}  # split component -> the indices of its steps
    if second:  # each step is proven on its own, the whole component is not: say so
        for t in [*first, *second]:
            if splits[owner[t.index]] is not None:
                steps.setdefault(owner[t.index], []).append(t.index)
        stepwise = {i for ids in steps.values() for i in ids}
        outcomes = [replace(o, status=SolveStatus.FEASIBLE)
                    if o.status == SolveStatus.OPTIMAL and o.index in stepwise else o for o in outcomes]
    result = _result(inst, shares, outcomes, workers, _time.monotonic() - started,
                     {i: (comps[i], ids) for i, ids in steps.items()})
    result = replace(result, decomposed=sum(1 for sp in splits.values() if sp is not None and second),
                     jobs=min(slots, len(first) + len(second)) if executor is not None else 1)
    if result.status == SolveStatus.INFEASIBLE:
        why = explain(roster, time_limit=max(time_limit - (_time.monotonic() - started), 5.0))
        lines = tuple(str(why).splitlines()) if not why.feasible else ()
        result = replace(result, explanation=lines, seconds=_time.monotonic() - started)
    # teams whose own largest excess stayed above their component's floor: with time to spare,
    # solve again with them in the org-wide step, and keep the fairer of the two
    over = frozenset(r for sub, o in zip(second, later, strict=True)
                     if any(st.name == "max_excess" and st.value > sub.excess_target for st in o.stages)
                     for r in sub.rotations if r not in sub.fixed)
    left = time_limit - (_time.monotonic() - started)
    if (over and _with_hubs is None and not stopped and result.schedule is not None
            and left > 0.4 * time_limit and result.fairness_status != SolveStatus.OPTIMAL):
        again = _solve(roster, replace(call, time_limit=left), decompose=True, with_hubs=over)
        if again.schedule is not None and again.max_excess < result.max_excess - 1e-6:
            result = again
        result = replace(result, seconds=_time.monotonic() - started)
    return result


_SOLVED = (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
# seat variables up to which a component that does not split cleanly is solved jointly (the
# 30-person benchmark organisation has 1,372; the 200-person one 38,060)
_JOINT_SEATS = 10_000


def _floor(inst: Instance, shares: FairShares, rotations: tuple[str, ...]) -> int:
    """The largest-excess floor of a whole component (hundredths of an hour)."""
    return excess_floor(inst, shares, rotations, shares.points(inst, rotations))


def _hub_share(inst: Instance, splits: dict[int, Split | None], slots: int) -> float:
    """The share of the time for the first step when components are split: the org-wide
    rotations' estimated makespan against the teams', between 0.2 and 0.6."""
    split = [sp for sp in splits.values() if sp is not None]
    if not split:
        return 1.0
    hubs = [work(inst, part) for sp in split for part in sp.hub_parts]
    groups = [work(inst, g.rotations, g.engineers) for sp in split for g in sp.groups]

    def makespan(sizes: list[int]) -> float:
        return max(max(sizes, default=0), sum(sizes) / max(min(slots, len(sizes)), 1))

    a, b = makespan(hubs), makespan(groups)
    return min(max(a / (a + b), 0.2), 0.6) if a + b else 1.0


def _result(inst: Instance, shares: FairShares, outcomes: list[ComponentOutcome], workers: int,
            seconds: float, steps: dict[int, tuple[tuple[str, ...], list[int]]] | None = None) -> SolveResult:
    """Assemble, validate and measure the plan; ``steps`` (split component -> its rotations and
    the indices of its steps) get a whole-component certificate each."""
    plan = Plan(inst)
    stages = []
    for outcome in sorted(outcomes, key=lambda o: o.index):
        plan.holders.update(outcome.holders)
        stages.extend(outcome.stages)
    status = _combine([o.status for o in outcomes])
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return SolveResult(status, None, tuple(stages), components=len(outcomes), seconds=seconds,
                           workers=workers)
    report = check_plan(plan)
    if report.hard:
        listing = "\n".join(f"  {v}" for v in report.hard[:20])
        raise InternalError(f"the solver returned a schedule the validator rejects:\n{listing}")
    metrics = engineer_metrics(plan, shares)
    whole = [cert for i, (rotations, ids) in sorted((steps or {}).items())
             for cert in certify(plan, shares, i, rotations, [s for s in stages if s.component in ids])]

    def rows(items: list[StageResult]) -> list[dict[str, Any]]:
        return [{"component": st.component, "name": st.name, "status": st.status.value,
                 "value": st.value, "bound": st.bound} for st in items]

    extra: dict[str, Any] = {"stages": rows(stages)}
    if whole:
        extra["whole_components"] = rows(whole)
    schedule = plan.to_schedule(
        status=status.value, engineers={e: m.as_dict() for e, m in sorted(metrics.items())},
        extra=extra)
    roster = inst.roster
    return SolveResult(status, schedule, tuple(stages), metrics, rule_scores(roster, report),
                       team_shares(plan, metrics), report, len(outcomes), seconds, workers,
                       whole=tuple(whole),
                       stepwise=frozenset(i for _, ids in (steps or {}).values() for i in ids))


def _combine(statuses: list[SolveStatus]) -> SolveStatus:
    for bad in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN, SolveStatus.FEASIBLE):
        if bad in statuses:
            return bad
    return SolveStatus.OPTIMAL
