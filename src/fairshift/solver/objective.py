"""Fairness as the objective, solved lexicographically in stages.

1. ``counts`` — seats outside each engineer's fair count band ``[floor, ceil]`` per rotation
   (so with equal availability, shift counts differ by at most one);
2. ``max_excess`` — the largest burden above fair share, in hundredths of an hour (0 when
   nobody is above their share: among such schedules the next stage picks the cheapest);
3. ``total`` — the total burden above fair share, plus total burden, plus every soft rule's
   ``weight * magnitude * 100`` (a soft violation of weight 1 costs as much as one burden hour).

Each stage is solved to optimality (or the time limit), then its value is fixed as a
constraint for the next, with the previous solution as a hint.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from fairshift.domain.burden import SCALE
from fairshift.domain.fairness import FairShares, excess_floor
from fairshift.rules import RULES
from fairshift.solver.model import Encoding, add_constraints

__all__ = ["Objectives", "build_objectives"]


StageExpr = Callable[[], cp_model.LinearExprT]


@dataclass
class Objectives:
    """Each stage's objective, built when the stage is reached (soft rules are encoded only
    for the last stage, so the fairness stages solve a smaller model), plus burden expressions."""

    stages: list[tuple[str, StageExpr]]
    burden: dict[str, cp_model.LinearExprT]
    # the largest excess no schedule within the count bands can beat (0 when none is known)
    excess_floor: int = 0


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
    return sum(terms)


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


def _interchangeable(enc: Encoding) -> list[list[str]]:
    """Groups of engineers who differ only by id and name: same zone, hours, days, country,
    skills, unavailability, preferences, history, caps, and the same rotations."""
    groups: dict[str, list[str]] = {}
    for e in sorted(enc.engineers()):
        eng = enc.instance.engineer(e)
        pools = tuple(rid for rid in enc.rotations if e in enc.pool(rid))
        key = eng.model_dump_json(exclude={"id", "name"}) + repr(pools)
        groups.setdefault(key, []).append(e)
    return [g for g in groups.values() if len(g) > 1]


def _order_interchangeable(enc: Encoding, burden: dict[str, cp_model.LinearExprT]) -> None:
    """Symmetry breaking: within a group of interchangeable engineers, burdens are sorted by id
    (any schedule can be relabelled so they are), which also hands the minimax its maximum."""
    for group in _interchangeable(enc):
        for first, second in itertools.pairwise(group):
            enc.model.add(burden[first] >= burden[second])


def _model_share(enc: Encoding, shares: FairShares, e: str) -> int:
    """The part of ``e``'s fair share (hundredths of an hour) that this model's rotations should
    carry. When ``e`` also serves rotations solved elsewhere (a team rotation, next to the
    org-wide rotations solved first), those will cost at least their floor count at its cheapest,
    so that much is set aside: the model's excess is then a lower bound of ``e``'s final excess."""
    outside = [rid for rid in shares.rotations_of(e) if rid not in enc.rotations]
    if not outside:
        return round(shares.share(e, enc.rotations) * SCALE)
    later = 0
    for rid in outside:
        least = enc.instance.least_costs(e, rid)
        later += least[min(shares.count_band(e, rid)[0], len(least) - 1)]
    return round(shares.burden.get(e, 0.0) * SCALE) - later


def build_objectives(enc: Encoding, shares: FairShares, soft_rules: tuple[str, ...] = (), *,
                     symmetry: bool = True, bounds: bool = True) -> Objectives:
    """Build the stage objectives of one component; ``soft_rules`` are encoded for the last.
    ``bounds`` adds the redundant cost bounds, which hold unless seats of the rotations solved
    here are pinned in advance (a pinned seat may sit on a day its holder is now away)."""
    burden: dict[str, cp_model.LinearExprT] = {}
    excess: dict[str, cp_model.IntVar] = {}
    ranges: dict[str, tuple[int, int]] = {}
    fair: dict[str, int] = {}
    for e in enc.engineers():
        shifts = enc.candidate_shifts(e)
        points = [enc.instance.burden(e, s) for s in shifts]
        seats = [(v, p) for s, p in zip(shifts, points, strict=True) for v in enc.seats(e, s)]
        burden[e] = cp_model.LinearExpr.weighted_sum([v for v, _ in seats], [p for _, p in seats])
        fair[e] = _model_share(enc, shares, e)
        ranges[e] = (-fair[e], sum(points) - fair[e])
        excess[e] = enc.new_int(*ranges[e], f"excess|{e}")
        enc.model.add(excess[e] == burden[e] - fair[e])
    if symmetry:  # not with pinned seats: they may hold interchangeable people out of order
        _order_interchangeable(enc, burden)
    hi = max((b[1] for b in ranges.values()), default=0)
    worst = enc.new_int(0, max(hi, 0), "max_excess")
    enc.model.add_max_equality(worst, [*excess.values(), 0])
    above = []
    for e, ex in excess.items():
        pos = enc.new_int(0, max(ranges[e][1], 0), f"above_share|{e}")
        enc.model.add(pos >= ex)
        above.append(pos)
    counts = _count_deviation(enc, shares)
    floor = 0
    if bounds:
        _cheapest_bounds(enc, shares)
        floor = excess_floor(enc.instance, shares, [r for r in enc.rotations if r not in enc.fixed],
                             fair, enc.only)
    if floor > 0:  # valid once every count is within its band, which the first stage aims at
        in_band = enc.new_bool("counts_in_band")
        enc.model.add(counts <= 0).only_enforce_if(in_band)
        enc.model.add(counts >= 1).only_enforce_if(~in_band)
        enc.model.add(worst >= floor).only_enforce_if(in_band)

    def total() -> cp_model.LinearExprT:
        add_constraints(enc, only=soft_rules)
        _pair_bounds(enc)
        rules = enc.instance.roster.rules
        soft = cp_model.LinearExpr.weighted_sum(
            [p.magnitude for p in enc.penalties],
            [RULES[p.rule].weight(rules) * SCALE for p in enc.penalties])
        return cp_model.LinearExpr.sum([*above, *burden.values(), soft])

    return Objectives(
        stages=[("counts", lambda: counts), ("max_excess", lambda: worst), ("total", total)],
        burden=burden, excess_floor=floor,
    )
