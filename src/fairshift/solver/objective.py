"""Fairness as the objective, solved lexicographically in stages (see docs/fairness.md).

1. ``counts`` — seats outside each engineer's fair count band ``[floor, ceil]`` per rotation;
2. ``cost`` — the total burden; its result sets the model's **burden budget**: the fairer
   stages may not make the total cost more than ``1 + rules.fairness.extra_burden`` times this
   stage's value (fair shares are relative, so without a budget a schedule could look fairer by
   giving everybody else needless burden);
3. ``balance`` — per pool, the spread (largest minus smallest, per unit of availability) of
   weekend days, night hours and own-holiday hours, weighted into hundredths of an hour: the
   figures people compare;
4. ``max_excess`` — the largest burden above the relative fair share, rounded up to
   ``rules.fairness.resolution`` (a quarter of an hour by default: the stage is proven to that);
5. ``max_shortfall`` — the largest burden *below* it (the most under-loaded person), likewise;
6. ``total`` — the total burden above fair share, plus total burden, plus every soft rule's
   ``weight * magnitude * 100`` (a soft violation of weight 1 costs as much as one burden hour).

Each stage is solved to optimality (or its share of the time limit), then its value is fixed as a
constraint for the next (``cost`` fixes the budgets instead), with the previous solution as a hint.
``balance`` is fixed only when proven; otherwise it is solved again just before ``total``
(``Stage.revisit``).
Stages 1, 3, 4 and 5 are the *fairness* stages whose proofs ``fairness: optimal`` reports. Every
ratio is kept exact: a person's excess is compared with the stage's variable after multiplying by
the least common multiple of their rotations' availability totals.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from ortools.sat.python import cp_model

from fairshift.domain.burden import SCALE
from fairshift.domain.fairness import FairShares
from fairshift.domain.instance import Holders
from fairshift.rules import RULES
from fairshift.solver.model import Encoding, Var, add_constraints

__all__ = ["FAIRNESS_STAGES", "Objectives", "Stage", "build_objectives"]

StageExpr = Callable[[], cp_model.LinearExprT]
Values = Callable[[cp_model.LinearExprT], int]

#: the stages whose proofs make ``fairness: optimal``
FAIRNESS_STAGES = ("counts", "balance", "max_excess", "max_shortfall")
#: weight of one tenth of a weekend day in the balance stage, in hundredths of an hour (a day ~ 8 h)
WEEKEND_TENTH = 80
#: a common denominator above this makes the exact form too large for CP-SAT; a person's parts of
#: their rotations are then rounded to thousandths (documented in docs/fairness.md)
_EXACT_LIMIT = 10**6


@dataclass
class Stage:
    """One lexicographic stage: its objective (built when the stage is reached) and how its
    result is fixed for the later stages (default: ``objective <= value``)."""

    name: str
    build: StageExpr
    fix: Callable[[cp_model.CpModel, cp_model.LinearExprT, int, Values], None] | None = None
    #: the objective counts in steps of this many solver units (``rules.fairness.resolution``
    #: for the excess stages): results are reported in solver units, ``value * unit``
    unit: int = 1
    #: a stage whose value is imposed on the later stages only when it is proven; otherwise it is
    #: solved again just before the last stage (``balance``: an unproven spread would otherwise
    #: tie the largest excess to whatever the time limit left, see docs/fairness.md)
    revisit: bool = False


@dataclass
class Objectives:
    """The stages of one model and the burden expression of each engineer in it."""

    stages: list[Stage]
    burden: dict[str, cp_model.LinearExprT]
    carried: dict[str, cp_model.LinearExprT] = field(default_factory=dict)


def _count_deviation(enc: Encoding, shares: FairShares) -> cp_model.LinearExprT:
    terms = []
    for rot in enc.rotation_objs():
        if rot.id in enc.fixed:
            continue
        shifts = enc.instance.shifts[rot.id]
        required = [r for r in rot.roles if r not in rot.optional_roles(enc.instance.roster.rules)]
        for e in enc.eligible(rot):
            lo, hi = shares.count_band(e, rot.id)
            count = cp_model.LinearExpr.sum([v for s in shifts for r in required
                                             if (v := enc.x.get((e, rot.id, s.start, r))) is not None])
            dev = enc.new_int(0, len(shifts) * rot.seats, f"fair_count|{e}|{rot.id}")
            enc.model.add(dev >= lo - count)
            enc.model.add(dev >= count - hi)
            terms.append(dev)
    return cp_model.LinearExpr.sum(terms)


def _pair_bounds(enc: Encoding) -> None:
    """Redundant bounds on pair repeats, valid because coverage is exact: an engineer holding
    ``c`` shifts with ``k`` seats meets ``(k - 1) * c`` partners among at most ``p - 1`` people."""
    for rot in enc.rotation_objs():
        pool = sorted(enc.pool(rot.id))
        if rot.seats < 2 or not enc.pair_repeats:
            continue
        shifts = enc.instance.shifts[rot.id]
        for a in pool:
            mine = [enc.pair_repeats[(rot.id, min(a, b), max(a, b))] for b in pool if b != a]
            count = cp_model.LinearExpr.sum([enc.holds(a, s) for s in shifts])
            partners = enc.instance.required_seats(rot.id) - 1  # optional seats may be empty
            enc.model.add(sum(mine) >= partners * count - (len(pool) - 1))


def _cheapest_bounds(enc: Encoding, shares: FairShares) -> None:
    """Redundant bounds the LP relaxation cannot see: ``k`` seats of a rotation cost an engineer
    at least ``M[k]``, their ``k`` cheapest shifts of it (``Instance.least_costs``).
    ``M`` is convex, so each tangent ``M[k0] + c * (count - k0)``, with ``c = M[k0 + 1] - M[k0]``
    the next cheapest cost, is below ``M`` at every integer count; the tangents around the fair
    count band are added."""
    for rot in enc.rotation_objs():
        if rot.id in enc.fixed:
            continue
        for e in enc.pool(rot.id):
            m = enc.instance.least_costs(e, rot.id)
            seats = [(v, enc.instance.burden(e, s)) for s in enc.instance.shifts[rot.id]
                     for v in enc.seats(e, s)]
            lo, hi = shares.count_band(e, rot.id)
            for k0 in sorted({lo - 1, lo, hi}):
                if 0 <= k0 < len(m) - 1:
                    c = m[k0 + 1] - m[k0]
                    enc.model.add(cp_model.LinearExpr.weighted_sum(
                        [v for v, _ in seats], [p - c for _, p in seats]) >= m[k0] - c * k0)


def interchangeable(enc: Encoding) -> list[list[str]]:
    """Groups of engineers who differ only by id and name: same zone, hours, days, country,
    skills, unavailability, preferences, history, caps, and the same rotations."""
    groups: dict[str, list[str]] = {}
    for e in sorted(enc.engineers()):
        eng = enc.instance.engineer(e)
        pools = tuple(rid for rid in enc.rotations if e in enc.pool(rid))
        key = eng.model_dump_json(exclude={"id", "name"}) + repr(pools)
        groups.setdefault(key, []).append(e)
    return [g for g in groups.values() if len(g) > 1]


def _burden_of(enc: Encoding, e: str, rid: str) -> cp_model.LinearExprT:
    shifts = enc.instance.shifts[rid]
    seats = [(v, enc.instance.burden(e, s)) for s in shifts for v in enc.seats(e, s)]
    return cp_model.LinearExpr.weighted_sum([v for v, _ in seats], [p for _, p in seats])


def _fixed_carried(enc: Encoding, pinned: Holders, rid: str) -> int:
    """What a rotation fixed in advance (its seats pinned) costs its holders, in hundredths."""
    inst = enc.instance
    known = inst.roster.engineers_by_id
    return sum(inst.burden(e, s) for s in inst.shifts[rid]
               for names in pinned.get((rid, s.start), {}).values() for e in names if e in known)


def _excess_terms(enc: Encoding, shares: FairShares, e: str, carried: dict[str, cp_model.LinearExprT],
                  fixed_carried: dict[str, int]) -> tuple[int, cp_model.LinearExprT]:
    """``(L, L * excess)`` of ``e`` in this model, exact: ``excess = sum_r (B[e,r] - a/D * T[r])
    - h[e]`` over ``e``'s rotations in the model (``h`` only when the model holds all of them)."""
    mine = [rid for rid in shares.rotations_of(e) if rid in enc.rotations]
    alphas = {rid: shares.alpha(e, rid) for rid in mine}
    scale = math.lcm(*(a.denominator for a in alphas.values())) if alphas else 1
    if scale > _EXACT_LIMIT:  # too large to be exact: round the parts to thousandths
        alphas = {rid: a.limit_denominator(1000) for rid, a in alphas.items()}
        scale = math.lcm(*(a.denominator for a in alphas.values()))
    whole = set(shares.rotations_of(e)) <= set(enc.rotations)
    history = round(shares.history.get(e, 0.0) * SCALE) if whole else 0
    parts: list[cp_model.LinearExprT] = []
    constant = -scale * history
    for rid, a in alphas.items():
        parts.append(scale * _burden_of(enc, e, rid))
        share = Fraction(scale) * a
        assert share.denominator == 1
        if rid in carried:
            parts.append(-int(share) * carried[rid])
        else:
            constant -= int(share) * fixed_carried[rid]
    return scale, cp_model.LinearExpr.sum(parts) + constant


