"""``min_rest``: at least N hours between the end of one shift and the start of the next."""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "min_rest"
KIND = "hard"
SUMMARY = "At least rules.min_rest.hours between the end of a shift and the next one's start."


def check(plan: Plan) -> list[Violation]:
    need = plan.instance.roster.rules.min_rest.hours
    out: list[Violation] = []
    if need <= 0:
        return out
    for e, items in sorted(plan.by_engineer.items()):
        for i, (a, _) in enumerate(items):
            for b, _ in items[i + 1:]:
                gap = (b.start - a.end).total_seconds() / 3600
                if gap >= need:
                    break
                if gap >= 0:
                    out.append(Violation(
                        ID, True, f"{e} rests {gap:g} h between {a} and {b}; needs {need:g} h",
                        need - gap, (e,), b.key, b.rotation))
    return out
