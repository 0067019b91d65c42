"""``daytime_handoff`` (soft): handoffs fall inside the working hours of both people.

At each handoff between two consecutive shifts of a rotation, every engineer who hands
over or takes over (in one shift and not the other) and is outside their own working time
at that instant counts 1.
"""

from __future__ import annotations

import itertools

from fairshift.instance import Plan
from fairshift.rules.base import Violation
from fairshift.tz import zone

ID = "daytime_handoff"
KIND = "soft"
SUMMARY = "Each handoff falls inside the working hours of the outgoing and incoming engineers."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        shifts = inst.shifts[rot.id]
        for a, b in itertools.pairwise(shifts):
            moving = set(plan.engineers(a)) ^ set(plan.engineers(b))
            for e in sorted(moving):
                if e in inst.roster.engineers_by_id and not inst.working_at(e, b.start):
                    local = b.start.astimezone(zone(inst.engineer(e).timezone))
                    out.append(Violation(ID, False, f"handoff {b} is at {local:%a %H:%M} for {e}, "
                                         "outside their working hours", 1.0, (e,), b.key, rot.id))
    return out