def _balance(enc: Encoding, shares: FairShares) -> cp_model.LinearExprT:
    """The spreads of the categories of docs/fairness.md ("balance"), weighted."""
    terms: list[cp_model.LinearExprT] = []
    for rot in enc.rotation_objs():
        if rot.id in enc.fixed:
            continue
        pool = [e for e in enc.eligible(rot) if shares.availability.get((e, rot.id), 0) > 0]
        if len(pool) < 2:
            continue
        mean = max(round(shares.totals[rot.id] / len(pool)), 1)
        for category, (values, resolution, weight) in _categories(enc, rot.id, pool).items():
            if all(hi == 0 for _, hi in values.values()):
                continue
            top = max(resolution * mean * hi // max(shares.availability[(e, rot.id)], 1) + 1
                      for e, (_, hi) in values.items())
            high = enc.new_int(0, top, f"balance|{rot.id}|{category}|high")
            low = enc.new_int(0, top, f"balance|{rot.id}|{category}|low")
            for e, (expr, _hi) in values.items():
                a = shares.availability[(e, rot.id)]
                enc.model.add(a * high >= resolution * mean * expr)
                enc.model.add(a * low <= resolution * mean * expr)
            terms.append(weight * (high - low))
    return cp_model.LinearExpr.sum(terms)


