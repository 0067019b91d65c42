"""``no_back_to_back``: nobody takes two consecutive shifts of the same rotation."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "no_back_to_back"
SUMMARY = "No engineer takes two consecutive shifts of one rotation (per-rotation switch)."


class NoBackToBack(Frozen):
    """An engineer does not take two consecutive shifts of the same rotation."""

    enabled: bool = True


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        if not inst.back_to_back_forbidden(rot):
            continue
        shifts = inst.shifts[rot.id]
        for a, b in itertools.pairwise(shifts):
            both = sorted(set(plan.engineers(a)) & set(plan.engineers(b)))
            for e in both:
                out.append(Violation(ID, True, f"{e} holds consecutive shifts {a} and {b}",
                                     1.0, (e,), b.key, rot.id))
    return out


def encode(enc: Encoding) -> None:
    """Consecutive shifts of one rotation never share an engineer."""
    for rot in enc.rotation_objs():
        if not enc.instance.back_to_back_forbidden(rot):
            continue
        shifts = enc.instance.shifts[rot.id]
        for e in enc.pool(rot.id):
            for a, b in itertools.pairwise(shifts):
                ct = enc.model.add(enc.holds(e, a) + enc.holds(e, b) <= 1)
                enc.require("no_back_to_back", f"{rot.id}|{e}", ct)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"nobody takes two consecutive shifts of {subject[0]} ({subject[1]})"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=NoBackToBack, explain=explain, per_engineer=True)
