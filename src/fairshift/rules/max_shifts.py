"""``max_shifts``: a per-engineer cap on shifts over the horizon."""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "max_shifts"
KIND = "hard"
SUMMARY = "No engineer holds more shifts than their cap (engineer's max_shifts or rules default)."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        cap = inst.max_shifts(e)
        if cap is not None and len(items) > cap:
            out.append(Violation(ID, True, f"{e} holds {len(items)} shifts; the cap is {cap}",
                                 float(len(items) - cap), (e,)))
    return out
