"""Two comparison models of fairshift's fairness stages, written from docs/fairness.md alone.

Neither imports ``fairshift.solver``. From fairshift they take only the *instance* (the domain
layer): the expanded shifts (``Instance.shifts``), who is eligible (``Instance.eligible``: pool
members with the required skills) and available (``Instance.available``: no unavailability on
their own local days touching the shift, no own public holiday under ``public_holidays: avoid``),
burden in hundredths of an hour (``Instance.burden``), each engineer's local days
(``Instance.days``) and the fairness constants (``fair_shares``: parts ``alpha[e,r] = a[e,r] /
D[r]``, count bands, history corrections). The same formulation is handed to two back ends:

* **plain CP-SAT** (``cpsat``): OR-Tools CP-SAT with only ``max_time_in_seconds``,
  ``num_workers`` and ``random_seed`` set;
* **MIP (SCIP)** (``scip``): the same rows through OR-Tools' ``pywraplp`` with SCIP, relative gap
  0, one thread.

**Variables.** ``x[e,s,q]`` in {0, 1} for every shift ``s`` of every rotation, every role ``q`` of
it and every engineer ``e`` eligible for the rotation and available for ``s`` (so eligibility,
unavailability and ``public_holidays: avoid`` hold by construction). ``t[r]`` is the burden rotation
``r`` carries (``sum burden(e,s) x[e,s,q]`` over its seats, each on its holder's clock).

**Hard rules** (all of fairshift's catalogue, as the roster configures them):

* coverage: ``sum_e x[e,s,q] = roles[q]`` for every shift and role (at most ``roles[q]`` for an
  optional role: a ``shadow`` seat under ``rules.shadowing.seats: optional``, the default);
* one seat per person per shift: ``sum_q x[e,s,q] <= 1``;
* ``no_overlap``: for each engineer and each start instant of one of their possible shifts, the
  shifts running then (``start <= instant < end``) hold at most one seat of theirs;
* ``no_back_to_back`` (per rotation or ``rules.no_back_to_back``): consecutive shifts of a
  rotation share nobody;
* ``min_rest``: two shifts of one engineer with ``0 <= next.start - prev.end < hours`` hold at most
  one seat of theirs;
* ``max_shifts``: at most the engineer's cap (``max_shifts`` or ``rules.max_shifts.default``);
* ``max_consecutive``: a flag per engineer and local day (at least every seat touching it); no
  ``days + 1`` consecutive days all flagged;
* ``max_weekends``: a flag per engineer and local weekend (Saturday or Sunday touched); at most
  ``count`` flagged;
* ``shadowing``: a new engineer holds a non-``shadow`` role of ``s`` only if
  ``history.shadow_shifts`` plus their ``shadow`` seats ending by ``s.start`` reach
  ``rules.shadowing.shadow_shifts``; an optional shadow seat is held only by a new engineer who
  has not reached that number before it.

Soft rules are not modelled (fairshift uses them only in its last stage).

**Stages** (lexicographic, each minimised, then its value fixed; the solution found is the hint of
the next stage; these are fairshift's ``counts``, ``cost``, ``max_excess`` and ``max_shortfall``):

1. ``counts``: ``sum dev[e,r]`` with ``dev >= lo - n[e,r]``, ``dev >= n[e,r] - hi``, ``dev >= 0``,
   ``n[e,r]`` the required seats of ``r`` held by ``e`` (an optional shadow seat left out),
   ``[lo, hi]`` the count band; fixed: ``<= value``;
2. ``cost``: ``sum_r t[r]``; fixed: the budget ``sum_r t[r] <= floor(c* (1 +
   rules.fairness.extra_burden))`` with ``c*`` the stage's value;
3. ``max_excess``: integer ``z >= 0`` with ``step z >= B[e] - sum_r alpha[e,r] t[r] - h[e]`` for
   every engineer with a part of some rotation (``B[e]`` their burden, ``h[e]`` their history
   correction in hundredths, ``step`` = ``rules.fairness.resolution`` in hundredths); fixed:
   ``z <= value``. CP-SAT gets the row multiplied by the least common multiple ``L`` of the
   denominators of ``e``'s parts (exact; above 10^6 the parts are rounded to thousandths first,
   as docs/fairness.md says); SCIP gets the parts as floating-point numbers;
4. ``max_shortfall`` (when ``rules.fairness.shortfall``): the same with ``-(...)``.

The whole roster is one model (no split into components: the sums and maxima are the same).
Time: one limit for everything from the call on (model building included); each stage gets the
time left divided by the number of stages left, so what a stage does not use goes to the later
ones. That share is a soft limit (SCIP's ``limits/softtime``; for CP-SAT a timer and a solution
callback do the same): a stage without a schedule yet goes on until its first one, or until the
whole limit is up. A stage that finds no schedule ends the run with the last schedule found
(none: no solution in the limit).
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import fairshift
from fairshift.domain.fairness import FairShares, fair_shares
from fairshift.domain.shifts import Shift

__all__ = ["BACKENDS", "IndependentResult", "StageOutcome", "pinned", "solve_independent"]

Term = tuple[Any, float | int | Fraction]  # (variable, coefficient)
EXACT_LIMIT = 10**6


class OutOfTime(Exception):
    """Building the model used up the time limit."""


@dataclass(frozen=True)
class StageOutcome:
    """One stage: ``value`` and ``bound`` in solver units (seats, hundredths of an hour)."""

    name: str
    status: str  # optimal, feasible, infeasible, unknown (no schedule in its time), not run
    value: float | None
    bound: float | None
    seconds: float

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


@dataclass
class IndependentResult:
    backend: str
    plan: fairshift.Plan | None
    stages: list[StageOutcome] = field(default_factory=list)
    build_seconds: float = 0.0
    seconds: float = 0.0
    note: str = ""
    size: dict[str, int] = field(default_factory=dict)
    planned: tuple[str, ...] = ()  # the stages this run was to solve

    def stage(self, name: str) -> StageOutcome | None:
        return next((s for s in self.stages if s.name == name), None)

    @property
    def status(self) -> str:
        if self.plan is None:
            return "infeasible" if any(s.status == "infeasible" for s in self.stages) else "unknown"
        return "optimal" if self.stages and all(s.proven for s in self.stages) else "feasible"

    @property
    def fairness_status(self) -> str:
        if self.plan is None:
            return self.status
        names = [n for n in ("counts", "max_excess", "max_shortfall") if n in self.planned]
        found = [self.stage(n) for n in names]
        return "optimal" if found and all(s is not None and s.proven for s in found) else "feasible"


# --------------------------------------------------------------------------- back ends

class CpSat:
    """The rows as a CP-SAT model (integer coefficients only)."""

    name = "cpsat"

    def __init__(self, workers: int, seed: int) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.model = cp_model.CpModel()
        self.workers, self.seed = workers, seed
        self.solver: Any = None
        self.made: list[Any] = []  # every variable, in order
        self.hint: dict[Any, int] = {}  # the last solution found, of the variables it had

    def var(self, lo: int, hi: int, name: str, integer: bool = True) -> Any:
        v = self.model.new_bool_var(name) if (lo, hi) == (0, 1) else self.model.new_int_var(lo, hi, name)
        self.made.append(v)
        return v

    def row(self, terms: list[Term], lo: float | None, hi: float | None, exact: bool = False) -> None:
        coefs = [c for _, c in terms]
        scale = 1
        if exact:
            fracs = [Fraction(c) for c in coefs] + [Fraction(b) for b in (lo, hi) if b is not None]
            scale = math.lcm(*(f.denominator for f in fracs))
            if scale > EXACT_LIMIT:
                fracs = [f.limit_denominator(1000) for f in fracs]
                scale = math.lcm(*(f.denominator for f in fracs))
            coefs = [int(f * scale) for f in fracs[:len(coefs)]]
        expr = self.cp.LinearExpr.weighted_sum([v for v, _ in terms], [int(c) for c in coefs])
        if lo is not None:
            self.model.add(expr >= math.ceil(Fraction(lo) * scale))
        if hi is not None:
            self.model.add(expr <= math.floor(Fraction(hi) * scale))

    def minimise(self, terms: list[Term], soft: float, hard: float) -> tuple[str, float | None, float | None]:
        cp = self.cp
        self.model.minimize(cp.LinearExpr.weighted_sum([v for v, _ in terms], [int(c) for _, c in terms]))
        self.model.clear_hints()
        for v, value in self.hint.items():
            self.model.add_hint(v, value)
        solver = cp.CpSolver()
        solver.parameters.max_time_in_seconds = max(hard, 0.01)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        status = _soft_solve(cp, solver, self.model, soft)
        if status in (cp.OPTIMAL, cp.FEASIBLE):
            self.solver = solver
            self.hint = {v: int(solver.value(v)) for v in self.made}
            kind = "optimal" if status == cp.OPTIMAL else "feasible"
            return kind, solver.objective_value, solver.best_objective_bound
        return ("infeasible" if status == cp.INFEASIBLE else "unknown"), None, None

    def value(self, v: Any) -> float:
        return float(self.solver.value(v))

    def track(self, variables: list[Any]) -> None:
        """(CP-SAT hints every variable of the last solution; nothing to track.)"""


class Scip:
    """The rows as a MIP for SCIP through ``pywraplp`` (floating-point coefficients)."""

    name = "scip"

    def __init__(self, workers: int, seed: int) -> None:
        from ortools.linear_solver import pywraplp

        self.lp = pywraplp
        solver = pywraplp.Solver.CreateSolver("SCIP")
        if solver is None:
            raise RuntimeError("this OR-Tools build has no SCIP")
        self.solver = solver
        self.inf = solver.infinity()
        self.tracked: list[Any] = []
        self.hint: list[float] = []
        self.seed = seed

    def var(self, lo: int, hi: int, name: str, integer: bool = True) -> Any:
        if (lo, hi) == (0, 1) and integer:
            return self.solver.BoolVar(name)
        return (self.solver.IntVar if integer else self.solver.NumVar)(lo, hi, name)

    def row(self, terms: list[Term], lo: float | None, hi: float | None, exact: bool = False) -> None:
        lower = -self.inf if lo is None else float(lo)
        ct = self.solver.Constraint(lower, self.inf if hi is None else float(hi))
        for v, c in terms:
            ct.SetCoefficient(v, float(c))

    def minimise(self, terms: list[Term], soft: float, hard: float) -> tuple[str, float | None, float | None]:
        lp, solver = self.lp, self.solver
        objective = solver.Objective()
        objective.Clear()
        for v, c in terms:
            objective.SetCoefficient(v, float(c))
        objective.SetMinimization()
        if self.hint:
            solver.SetHint(self.tracked, self.hint)
        solver.SetTimeLimit(max(int(hard * 1000), 10))
        solver.SetSolverSpecificParametersAsString(f"limits/softtime = {max(soft, 0.01):.3f}\n")
        params = lp.MPSolverParameters()
        params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
        status = solver.Solve(params)
        if status in (lp.Solver.OPTIMAL, lp.Solver.FEASIBLE):
            self.hint = [round(v.solution_value()) for v in self.tracked]
            kind = "optimal" if status == lp.Solver.OPTIMAL else "feasible"
            return kind, objective.Value(), objective.BestBound()
        return ("infeasible" if status == lp.Solver.INFEASIBLE else "unknown"), None, None

    def value(self, v: Any) -> float:
        return float(v.solution_value())

    def track(self, variables: list[Any]) -> None:
        self.tracked = variables


BACKENDS = {"cpsat": CpSat, "scip": Scip}


def _soft_solve(cp: Any, solver: Any, model: Any, soft: float) -> Any:
    """CP-SAT's solve with a soft limit as SCIP's ``limits/softtime``: the search stops at ``soft``
    seconds if it has a solution by then, else at its first solution (or at the hard limit)."""
    found = threading.Event()
    late = threading.Event()

    class FirstSolution(cp.CpSolverSolutionCallback):  # type: ignore[misc]
        def on_solution_callback(self) -> None:
            found.set()
            if late.is_set():
                self.stop_search()

    def timeout() -> None:
        late.set()
        if found.is_set():
            solver.stop_search()

    timer = threading.Timer(max(soft, 0.01), timeout)
    timer.start()
    try:
        return solver.solve(model, FirstSolution())
    finally:
        timer.cancel()


# --------------------------------------------------------------------------- the formulation

class Formulation:
    """Variables and hard rules of one roster on one back end (see the module docs)."""

    def __init__(self, roster: fairshift.Roster, backend: Any, deadline: float) -> None:
        self.roster, self.b, self.deadline = roster, backend, deadline
        self.inst = fairshift.Instance(roster)
        self.shares: FairShares = fair_shares(self.inst)
        self.x: dict[tuple[str, str, Any, str], Any] = {}  # (e, rotation, start, role) -> var
        self.mine: dict[str, list[tuple[Shift, list[Any]]]] = {}  # e -> (shift, role vars), by start
        self.rows = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise OutOfTime

    def row(self, terms: list[Term], lo: float | None = None, hi: float | None = None,
            exact: bool = False) -> None:
        self.b.row(terms, lo, hi, exact)
        self.rows += 1

    def build(self) -> None:
        inst = self.inst
        for rot in self.roster.rotations:
            pool = inst.eligible(rot)
            for s in inst.shifts[rot.id]:
                here = [e for e in pool if inst.available(e, s)]
                held: dict[str, list[Any]] = {e: [] for e in here}
                optional = rot.optional_roles(self.roster.rules)
                for role, need in rot.roles.items():
                    seats = []
                    for e in here:
                        v = self.x[(e, rot.id, s.start, role)] = self.b.var(0, 1, f"x|{e}|{s.key}|{role}")
                        seats.append(v)
                        held[e].append(v)
                    # coverage (an optional role, a shadow seat by default, may stay empty)
                    self.row([(v, 1) for v in seats], 0 if role in optional else need, need)
                for e, vars_ in held.items():
                    self.mine.setdefault(e, []).append((s, vars_))
            self.tick()
        for items in self.mine.values():
            items.sort(key=lambda sv: (sv[0].start, sv[0].rotation))
        self.b.track(list(self.x.values()))
        for e in self.mine:
            self._person(e)
            self.tick()
        self._back_to_back()

    def holds(self, vars_: list[Any]) -> list[Term]:
        return [(v, 1) for v in vars_]

    def _person(self, e: str) -> None:
        items = self.mine[e]
        for _s, held in items:
            if len(held) > 1:
                self.row(self.holds(held), hi=1)  # one seat per shift
        self._no_overlap(items)
        self._min_rest(items)
        cap = self.inst.max_shifts(e)
        if cap is not None:
            self.row([t for _, held in items for t in self.holds(held)], hi=cap)
        self._days(e, items)
        self._shadowing(e, items)

    def _no_overlap(self, items: list[tuple[Shift, list[Any]]]) -> None:
        running: list[tuple[Shift, list[Any]]] = []
        for s, held in items:  # by start: the shifts still running at s.start, and s
            running = [(t, h) for t, h in running if t.end > s.start]
            running.append((s, held))
            if len(running) > 1:
                self.row([term for _, h in running for term in self.holds(h)], hi=1)

    def _min_rest(self, items: list[tuple[Shift, list[Any]]]) -> None:
        hours = self.roster.rules.min_rest.hours
        if hours <= 0:
            return
        need = timedelta(hours=hours)
        for i, (a, ha) in enumerate(items):
            for b, hb in items[i + 1:]:  # later starts only: b.start >= a.end > a.start
                if b.start >= a.end + need:
                    break
                if b.start >= a.end:
                    self.row(self.holds(ha) + self.holds(hb), hi=1)

    def _days(self, e: str, items: list[tuple[Shift, list[Any]]]) -> None:
        rules = self.roster.rules
        cap_days, cap_weekends = rules.max_consecutive.days, rules.max_weekends.count
        if cap_days is None and cap_weekends is None:
            return
        touching: dict[date, list[Any]] = {}
        for s, held in items:
            for d in self.inst.days(e, s):
                touching.setdefault(d, []).extend(held)
        if cap_days is not None:
            flag = self._flags(f"day|{e}", touching)
            for d in flag:
                window = [flag.get(d + timedelta(days=k)) for k in range(cap_days + 1)]
                if all(w is not None for w in window):
                    self.row([(w, 1) for w in window], hi=cap_days)
        if cap_weekends is not None:
            weekends: dict[date, list[Any]] = {}
            for d, held in touching.items():
                if d.weekday() >= 5:
                    weekends.setdefault(d - timedelta(days=d.weekday() - 5), []).extend(held)
            flags = self._flags(f"weekend|{e}", weekends)
            if len(flags) > cap_weekends:
                self.row([(w, 1) for w in flags.values()], hi=cap_weekends)

    def _flags(self, name: str, seats: dict[date, list[Any]]) -> dict[date, Any]:
        out = {}
        for d, held in sorted(seats.items()):
            flag = out[d] = self.b.var(0, 1, f"{name}|{d}")
            for v in held:
                self.row([(flag, 1), (v, -1)], lo=0)
        return out

    def _shadowing(self, e: str, items: list[tuple[Shift, list[Any]]]) -> None:
        eng = self.inst.engineer(e)
        need = self.roster.rules.shadowing.shadow_shifts
        shadows = [(s, v) for s, _ in items
                   if (v := self.x.get((e, s.rotation, s.start, "shadow"))) is not None]
        if self.roster.rules.shadowing.seats == "optional":
            # an optional shadow seat is only for a new engineer who still needs shadow shifts
            for s, v in shadows:
                room = need - 1 - eng.history.shadow_shifts  # shadow seats allowed before this one
                earlier = [(w, 1) for t, w in shadows if t.end <= s.start]
                if not eng.new or room < 0:
                    self.row([(v, 1)], hi=0)
                elif len(earlier) > room:
                    self.row([*earlier, (v, len(earlier))], hi=room + len(earlier))
        if not eng.new:
            return
        for s, _ in items:
            for role in self.inst.rotation(s.rotation).roles:
                v = self.x.get((e, s.rotation, s.start, role))
                if role == "shadow" or v is None:
                    continue
                done = [(w, -1) for t, w in shadows if t.end <= s.start]
                self.row([(v, need), *done], hi=eng.history.shadow_shifts)

    def _back_to_back(self) -> None:
        for rot in self.roster.rotations:
            if not self.inst.back_to_back_forbidden(rot):
                continue
            shifts = self.inst.shifts[rot.id]
            for e in self.inst.eligible(rot):
                for a, b in itertools.pairwise(shifts):
                    both = [v for s in (a, b) for q in rot.roles
                            if (v := self.x.get((e, rot.id, s.start, q))) is not None]
                    if len(both) > 1:
                        self.row([(v, 1) for v in both], hi=1)
            self.tick()

    # --- the stage expressions ----------------------------------------------------------------
    def seats_of(self, e: str, rid: str, *, required: bool = False) -> list[tuple[Shift, Any]]:
        """``e``'s seat variables of rotation ``rid``; ``required``: of the required roles only
        (an optional shadow seat is not in the fair count, docs/fairness.md)."""
        rot = self.inst.rotation(rid)
        optional = rot.optional_roles(self.roster.rules) if required else frozenset()
        return [(s, v) for s in self.inst.shifts[rid] for q in rot.roles if q not in optional
                if (v := self.x.get((e, rid, s.start, q))) is not None]

    def counts(self) -> list[Term]:
        terms: list[Term] = []
        for rot in self.roster.rotations:
            n_max = len(self.inst.shifts[rot.id]) * rot.seats
            for e in self.inst.eligible(rot):
                lo, hi = self.shares.count_band(e, rot.id)
                n = [(v, 1) for _, v in self.seats_of(e, rot.id, required=True)]
                dev = self.b.var(0, n_max, f"dev|{e}|{rot.id}", integer=False)
                self.row([(dev, 1), *n], lo=lo)
                self.row([(dev, 1), *[(v, -1) for v, _ in n]], lo=-hi)
                terms.append((dev, 1))
        return terms

    def carried(self) -> dict[str, Any]:
        out = {}
        for rot in self.roster.rotations:
            seats = [(v, self.inst.burden(e, s)) for e in self.inst.eligible(rot)
                     for s, v in self.seats_of(e, rot.id)]
            top = sum(max((self.inst.burden(e, s) for e in self.inst.eligible(rot)), default=0)
                      for s in self.inst.shifts[rot.id]) * rot.seats
            t = out[rot.id] = self.b.var(0, max(top, 0), f"carried|{rot.id}", integer=False)
            self.row([(t, 1), *[(v, -p) for v, p in seats]], 0, 0)
        return out

    def excess_rows(self, carried: dict[str, Any], sign: int, name: str) -> Any:
        """``z`` with ``step z >= sign * (B[e] - sum alpha t - h[e])`` for everyone; returns z."""
        step = max(round(self.roster.rules.fairness.resolution * 100), 1)
        total = sum(self.inst.burden(e, s) for e, items in self.mine.items() for s, held in items
                    for _ in held)
        hist = max((abs(round(h * 100)) for h in self.shares.history.values()), default=0)
        z = self.b.var(0, (total + hist) // step + 1, name)
        for e in sorted({who for (who, _rid) in self.shares.availability}):
            rids = self.shares.rotations_of(e)
            terms: list[Term] = [(v, sign * self.inst.burden(e, s)) for rid in rids
                                 for s, v in self.seats_of(e, rid)]
            terms += [(carried[rid], -sign * self.shares.alpha(e, rid)) for rid in rids
                      if self.shares.alpha(e, rid)]
            terms.append((z, -step))
            h = round(self.shares.history.get(e, 0.0) * 100)
            self.row(terms, hi=sign * h, exact=True)  # sign*(B - a t) - step z <= sign*h
        return z

    def plan(self) -> fairshift.Plan:
        plan = fairshift.Plan(self.inst)
        for (e, rid, start, role), v in sorted(self.x.items(), key=lambda kv: (*kv[0][:2], kv[0][3])):
            if self.b.value(v) > 0.5:
                roles = plan.holders.setdefault((rid, start), {})
                roles[role] = (*roles.get(role, ()), e)
        return plan


# --------------------------------------------------------------------------- the stages

def _stage_names(roster: fairshift.Roster) -> list[str]:
    return ["counts", "cost", "max_excess"] + (["max_shortfall"] if roster.rules.fairness.shortfall else [])


def solve_independent(roster: fairshift.Roster, backend: str, *, time_limit: float, workers: int = 8,
                      seed: int = 0) -> IndependentResult:
    """Run the stages of the module docs on ``backend`` (``cpsat`` or ``scip``)."""
    started = time.monotonic()
    deadline = started + time_limit
    form = Formulation(roster, BACKENDS[backend](workers, seed), deadline)
    names = _stage_names(roster)
    result = IndependentResult(backend, None, planned=tuple(names))
    try:
        form.build()
    except OutOfTime:
        result.note = f"model not built in {time_limit:g} s ({len(form.x):,} seat variables so far)"
        result.seconds = time.monotonic() - started
        return result
    result.build_seconds = time.monotonic() - started
    result.size = {"seat_variables": len(form.x), "rows": form.rows}
    for outcome in _run_stages(form, names, deadline):
        result.stages.append(outcome)
        if outcome.value is not None:
            result.plan = form.plan()
    result.seconds = time.monotonic() - started
    return result


def _run_stages(form: Formulation, names: list[str], deadline: float) -> Iterator[StageOutcome]:
    """Solve the stages in order, each with its share of the time left, fixing each result."""
    b = form.b
    step = max(round(form.roster.rules.fairness.resolution * 100), 1)
    carried: dict[str, Any] = {}
    for i, name in enumerate(names):
        left = deadline - time.monotonic()
        if left < 0.05:
            yield from (StageOutcome(n, "not run", None, None, 0.0) for n in names[i:])
            return
        t0 = time.monotonic()
        terms, fix = _stage(form, name, carried)
        kind, value, bound = b.minimise(terms, left / (len(names) - i), left)
        unit = step if name in ("max_excess", "max_shortfall") else 1
        if bound is not None and not (math.isfinite(bound) and abs(bound) < 1e15):
            bound = None  # SCIP before its first dual bound
        if value is not None and name != "cost":
            value = round(value) * unit
            bound = None if bound is None else math.ceil(bound - 1e-6) * unit
        yield StageOutcome(name, kind, value, bound, time.monotonic() - t0)
        if value is None:
            yield from (StageOutcome(n, "not run", None, None, 0.0) for n in names[i + 1:])
            return
        fix()


def pinned(roster: fairshift.Roster, plan: fairshift.Plan, backend: str = "cpsat") -> dict[str, float] | None:
    """The model's verdict on ``plan`` (for the tests): every seat variable pinned to it, the
    stage values (as :func:`solve_independent` reports them); None when the model rejects the plan,
    i.e. the plan breaks a hard rule as the model states it (or holds a seat the model has no
    variable for: not eligible, not available)."""
    form = Formulation(roster, BACKENDS[backend](1, 0), time.monotonic() + 3600)
    form.build()
    held = {(e, rid, start, role) for (rid, start), roles in plan.holders.items()
            for role, names in roles.items() for e in names}
    if held - set(form.x):
        return None
    for key, v in form.x.items():
        on = 1 if key in held else 0
        form.row([(v, 1)], on, on)
    out: dict[str, float] = {}
    for outcome in _run_stages(form, _stage_names(roster), time.monotonic() + 600):
        if outcome.value is None:
            return None
        out[outcome.name] = outcome.value
    return out


def _stage(form: Formulation, name: str, carried: dict[str, Any]) -> tuple[list[Term], Any]:
    """The objective of stage ``name`` and how to fix its result afterwards."""
    b = form.b
    if name == "counts":
        terms = form.counts()
        return terms, lambda: form.row(terms, hi=round(sum(b.value(v) for v, _ in terms)))
    if name == "cost":
        carried.update(form.carried())
        extra = form.roster.rules.fairness.extra_burden

        def budgets() -> None:
            total = sum(round(b.value(t)) for t in carried.values())
            form.row([(t, 1) for t in carried.values()], hi=math.floor(total * (1 + extra)))

        return [(t, 1) for t in carried.values()], budgets
    sign = 1 if name == "max_excess" else -1
    z = form.excess_rows(carried, sign, name)
    return [(z, 1)], lambda: form.row([(z, 1)], hi=round(b.value(z)))
