"""``max_shifts``: a per-engineer cap on shifts over the horizon."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "max_shifts"
SUMMARY = "No engineer holds more shifts than their cap (engineer's max_shifts or rules default)."


class MaxShifts(Frozen):
    """A cap on shifts per engineer over the horizon (``null``: no cap). Engineers may override."""

    default: int | None = Field(default=None, ge=0)


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


def encode(enc: Encoding) -> None:
    """At most the cap of seats over the horizon."""
    for e in enc.engineers():
        cap = enc.instance.max_shifts(e)
        if cap is not None:
            total = sum(enc.holds(e, s) for s in enc.candidate_shifts(e))
            enc.require("max_shifts", e, enc.model.add(total <= cap))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[0]} may take at most {inst.max_shifts(subject[0])} shifts"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxShifts, explain=explain, per_engineer=True)
