"""``coverage``: every shift has exactly the configured number of engineers per role."""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "coverage"
KIND = "hard"
SUMMARY = "Every shift has exactly the configured number of engineers in each role."


def check(plan: Plan) -> list[Violation]:
    out: list[Violation] = []
    for ss in plan.unknown:
        out.append(Violation(ID, True, f"{ss.rotation} {ss.start.isoformat()}: no such shift in "
                             "the roster (wrong rotation or start time)", 1.0, ss.engineers(),
                             None, ss.rotation))
    for rot in plan.instance.roster.rotations:
        for shift in plan.instance.shifts[rot.id]:
            roles = plan.roles(shift)
            for role, need in rot.roles.items():
                have = len(roles.get(role, ()))
                if have != need:
                    out.append(Violation(
                        ID, True, f"{shift}: role {role} has {have} engineer(s), needs {need}",
                        float(abs(have - need)), roles.get(role, ()), shift.key, rot.id))
            for role, names in roles.items():
                if role not in rot.roles:
                    out.append(Violation(ID, True, f"{shift}: {rot.id} has no role {role!r}",
                                         float(len(names)), names, shift.key, rot.id))
            names = plan.engineers(shift)
            for e in sorted({n for n in names if names.count(n) > 1}):
                out.append(Violation(ID, True, f"{shift}: {e} holds {names.count(e)} seats",
                                     float(names.count(e) - 1), (e,), shift.key, rot.id))
    return out
