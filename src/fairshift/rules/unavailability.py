"""``unavailability``: never on call during any of one's unavailable local days."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "unavailability"
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


def encode(enc: Encoding) -> None:
    """No shift that touches one of the engineer's unavailable local days."""
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            why = enc.instance.unavailable(e, shift)
            if why is not None:
                for var in enc.seats(e, shift):
                    enc.require("unavailability", f"{e}|{why}", enc.model.add(var == 0))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[0]} is unavailable ({subject[1]})"


RULE = Rule(ID, "hard", SUMMARY, check, encode, explain=explain, per_engineer=True)
