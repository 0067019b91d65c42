"""``average_week``: on call at most N hours a week on average over each reference period.

Reference periods are runs of ``weeks * 7`` local days on the engineer's own clock, one starting
on every day of the horizon, that lie inside the horizon: in each, the hours on call are at
most ``hours * weeks`` (EU Working Time Directive, articles 6 and 16: 48 h over at most four
months, so ``{hours: 48, weeks: 17}``). A horizon shorter than one period is one period of its
own length, ``hours * days / 7``: a horizon that keeps the average keeps it in any longer period
that the next horizon keeps it in too.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import HOUR, DayTerm, day_seconds, limit_of, rolling, up_hours, worst_cap

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.roster import Roster
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "average_week"
SUMMARY = "No engineer averages more than rules.average_week.hours on call a week over a reference period."


class AverageWeekLimit(Limit):
    """At most ``hours`` a week on call, averaged over ``weeks`` (``hours: null``: off)."""

    hours: float | None = Field(default=None, ge=0, le=168)
    weeks: int = Field(default=17, ge=1, le=104, description="Weeks in a reference period")


class AverageWeek(AverageWeekLimit, LimitRule):
    """``average_week`` for everyone; ``engineers[].limits.average_week`` overrides."""


def period(roster: Roster, limit: AverageWeek) -> tuple[int, int]:
    """(days in a reference period, its cap in seconds) for this horizon."""
    assert limit.hours is not None
    days = min(limit.weeks * 7, roster.horizon.days)
    return days, round(limit.hours * HOUR * days / 7)


def _per_day(roster: Roster, shifts: list[Shift], tz: str) -> dict[date, list[tuple[int, Shift]]]:
    """Seconds of each shift per local day of the horizon."""
    out: dict[date, list[tuple[int, Shift]]] = {}
    for s in shifts:
        for d, secs in day_seconds(s.start, s.end, tz):
            if roster.horizon.start <= d < roster.horizon.end and secs:
                out.setdefault(d, []).append((secs, s))
    return out


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    roster = inst.roster
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in roster.engineers_by_id:
            continue
        limit: AverageWeek = limit_of(roster, e, ID)
        if limit.hours is None:
            continue
        days, most = period(roster, limit)
        per_day = {d: sum(x for x, _ in v) for d, v in
                   _per_day(roster, [s for s, _ in items], inst.engineer(e).timezone).items()}
        last = roster.horizon.end - timedelta(days=days)
        sums = {d: sum(per_day.get(d + timedelta(days=k), 0) for k in range(days))
                for d in (min(max(x, roster.horizon.start), last) for x in per_day)}
        first = max(sorted(sums), key=lambda d: sums[d], default=None)
        if first is not None and sums[first] > most:
            out.append(Violation(ID, limit.hard, f"{e} is on call {sums[first] / HOUR:g} h in the {days} "
                                 f"days from {first.isoformat()}, {sums[first] * 7 / days / HOUR:.1f} h a "
                                 f"week; the average may be {limit.hours:g} h ({most / HOUR:g} h)",
                                 float(up_hours(sums[first] - most)), (e,)))
    return out


def encode(enc: Encoding) -> None:
    """Every reference period's on-call seconds at most its cap."""
    roster = enc.instance.roster
    for e in enc.engineers():
        limit: AverageWeek = limit_of(roster, e, ID)
        if limit.hours is None:
            continue
        days, most = period(roster, limit)
        tz = enc.instance.engineer(e).timezone
        holds = {(s.rotation, s.start): enc.holds(e, s) for s in enc.candidate_shifts(e)}
        per_day: dict[date, list[DayTerm]] = {
            d: [(secs, (s.rotation, s.start), holds[(s.rotation, s.start)]) for secs, s in held]
            for d, held in _per_day(roster, enc.candidate_shifts(e), tz).items()}
        # periods must lie inside the horizon: pad the first and last day so the runs start at
        # the horizon's first day and end at its last
        for edge in (roster.horizon.start, roster.horizon.end - timedelta(days=1)):
            per_day.setdefault(edge, [])
        windows = [(f"{d.isoformat()}", expr, top)
                   for d, expr, top in rolling(enc, f"{ID}|{e}|week", per_day, days)]
        worst_cap(enc, ID, e, windows, most, HOUR, hard=limit.hard)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    limit: Any = limit_of(inst.roster, subject[0], ID)
    days, _ = period(inst.roster, limit)
    return (f"{subject[0]} may average at most {limit.hours:g} h a week on call over the {days} days "
            f"from {subject[1]} (their own clock)")


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=AverageWeek, explain=explain, per_engineer=True)
