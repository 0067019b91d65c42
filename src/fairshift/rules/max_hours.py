"""``max_hours``: hours on call per calendar month, per ISO week and per rolling run of N days.

Months, weeks and days are the engineer's own (their zone); a shift counts in a window with the
hours of it that fall inside the window, so a weekly shift from Monday 26 April counts partly in
April and partly in May. Hard by default; ``mode: soft`` makes each hour over a cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import (
    HOUR,
    DayTerm,
    Period,
    Term,
    cap,
    day_seconds,
    limit_of,
    period_label,
    period_seconds,
    rolling,
    up_hours,
    worst_cap,
)

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "max_hours"
SUMMARY = "No engineer is on call more hours than capped per local month, ISO week or rolling run of days."
PERIODS: tuple[Period, ...] = ("month", "week")


class RollingHours(Frozen):
    """At most ``hours`` on call in any ``days`` consecutive local days."""

    days: int = Field(ge=1, le=366)
    hours: float = Field(ge=0, le=24 * 366)


class MaxHoursLimit(Limit):
    """Caps on hours on call (``null``: no cap), on the engineer's own clock."""

    month: float | None = Field(default=None, ge=0, le=24 * 31, description="Hours per calendar month")
    week: float | None = Field(default=None, ge=0, le=24 * 7, description="Hours per ISO week (Mon-Sun)")
    rolling: RollingHours | None = None


class MaxHours(MaxHoursLimit, LimitRule):
    """``max_hours`` for everyone; ``engineers[].limits.max_hours`` overrides field by field."""


def _seconds(hours: float) -> int:
    return round(hours * HOUR)


def _windows(shifts: Iterable[Shift], tz: str, per: Period) -> dict[date, list[tuple[int, Shift]]]:
    out: dict[date, list[tuple[int, Shift]]] = {}
    for s in shifts:
        for first, secs in period_seconds(s.start, s.end, tz, per):
            if secs:
                out.setdefault(first, []).append((secs, s))
    return out


def _violation(e: str, limit: MaxHours, what: str, held: int, most: int) -> Violation:
    return Violation(ID, limit.hard, f"{e} is on call {held / HOUR:g} h in {what}; the cap is "
                     f"{most / HOUR:g} h", float(up_hours(held - most)), (e,))


def _rolling_check(e: str, limit: MaxHours, shifts: list[Shift], tz: str) -> Violation | None:
    assert limit.rolling is not None
    per_day: dict[date, int] = {}
    for s in shifts:
        for d, secs in day_seconds(s.start, s.end, tz):
            per_day[d] = per_day.get(d, 0) + secs
    days, most = limit.rolling.days, _seconds(limit.rolling.hours)
    sums = {d: sum(per_day.get(d + timedelta(days=k), 0) for k in range(days)) for d in per_day}
    first = max(sums, key=lambda d: (sums[d], -d.toordinal()), default=None)
    if first is None or sums[first] <= most:
        return None
    return _violation(e, limit, f"the {days} days from {first.isoformat()}", sums[first], most)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        limit: MaxHours = limit_of(inst.roster, e, ID)
        tz = inst.engineer(e).timezone
        shifts = [s for s, _ in items]
        for per in PERIODS:
            cap_hours = getattr(limit, per)
            if cap_hours is None:
                continue
            for first, held in sorted(_windows(shifts, tz, per).items()):
                total = sum(secs for secs, _ in held)
                if total > _seconds(cap_hours):
                    out.append(_violation(e, limit, period_label(first, per), total, _seconds(cap_hours)))
        if limit.rolling is not None and (v := _rolling_check(e, limit, shifts, tz)) is not None:
            out.append(v)
    return out


def encode(enc: Encoding) -> None:
    """Per window, the on-call seconds inside it at most the cap."""
    for e in enc.engineers():
        limit: MaxHours = limit_of(enc.instance.roster, e, ID)
        if limit.month is None and limit.week is None and limit.rolling is None:
            continue
        tz = enc.instance.engineer(e).timezone
        shifts = enc.candidate_shifts(e)
        for per in PERIODS:
            cap_hours = getattr(limit, per)
            if cap_hours is None:
                continue
            for first, held in sorted(_windows(shifts, tz, per).items()):
                terms: list[Term] = [(secs, enc.holds(e, s)) for secs, s in held]
                cap(enc, ID, f"{e}|{per}|{first.isoformat()}", terms, _seconds(cap_hours), HOUR,
                    hard=limit.hard)
        if limit.rolling is not None:
            per_day: dict[date, list[DayTerm]] = {}
            for s in shifts:
                seat = enc.holds(e, s)
                for d, secs in day_seconds(s.start, s.end, tz):
                    per_day.setdefault(d, []).append((secs, (s.rotation, s.start), seat))
            windows = rolling(enc, f"{ID}|{e}|week", per_day, limit.rolling.days)
            labelled = [(f"rolling|{d.isoformat()}", expr, most) for d, expr, most in windows]
            worst_cap(enc, ID, e, labelled, _seconds(limit.rolling.hours), HOUR, hard=limit.hard)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    e, per, first = subject[0], subject[1], date.fromisoformat(subject[2])
    limit: Any = limit_of(inst.roster, e, ID)
    if per == "rolling":
        return (f"{e} may be on call at most {limit.rolling.hours:g} h in any {limit.rolling.days} "
                f"days (from {first.isoformat()}, their own clock)")
    period: Period = "month" if per == "month" else "week"
    return (f"{e} may be on call at most {getattr(limit, per):g} h in "
            f"{period_label(first, period)} (their own clock)")


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxHours, explain=explain, per_engineer=True)
