"""``public_holidays``: with mode ``avoid``, nobody is on call on their own public holiday.

With ``weigh`` (the default) holiday hours add burden (see :mod:`fairshift.burden`) and with
``ignore`` they are ordinary hours; neither is a violation.
"""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "public_holidays"
KIND = "hard"
SUMMARY = "With mode avoid, no one holds a shift touching their own public holiday."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    if inst.roster.rules.public_holidays.mode != "avoid":
        return out
    for shift, _role, e in plan.assignments():
        if e not in inst.roster.engineers_by_id:
            continue
        days = inst.holidays(e, shift)
        if days:
            name = inst.engineer(e).calendar.name(days[0])
            out.append(Violation(ID, True, f"{shift}: {days[0].isoformat()} is a public holiday "
                                 f"for {e} ({name})", float(len(days)), (e,), shift.key, shift.rotation))
    return out
