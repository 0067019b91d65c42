"""``quiet_hours``: no shift of an engineer overlaps their local quiet window ("never page me at night").

The window is a local wall-clock range on the engineer's own clock, ``"22:00-07:00"``, that may
cross midnight and recurs every day. Its boundaries are UTC instants of those wall times on each
local date (a time skipped by DST moves forward by the gap), so a window on a DST night is an
hour shorter or longer. Hard by default (no seat overlaps it at all); with ``mode: soft`` each seat
costs the hours it overlaps, rounded up to whole hours.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import HOUR, limit_of, overlap, up_hours
from fairshift.time.timeparse import parse_clock
from fairshift.time.tz import wall_clock, zone

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.roster import Roster
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "quiet_hours"
SUMMARY = "No engineer holds a shift overlapping their local quiet hours."


def parse_window(value: str) -> tuple[time, time]:
    """``"22:00-07:00"`` to (start, end); the window may cross midnight but not be empty."""
    parts = value.split("-")
    if len(parts) != 2:
        raise ValueError(f'{value!r} is not a window of hours; write it as "22:00-07:00"')
    start, end = (parse_clock(p.strip()) for p in parts)
    if start == end:
        raise ValueError(f"{value!r} is empty; give a start and a different end, e.g. \"22:00-07:00\"")
    return start, end


class QuietHoursLimit(Limit):
    """A daily local window no shift may overlap (``null``: none)."""

    hours: str | None = Field(default=None, description='Local, may cross midnight, e.g. "22:00-07:00"')

    @field_validator("hours")
    @classmethod
    def _window(cls, value: str | None) -> str | None:
        if value is not None:
            parse_window(value)
        return value


class QuietHours(QuietHoursLimit, LimitRule):
    """``quiet_hours`` for everyone; ``engineers[].limits.quiet_hours`` sets each person's own."""

    weight: int = Field(default=2, ge=0, le=1000)


@lru_cache(maxsize=1 << 16)
def quiet_seconds(start: datetime, end: datetime, tz: str, window: str) -> int:
    """Seconds of ``[start, end)`` inside the daily window ``window`` on a clock in ``tz``."""
    begin, finish = parse_window(window)
    zi = zone(tz)
    day = start.astimezone(zi).date() - timedelta(days=1)
    last = end.astimezone(zi).date()
    total = 0
    while day <= last:
        close_day = day + timedelta(days=1) if finish <= begin else day
        total += overlap(start, end, wall_clock(day, begin, tz), wall_clock(close_day, finish, tz))
        day += timedelta(days=1)
    return total


def _seconds(roster: Roster, eid: str, limit: QuietHours, shift: Shift) -> int:
    if limit.hours is None:
        return 0
    return quiet_seconds(shift.start, shift.end, roster.engineer(eid).timezone, limit.hours)


def check(plan: Plan) -> list[Violation]:
    roster = plan.instance.roster
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in roster.engineers_by_id:
            continue
        limit: QuietHours = limit_of(roster, e, ID)
        for shift, _role in items:
            secs = _seconds(roster, e, limit, shift)
            if secs:
                out.append(Violation(ID, limit.hard, f"{shift}: {secs / HOUR:g} h of it fall in {e}'s "
                                     f"quiet hours {limit.hours}", float(up_hours(secs)), (e,),
                                     shift.key, shift.rotation))
    return out


def encode(enc: Encoding) -> None:
    """Seats overlapping the holder's quiet window: forbidden, or their whole hours penalised."""
    roster = enc.instance.roster
    for e in enc.engineers():
        limit: QuietHours = limit_of(roster, e, ID)
        if limit.hours is None:
            continue
        for shift in enc.candidate_shifts(e):
            secs = _seconds(roster, e, limit, shift)
            if not secs:
                continue
            if limit.hard:
                for var in enc.seats(e, shift):
                    enc.require(ID, f"{e}|{shift.key}", enc.model.add(var == 0))
            else:
                enc.penalize(ID, f"{ID}|{e}|{shift.key}", up_hours(secs) * enc.holds(e, shift))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    limit: Any = limit_of(inst.roster, subject[0], ID)
    return f"{subject[0]} has quiet hours {limit.hours} (their own clock), which {subject[1]} overlaps"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=QuietHours, explain=explain, per_engineer=True)
