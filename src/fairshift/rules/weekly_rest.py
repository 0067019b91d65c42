"""``weekly_rest``: in each ISO week, an unbroken stretch of at least N hours off call.

The week runs from Monday 00:00 to the next Monday 00:00 on the engineer's own clock, and the
rest must lie inside it (EU Working Time Directive, article 5: 24 h plus the 11 h of daily
rest, so ``hours: 35``). Time outside the horizon counts as off call, since nothing is known
of it.

Encoding: an unbroken rest of ``h`` hours inside ``[w0, w1)`` exists exactly when one of the
stretches ``[a, a + h)`` is free, for ``a`` the week's start or the end of one of the
candidate shifts (the left end of a longest free stretch is one of these), so each candidate
start gets a flag that forbids every shift overlapping its stretch, and one flag must hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import HOUR, first_of, limit_of, local_days, midnight, next_of

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "weekly_rest"
SUMMARY = "Each local ISO week holds an unbroken rest of rules.weekly_rest.hours off call."


class WeeklyRestLimit(Limit):
    """At least ``hours`` unbroken off call inside each local ISO week (``null``: off)."""

    hours: float | None = Field(default=None, gt=0, le=167)


class WeeklyRest(WeeklyRestLimit, LimitRule):
    """``weekly_rest`` for everyone; ``engineers[].limits.weekly_rest`` overrides."""

    weight: int = Field(default=20, ge=0, le=1000)


def weeks_of(shifts: Iterable[Shift], tz: str) -> dict[date, list[Shift]]:
    """Mondays of the local ISO weeks the shifts touch, with the shifts touching each."""
    out: dict[date, list[Shift]] = {}
    for s in shifts:
        for monday in sorted({first_of(d, "week") for d in local_days(s.start, s.end, tz)}):
            out.setdefault(monday, []).append(s)
    return out


def week_bounds(monday: date, tz: str) -> tuple[datetime, datetime]:
    return midnight(monday, tz), midnight(next_of(monday, "week"), tz)


def longest_rest(busy: Iterable[tuple[datetime, datetime]], lo: datetime, hi: datetime) -> int:
    """Seconds of the longest stretch of ``[lo, hi)`` outside every interval of ``busy``."""
    best, free_from = 0, lo
    for start, end in sorted(busy):
        if start > free_from:
            best = max(best, int((min(start, hi) - free_from).total_seconds()))
        free_from = max(free_from, end)
        if free_from >= hi:
            return best
    return max(best, int((hi - free_from).total_seconds()))


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        limit: WeeklyRest = limit_of(inst.roster, e, ID)
        if limit.hours is None:
            continue
        need = round(limit.hours * HOUR)
        tz = inst.engineer(e).timezone
        for monday, shifts in sorted(weeks_of([s for s, _ in items], tz).items()):
            lo, hi = week_bounds(monday, tz)
            rest = longest_rest(((s.start, s.end) for s in shifts), lo, hi)
            if rest < need:
                out.append(Violation(ID, limit.hard, f"{e} has at most {rest / HOUR:g} h off call in "
                                     f"the week of {monday.isoformat()}; needs {limit.hours:g} h",
                                     1.0, (e,)))
    return out


def _stretches(shifts: list[Shift], lo: datetime, hi: datetime, need: timedelta) -> list[list[Shift]] | None:
    """For each candidate rest ``[a, a + need)`` in ``[lo, hi)``, the shifts overlapping it;
    None when one of them overlaps no shift at all (the week always has its rest)."""
    starts = sorted({lo, *(s.end for s in shifts if lo < s.end and s.end + need <= hi)})
    out = []
    for a in starts:
        if a + need > hi:
            continue
        blockers = [s for s in shifts if s.start < a + need and a < s.end]
        if not blockers:
            return None
        out.append(blockers)
    return out


def encode(enc: Encoding) -> None:
    """One of the week's candidate rests is free of held shifts (see the module docs)."""
    for e in enc.engineers():
        limit: WeeklyRest = limit_of(enc.instance.roster, e, ID)
        if limit.hours is None:
            continue
        need = timedelta(seconds=round(limit.hours * HOUR))
        tz = enc.instance.engineer(e).timezone
        for monday, shifts in sorted(weeks_of(enc.candidate_shifts(e), tz).items()):
            lo, hi = week_bounds(monday, tz)
            stretches = _stretches(shifts, lo, hi, need)
            if stretches is None:
                continue
            subject = f"{e}|{monday.isoformat()}"
            free = []
            for i, blockers in enumerate(stretches):
                y = enc.new_bool(f"{ID}|{subject}|{i}")
                for s in blockers:
                    enc.model.add(y + enc.holds(e, s) <= 1)
                free.append(y)
            if limit.hard:
                enc.require(ID, subject, enc.model.add(sum(free) >= 1))
                continue
            missing = enc.new_bool(f"{ID}|{subject}")
            enc.model.add(sum(free) + missing >= 1)
            enc.penalize(ID, missing.name, missing)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    limit: Any = limit_of(inst.roster, subject[0], ID)
    return (f"{subject[0]} needs {limit.hours:g} h off call in a row in the week of {subject[1]} "
            "(their own clock)")


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=WeeklyRest, explain=explain, per_engineer=True)