def _categories(enc: Encoding, rid: str, pool: list[str]
                ) -> dict[str, tuple[dict[str, tuple[cp_model.LinearExprT, int]], int, int]]:
    """Per category: each pool member's value expression and its upper bound, the resolution and
    the weight (see :func:`_balance`)."""
    inst = enc.instance
    shifts = inst.shifts[rid]
    nights: dict[str, tuple[cp_model.LinearExprT, int]] = {}
    holidays: dict[str, tuple[cp_model.LinearExprT, int]] = {}
    weekends: dict[str, tuple[cp_model.LinearExprT, int]] = {}
    wanted = inst.roster.rules.fairness.balance
    for e in pool:
        if "weekend_days" not in wanted:
            weekends[e] = (cp_model.LinearExpr.sum([]), 0)
        night = [(v, round(inst.load(e, s).night * SCALE)) for s in shifts for v in enc.seats(e, s)]
        hol = [(v, round(inst.load(e, s).holiday * SCALE)) for s in shifts for v in enc.seats(e, s)]
        nights[e] = (cp_model.LinearExpr.weighted_sum([v for v, _ in night], [p for _, p in night]),
                     sum(p for _, p in night))
        holidays[e] = (cp_model.LinearExpr.weighted_sum([v for v, _ in hol], [p for _, p in hol]),
                       sum(p for _, p in hol))
        days: dict[date, list[Var]] = {}
        for s in shifts if "weekend_days" in wanted else ():
            for d in inst.days(e, s):
                if d.weekday() >= 5:
                    days.setdefault(d, []).extend(enc.seats(e, s))
        flags = []
        for d, seats in sorted(days.items()):
            flag = enc.flag(f"weekend_day|{e}|{rid}|{d}", seats)
            enc.model.add(flag <= cp_model.LinearExpr.sum(seats))
            flags.append(flag)
        if "weekend_days" in wanted:
            weekends[e] = (cp_model.LinearExpr.sum(flags), len(flags))
    out = {"weekend_days": (weekends, 10, WEEKEND_TENTH), "night_hours": (nights, 1, 1),
           "holiday_hours": (holidays, 1, 1)}
    wanted = inst.roster.rules.fairness.balance
    return {name: parts for name, parts in out.items() if name in wanted}


