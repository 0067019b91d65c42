"""``min_rest``: at least N hours between the end of one shift and the start of the next."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation
from fairshift.rules.no_overlap import seats_by_shift

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "min_rest"
SUMMARY = "At least rules.min_rest.hours between the end of a shift and the next one's start."


class MinRest(Frozen):
    """At least ``hours`` between the end of one shift of an engineer and the start of the next."""

    hours: float = Field(default=0.0, ge=0, le=24 * 14)


def check(plan: Plan) -> list[Violation]:
    need = plan.instance.roster.rules.min_rest.hours
    out: list[Violation] = []
    if need <= 0:
        return out
    for e, items in sorted(plan.by_engineer.items()):
        shifts = [s for s, _ in seats_by_shift(items)]  # several seats of one shift: no_overlap's
        for i, a in enumerate(shifts):
            for b in shifts[i + 1:]:
                gap = (b.start - a.end).total_seconds() / 3600
                if gap >= need:
                    break
                if gap >= 0:
                    out.append(Violation(
                        ID, True, f"{e} rests {gap:g} h between {a} and {b}; needs {need:g} h",
                        need - gap, (e,), b.key, b.rotation))
    return out


def encode(enc: Encoding) -> None:
    """Two shifts of one engineer with a gap shorter than the minimum rest are exclusive."""
    hours = enc.instance.roster.rules.min_rest.hours
    if hours <= 0:
        return
    need = timedelta(hours=hours)
    for e in enc.engineers():
        shifts = enc.candidate_shifts(e)
        for i, a in enumerate(shifts):
            for b in shifts[i + 1:]:
                if b.start >= a.end + need:
                    break  # sorted by start: every later shift rests long enough
                if b.start >= a.end:
                    both = enc.holds(e, a) + enc.holds(e, b)
                    enc.require("min_rest", f"{e}|{b.key}", enc.model.add(both <= 1))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[0]} needs {inst.roster.rules.min_rest.hours:g} h rest before {subject[1]}"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MinRest, explain=explain, per_engineer=True)
