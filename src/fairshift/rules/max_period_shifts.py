"""``max_period_shifts``: shifts per calendar month, per ISO week and per rolling run of N days.

A shift counts in the month, week or day of its start on the engineer's own clock (their zone),
once, whichever rotation it belongs to. Hard by default; ``mode: soft`` makes each shift over a cost.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import (
    DayTerm,
    Period,
    Term,
    cap,
    first_of,
    limit_of,
    period_label,
    rolling,
    worst_cap,
)
from fairshift.time.tz import zone

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "max_period_shifts"
SUMMARY = "No engineer starts more shifts than capped per local month, ISO week or rolling run of days."
PERIODS: tuple[Period, ...] = ("month", "week")


class RollingShifts(Frozen):
    """At most ``shifts`` starting in any ``days`` consecutive local days."""

    days: int = Field(ge=1, le=366)
    shifts: int = Field(ge=0)


class MaxPeriodShiftsLimit(Limit):
    """Caps on shifts by their local start (``null``: no cap), on the engineer's own clock."""

    month: int | None = Field(default=None, ge=0, description="Shifts per calendar month")
    week: int | None = Field(default=None, ge=0, description="Shifts per ISO week (Mon-Sun)")
    rolling: RollingShifts | None = None


class MaxPeriodShifts(MaxPeriodShiftsLimit, LimitRule):
    """``max_period_shifts`` for everyone; ``engineers[].limits.max_period_shifts`` overrides."""

    weight: int = Field(default=10, ge=0, le=1000)


def start_day(shift: Shift, tz: str) -> date:
    """The local date ``shift`` starts on, in ``tz``."""
    return shift.start.astimezone(zone(tz)).date()


def _violation(e: str, limit: MaxPeriodShifts, what: str, held: int, most: int) -> Violation:
    return Violation(ID, limit.hard, f"{e} starts {held} shifts in {what}; the cap is {most}",
                     float(held - most), (e,))


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        limit: MaxPeriodShifts = limit_of(inst.roster, e, ID)
        starts = [start_day(s, inst.engineer(e).timezone) for s, _ in items]
        for per in PERIODS:
            most = getattr(limit, per)
            if most is None:
                continue
            counts: dict[date, int] = {}
            for d in starts:
                counts[first_of(d, per)] = counts.get(first_of(d, per), 0) + 1
            out.extend(_violation(e, limit, period_label(f, per), n, most)
                       for f, n in sorted(counts.items()) if n > most)
        if limit.rolling is not None and starts:
            days = limit.rolling.days
            sums = {d: sum(1 for x in starts if d <= x < d + timedelta(days=days)) for d in set(starts)}
            first = max(sorted(sums), key=lambda d: sums[d])
            if sums[first] > limit.rolling.shifts:
                out.append(_violation(e, limit, f"the {days} days from {first.isoformat()}", sums[first],
                                      limit.rolling.shifts))
    return out


def encode(enc: Encoding) -> None:
    """Per window, the seats of shifts starting in it at most the cap."""
    for e in enc.engineers():
        limit: MaxPeriodShifts = limit_of(enc.instance.roster, e, ID)
        tz = enc.instance.engineer(e).timezone
        per_day: dict[date, list[DayTerm]] = {}
        for s in enc.candidate_shifts(e):
            per_day.setdefault(start_day(s, tz), []).append((1, (s.rotation, s.start), enc.holds(e, s)))
        for per in PERIODS:
            most = getattr(limit, per)
            if most is None:
                continue
            windows: dict[date, list[Term]] = {}
            for d, day in per_day.items():
                windows.setdefault(first_of(d, per), []).extend((c, x) for c, _, x in day)
            for first, terms in sorted(windows.items()):
                cap(enc, ID, f"{e}|{per}|{first.isoformat()}", terms, most, 1, hard=limit.hard)
        if limit.rolling is not None:
            runs = rolling(enc, f"{ID}|{e}|week", per_day, limit.rolling.days)
            labelled = [(f"rolling|{d.isoformat()}", expr, most) for d, expr, most in runs]
            worst_cap(enc, ID, e, labelled, limit.rolling.shifts, 1, hard=limit.hard)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    e, per, first = subject[0], subject[1], date.fromisoformat(subject[2])
    limit: Any = limit_of(inst.roster, e, ID)
    if per == "rolling":
        return (f"{e} may start at most {limit.rolling.shifts} shifts in any {limit.rolling.days} "
                f"days (from {first.isoformat()}, their own clock)")
    period: Period = "month" if per == "month" else "week"
    return (f"{e} may start at most {getattr(limit, per)} shifts in {period_label(first, period)} "
            "(their own clock)")


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxPeriodShifts, explain=explain, per_engineer=True)
