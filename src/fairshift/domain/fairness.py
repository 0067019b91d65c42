"""The fairness model: availability, fair shares and per-engineer metrics. No solver here.

For a rotation *r* with seats *k* and shifts *S*, an engineer of its pool (members with the
required skills) is *available* for a shift unless a hard rule rules them out on their own
(unavailability; a public holiday under ``avoid``). With ``a[e,r]`` the number of shifts of *r*
that *e* is available for:

* **count share** ``c[e,r] = k * |S| * a[e,r] / sum(a[., r])`` — the fair number of seats;
* **burden share** ``b[e,r] = T[r] * a[e,r] / sum(a[., r])`` where ``T[r]`` is the expected
  burden of the rotation: for every shift, ``k`` times the mean burden of the engineers
  available for it (each on their own clock);
* **fair share** of an engineer ``f[e] = sum_r b[e,r]`` plus a history correction within the
  engineer's component (rotations linked by shared people): the component's history
  ``H = sum h[e]`` is shared in proportion to ``sum_r b[e,r]`` and the engineer's own
  history ``h[e]`` is subtracted, so someone who carried more last quarter carries less now.
  Count shares move with it: ``c[e,r]`` is scaled by ``f[e] / sum_r b[e,r]`` and renormalised
  per rotation, so history can shift whole seats, not only burden within a count band.

*Excess* is burden minus fair share; the solver minimises the largest excess first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from math import ceil, floor

from fairshift.domain.burden import SCALE, Load
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Rotation
from fairshift.domain.shifts import Shift

__all__ = ["EngineerMetrics", "FairShares", "available", "components", "engineer_metrics", "excess_floor",
           "fair_shares"]


def eligible(inst: Instance, rot: Rotation) -> tuple[str, ...]:
    """Pool members of ``rot`` who have its required skills (see :meth:`Instance.eligible`)."""
    return inst.eligible(rot)


def available(inst: Instance, e: str, shift: Shift) -> bool:
    """Whether ``e`` could take ``shift`` as far as their own days go (PTO, avoided holidays)."""
    return inst.available(e, shift)


def components(inst: Instance) -> list[tuple[str, ...]]:
    """Groups of rotation ids linked by shared eligible engineers, in roster order."""
    parent = {r.id: r.id for r in inst.roster.rotations}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, str] = {}
    for rot in inst.roster.rotations:
        for e in eligible(inst, rot):
            if e in owner:
                parent[find(rot.id)] = find(owner[e])
            else:
                owner[e] = rot.id
    groups: dict[str, list[str]] = {}
    for rot in inst.roster.rotations:
        groups.setdefault(find(rot.id), []).append(rot.id)
    return [tuple(g) for g in groups.values()]


@dataclass(frozen=True)
class FairShares:
    """Fair shares per engineer (burden in hours) and per (engineer, rotation) seat counts."""

    burden: dict[str, float]
    counts: dict[tuple[str, str], float]
    availability: dict[tuple[str, str], int]
    by_rotation: dict[tuple[str, str], float] = field(default_factory=dict)

    def share(self, e: str, rotations: Iterable[str]) -> float:
        """Fair burden share of ``e`` from ``rotations`` only: their whole share (with history)
        when ``rotations`` hold every rotation ``e`` serves, else the sum of those rotations'
        shares without history (a model of part of someone's rotations, e.g. org-wide ones)."""
        mine = set(self.rotations_of(e))
        wanted = set(rotations)
        if mine <= wanted:
            return self.burden.get(e, 0.0)
        return sum(self.by_rotation[(e, rid)] for rid in mine & wanted)

    def rotations_of(self, e: str) -> tuple[str, ...]:
        """The rotations ``e`` has a share of (those whose pool they are eligible for)."""
        return self._rotations.get(e, ())

    @cached_property
    def _rotations(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for who, rid in self.by_rotation:
            out.setdefault(who, []).append(rid)
        return {e: tuple(rids) for e, rids in out.items()}

    def points(self, inst: Instance, rotations: tuple[str, ...]) -> dict[str, int]:
        """Fair shares from ``rotations`` (see :meth:`share`), in hundredths of an hour as the
        solver counts them, of everyone eligible for one of them."""
        people = sorted({e for rid in rotations for e in eligible(inst, inst.rotation(rid))})
        return {e: round(self.share(e, rotations) * SCALE) for e in people}

    def count_band(self, e: str, rid: str) -> tuple[int, int]:
        """floor/ceil of the fair seat count: no assignment can be fairer than this."""
        c = self.counts.get((e, rid), 0.0)
        return floor(c + 1e-9), ceil(c - 1e-9)


def fair_shares(inst: Instance) -> FairShares:
    """Compute every engineer's fair share (see the module docs)."""
    burden: dict[str, float] = {e.id: 0.0 for e in inst.roster.engineers}
    counts: dict[tuple[str, str], float] = {}
    avail: dict[tuple[str, str], int] = {}
    by_rotation: dict[tuple[str, str], float] = {}
    for rot in inst.roster.rotations:
        pool = eligible(inst, rot)
        shifts = inst.shifts[rot.id]
        seats = inst.required_seats(rot.id)  # optional shadow seats are nobody's fair share
        total = 0.0
        # per shift: the pool's burden (one computation per clock), minus whoever is away
        clocks = Counter(inst.clock(e) for e in pool)
        someone = {inst.clock(e): e for e in pool}
        gone: dict[datetime, list[str]] = {}
        for e in pool:
            away = inst.away(e, rot.id)
            avail[(e, rot.id)] = len(shifts) - len(away)
            for start in away:
                gone.setdefault(start, []).append(e)
        for s in shifts:
            out = gone.get(s.start, [])
            here = len(pool) - len(out)
            if here:
                points = (sum(n * inst.burden(someone[c], s) for c, n in clocks.items())
                          - sum(inst.burden(e, s) for e in out))
                total += seats * points / here / SCALE
        denom = sum(avail.get((e, rot.id), 0) for e in pool)
        for e in pool:
            frac = avail.get((e, rot.id), 0) / denom if denom else 0.0
            counts[(e, rot.id)] = seats * len(shifts) * frac
            burden[e] += total * frac
            by_rotation[(e, rot.id)] = total * frac
    raw = dict(burden)
    _history(inst, burden)
    return FairShares(burden, _history_counts(inst, counts, raw, burden), avail, by_rotation)


def _history_counts(inst: Instance, counts: dict[tuple[str, str], float], raw: dict[str, float],
                    adjusted: dict[str, float]) -> dict[tuple[str, str], float]:
    """Seat-count shares moved by history like the burden shares: each engineer's share is scaled
    by ``adjusted / raw`` burden share, then every rotation's shares are renormalised to its seats."""
    if adjusted == raw:
        return counts
    scaled = {(e, rid): c * (max(adjusted[e], 0.0) / raw[e] if raw[e] > 0 else 1.0)
              for (e, rid), c in counts.items()}
    out: dict[tuple[str, str], float] = {}
    for rot in inst.roster.rotations:
        keys = [k for k in scaled if k[1] == rot.id]
        want = sum(counts[k] for k in keys)
        have = sum(scaled[k] for k in keys)
        for k in keys:
            out[k] = scaled[k] * want / have if have > 0 else counts[k]
    return out


def _history(inst: Instance, burden: dict[str, float]) -> None:
    for comp in components(inst):
        people = sorted({e for rid in comp for e in eligible(inst, inst.rotation(rid))})
        hist = {e: inst.engineer(e).history.burden for e in people}
        total_hist = sum(hist.values())
        weight = sum(burden[e] for e in people)
        if total_hist == 0 or weight == 0:
            continue
        for e in people:
            burden[e] += total_hist * burden[e] / weight - hist[e]


def excess_floor(inst: Instance, shares: FairShares, rotations: Iterable[str], fair: dict[str, int],
                 only: frozenset[str] | None = None) -> int:
    """A lower bound, in hundredths of an hour, on the largest excess (burden minus ``fair``) of
    any schedule of ``rotations`` whose seat counts are all within their fair bands (which the
    solver's first stage reaches whenever it can). ``fair`` holds the fair share of everyone
    involved; ``rotations`` must hold all of their rotations other than ones fixed in advance.

    Everyone holds at least their floor count of each rotation, at no less than its cheapest
    cost (:meth:`Instance.least_costs`). In a rotation where every band is at most one seat wide, exactly
    ``K = seats - sum(floors)`` engineers hold their ceiling, so someone carries at least the
    ``K``-th smallest of the excesses that taking the ceiling there forces. Returns 0 when nothing
    better than 0 is known, or when no schedule is within the bands.
    """
    rotations = list(rotations)
    pools = {rid: [e for e in eligible(inst, inst.rotation(rid)) if only is None or e in only]
             for rid in rotations}
    base = {e: -f for e, f in fair.items()}
    for rid in rotations:
        for e in pools[rid]:
            m = inst.least_costs(e, rid)
            lo, _ = shares.count_band(e, rid)
            if lo >= len(m):
                return 0  # this floor cannot be met: no schedule is within the bands
            base[e] = base.get(e, 0) + m[lo]
    bound = max([0, *base.values()])
    for rid in rotations:
        bands = {e: shares.count_band(e, rid) for e in pools[rid]}
        if any(hi - lo > 1 for lo, hi in bands.values()):
            continue
        k = len(inst.shifts[rid]) * inst.required_seats(rid) - sum(lo for lo, _ in bands.values())
        ceiling = []
        for e, (lo, hi) in bands.items():
            m = inst.least_costs(e, rid)
            if lo < hi < len(m):
                ceiling.append(base[e] - m[lo] + m[hi])
        ceiling.sort()
        if 0 < k <= len(ceiling):
            bound = max(bound, ceiling[k - 1])
    return bound


@dataclass(frozen=True)
class EngineerMetrics:
    """What one engineer carries in a plan, in hours on their own clock."""

    shifts: int
    hours: float
    weekend_hours: float
    holiday_hours: float
    off_hours: float
    night_hours: float
    burden: float
    fair_share: float

    @property
    def excess(self) -> float:
        return self.burden - self.fair_share

    def as_dict(self) -> dict[str, float | int]:
        return {
            "shifts": self.shifts, "hours": round(self.hours, 2),
            "weekend_hours": round(self.weekend_hours, 2),
            "holiday_hours": round(self.holiday_hours, 2), "off_hours": round(self.off_hours, 2),
            "night_hours": round(self.night_hours, 2),
            "burden": round(self.burden, 2), "fair_share": round(self.fair_share, 2),
            "excess": round(self.excess, 2),
        }


def engineer_metrics(plan: Plan, shares: FairShares | None = None) -> dict[str, EngineerMetrics]:
    """Per-engineer metrics of ``plan`` (every engineer of the roster, assigned or not)."""
    inst = plan.instance
    shares = shares or fair_shares(inst)
    out: dict[str, EngineerMetrics] = {}
    for eng in inst.roster.engineers:
        items = plan.by_engineer.get(eng.id, [])
        total = Load()
        points = 0
        for s, _role in items:
            total = total + inst.load(eng.id, s)
            points += inst.burden(eng.id, s)
        out[eng.id] = EngineerMetrics(
            shifts=len(items), hours=total.hours, weekend_hours=total.weekend,
            holiday_hours=total.holiday, off_hours=total.off_hours, night_hours=total.night,
            burden=points / SCALE, fair_share=shares.burden.get(eng.id, 0.0))
    return out
