"""Time windows on an engineer's own clock, shared by the working-time limits.

Calendar months, ISO weeks (Monday 00:00 to Monday 00:00) and local days are read in the
engineer's zone. Their boundaries are UTC instants of local midnights
(:func:`~fairshift.time.tz.wall_clock`), so a day across a DST change lasts 23 or 25 hours and a
month or week one hour less or more; every amount is whole seconds of real time.

The encoding helpers state a limit as a hard constraint (through
:meth:`~fairshift.solver.model.Encoding.require`) or as a soft penalty in whole units of its
magnitude (hours, shifts, days), and sum rolling windows of ``N`` local days (see :func:`rolling`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from fairshift.rules.base import Limit
from fairshift.time.tz import wall_clock, zone

if TYPE_CHECKING:
    from fairshift.domain.roster import Roster
    from fairshift.solver.model import Encoding

__all__ = [
    "HOUR",
    "DayTerm",
    "Period",
    "Term",
    "cap",
    "day_seconds",
    "first_of",
    "limit_of",
    "local_days",
    "midnight",
    "next_of",
    "overlap",
    "period_label",
    "period_seconds",
    "rolling",
    "up_hours",
    "worst_cap",
]

HOUR = 3600
Period = Literal["month", "week"]
#: a weighted term of a sum: (coefficient, 0/1 expression)
Term = tuple[int, Any]
#: a term of one local day: (coefficient, key naming the expression's variable, 0/1 expression)
DayTerm = tuple[int, Hashable, Any]


def midnight(day: date, tz: str) -> datetime:
    """The instant local ``day`` begins in ``tz``."""
    return wall_clock(day, time(0, 0), tz)


def overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> int:
    """Whole seconds that ``[a0, a1)`` and ``[b0, b1)`` share."""
    lo, hi = max(a0, b0), min(a1, b1)
    return max(int((hi - lo).total_seconds()), 0)


def up_hours(seconds: int) -> int:
    """Whole hours, rounded up: the unit of an hours limit's magnitude (30 minutes over count 1)."""
    return -(-seconds // HOUR)


@lru_cache(maxsize=1 << 16)
def local_days(start: datetime, end: datetime, tz: str) -> tuple[date, ...]:
    """Local dates in ``tz`` that ``[start, end)`` touches (its end instant left out)."""
    zi = zone(tz)
    first = start.astimezone(zi).date()
    last = (end - timedelta(microseconds=1)).astimezone(zi).date()
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


def first_of(day: date, per: Period) -> date:
    """The first day of the calendar month or ISO week holding ``day``."""
    return day.replace(day=1) if per == "month" else day - timedelta(days=day.weekday())


def next_of(first: date, per: Period) -> date:
    """The first day of the month or ISO week after the one starting on ``first``."""
    if per == "week":
        return first + timedelta(days=7)
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def period_label(first: date, per: Period) -> str:
    """``2027-03`` for a month, ``week of 2027-03-01`` for an ISO week."""
    return f"{first:%Y-%m}" if per == "month" else f"week of {first.isoformat()}"


@lru_cache(maxsize=1 << 16)
def period_seconds(start: datetime, end: datetime, tz: str, per: Period) -> tuple[tuple[date, int], ...]:
    """For each local month or ISO week that ``[start, end)`` touches: its first day and the
    seconds of ``[start, end)`` inside it."""
    firsts = sorted({first_of(d, per) for d in local_days(start, end, tz)})
    return tuple((f, overlap(start, end, midnight(f, tz), midnight(next_of(f, per), tz))) for f in firsts)


@lru_cache(maxsize=1 << 16)
def day_seconds(start: datetime, end: datetime, tz: str) -> tuple[tuple[date, int], ...]:
    """For each local day that ``[start, end)`` touches: the day and the seconds inside it."""
    return tuple((d, overlap(start, end, midnight(d, tz), midnight(d + timedelta(days=1), tz)))
                 for d in local_days(start, end, tz))


def limit_of(roster: Roster, eid: str, rid: str) -> Any:
    """The settings of rule ``rid`` for engineer ``eid``: the ``rules:`` section's, with the
    fields the engineer's ``limits.<rid>`` sets (those written, even ``null``) in their place."""
    base = getattr(roster.rules, rid)
    own: Limit | None = getattr(roster.engineer(eid).limits, rid, None)
    if own is None or not own.model_fields_set:
        return base
    return base.model_copy(update={k: getattr(own, k) for k in own.model_fields_set})


# --- encoding ------------------------------------------------------------------------------------
def _sum(terms: Iterable[Term]) -> Any:
    items = list(terms)
    return sum(c * x for c, x in items) if items else 0


def cap(enc: Encoding, rule: str, subject: str, terms: Sequence[Term], limit: int, unit: int,
        *, hard: bool) -> None:
    """``sum(terms) <= limit``: required when ``hard``, else a penalty of the whole ``unit`` s
    over the limit, rounded up (``unit * t >= sum - limit``). Nothing when it cannot be broken."""
    most = sum(c for c, _ in terms if c > 0)
    if most <= limit:
        return
    if hard:
        enc.require(rule, subject, enc.model.add(_sum(terms) <= limit))
        return
    over = enc.new_int(0, -(-(most - limit) // unit), f"{rule}|{subject}")
    enc.model.add(unit * over >= _sum(terms) - limit)
    enc.penalize(rule, over.name, over)


def worst_cap(enc: Encoding, rule: str, eid: str, windows: Sequence[tuple[str, Any, int]], limit: int,
              unit: int, *, hard: bool) -> None:
    """Every window ``(label, sum, largest value)`` at most ``limit``: required window by window
    when ``hard`` (subject ``eid|label``), else one penalty per engineer, the whole units by which
    the worst window exceeds the limit (rolling windows overlap: an hour is not counted twice)."""
    over = [(label, expr, most) for label, expr, most in windows if most > limit]
    if not over:
        return
    if hard:
        for label, expr, _ in over:
            enc.require(rule, f"{eid}|{label}", enc.model.add(expr <= limit))
        return
    top = max(most for _, _, most in over)
    worst = enc.new_int(0, -(-(top - limit) // unit), f"{rule}|{eid}|worst")
    for _, expr, _ in over:
        enc.model.add(unit * worst >= expr - limit)
    enc.penalize(rule, worst.name, worst)


def _merged(items: Iterable[DayTerm]) -> list[Term]:
    """Terms of one sum, one per variable (``key``): the coefficients of a shift's days added up."""
    acc: dict[Hashable, list[Any]] = {}
    for c, key, x in items:
        if key in acc:
            acc[key][0] += c
        else:
            acc[key] = [c, x]
    return [(c, x) for c, x in acc.values()]


def rolling(enc: Encoding, name: str, per_day: dict[date, list[DayTerm]],
            days: int) -> list[tuple[date, Any, int]]:
    """Sums over every run of ``days`` local days, as ``(first day, sum, largest value)``.

    ``per_day`` holds, for each local day, terms ``(coefficient, key, 0/1 expression)``; a key
    names the expression's variable (a shift), so a shift's days add up to one term. Runs start
    on each day from the first day with a term until the last run reaching the last such day
    (every other run holds a subset of one of these). A run of up to four weeks (or the only
    run) is summed directly over its shifts; a longer one over whole weeks summed once each (a variable per
    week, ``name|<first day>``) plus the days at its ends, so the model grows with the number of
    runs times ``days / 7``, not ``days``, and each run still sees its own shifts' values as they
    are fixed (a prefix sum over the horizon would not, until every earlier day is fixed)."""
    if not per_day:
        return []
    first, last = min(per_day), max(per_day)
    span = (last - first).days + 1
    day = [per_day.get(first + timedelta(days=i), []) for i in range(span)]
    most = [sum(c for c, _, _ in terms if c > 0) for terms in day]
    runs = [(i, min(i + days, span)) for i in range(max(span - days + 1, 1))]
    if days <= 28 or len(runs) == 1:
        return [(first + timedelta(days=i), _sum(_merged(t for k in range(i, j) for t in day[k])),
                 sum(most[i:j])) for i, j in runs]
    weeks: list[Any] = []
    for w in range(0, span, 7):
        terms = _merged(t for k in range(w, min(w + 7, span)) for t in day[k])
        if not terms:
            weeks.append(0)
            continue
        var = enc.new_int(0, sum(most[w:w + 7]), f"{name}|{first + timedelta(days=w)}")
        enc.model.add(var == _sum(terms))
        weeks.append(var)
    out = []
    for i, j in runs:
        lo, hi = -(-i // 7), j // 7  # the whole weeks inside [i, j)
        edges: list[int] = list(range(i, j)) if lo >= hi else [*range(i, 7 * lo), *range(7 * hi, j)]
        whole = weeks[lo:hi] if lo < hi else []
        expr = _sum(_merged(t for k in edges for t in day[k])) + sum(whole)
        out.append((first + timedelta(days=i), expr, sum(most[i:j])))
    return out