def build_objectives(enc: Encoding, shares: FairShares, soft_rules: tuple[str, ...] = (), *,
                     symmetry: bool = True, bounds: bool = True, pinned: Holders | None = None,
                     ) -> Objectives:
    """Build the stages of one model (see the module docs); ``soft_rules`` are encoded for the
    last. ``bounds`` adds the redundant cost bounds, which hold unless seats of the rotations
    solved here are pinned in advance (a pinned seat may sit on a day its holder is now away).
    ``pinned`` holds the seats of the rotations fixed around this model (``enc.fixed``)."""
    inst = enc.instance
    fairness = inst.roster.rules.fairness
    burden: dict[str, cp_model.LinearExprT] = {}
    carried: dict[str, cp_model.LinearExprT] = {}
    for rid in enc.rotations:
        if rid in enc.fixed:
            continue
        pool = enc.pool(rid)
        seats = [(v, inst.burden(e, s)) for s in inst.shifts[rid] for e in pool for v in enc.seats(e, s)]
        top = sum(p for _, p in seats)
        t = enc.new_int(0, max(top, 0), f"carried|{rid}")
        enc.model.add(t == cp_model.LinearExpr.weighted_sum([v for v, _ in seats], [p for _, p in seats]))
        carried[rid] = t
    fixed_carried = {rid: _fixed_carried(enc, pinned or {}, rid) for rid in enc.fixed}
    # a rotation fixed around this model carries exactly what its pinned seats cost
    carried_top = {rid: fixed_carried[rid] if rid in enc.fixed else _carried_top(enc, rid)
                   for rid in enc.rotations}
    above: list[cp_model.LinearExprT] = []
    scaled_excess: list[tuple[int, cp_model.LinearExprT]] = []
    hi_excess = hi_short = 0
    for e in enc.engineers():
        shifts = enc.candidate_shifts(e)
        points = [inst.burden(e, s) for s in shifts]
        seats = [(v, p) for s, p in zip(shifts, points, strict=True) for v in enc.seats(e, s)]
        burden[e] = cp_model.LinearExpr.weighted_sum([v for v, _ in seats], [p for _, p in seats])
        scale, scaled = _excess_terms(enc, shares, e, carried, fixed_carried)
        scaled_excess.append((scale, scaled))
        history = round(abs(shares.history.get(e, 0.0)) * SCALE) + 1
        own = sum(points) + history
        share_top = sum(carried_top[rid] for rid in shares.rotations_of(e) if rid in enc.rotations) + history
        hi_excess, hi_short = max(hi_excess, own), max(hi_short, share_top)
        pos = enc.new_int(0, own, f"above_share|{e}")
        enc.model.add(scale * pos >= scaled)
        above.append(pos)
    step = max(round(fairness.resolution * SCALE), 1)  # the stages count in steps of this
    worst = enc.new_int(0, max(hi_excess // step + 1, 0), "max_excess")
    short = enc.new_int(0, max(hi_short // step + 1, 0), "max_shortfall")
    for scale, scaled in scaled_excess:
        enc.model.add(scaled <= scale * step * worst)
        enc.model.add(-scaled <= scale * step * short)
    if symmetry:  # not with pinned seats: they may hold interchangeable people out of order
        for group in interchangeable(enc):
            for first, second in itertools.pairwise(group):
                enc.model.add(burden[first] >= burden[second])
    counts = _count_deviation(enc, shares)
    if bounds:
        _cheapest_bounds(enc, shares)
    cost = cp_model.LinearExpr.sum(list(carried.values()))
    extra = fairness.extra_burden

    def budget(model: cp_model.CpModel, expr: cp_model.LinearExprT, found: int, _value: Values) -> None:
        # one budget for the model's total, not one per rotation: the split of a cheapest cost
        # over the rotations is not unique, and a budget per rotation would make the later optima
        # depend on which cheapest schedule the search happened to find
        model.add(expr <= math.floor(found * (1 + extra)))

    def total() -> cp_model.LinearExprT:
        add_constraints(enc, only=soft_rules)
        _pair_bounds(enc)
        rules = inst.roster.rules
        soft = cp_model.LinearExpr.weighted_sum(
            [p.magnitude for p in enc.penalties],
            [RULES[p.rule].weight(rules) * SCALE for p in enc.penalties])
        return cp_model.LinearExpr.sum([*above, *burden.values(), soft])

    stages = [Stage("counts", lambda: counts), Stage("cost", lambda: cost, budget)]
    if fairness.balance:
        stages.append(Stage("balance", lambda: _balance(enc, shares), revisit=True))
    stages.append(Stage("max_excess", lambda: worst, unit=step))
    if fairness.shortfall:
        stages.append(Stage("max_shortfall", lambda: short, unit=step))
    stages.append(Stage("total", total))
    return Objectives(stages, burden, carried)


def _carried_top(enc: Encoding, rid: str) -> int:
    """An upper bound (hundredths) of what rotation ``rid`` can cost in this model."""
    inst = enc.instance
    rot = inst.rotation(rid)
    pool = inst.eligible(rot) if rid in enc.fixed else enc.pool(rid)
    return sum(max((inst.burden(e, s) for e in pool), default=0) * rot.seats for s in inst.shifts[rid])
