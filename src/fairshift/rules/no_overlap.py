"""``no_overlap``: an engineer never holds two overlapping shifts, across rotations and roles."""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "no_overlap"
KIND = "hard"
SUMMARY = "No engineer holds two shifts (or two roles) whose times overlap."


def check(plan: Plan) -> list[Violation]:
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        for i, (a, ra) in enumerate(items):
            for b, rb in items[i + 1:]:
                if b.start >= a.end:
                    break
                if a.start < b.end and b.start < a.end:
                    hours = (min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 3600
                    what = f"{a} ({ra}) and {b} ({rb})"
                    out.append(Violation(ID, True, f"{e} holds overlapping {what} for {hours:g} h",
                                         hours, (e,), b.key, b.rotation))
    return out
