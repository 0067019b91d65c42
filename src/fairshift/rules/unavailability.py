"""``unavailability``: never on call during any of one's unavailable local days."""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "unavailability"
KIND = "hard"
SUMMARY = "No one holds a shift that touches one of their unavailable local days."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for shift, _role, e in plan.assignments():
        if e not in inst.roster.engineers_by_id:
            continue
        eng = inst.engineer(e)
        days = [d for d in inst.days(e, shift) if eng.unavailable_on(d) is not None]
        if days:
            why = eng.unavailable_on(days[0])
            assert why is not None
            out.append(Violation(
                ID, True, f"{shift}: {e} is unavailable ({why.reason}) on "
                f"{len(days)} local day(s) from {days[0].isoformat()}",
                float(len(days)), (e,), shift.key, shift.rotation))
    return out
