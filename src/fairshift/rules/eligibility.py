"""``eligibility``: only pool members who have the rotation's required skills."""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "eligibility"
KIND = "hard"
SUMMARY = "Only members of the rotation's pool with its required skills are assigned."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for shift, _role, e in plan.assignments():
        rot = inst.rotation(shift.rotation)
        if e not in inst.roster.engineers_by_id:
            out.append(Violation(ID, True, f"{shift}: {e!r} is not an engineer of the roster",
                                 1.0, (e,), shift.key, rot.id))
        elif e not in inst.pools[rot.id]:
            out.append(Violation(ID, True, f"{shift}: {e} is not in the pool of {rot.id}",
                                 1.0, (e,), shift.key, rot.id))
        elif not inst.skilled(e, rot):
            missing = sorted(set(rot.requires_skills) - set(inst.engineer(e).skills))
            out.append(Violation(ID, True, f"{shift}: {e} lacks skill(s) {', '.join(missing)}",
                                 float(len(missing)), (e,), shift.key, rot.id))
    return out
