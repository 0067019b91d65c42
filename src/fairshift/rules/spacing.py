"""``spacing`` (soft): a person's shifts of a rotation are spread over the horizon.

In every window of ``W = max(2, pool // (2 * seats))`` consecutive shifts of a rotation, an
engineer should hold at most one; each extra shift in a window counts 1.
"""

from __future__ import annotations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "spacing"
KIND = "soft"
SUMMARY = "An engineer holds at most one shift in any short window of a rotation's shifts."


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
