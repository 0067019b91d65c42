"""``daytime_handoff`` (soft): handoffs fall inside the working hours of both people.

At each handoff between two consecutive shifts of a rotation, every engineer who hands
over or takes over (in one shift and not the other) and is outside their own working time
at that instant counts 1.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.rules.base import Rule, SoftRule, Violation
from fairshift.time.tz import zone

if TYPE_CHECKING:
    from datetime import datetime

    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "daytime_handoff"
SUMMARY = "Each handoff falls inside the working hours of the outgoing and incoming engineers."


class DaytimeHandoff(SoftRule):
    """Weight of a handoff outside someone's working hours."""

    weight: int = Field(default=2, ge=0, le=1000)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        shifts = inst.shifts[rot.id]
        for a, b in itertools.pairwise(shifts):
            before, after = set(plan.engineers(a)), set(plan.engineers(b))
            for e in sorted(before ^ after):
                # the outgoing engineer hands over when their shift ends, the incoming one takes
                # over when theirs starts (the same instant unless the rotation has gaps)
                at = a.end if e in before else b.start
                if e in inst.roster.engineers_by_id and not inst.working_at(e, at):
                    local = at.astimezone(zone(inst.engineer(e).timezone))
                    out.append(Violation(ID, False, f"handoff {b} is at {local:%a %H:%M} for {e}, "
                                         f"{_why(inst, e, local)}", 1.0, (e,), b.key, rot.id))
    return out


def _why(inst: Instance, e: str, local: datetime) -> str:
    """Why a local instant is outside ``e``'s working time: a public holiday, a day off, or the hours."""
    eng = inst.engineer(e)
    day = local.date()
    if eng.calendar.is_holiday(day):
        return f"on their public holiday {eng.calendar.name(day) or day.isoformat()}"
    if day.weekday() not in eng.working_weekdays:
        return f"on their day off ({local:%A})"
    return f"outside their working hours ({eng.working_hours})"


def encode(enc: Encoding) -> None:
    """1 for every engineer who hands over (holds a, not b) outside their working time at the end of
    a, or takes over (holds b, not a) outside it at the start of b."""
    inst = enc.instance
    for rot in enc.rotation_objs():
        shifts = inst.shifts[rot.id]
        for a, b in itertools.pairwise(shifts):
            for e in enc.pool(rot.id):
                if e not in inst.roster.engineers_by_id:
                    continue
                leaving, arriving = not inst.working_at(e, a.end), not inst.working_at(e, b.start)
                if not (leaving or arriving):
                    continue
                p = enc.new_bool(f"daytime_handoff|{e}|{b.key}")
                if leaving:
                    enc.model.add(p >= enc.holds(e, a) - enc.holds(e, b))
                if arriving:
                    enc.model.add(p >= enc.holds(e, b) - enc.holds(e, a))
                enc.penalize("daytime_handoff", p.name, p)


RULE = Rule(ID, "soft", SUMMARY, check, encode, settings=DaytimeHandoff)
