"""``shadowing``: new engineers shadow before they take any other role.

An engineer marked ``new`` may hold a role other than ``shadow`` only once they have done
``rules.shadowing.shadow_shifts`` shadow shifts (``history.shadow_shifts`` counts, as do
shadow shifts that ended before the shift starts). So whoever holds a primary seat next to a
shadow is always experienced.
"""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "shadowing"
KIND = "hard"
SUMMARY = "New engineers hold only shadow roles until they have done enough shadow shifts."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    need = inst.roster.rules.shadowing.shadow_shifts
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id or not inst.engineer(e).new:
            continue
        done_before = inst.engineer(e).history.shadow_shifts
        shadows = [s for s, role in items if role == "shadow"]
        for shift, role in items:
            if role == "shadow":
                continue
            done = done_before + sum(1 for s in shadows if s.end <= shift.start)
            if done < need:
                out.append(Violation(
                    ID, True, f"{shift}: {e} is new and holds {role} after {done} of "
                    f"{need} shadow shifts", float(need - done), (e,), shift.key, shift.rotation))
    return out
