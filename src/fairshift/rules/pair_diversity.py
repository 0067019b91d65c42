"""``pair_diversity`` (soft): the people who share a shift vary, so knowledge spreads.

For every rotation with two or more seats, each pair of engineers who share a shift more
than once counts 1 per repeat.
"""

from __future__ import annotations

from itertools import combinations

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "pair_diversity"
KIND = "soft"
SUMMARY = "Pairs of engineers sharing a shift do not repeat within a rotation."


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        if rot.seats < 2:
            continue
        together: dict[tuple[str, str], int] = {}
        for s in inst.shifts[rot.id]:
            for pair in combinations(sorted(set(plan.engineers(s))), 2):
                together[pair] = together.get(pair, 0) + 1
        for (a, b), n in sorted(together.items()):
            if n > 1:
                out.append(Violation(ID, False, f"{a} and {b} share {n} shifts of {rot.id}",
                                     float(n - 1), (a, b), None, rot.id))
    return out
