"""``preferences`` (soft): days or weekdays an engineer would rather not be on call.

Each assignment touching one of the engineer's ``preferences.avoid`` dates or
``avoid_weekdays`` (local) counts 1.
"""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "preferences"
KIND = "soft"
SUMMARY = "Engineers are not on call on the local days or weekdays they asked to avoid."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for shift, _role, e in plan.assignments():
        if e in inst.roster.engineers_by_id and inst.avoided(e, shift):
            out.append(Violation(ID, False, f"{shift}: {e} asked not to be on call then",
                                 1.0, (e,), shift.key, shift.rotation))
    return out
