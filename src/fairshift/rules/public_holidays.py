"""``public_holidays``: with mode ``avoid``, nobody is on call on their own public holiday.

With ``weigh`` (the default) holiday hours add burden (see :mod:`fairshift.domain.burden`) and with
``ignore`` they are ordinary hours; neither is a violation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "public_holidays"
SUMMARY = "With mode avoid, no one holds a shift touching their own public holiday."


class PublicHolidays(Frozen):
    """``avoid``: never on call on one's own public holiday (hard); ``weigh``: counts extra
    burden (default); ``ignore``: holidays are ordinary days."""

    mode: Literal["avoid", "weigh", "ignore"] = "weigh"


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


def encode(enc: Encoding) -> None:
    """With mode avoid, nobody holds a shift touching their own public holiday."""
    if enc.instance.roster.rules.public_holidays.mode != "avoid":
        return
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            days = enc.instance.holidays(e, shift)
            for var in enc.seats(e, shift) if days else ():
                enc.require("public_holidays", f"{e}|{days[0].isoformat()}", enc.model.add(var == 0))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[1]} is a public holiday for {subject[0]} (mode avoid)"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=PublicHolidays, explain=explain, per_engineer=True)
