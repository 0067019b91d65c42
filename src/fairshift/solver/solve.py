"""The ``solve()`` facade: roster in, solver-neutral result out, every schedule re-validated."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

from fairshift.errors import InternalError
from fairshift.fairness import FairShares, components, engineer_metrics, fair_shares
from fairshift.instance import Instance, Plan
from fairshift.precheck import shortages
from fairshift.roster.model import Roster
from fairshift.solver.component import (
    ComponentOutcome,
    ComponentRun,
    ComponentTask,
    Holders,
    run_component,
)
from fairshift.solver.decompose import split_component
from fairshift.solver.explain import explain
from fairshift.solver.report import rule_scores, team_shares
from fairshift.solver.result import SolveResult, SolveStatus
from fairshift.validate import check_plan

__all__ = ["solve"]


def solve(roster: Roster, *, time_limit: float = 30.0, workers: int = 8, seed: int = 0,
          gap: float = 0.0, executor: Executor | None = None, log: bool = False,
          on_progress: Callable[[str, float, float], None] | None = None,
          solver_params: dict[str, Any] | None = None, stop: threading.Event | None = None,
          decompose: bool = True, _frozen: Holders | None = None,
          _reference: Holders | None = None, _change_first: bool = True) -> SolveResult:
    """Solve ``roster`` for the fairest schedule that breaks no hard rule.

    ``time_limit`` is in seconds for the whole solve. ``workers`` is CP-SAT's worker count *per
    component*; ``workers=1`` with a fixed ``seed`` gives byte-identical output when every stage
    is proven within the limit. ``gap`` lets the last (non-fairness) stage stop at that relative
    gap; it is then reported ``feasible``, never ``optimal``. With an ``executor`` (any
    :class:`concurrent.futures.Executor`, e.g. a process pool or ``dask``'s
    ``Client.get_executor()``), independent components are built and solved inside its workers,
    each with the whole ``time_limit``; choose ``workers`` so that executor workers times CP-SAT
    workers does not oversubscribe the machine. Extra CP-SAT parameters pass through
    ``solver_params``. With ``decompose`` (the default), a component linked only through
    org-wide rotations is solved in two steps, those rotations first (see
    :mod:`fairshift.solver.decompose`). Every returned schedule has been re-checked by
    :func:`fairshift.validate`; a hard violation there raises :class:`~fairshift.errors.InternalError`.
    """
    started = _time.monotonic()
    inst = Instance(roster)
    if shortages(inst):  # the cheap case: explain() answers it without a search
        why = explain(roster)
        return SolveResult(SolveStatus.INFEASIBLE, None, explanation=tuple(str(why).splitlines()),
                           seconds=_time.monotonic() - started, workers=workers)
    shares = fair_shares(inst)
    comps = components(inst)

    frozen = dict(_frozen or {})

    def task(i: int, rids: tuple[str, ...], seconds: float, *, pinned: Holders | None = None,
             only: frozenset[str] | None = None, fixed: tuple[str, ...] = ()) -> ComponentTask:
        return ComponentTask(roster, i, rids, shares, seconds, workers, seed, gap, log,
                             dict(solver_params or {}), {**frozen, **(pinned or {})}, _reference,
                             _change_first, only, frozenset(fixed))

    def run(tasks: list[ComponentTask], share: float = 1.0) -> list[ComponentOutcome]:
        if not tasks:
            return []
        left = max((time_limit - (_time.monotonic() - started)) * share, 0.5)
        if executor is not None:
            futures = [executor.submit(run_component, replace(t, time_limit=left)) for t in tasks]
            return [f.result() for f in futures]
        return _phased(tasks, left, on_progress, stop)

    splits = {i: split_component(inst, rids) if decompose else None for i, rids in enumerate(comps)}
    first = [task(i, splits[i].hubs if splits[i] else rids, time_limit)  # type: ignore[union-attr]
             for i, rids in enumerate(comps)]
    # org-wide rotations first with a third of the time, the teams around them with the rest
    done = run(first, 1 / 3 if any(splits.values()) else 1.0)
    outcomes = [o for o in done]
    second: list[ComponentTask] = []
    index = len(comps)
    for i in range(len(comps)):
        sp = splits[i]
        if sp is None or done[i].status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            continue
        for g in sp.groups:
            pinned = {k: v for k, v in done[i].holders.items() if k[0] in g.hubs}
            second.append(task(index, (*g.rotations, *g.hubs), time_limit, pinned=pinned,
                               only=g.engineers, fixed=g.hubs))
            index += 1
    later = run(second)
    for sub, outcome in zip(second, later, strict=True):  # keep only the group's own seats
        ours = {k: v for k, v in outcome.holders.items() if k[0] not in sub.fixed}
        outcomes.append(ComponentOutcome(outcome.index, outcome.status, ours, outcome.stages))
    stopped = stop is not None and stop.is_set()
    if any(o.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE) for o in later) and not stopped:
        return solve(roster, time_limit=max(time_limit - (_time.monotonic() - started), 1.0),
                     workers=workers, seed=seed, gap=gap, executor=executor, log=log,
                     on_progress=on_progress, solver_params=solver_params, stop=stop,
                     decompose=False, _frozen=_frozen, _reference=_reference,
                     _change_first=_change_first)
    if second:  # each step is proven on its own, the whole component is not: say so
        split_ids = {i for i, sp in splits.items() if sp is not None}
        outcomes = [replace(o, status=SolveStatus.FEASIBLE)
                    if o.status == SolveStatus.OPTIMAL and (o.index in split_ids or o.index >= len(comps))
                    else o for o in outcomes]
    result = _result(inst, shares, outcomes, workers, _time.monotonic() - started)
    result = replace(result, decomposed=sum(1 for sp in splits.values() if sp is not None and second))
    if result.status == SolveStatus.INFEASIBLE:
        why = explain(roster, time_limit=max(time_limit - (_time.monotonic() - started), 5.0))
        lines = tuple(str(why).splitlines()) if not why.feasible else ()
        result = replace(result, explanation=lines, seconds=_time.monotonic() - started)
    return result


def _phased(tasks: list[ComponentTask], seconds: float,
            on_progress: Callable[[str, float, float], None] | None,
            stop: threading.Event | None = None) -> list[ComponentOutcome]:
    """In-process solving in phases: every component's fairness stages first (with most of the
    time), then whatever is still unsolved, then each component's last stage with what is left.
    A component that finishes early leaves its time to the others."""
    deadline = _time.monotonic() + seconds
    runs: list[ComponentRun] = []
    watcher = _Watcher(stop, runs) if stop is not None else None

    def left(share: float, count: int) -> float:
        return max((deadline - _time.monotonic()) * share / max(count, 1), 0.05)

    for i, t in enumerate(tasks):
        run = ComponentRun(t, on_progress)
        runs.append(run)
        if stop is not None and stop.is_set():
            run.stop()
        run.run(max(left(0.7, len(tasks) - i), min(1.0, left(1.0, 1))), upto=len(run.stages) - 1)
    behind = [r for r in runs if not r.finished and r.done < len(r.stages) - 1]
    for i, run in enumerate(behind):
        run.run(left(0.8, len(behind) - i), upto=len(run.stages) - 1)
    for i, run in enumerate(runs):
        run.run(left(1.0, len(runs) - i))
    if watcher is not None:
        watcher.done.set()
    return [run.outcome() for run in runs]


class _Watcher(threading.Thread):
    """Turns a set ``stop`` event into ``stop_search`` on the component being solved."""

    def __init__(self, stop: threading.Event, runs: list[ComponentRun]) -> None:
        super().__init__(daemon=True)
        self.stop, self.runs, self.done = stop, runs, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.is_set():
            if self.stop.wait(0.1):
                for r in list(self.runs):
                    r.stop()
                return


def _result(inst: Instance, shares: FairShares, outcomes: list[ComponentOutcome], workers: int,
            seconds: float) -> SolveResult:
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
    stage_rows = [{"component": st.component, "name": st.name, "status": st.status.value,
                   "value": st.value, "bound": st.bound}
                  for st in stages]
    schedule = plan.to_schedule(
        status=status.value, engineers={e: m.as_dict() for e, m in sorted(metrics.items())},
        extra={"stages": stage_rows})
    roster = inst.roster
    return SolveResult(status, schedule, tuple(stages), metrics, rule_scores(roster, report),
                       team_shares(plan, metrics), report, len(outcomes), seconds, workers)


def _combine(statuses: list[SolveStatus]) -> SolveStatus:
    for bad in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN, SolveStatus.FEASIBLE):
        if bad in statuses:
            return bad
    return SolveStatus.OPTIMAL
