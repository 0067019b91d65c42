"""What the benchmark tables report about one schedule, whoever made it (issue #12).

All figures are measured on the schedule itself (re-read from its JSON), never taken from the
method that made it:

* **hard violations**: :func:`fairshift.validate`;
* **largest excess / shortfall**: the largest ``burden - fair share`` above and below 0, with the
  relative fair shares of docs/fairness.md (:func:`fairshift.domain.fairness.engineer_metrics`);
* **spreads per pool**, for weekend days (distinct local Saturdays and Sundays touched by one's
  seats of the rotation), night hours and own-holiday hours (of those seats, on one's own clock):
  over the members of the rotation's pool who are available for at least one of its shifts, the
  largest value minus the smallest, **raw** and **per availability**, i.e. each value scaled by
  ``mean availability / own availability`` (``v[e] * ā / a[e,r]``, as the balance stage of
  docs/fairness.md compares them); each column is the widest pool of the roster;
* **daylight share** (follow-the-sun rotations only, see :func:`daylight`);
* **seat spread** and **max |seats − fair|** per pool (required seats: an optional shadow seat is
  not part of the fair count); off-hours total and worst.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import fairshift
from fairshift.domain.fairness import FairShares, engineer_metrics, fair_shares, held_seats
from fairshift.domain.shifts import Shift
from fairshift.time.tz import wall_clock, zone

__all__ = ["DAY", "Daylight", "daylight", "daylight_hours", "evaluate", "follow_the_sun", "spreads"]

#: the local hours that count as daylight for the follow-the-sun share
DAY = (time(7, 0), time(22, 0))
CATEGORIES = ("weekend_days", "night_hours", "holiday_hours")


def evaluate(roster: fairshift.Roster, schedule: fairshift.Schedule) -> dict[str, Any]:
    """Everything the tables report about ``schedule`` (see the module docs)."""
    report = fairshift.validate(roster, schedule)
    inst = fairshift.Instance(roster)
    plan = fairshift.Plan.from_schedule(inst, schedule)
    shares = fair_shares(inst)
    metrics = engineer_metrics(plan, shares)
    out: dict[str, Any] = {
        "hard": len(report.hard),
        "hard_by_rule": dict(Counter(v.rule for v in report.hard).most_common()),
    }
    top = max(metrics.items(), key=lambda kv: kv[1].excess)
    low = min(metrics.items(), key=lambda kv: kv[1].excess)
    out.update(max_excess=max(top[1].excess, 0.0), max_excess_who=top[0],
               max_shortfall=max(-low[1].excess, 0.0), max_shortfall_who=low[0])
    out.update(spreads(inst, plan, shares))
    off = max(metrics.items(), key=lambda kv: kv[1].off_hours)
    out.update(off_total=sum(m.off_hours for m in metrics.values()), off_worst=off[1].off_hours,
               off_worst_who=off[0])
    sun = daylight(inst, plan)
    out["daylight"] = None if sun is None else sun.as_dict()
    return out


def spreads(inst: fairshift.Instance, plan: fairshift.Plan, shares: FairShares) -> dict[str, Any]:
    """Per-pool spreads (see the module docs): the widest pool for each figure, and which."""
    out: dict[str, Any] = {f"{c}_{k}": 0.0 for c in (*CATEGORIES, "seat") for k in ("raw", "scaled")}
    out["seat_dev"] = 0.0
    worst: dict[str, str] = {}
    for rot in inst.roster.rotations:
        pool = [e for e in inst.eligible(rot) if shares.availability.get((e, rot.id), 0) > 0]
        if not pool:
            continue
        values = _values(inst, plan, rot.id, pool)
        mean = shares.totals[rot.id] / len(pool)
        for name, per in values.items():
            raw = max(per.values()) - min(per.values())
            scaled = [v * mean / shares.availability[(e, rot.id)] for e, v in per.items()]
            for kind, x in (("raw", raw), ("scaled", max(scaled) - min(scaled))):
                if x > out[f"{name}_{kind}"] + 1e-9:
                    out[f"{name}_{kind}"], worst[f"{name}_{kind}"] = x, rot.id
        dev = max(abs(values["seat"][e] - shares.counts.get((e, rot.id), 0.0)) for e in pool)
        if dev > out["seat_dev"]:
            out["seat_dev"], worst["seat_dev"] = dev, rot.id
    out["worst_pools"] = worst
    return out


def _values(inst: fairshift.Instance, plan: fairshift.Plan, rid: str,
            pool: list[str]) -> dict[str, dict[str, float]]:
    held = held_seats(plan, inst.rotation(rid))
    seats = {e: float(held[e]) for e in pool}
    weekend: dict[str, set[date]] = {e: set() for e in pool}
    night = dict.fromkeys(pool, 0.0)
    holiday = dict.fromkeys(pool, 0.0)
    for shift in inst.shifts[rid]:
        for e in plan.engineers(shift):
            if e not in seats:
                continue
            weekend[e].update(d for d in inst.days(e, shift) if d.weekday() >= 5)
            load = inst.load(e, shift)
            night[e] += load.night
            holiday[e] += load.holiday
    return {"seat": seats, "weekend_days": {e: float(len(d)) for e, d in weekend.items()},
            "night_hours": night, "holiday_hours": holiday}


# --------------------------------------------------------------------------- follow the sun

def follow_the_sun(inst: fairshift.Instance) -> list[str]:
    """Rotations handed over at least twice a day whose pool spans at least two time zones."""
    return [rot.id for rot in inst.roster.rotations
            if rot.weeks is None and len(rot.handoff_times) >= 2
            and len({inst.engineer(e).timezone for e in inst.eligible(rot)}) >= 2]


def daylight_hours(shift: Shift, tz: str) -> float:
    """Hours of ``shift`` inside 07:00-22:00 on the local clock of ``tz`` (DST-exact)."""
    total = 0.0
    day = shift.start.astimezone(zone(tz)).date()
    last = shift.end.astimezone(zone(tz)).date()
    while day <= last:
        lo, hi = wall_clock(day, DAY[0], tz), wall_clock(day, DAY[1], tz)
        total += max((min(hi, shift.end) - max(lo, shift.start)).total_seconds(), 0.0) / 3600
        day += timedelta(days=1)
    return total


@dataclass(frozen=True)
class Daylight:
    """Seats of follow-the-sun shifts held on the daylight side (see :func:`daylight`)."""

    seats: int  # seats counted
    daylight: int  # of those, held by someone whose daylight side it is
    holidays: int  # seats not counted: the daylight side has a public holiday
    no_side: int  # seats not counted: nobody of the daylight side is available (or there is none)

    @property
    def share(self) -> float | None:
        return self.daylight / self.seats if self.seats else None

    def as_dict(self) -> dict[str, Any]:
        return {"seats": self.seats, "daylight": self.daylight, "holidays": self.holidays,
                "no_side": self.no_side, "share": self.share}


def daylight(inst: fairshift.Instance, plan: fairshift.Plan) -> Daylight | None:
    """The share of follow-the-sun seats held on the daylight side; None without such rotations.

    A pool member is on the **daylight side** of a shift when more than half of the shift's hours
    fall inside 07:00-22:00 on their own clock. A seat counts as daylight when its holder is on
    the daylight side. Seats are **excepted** (not counted either way) when the shift touches a
    public holiday of someone on its daylight side (their own calendar), or when nobody on the
    daylight side is available for it (unavailability; or there is no daylight side at all).
    """
    rids = follow_the_sun(inst)
    if not rids:
        return None
    seats = day = holidays = no_side = 0
    for rid in rids:
        pool = inst.eligible(inst.rotation(rid))
        for shift in inst.shifts[rid]:
            holders = plan.engineers(shift)
            side = [e for e in pool if daylight_hours(shift, inst.engineer(e).timezone) > shift.hours / 2]
            if any(inst.holidays(e, shift) for e in side):
                holidays += len(holders)
            elif not any(inst.available(e, shift) for e in side):
                no_side += len(holders)
            else:
                seats += len(holders)
                day += sum(1 for e in holders if e in side)
    return Daylight(seats, day, holidays, no_side)
