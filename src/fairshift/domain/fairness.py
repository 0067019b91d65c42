"""The fairness model: availability, relative fair shares and per-engineer metrics. No solver here.

For a rotation *r* with ``k`` seats per shift and shifts *S*, a pool member (a member with the
required skills) is *available* for a shift unless a hard rule rules them out on their own
(unavailability; a public holiday under ``avoid``). With ``a[e,r]`` the number of shifts of *r*
that *e* is available for and ``D[r] = sum(a[., r])``:

* ``alpha[e,r] = a[e,r] / D[r]`` — *e*'s part of rotation *r*;
* **count share** ``c[e,r] = k * |S| * alpha[e,r]`` — the fair number of seats (moved by history,
  see below); its floor and ceiling are the *count band*;
* **fair share** ``f[e] = sum_r alpha[e,r] * T[r] + h[e]``, where ``T[r]`` is the burden the pool
  of *r* **actually carries** in the schedule (each seat's burden on its holder's own clock) and
  ``h[e]`` the history correction. Shares are linear in the schedule and add up to the burden
  carried, so the excess ``burden - share`` sums to 0 over the people of a component: 0 means
  exactly at share, and somebody is always at or above it.
* **history**: within a component (rotations linked by shared people), the history ``H = sum
  history.burden`` is shared out in proportion to each person's *expected* share (what the
  availability-weighted mean burden of everyone available would give them) and their own history
  is subtracted: ``h[e] = H * w[e] - history[e]``, which sums to 0 over the component. Someone who
  carried more last quarter carries less now. Count shares move with it: ``c[e,r]`` is scaled by
  ``(expected + h) / expected`` and renormalised per rotation, so history can shift whole seats.

:class:`FairShares` holds the constants (availability, count bands, history corrections,
expected shares); :func:`carried` and :meth:`FairShares.of` turn a plan into shares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from functools import cached_property
from math import ceil, floor

from fairshift.domain.burden import SCALE, Load
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Rotation
from fairshift.domain.shifts import Shift

__all__ = [
    "CATEGORIES",
    "EngineerMetrics",
    "FairShares",
    "available",
    "carried",
    "components",
    "connected",
    "engineer_metrics",
    "fair_shares",
    "held_seats",
]

#: the burden categories people compare, balanced per pool (see :func:`category_value`)
CATEGORIES = ("weekend_days", "night_hours", "holiday_hours")


def eligible(inst: Instance, rot: Rotation) -> tuple[str, ...]:
    """Pool members of ``rot`` who have its required skills (see :meth:`Instance.eligible`)."""
    return inst.eligible(rot)


def available(inst: Instance, e: str, shift: Shift) -> bool:
    """Whether ``e`` could take ``shift`` as far as their own days go (PTO, avoided holidays)."""
    return inst.available(e, shift)


def connected(items: Mapping[str, Iterable[str]]) -> list[tuple[str, ...]]:
    """Groups of keys linked by sharing a member, each group and the groups in key order.

    >>> connected({"a": ["x"], "b": ["y"], "c": ["x", "z"], "d": []})
    [('a', 'c'), ('b',), ('d',)]
    """
    keys = list(items)
    parent = {k: k for k in keys}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, str] = {}
    for k in keys:
        for member in items[k]:
            if member in owner:
                a, b = find(k), find(owner[member])
                if a != b:
                    parent[max(a, b, key=keys.index)] = min(a, b, key=keys.index)
            else:
                owner[member] = k
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(find(k), []).append(k)
    return [tuple(g) for g in groups.values()]


def components(inst: Instance) -> list[tuple[str, ...]]:
    """Groups of rotation ids linked by shared eligible engineers, in roster order."""
    return connected({r.id: inst.eligible(r) for r in inst.roster.rotations})


@dataclass(frozen=True)
class FairShares:
    """The constants of the fairness model (see the module docs).

    ``availability[(e, r)]`` is ``a[e,r]``, ``totals[r]`` is ``D[r]``, ``counts[(e, r)]`` the
    count share, ``history[e]`` the history correction ``h[e]`` in hours and ``expected[(e, r)]``
    the expected burden share (hours) that weighs history.
    """

    availability: dict[tuple[str, str], int]
    totals: dict[str, int]
    counts: dict[tuple[str, str], float]
    history: dict[str, float] = field(default_factory=dict)
    expected: dict[tuple[str, str], float] = field(default_factory=dict)

    def alpha(self, e: str, rid: str) -> Fraction:
        """``a[e,r] / D[r]``, exactly."""
        total = self.totals.get(rid, 0)
        return Fraction(self.availability.get((e, rid), 0), total) if total else Fraction(0)

    def rotations_of(self, e: str) -> tuple[str, ...]:
        """The rotations ``e`` has a part of (those whose pool they are eligible for)."""
        return self._rotations.get(e, ())

    @cached_property
    def _rotations(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for who, rid in self.availability:
            out.setdefault(who, []).append(rid)
        return {e: tuple(rids) for e, rids in out.items()}

    def people(self, rotations: Iterable[str]) -> list[str]:
        """Everyone with a part of one of ``rotations``, sorted."""
        wanted = set(rotations)
        return sorted({e for (e, rid) in self.availability if rid in wanted})

    def count_band(self, e: str, rid: str) -> tuple[int, int]:
        """floor/ceil of the fair seat count: no assignment can be fairer than this."""
        c = self.counts.get((e, rid), 0.0)
        return floor(c + 1e-9), ceil(c - 1e-9)

    def share(self, e: str, carried: Mapping[str, float]) -> float:
        """``e``'s fair share (hours) when the pools carry ``carried[r]`` hours."""
        return (sum(float(self.alpha(e, rid)) * carried.get(rid, 0.0) for rid in self.rotations_of(e))
                + self.history.get(e, 0.0))

    def of(self, plan: Plan) -> dict[str, float]:
        """Every engineer's fair share (hours) in ``plan``."""
        loads = carried(plan)
        return {eng.id: self.share(eng.id, loads) for eng in plan.instance.roster.engineers}


