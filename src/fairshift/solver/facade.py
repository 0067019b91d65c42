"""The ``solve()`` facade: roster in, solver-neutral result out, every schedule re-validated.

The strategy, as steps (:class:`~fairshift.solver.strategy.Step`), each printed as an event:

1. The roster splits into **components** (rotations linked by shared people). A component small
   enough to solve jointly (``TUNING.joint_seats``) is one model. A larger one that an org-wide
   rotation links (an incident-commander rotation drawing from every team) is split
   (:mod:`fairshift.solver.decompose`): its org-wide rotations first (step ``org-wide``), then each
   team around that plan (the org-wide seats of its people pinned) together with every joint
   model (step ``teams``).
2. A team that cannot be completed around the org-wide plan makes its component try again with
   that team inside the org-wide step (step ``retry``), and if that fails too the component is
   solved jointly (step ``joint``), whatever its size.

All steps share one time limit (the model building included); inside a step the models share
theirs stage by stage (:mod:`fairshift.solver.phases`). The tunable numbers are in
:mod:`fairshift.solver.tuning`.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import Any

from fairshift.check.precheck import shortages
from fairshift.check.validate import check_plan, rule_scores
from fairshift.domain.budget import team_shares
from fairshift.domain.fairness import FairShares, components, engineer_metrics, fair_shares
from fairshift.domain.instance import Holders, Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.size import check_model_size, seat_variables
from fairshift.errors import InternalError
from fairshift.solver.component import ComponentOutcome, ComponentTask
from fairshift.solver.decompose import Split, split_component
from fairshift.solver.events import Clock, EventSink, Progress, SolveEvent
from fairshift.solver.explain import explain
from fairshift.solver.objective import FAIRNESS_STAGES
from fairshift.solver.phases import batches, capacity, phased, run_batch, stage_line
from fairshift.solver.result import SolveResult, SolveStatus, StageResult
from fairshift.solver.strategy import Objective, Step, TaskSpec
from fairshift.solver.tuning import TUNING

__all__ = ["solve"]


def solve(roster: Roster, *, time_limit: float = 30.0, workers: int = 8, seed: int = 0,
          gap: float = 0.0, executor: Executor | None = None, jobs: int | None = None,
          log: bool = False, on_progress: Progress | None = None,
          on_event: Callable[[SolveEvent], None] | None = None,
          solver_params: dict[str, Any] | None = None, stop: threading.Event | None = None,
          decompose: bool = True, objective: Objective | None = None) -> SolveResult:
    """Solve ``roster`` for the fairest schedule that breaks no hard rule.

    ``time_limit`` is in seconds for the whole solve, building the models included. ``workers``
    is CP-SAT's worker count *per search*; ``workers=1`` with a fixed ``seed`` gives
    byte-identical output when every stage is proven within the limit. ``gap`` lets the last
    (non-fairness) stage stop at that relative gap; it is then reported ``feasible``, never
    ``optimal``. With an ``executor`` (any :class:`concurrent.futures.Executor`, e.g. a process
    pool or ``dask``'s ``Client.get_executor()``), the models of a step are built and solved in
    its workers, dealt into ``jobs`` batches (default: a process pool's size, else one batch per
    model) that share the time stage by stage; choose ``workers`` so that ``jobs`` times
    ``workers`` does not oversubscribe the machine. Extra CP-SAT parameters pass through
    ``solver_params``. ``decompose=False`` solves every component as one model. ``objective``
    adds frozen seats and a reference plan to stay close to (what :func:`fairshift.replan`
    passes, see :class:`~fairshift.solver.strategy.Objective`). ``on_event`` receives the
    solve's :class:`~fairshift.solver.events.SolveEvent` objects, ``on_progress`` CP-SAT's live
    values; ``stop`` (a :class:`threading.Event`) ends the search early, keeping the best
    complete schedule found. Every returned schedule has been re-checked by
    :func:`fairshift.validate`; a hard violation there raises
    :class:`~fairshift.errors.InternalError`.
    """
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise ValueError(f"time_limit must be a positive number of seconds, not {time_limit!r}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers!r}")
    call = _Call(time_limit, workers, seed, gap, executor, jobs, log, on_progress,
                 dict(solver_params or {}), stop, objective or Objective(), decompose)
    return _Solve(roster, call, EventSink(Clock(), on_event)).run()


@dataclass(frozen=True)
class _Call:
    """The arguments of one :func:`solve` call."""

    time_limit: float
    workers: int
    seed: int
    gap: float
    executor: Executor | None
    jobs: int | None
    log: bool
    on_progress: Progress | None
    solver_params: dict[str, Any]
    stop: threading.Event | None
    objective: Objective
    decompose: bool


@dataclass
class _Component:
    """Where one component stands: its next step (``joint``, ``hubs``, ``teams``), its split, and
    what it has kept."""

    index: int
    rotations: tuple[str, ...]
    state: str
    split: Split | None = None
    retried: bool = False
    hubs: Holders = field(default_factory=dict)
    hub_outcomes: list[ComponentOutcome] = field(default_factory=list)
    kept: list[ComponentOutcome] | None = None
    failed: SolveStatus | None = None
    held: list[StageResult] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.kept is None and self.failed is None


class _Solve:
    """One call of :func:`solve` (see the module docs for the strategy)."""

    def __init__(self, roster: Roster, call: _Call, sink: EventSink) -> None:
        self.roster, self.call, self.sink = roster, call, sink
        self.inst = Instance.of(roster)
        self.counter = itertools.count()
        self.owner: dict[int, _Component] = {}
        self.slots = capacity(call.executor, call.jobs)
        self.steps: list[str] = []
        self.stepwise: set[int] = set()
        self.comps: list[_Component] = []

    # --- time --------------------------------------------------------------------------------
    def left(self) -> float:
        return self.deadline - self.sink.clock.elapsed()

    @property
    def stopped(self) -> bool:
        return self.call.stop is not None and self.call.stop.is_set()

    # --- the strategy ------------------------------------------------------------------------
    def run(self) -> SolveResult:
        inst, call = self.inst, self.call
        check_model_size(inst)
        if shortages(inst):  # the cheap case: explain() answers it without a search
            why = explain(self.roster)
            return SolveResult(SolveStatus.INFEASIBLE, None, explanation=why,
                               seconds=self.sink.clock.elapsed(), workers=call.workers)
        self.shares = fair_shares(inst)
        seats = sum(len(inst.shifts[r.id]) * r.seats for r in self.roster.rotations)
        reserve = min(0.2 * call.time_limit, TUNING.reserve_per_seat * seats)
        self.deadline = call.time_limit - reserve
        comps = self.comps = [_Component(i, rids, "joint") for i, rids in enumerate(components(inst))]
        for comp in comps:
            if call.decompose and seat_variables(inst, comp.rotations) > TUNING.joint_seats:
                comp.split = split_component(inst, comp.rotations)
                if comp.split is not None:
                    comp.state = "hubs"
        while any(c.pending for c in comps) and not self.stopped and self.left() > TUNING.min_call:
            self._step(comps)
        return self._result(comps)

    def _step(self, comps: list[_Component]) -> None:
        """Run the next step of every pending component: the org-wide models of split components
        first (alone), then teams and joint models together."""
        pending = [c for c in comps if c.pending]
        hubs = [c for c in pending if c.state == "hubs"]
        todo = hubs or pending
        specs = [spec for c in todo for spec in self._specs(c)]
        name = ("retry" if all(c.retried for c in hubs) else "org-wide") if hubs else (
            "teams" if any(c.state == "teams" for c in todo) else "joint" if any(
                c.retried for c in todo) else "solve")
        share = self._hub_share(hubs) if hubs else 1.0
        step = Step(name, tuple(specs), share, completes=not hubs)
        self.steps.append(str(step))
        self.sink.emit("step", str(step))
        for c in todo:
            if c.state in ("hubs", "teams"):
                self.sink.hold()
        outcomes = self._run(step, give_up=bool(hubs) or any(c.state == "teams" for c in todo))
        for c in todo:
            self._advance(c, [o for o in outcomes if self.owner[o.index] is c])
        if all(c.kept is not None for c in comps):
            self.sink.schedule()

    def _specs(self, c: _Component) -> list[TaskSpec]:
        if c.state == "joint" or c.split is None:
            return [TaskSpec(c.index, c.rotations, _label(c.index, c.rotations))]
        if c.state == "hubs":
            return [TaskSpec(c.index, part, f"org-wide {', '.join(part)}") for part in c.split.hub_parts]
        return [TaskSpec(c.index, (*g.rotations, *g.hubs),
                         f"{', '.join(g.rotations)} around the org-wide plan", only=g.engineers,
                         fixed=g.hubs) for g in c.split.groups]

    def _advance(self, c: _Component, outcomes: list[ComponentOutcome]) -> None:
        """Move a component on after its step: keep, retry, fall back, or give up."""
        statuses = {o.status for o in outcomes}
        solved = statuses <= {SolveStatus.OPTIMAL, SolveStatus.FEASIBLE} and bool(outcomes)
        if c.state == "joint":
            if solved:
                c.kept = outcomes
            else:
                infeasible = SolveStatus.INFEASIBLE in statuses
                c.failed = SolveStatus.INFEASIBLE if infeasible else SolveStatus.UNKNOWN
            return
        if c.state == "hubs":
            if solved:
                c.hubs = {k: v for o in outcomes for k, v in o.holders.items()}
                c.hub_outcomes, c.state = outcomes, "teams"
                return
            self.sink.drop(f"component {c.index + 1}: the org-wide step found no schedule; "
                           "solving the component jointly")
            c.state, c.split = "joint", None
            return
        # teams around the org-wide plan
        assert c.split is not None
        failed = [spec for spec, o in zip(self._team_specs(c), outcomes, strict=True)
                  if o.status == SolveStatus.INFEASIBLE]
        if solved:
            ours = [ComponentOutcome(o.index, o.status, {k: v for k, v in o.holders.items()
                                                         if k[0] not in spec.fixed}, o.stages)
                    for spec, o in zip(self._team_specs(c), outcomes, strict=True)]
            c.kept = [*c.hub_outcomes, *ours]
            self.stepwise.update(o.index for o in c.kept)
            self.sink.keep()
            return
        teams = ", ".join(r for spec in failed for r in spec.rotations if r not in spec.fixed)
        if failed and not c.retried:
            extra = frozenset(r for spec in failed for r in spec.rotations if r not in spec.fixed)
            c.split = split_component(self.inst, c.rotations, extra)
            c.retried = True
            c.state = "hubs" if c.split is not None else "joint"
            self.sink.drop(f"component {c.index + 1}: {teams} cannot be completed around the org-wide plan; "
                           + ("retrying with them in the org-wide step" if c.split else "solving it jointly"))
        elif failed:
            c.state, c.split = "joint", None
            self.sink.drop(f"component {c.index + 1}: {teams} cannot be completed around the org-wide "
                           "plan again; solving the component jointly")
        else:
            c.failed = SolveStatus.UNKNOWN
            self.sink.drop(f"component {c.index + 1}: a team found no schedule in the time left")

    def _team_specs(self, c: _Component) -> list[TaskSpec]:
        return self._specs(c) if c.state == "teams" else []

    def _hub_share(self, hubs: list[_Component]) -> float:
        """The org-wide models' estimated makespan against the rest's, within TUNING.hub_share."""
        inst = self.inst
        sizes = [seat_variables(inst, part) for c in hubs if c.split for part in c.split.hub_parts]
        rest = [seat_variables(inst, g.rotations, g.engineers)
                for c in hubs if c.split for g in c.split.groups]

        def makespan(items: list[int]) -> float:
            return max(max(items, default=0), sum(items) / max(min(self.slots, len(items)), 1))

        a, b = makespan(sizes), makespan(rest)
        lo, hi = TUNING.hub_share
        return min(max(a / (a + b), lo), hi) if a + b else 1.0

    # --- running a step ----------------------------------------------------------------------
    def _run(self, step: Step, give_up: bool) -> list[ComponentOutcome]:
        call = self.call
        tasks = []
        for spec in step.specs:
            comp = self.comps[spec.component]
            pins = {k: v for k, v in comp.hubs.items() if k[0] in spec.fixed}
            task = ComponentTask(
                self.roster, next(self.counter), spec.rotations, self.shares, call.time_limit,
                call.workers, call.seed, call.gap, call.log, dict(call.solver_params),
                {**call.objective.frozen, **pins}, call.objective.reference, call.objective.order,
                spec.only, frozenset(spec.fixed), spec.label, self.sink.clock.started)
            self.owner[task.index] = comp
            tasks.append(task)
        seconds = max(self.left() * step.share, 0.0)
        if seconds < TUNING.min_call:
            return [ComponentOutcome(t.index, SolveStatus.UNKNOWN, {}, []) for t in tasks]
        # the models of a completing step that leaves no other component pending complete the
        # schedule as soon as each has a solution: say so then (a stop from then on keeps it)
        others_done = all(c.kept is not None for c in self.comps
                          if c.index not in {spec.component for spec in step.specs})
        on_scheduled = self.sink.schedule if step.completes and others_done else None
        if call.executor is None:
            return phased(tasks, seconds, call.on_progress, call.stop, give_up=give_up,
                          on_stage=self._on_stage, on_scheduled=on_scheduled)
        sizes = [seat_variables(self.inst, t.rotations, t.only, t.fixed) for t in tasks]
        parts = batches(tasks, sizes, self.slots)
        futures = [call.executor.submit(run_batch, part, seconds, give_up) for part in parts]
        by_index = {o.index: o for f in futures for o in f.result()}
        outcomes = [by_index[t.index] for t in tasks]
        for o in outcomes:
            for result in o.stages:
                self._on_stage(result)
        return outcomes

    def _on_stage(self, result: StageResult) -> None:
        self.sink.emit("stage", stage_line(result), result.elapsed)

    # --- the result ----------------------------------------------------------------------------
    def _result(self, comps: list[_Component]) -> SolveResult:
        call, inst = self.call, self.inst
        seconds = self.sink.clock.elapsed()
        kept = [o for c in comps for o in (c.kept or [])]
        common: dict[str, Any] = {
            "components": len(comps), "tasks": len(kept), "seconds": seconds, "workers": call.workers,
            "decomposed": sum(1 for c in comps if c.kept is not None and c.split is not None),
            "jobs": min(self.slots, max(len(self.owner), 1)) if call.executor is not None else 1,
            "fairness_stages": _fairness_stages(self.roster),
            "steps": tuple(self.steps), "stepwise": frozenset(self.stepwise)}
        if any(c.failed == SolveStatus.INFEASIBLE for c in comps):
            why = explain(self.roster, time_limit=max(call.time_limit - seconds, 5.0),
                          frozen=call.objective.frozen)
            return SolveResult(SolveStatus.INFEASIBLE, None, explanation=why, **common)
        if any(c.kept is None for c in comps):
            note = "stopped before every component had a schedule" if self.stopped else (
                "the time limit ran out before every component had a schedule")
            return SolveResult(SolveStatus.UNKNOWN, None, stages=tuple(s for o in kept for s in o.stages),
                               note=note, **common)
        return _assemble(inst, self.shares, kept, common)


def _assemble(inst: Instance, shares: FairShares, outcomes: list[ComponentOutcome],
              common: dict[str, Any]) -> SolveResult:
    """Validate and measure the plan made of ``outcomes``."""
    plan = Plan(inst)
    stages: list[StageResult] = []
    for outcome in sorted(outcomes, key=lambda o: o.index):
        plan.holders.update(outcome.holders)
        stages.extend(outcome.stages)
    proven = all(o.status == SolveStatus.OPTIMAL for o in outcomes) and not common["stepwise"]
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
    report = check_plan(plan)
    if report.hard:
        listing = "\n".join(f"  {v}" for v in report.hard[:20])
        raise InternalError(f"the solver returned a schedule the validator rejects:\n{listing}")
    metrics = engineer_metrics(plan, shares)
    rows = [{"task": st.task, "step": st.step, "name": st.name, "status": st.status.value,
             "value": st.value, "bound": st.bound} for st in stages]
    result = SolveResult(status, None, tuple(stages), metrics, rule_scores(inst.roster, report),
                         team_shares(plan, metrics), report, **common)
    schedule = plan.to_schedule(
        status=status.value, engineers={e: m.as_dict() for e, m in sorted(metrics.items())},
        extra={"fairness_status": result.fairness_status.value,
               "balance_status": result.balance_status.value,
               "max_excess": round(result.max_excess, 2), "max_shortfall": round(result.max_shortfall, 2),
               "resolution": inst.roster.rules.fairness.resolution, "stepwise": bool(result.stepwise),
               "stages": rows})
    return replace(result, schedule=schedule)


def _fairness_stages(roster: Roster) -> tuple[str, ...]:
    """The fairness stages this roster's settings turn on (see solver.objective)."""
    fairness = roster.rules.fairness
    off = {"max_shortfall"} if not fairness.shortfall else set()
    off |= {"balance"} if not fairness.balance else set()
    return tuple(n for n in FAIRNESS_STAGES if n not in off)


def _label(index: int, rotations: tuple[str, ...]) -> str:
    shown = ", ".join(rotations[:3]) + (f" and {len(rotations) - 3} more" if len(rotations) > 3 else "")
    return f"component {index + 1} ({shown})"
