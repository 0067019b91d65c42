"""``no_back_to_back``: nobody takes two consecutive shifts of the same rotation."""

from __future__ import annotations

import itertools

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "no_back_to_back"
KIND = "hard"
SUMMARY = "No engineer takes two consecutive shifts of one rotation (per-rotation switch)."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        if not inst.back_to_back_forbidden(rot):
            continue
        shifts = inst.shifts[rot.id]
        for a, b in itertools.pairwise(shifts):
            both = sorted(set(plan.engineers(a)) & set(plan.engineers(b)))
            for e in both:
                out.append(Violation(ID, True, f"{e} holds consecutive shifts {a} and {b}",
                                     1.0, (e,), b.key, rot.id))
    return out