def held_seats(plan: Plan, rot: Rotation) -> Counter[str]:
    """The seats of ``rot`` each engineer holds in ``plan`` that the count share counts: those of
    the required roles (an optional shadow seat is not one of them)."""
    optional = rot.optional_roles(plan.instance.roster.rules)
    return Counter(e for shift in plan.instance.shifts[rot.id]
                   for role, names in plan.roles(shift).items() if role not in optional for e in names)


def carried(plan: Plan) -> dict[str, float]:
    """``T[r]``: the burden (hours) each rotation's seats cost their holders in ``plan``."""
    inst = plan.instance
    out: dict[str, float] = {}
    for rot in inst.roster.rotations:
        known = inst.roster.engineers_by_id
        out[rot.id] = sum(inst.burden(e, s) for s in inst.shifts[rot.id] for e in plan.engineers(s)
                          if e in known) / SCALE
    return out


def fair_shares(inst: Instance) -> FairShares:
    """The constants of the fairness model of ``inst`` (see the module docs)."""
    avail: dict[tuple[str, str], int] = {}
    totals: dict[str, int] = {}
    counts: dict[tuple[str, str], float] = {}
    expected: dict[tuple[str, str], float] = {}
    for rot in inst.roster.rotations:
        pool = inst.eligible(rot)
        shifts = inst.shifts[rot.id]
        for e in pool:
            avail[(e, rot.id)] = len(shifts) - len(inst.away(e, rot.id))
        denom = totals[rot.id] = sum(avail[(e, rot.id)] for e in pool)
        mean = _expected_total(inst, rot, pool)
        for e in pool:
            frac = avail[(e, rot.id)] / denom if denom else 0.0
            counts[(e, rot.id)] = inst.required_seats(rot.id) * len(shifts) * frac
            expected[(e, rot.id)] = mean * frac
    history = _history(inst, expected)
    return FairShares(avail, totals, _history_counts(inst, counts, expected, history), history, expected)


def _expected_total(inst: Instance, rot: Rotation, pool: tuple[str, ...]) -> float:
    """The burden (hours) of rotation ``rot`` if each seat went to an average available member:
    for every shift, ``k`` times the mean burden of the pool members available for it."""
    clocks = Counter(inst.clock(e) for e in pool)
    someone = {inst.clock(e): e for e in pool}
    gone: dict[datetime, list[str]] = {}
    for e in pool:
        for start in inst.away(e, rot.id):
            gone.setdefault(start, []).append(e)
    total = 0.0
    for s in inst.shifts[rot.id]:
        out = gone.get(s.start, [])
        here = len(pool) - len(out)
        if here:
            points = (sum(n * inst.burden(someone[c], s) for c, n in clocks.items())
                      - sum(inst.burden(e, s) for e in out))
            total += inst.required_seats(rot.id) * points / here / SCALE
    return total


