"""``spacing`` (soft): a person's shifts of a rotation are spread over the horizon.

In every window of ``W = max(2, pool // (2 * seats))`` consecutive shifts of a rotation, an
engineer should hold at most one; each extra shift in a window counts 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, SoftRule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Plan
    from fairshift.solver.model import Encoding

ID = "spacing"
SUMMARY = "An engineer holds at most one shift in any short window of a rotation's shifts."


class Spacing(SoftRule):
    """Weight of each extra shift within a spacing window."""


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        shifts = inst.shifts[rot.id]
        width = inst.spacing_window(rot)
        held = [set(plan.engineers(s)) for s in shifts]
        for i in range(len(shifts) - width + 1):
            counts: dict[str, int] = {}
            for names in held[i:i + width]:
                for e in names:
                    counts[e] = counts.get(e, 0) + 1
            for e, n in sorted(counts.items()):
                if n > 1:
                    out.append(Violation(ID, False, f"{e} holds {n} of the {width} shifts from "
                                         f"{shifts[i]}", float(n - 1), (e,), shifts[i].key, rot.id))
    return out


def encode(enc: Encoding) -> None:
    """Shifts beyond the first within each window of a rotation's shifts."""
    for rot in enc.rotation_objs():
        shifts = enc.instance.shifts[rot.id]
        width = enc.instance.spacing_window(rot)
        for e in enc.pool(rot.id):
            for i in range(len(shifts) - width + 1):
                held = sum(enc.holds(e, s) for s in shifts[i:i + width])
                t = enc.new_int(0, width - 1, f"spacing|{e}|{shifts[i].key}")
                enc.model.add(t >= held - 1)
                enc.penalize("spacing", t.name, t)


RULE = Rule(ID, "soft", SUMMARY, check, encode, settings=Spacing)
