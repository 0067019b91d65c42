"""``eligibility``: only pool members who have the rotation's required skills."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "eligibility"
SUMMARY = "Only members of the rotation's pool with its required skills are assigned."


def check(plan: Plan) -> list[Violation]:
    """One violation per engineer and shift (an engineer in several seats of a shift counts
    each seat in the magnitude)."""
    inst = plan.instance
    out: list[Violation] = []
    seats: dict[tuple[Shift, str], int] = {}
    for shift, _role, e in plan.assignments():
        seats[(shift, e)] = seats.get((shift, e), 0) + 1
    for (shift, e), n in seats.items():
        rot = inst.rotation(shift.rotation)
        times = f" ({n} seats)" if n > 1 else ""
        if e not in inst.roster.engineers_by_id:
            out.append(Violation(ID, True, f"{shift}: {e!r} is not an engineer of the roster{times}",
                                 float(n), (e,), shift.key, rot.id))
        elif e not in inst.pools[rot.id]:
            out.append(Violation(ID, True, f"{shift}: {e} is not in the pool of {rot.id}{times}",
                                 float(n), (e,), shift.key, rot.id))
        elif not inst.skilled(e, rot):
            missing = sorted(set(rot.requires_skills) - set(inst.engineer(e).skills))
            out.append(Violation(ID, True, f"{shift}: {e} lacks skill(s) {', '.join(missing)}{times}",
                                 float(len(missing) * n), (e,), shift.key, rot.id))
    return out


def encode(enc: Encoding) -> None:
    """Pool members without the rotation's required skills hold nothing."""
    for rot in enc.rotation_objs():
        if not rot.requires_skills:
            continue
        ok = set(enc.eligible(rot))
        for (e, rid, _start, _role), var in enc.x.items():
            if rid == rot.id and e not in ok:
                enc.require("eligibility", f"{rot.id}|{e}", enc.model.add(var == 0))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[1]} lacks the skills of {subject[0]}"


RULE = Rule(ID, "hard", SUMMARY, check, encode, explain=explain, per_engineer=True)