def _history(inst: Instance, expected: Mapping[tuple[str, str], float]) -> dict[str, float]:
    """``h[e] = H * w[e] - history[e]`` per component, ``w`` the expected-share weights."""
    out: dict[str, float] = {}
    for comp in components(inst):
        rids = set(comp)
        weight = {e: 0.0 for (e, rid) in expected if rid in rids}
        for (e, rid), value in expected.items():
            if rid in rids:
                weight[e] += value
        hist = {e: inst.engineer(e).history.burden for e in weight}
        total_hist, total_weight = sum(hist.values()), sum(weight.values())
        if total_hist == 0 or total_weight == 0:
            continue
        for e in weight:
            out[e] = total_hist * weight[e] / total_weight - hist[e]
    return out


def _history_counts(inst: Instance, counts: dict[tuple[str, str], float],
                    expected: Mapping[tuple[str, str], float],
                    history: Mapping[str, float]) -> dict[tuple[str, str], float]:
    """Seat-count shares moved by history like the burden shares: each engineer's share is scaled
    by ``(expected + h) / expected``, then every rotation's shares are renormalised to its seats."""
    if not any(history.values()):
        return counts
    raw: dict[str, float] = {}
    for (e, _rid), value in expected.items():
        raw[e] = raw.get(e, 0.0) + value
    scaled = {(e, rid): c * (max(raw[e] + history.get(e, 0.0), 0.0) / raw[e] if raw[e] > 0 else 1.0)
              for (e, rid), c in counts.items()}
    out: dict[tuple[str, str], float] = {}
    for rot in inst.roster.rotations:
        keys = [k for k in scaled if k[1] == rot.id]
        want = sum(counts[k] for k in keys)
        have = sum(scaled[k] for k in keys)
        for k in keys:
            out[k] = scaled[k] * want / have if have > 0 else counts[k]
    return out


@dataclass(frozen=True)
class EngineerMetrics:
    """What one engineer carries in a plan, in hours on their own clock.

    ``weekend_days`` counts the distinct local Saturdays and Sundays their shifts touch.
    """

    shifts: int
    hours: float
    weekend_hours: float
    holiday_hours: float
    off_hours: float
    night_hours: float
    burden: float
    fair_share: float
    weekend_days: int = 0

    @property
    def excess(self) -> float:
        """Burden above the fair share (negative: below it)."""
        return self.burden - self.fair_share

    def as_dict(self) -> dict[str, float | int]:
        return {
            "shifts": self.shifts, "hours": round(self.hours, 2),
            "weekend_hours": round(self.weekend_hours, 2), "weekend_days": self.weekend_days,
            "holiday_hours": round(self.holiday_hours, 2), "off_hours": round(self.off_hours, 2),
            "night_hours": round(self.night_hours, 2),
            "burden": round(self.burden, 2), "fair_share": round(self.fair_share, 2),
            "excess": round(self.excess, 2),
        }


def engineer_metrics(plan: Plan, shares: FairShares | None = None) -> dict[str, EngineerMetrics]:
    """Per-engineer metrics of ``plan`` (every engineer of the roster, assigned or not)."""
    inst = plan.instance
    shares = shares or fair_shares(inst)
    fair = shares.of(plan)
    out: dict[str, EngineerMetrics] = {}
    for eng in inst.roster.engineers:
        items = plan.by_engineer.get(eng.id, [])
        total = Load()
        points = 0
        weekend: set[object] = set()
        for s, _role in items:
            total = total + inst.load(eng.id, s)
            points += inst.burden(eng.id, s)
            weekend.update(d for d in inst.days(eng.id, s) if d.weekday() >= 5)
        out[eng.id] = EngineerMetrics(
            shifts=len(items), hours=total.hours, weekend_hours=total.weekend,
            holiday_hours=total.holiday, off_hours=total.off_hours, night_hours=total.night,
            burden=points / SCALE, fair_share=fair[eng.id], weekend_days=len(weekend))
    return out
