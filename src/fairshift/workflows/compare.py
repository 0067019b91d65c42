"""Before and after: the fairness of two plans of one roster, side by side. No solver here.

Every change to a published schedule (``replan``, ``override``, ``cover``) shows what it does to
fairness, measured the way the solver measures it (:mod:`fairshift.domain.fairness`), with the
fair shares of one roster for both plans:

* the **largest excess** over fair share (hours; 0 when nobody is above their share);
* the **seats out of band**: per engineer and rotation, how far their seat count is outside their
  fair band ``[floor, ceil]`` (:meth:`~fairshift.domain.fairness.FairShares.count_band`), summed:
  the solver's first stage, which is 0 whenever the bands can be kept;
* the people whose **load changed most**: burden hours before and after, on their own clock.

>>> m = Mover("anna", 10.0, 25.5, 1.0, 16.5)
>>> str(m)
'anna 10.0 -> 25.5 h (+15.5)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fairshift.domain.fairness import FairShares, eligible, engineer_metrics, fair_shares, held_seats
from fairshift.domain.instance import Plan

__all__ = ["BandBreak", "Comparison", "Mover", "PlanFairness", "compare", "plan_fairness"]


@dataclass(frozen=True)
class BandBreak:
    """An engineer whose seat count of a rotation is outside their fair band ``[low, high]``."""

    engineer: str
    rotation: str
    seats: int
    low: int
    high: int

    @property
    def outside(self) -> int:
        """Seats outside the band (how far below ``low`` or above ``high``)."""
        return max(self.low - self.seats, self.seats - self.high, 0)

    def __str__(self) -> str:
        band = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        return f"{self.engineer} {self.rotation}: {self.seats} seat(s), fair band {band}"


@dataclass(frozen=True)
class PlanFairness:
    """The fairness figures of one plan (hours on each person's own clock)."""

    max_excess: float
    out_of_band: int
    bands: tuple[BandBreak, ...]
    burden: dict[str, float]
    excess: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"max_excess": round(self.max_excess, 2), "seats_out_of_band": self.out_of_band,
                "out_of_band": [{"engineer": b.engineer, "rotation": b.rotation, "seats": b.seats,
                                 "band": [b.low, b.high]} for b in self.bands]}


@dataclass(frozen=True)
class Mover:
    """One person's burden and excess before and after a change."""

    engineer: str
    burden_before: float
    burden_after: float
    excess_before: float
    excess_after: float

    @property
    def delta(self) -> float:
        return self.burden_after - self.burden_before

    def __str__(self) -> str:
        return f"{self.engineer} {self.burden_before:.1f} -> {self.burden_after:.1f} h ({self.delta:+.1f})"


@dataclass(frozen=True)
class Comparison:
    """Fairness before and after a change; ``broken`` are the bands the change broke (out of
    band after, and not, or less, before) and ``mended`` the ones it put right."""

    before: PlanFairness
    after: PlanFairness
    movers: tuple[Mover, ...]
    broken: tuple[BandBreak, ...]
    mended: tuple[BandBreak, ...]

    @property
    def worse(self) -> bool:
        """True when the change broke a fair band or raised the largest excess."""
        return bool(self.broken) or self.after.max_excess > self.before.max_excess + 0.005

    def lines(self) -> list[str]:
        """The comparison as lines of text, for the terminal."""
        b, a = self.before, self.after
        out = ["fairness before -> after (hours on each person's own clock):",
               f"  largest excess over fair share: {b.max_excess:.1f} h -> {a.max_excess:.1f} h",
               f"  seats outside their fair band: {b.out_of_band} -> {a.out_of_band}"]
        out += [f"    now outside: {x}" for x in self.broken]
        out += [f"    back inside: {x.engineer} {x.rotation}" for x in self.mended]
        moved = [m for m in self.movers if abs(m.delta) >= 0.05]
        out.append("  load changed most: " + (", ".join(str(m) for m in moved) if moved else "nobody"))
        return out

    def as_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready data (what ``replan`` and ``override`` write as ``fairness``)."""
        return {"before": self.before.as_dict(), "after": self.after.as_dict(),
                "broken_bands": [str(x) for x in self.broken],
                "changed_most": [{"engineer": m.engineer, "burden_before": round(m.burden_before, 2),
                                  "burden_after": round(m.burden_after, 2), "delta": round(m.delta, 2),
                                  "excess_before": round(m.excess_before, 2),
                                  "excess_after": round(m.excess_after, 2)} for m in self.movers]}


def _bands(plan: Plan, shares: FairShares) -> tuple[BandBreak, ...]:
    inst = plan.instance
    out = []
    for rot in inst.roster.rotations:
        counts = held_seats(plan, rot)
        for e in eligible(inst, rot):
            low, high = shares.count_band(e, rot.id)
            brk = BandBreak(e, rot.id, counts[e], low, high)
            if brk.outside:
                out.append(brk)
    return tuple(out)


def plan_fairness(plan: Plan, shares: FairShares | None = None) -> PlanFairness:
    """The fairness figures of ``plan`` (fair shares of its roster unless ``shares`` are given)."""
    shares = shares or fair_shares(plan.instance)
    metrics = engineer_metrics(plan, shares)
    bands = _bands(plan, shares)
    excess = {e: m.excess for e, m in metrics.items()}
    return PlanFairness(max(max(excess.values(), default=0.0), 0.0), sum(b.outside for b in bands), bands,
                        {e: m.burden for e, m in metrics.items()}, excess)


def compare(before: Plan, after: Plan, *, shares: FairShares | None = None, top: int = 3) -> Comparison:
    """Fairness of ``before`` and ``after`` (two plans of one instance) and the ``top`` people
    whose burden changed most (largest change first, then by id)."""
    if before.instance is not after.instance and before.instance.roster != after.instance.roster:
        raise ValueError("compare() needs two plans of the same roster")
    shares = shares or fair_shares(after.instance)
    b, a = plan_fairness(before, shares), plan_fairness(after, shares)
    people = sorted(set(b.burden) | set(a.burden))
    movers = [Mover(e, b.burden.get(e, 0.0), a.burden.get(e, 0.0), b.excess.get(e, 0.0), a.excess.get(e, 0.0))
              for e in people]
    movers.sort(key=lambda m: (-round(abs(m.delta), 6), m.engineer))
    was = {(x.engineer, x.rotation): x.outside for x in b.bands}
    now = {(x.engineer, x.rotation): x.outside for x in a.bands}
    broken = tuple(x for x in a.bands if x.outside > was.get((x.engineer, x.rotation), 0))
    mended = tuple(x for x in b.bands if x.outside > now.get((x.engineer, x.rotation), 0))
    return Comparison(b, a, tuple(m for m in movers[:top] if abs(m.delta) > 1e-9), broken, mended)
