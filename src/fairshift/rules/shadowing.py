"""``shadowing``: new engineers shadow before they take any other role.

An engineer marked ``new`` may hold a role other than ``shadow`` only once they have done
``rules.shadowing.shadow_shifts`` shadow shifts (``history.shadow_shifts`` counts, as do
shadow shifts that ended before the shift starts). So whoever holds a primary seat next to a
shadow is always experienced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "shadowing"
SUMMARY = "New engineers hold only shadow roles until they have done enough shadow shifts."


class Shadowing(Frozen):
    """New engineers take only ``shadow`` roles until they have done ``shadow_shifts`` of them."""

    shadow_shifts: int = Field(default=2, ge=0)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    need = inst.roster.rules.shadowing.shadow_shifts
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id or not inst.engineer(e).new:
            continue
        done_before = inst.engineer(e).history.shadow_shifts
        shadows = [s for s, role in items if role == "shadow"]
        for shift, role in items:
            if role == "shadow":
                continue
            done = done_before + sum(1 for s in shadows if s.end <= shift.start)
            if done < need:
                out.append(Violation(
                    ID, True, f"{shift}: {e} is new and holds {role} after {done} of "
                    f"{need} shadow shifts", float(need - done), (e,), shift.key, shift.rotation))
    return out


def encode(enc: Encoding) -> None:
    """A new engineer holds a non-shadow role only after enough earlier shadow shifts."""
    need = enc.instance.roster.rules.shadowing.shadow_shifts
    for e in enc.engineers():
        eng = enc.instance.engineer(e)
        if not eng.new:
            continue
        shifts = enc.candidate_shifts(e)
        shadows = [(t, v) for t in shifts if (v := enc.x.get((e, t.rotation, t.start, "shadow")))
                   is not None]
        for s in shifts:
            for role in enc.instance.rotation(s.rotation).roles:
                var = enc.x.get((e, s.rotation, s.start, role))
                if role == "shadow" or var is None:
                    continue
                done = eng.history.shadow_shifts + sum(v for t, v in shadows if t.end <= s.start)
                enc.require("shadowing", f"{e}|{s.key}", enc.model.add(done >= need * var))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[0]} is new and must shadow first (before {subject[1]})"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=Shadowing, explain=explain, per_engineer=True)
