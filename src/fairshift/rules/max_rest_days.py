"""``max_rest_days``: on call on the weekly rest day at most N times a calendar month.

The weekly rest day (``day``, Sunday unless set) and the month are the engineer's own (their
zone); a rest day counts when any shift of theirs touches it, however briefly.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import Term, cap, first_of, limit_of, local_days, period_label
from fairshift.time.timeparse import WEEKDAYS

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "max_rest_days"
SUMMARY = "No engineer is on call on their weekly rest day more than rules.max_rest_days.count times a month."

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class MaxRestDaysLimit(Limit):
    """At most ``count`` of the engineer's local weekly rest days (``day``) on call per local
    calendar month (``null``: no cap)."""

    count: int | None = Field(default=None, ge=0, le=5)
    day: Weekday = Field(default="sun", description="The weekly rest day, on the engineer's clock")


class MaxRestDays(MaxRestDaysLimit, LimitRule):
    """``max_rest_days`` for everyone; ``engineers[].limits.max_rest_days`` overrides."""

    weight: int = Field(default=10, ge=0, le=1000)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        limit: MaxRestDays = limit_of(inst.roster, e, ID)
        if limit.count is None:
            continue
        rest = WEEKDAYS.index(limit.day)
        tz = inst.engineer(e).timezone
        days = {d for s, _ in items for d in local_days(s.start, s.end, tz) if d.weekday() == rest}
        months: dict[date, int] = {}
        for d in days:
            months[first_of(d, "month")] = months.get(first_of(d, "month"), 0) + 1
        out.extend(Violation(ID, limit.hard, f"{e} is on call on {n} {DAY_NAMES[rest]}s in "
                             f"{period_label(m, 'month')}; the cap is {limit.count}",
                             float(n - limit.count), (e,))
                   for m, n in sorted(months.items()) if n > limit.count)
    return out


def encode(enc: Encoding) -> None:
    """A flag per rest day touched by a candidate shift; per month at most the cap of flags."""
    for e in enc.engineers():
        limit: MaxRestDays = limit_of(enc.instance.roster, e, ID)
        if limit.count is None:
            continue
        rest = WEEKDAYS.index(limit.day)
        months: dict[date, list[Term]] = {}
        for d, seats in sorted(enc.day_flags(e).items()):
            if d.weekday() == rest:
                flag = enc.flag(f"{ID}|{e}|{d.isoformat()}", seats)
                months.setdefault(first_of(d, "month"), []).append((1, flag))
        for m, terms in sorted(months.items()):
            cap(enc, ID, f"{e}|{m.isoformat()}", terms, limit.count, 1, hard=limit.hard)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    limit: Any = limit_of(inst.roster, subject[0], ID)
    month = period_label(date.fromisoformat(subject[1]), "month")
    day = DAY_NAMES[WEEKDAYS.index(limit.day)]
    return f"{subject[0]} may be on call on at most {limit.count} {day}s in {month} (their own clock)"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxRestDays, explain=explain, per_engineer=True)
