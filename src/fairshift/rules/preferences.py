"""``preferences`` (soft): days or weekdays an engineer would rather not be on call.

Each assignment touching one of the engineer's ``preferences.avoid`` dates or
``avoid_weekdays`` (local) counts 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.rules.base import Rule, SoftRule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Plan
    from fairshift.solver.model import Encoding

ID = "preferences"
SUMMARY = "Engineers are not on call on the local days or weekdays they asked to avoid."


class PreferencesRule(SoftRule):
    """Weight of each seat on a day the engineer asked to avoid."""

    weight: int = Field(default=4, ge=0, le=1000)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for shift, _role, e in plan.assignments():
        if e in inst.roster.engineers_by_id and inst.avoided(e, shift):
            out.append(Violation(ID, False, f"{shift}: {e} asked not to be on call then",
                                 1.0, (e,), shift.key, shift.rotation))
    return out


def encode(enc: Encoding) -> None:
    """Seats on local days or weekdays the engineer asked to avoid."""
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            if enc.instance.avoided(e, shift):
                enc.penalize("preferences", f"preferences|{e}|{shift.key}", enc.holds(e, shift))


RULE = Rule(ID, "soft", SUMMARY, check, encode, settings=PreferencesRule)
