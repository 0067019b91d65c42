"""``pair_diversity`` (soft): the people who share a shift vary, so knowledge spreads.

For every rotation with two or more seats, each pair of engineers of its pool who share a shift
more than once counts 1 per repeat.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, SoftRule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Plan
    from fairshift.solver.model import Encoding

ID = "pair_diversity"
SUMMARY = "Pairs of engineers sharing a shift do not repeat within a rotation."


class PairDiversity(SoftRule):
    """Weight of each repeat of a pair sharing a shift."""


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for rot in inst.roster.rotations:
        if rot.seats < 2:
            continue
        together: dict[tuple[str, str], int] = {}
        pool = set(inst.pools[rot.id])  # others are eligibility's; and the pairs stay bounded
        for s in inst.shifts[rot.id]:
            for pair in combinations(sorted(pool.intersection(plan.engineers(s))), 2):
                together[pair] = together.get(pair, 0) + 1
        for (a, b), n in sorted(together.items()):
            if n > 1:
                out.append(Violation(ID, False, f"{a} and {b} share {n} shifts of {rot.id}",
                                     float(n - 1), (a, b), None, rot.id))
    return out


def encode(enc: Encoding) -> None:
    """Repeats of the same pair sharing a shift of a rotation."""
    for rot in enc.rotation_objs():
        if rot.seats < 2:
            continue
        shifts = enc.instance.shifts[rot.id]
        pool = list(enc.pool(rot.id))
        for a, b in combinations(sorted(pool), 2):
            together = []
            for s in shifts:
                z = enc.new_bool(f"pair_diversity|{a}+{b}|{s.key}")
                enc.model.add(z >= enc.holds(a, s) + enc.holds(b, s) - 1)
                together.append(z)
            extra = enc.new_int(0, len(shifts), f"pair_diversity|{a}+{b}|{rot.id}")
            enc.model.add(extra >= sum(together) - 1)
            enc.pair_repeats[(rot.id, a, b)] = extra
            enc.penalize("pair_diversity", extra.name, extra)


RULE = Rule(ID, "soft", SUMMARY, check, encode, settings=PairDiversity)
