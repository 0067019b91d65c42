"""``shadowing``: new engineers shadow before they take any other role.

An engineer marked ``new`` may hold a role other than ``shadow`` only once they have done
``rules.shadowing.shadow_shifts`` shadow shifts (``history.shadow_shifts`` counts, as do
shadow shifts that ended before the shift starts). So whoever holds a primary seat next to a
shadow is always experienced.

With ``seats: optional`` (the default) a shadow seat is filled only by someone who still needs
shadow shifts (a new engineer short of ``shadow_shifts`` when the shift starts) or left empty, so
experienced people are never put in it; :mod:`~fairshift.rules.coverage` lets it be empty. With
``seats: required`` every shadow seat is filled, by anyone (the behaviour before optional seats).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.roster import Engineer
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding, Var

ID = "shadowing"
SUMMARY = "New engineers hold only shadow roles until they have done enough shadow shifts."


class Shadowing(Frozen):
    """New engineers take only ``shadow`` roles until they have done ``shadow_shifts`` of them;
    ``seats``: whether shadow seats may stay empty (and are only for those still shadowing)."""

    shadow_shifts: int = Field(default=2, ge=0)
    seats: Literal["optional", "required"] = "optional"


def _done(eng: Engineer, shadows: list[Shift], shift: Shift) -> int:
    return eng.history.shadow_shifts + sum(1 for s in shadows if s.end <= shift.start)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    need = inst.roster.rules.shadowing.shadow_shifts
    optional = inst.roster.rules.shadowing.seats == "optional"
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        eng = inst.engineer(e)
        shadows = [s for s, role in items if role == "shadow"]
        for shift, role in items:
            done = _done(eng, shadows, shift)
            if role == "shadow" and optional and (not eng.new or done >= need):
                why = "is not new" if not eng.new else f"has done {done} of {need} shadow shifts"
                out.append(Violation(ID, True, f"{shift}: {e} holds an optional shadow seat but {why}",
                                     1.0, (e,), shift.key, shift.rotation))
            elif role != "shadow" and eng.new and done < need:
                out.append(Violation(
                    ID, True, f"{shift}: {e} is new and holds {role} after {done} of "
                    f"{need} shadow shifts", float(need - done), (e,), shift.key, shift.rotation))
    return out


def _optional_seats(enc: Encoding, e: str, shadows: list[tuple[Shift, Var]], need: int) -> None:
    """Optional shadow seats: only while ``e`` still needs shadow shifts."""
    eng = enc.instance.engineer(e)
    for s, var in shadows:
        subject = f"{e}|{s.key}|shadow"
        earlier = [v for t, v in shadows if t.end <= s.start]
        room = need - 1 - eng.history.shadow_shifts  # earlier shadow shifts allowed before this one
        if not eng.new or room < 0:
            enc.require(ID, subject, enc.model.add(var == 0))
        elif len(earlier) > room:
            big = len(earlier)
            enc.require(ID, subject, enc.model.add(sum(earlier) + big * var <= room + big))


def encode(enc: Encoding) -> None:
    """A new engineer holds a non-shadow role only after enough earlier shadow shifts; with
    optional seats, a shadow seat only while its holder still needs shadow shifts."""
    need = enc.instance.roster.rules.shadowing.shadow_shifts
    optional = enc.instance.roster.rules.shadowing.seats == "optional"
    for e in enc.engineers():
        eng = enc.instance.engineer(e)
        shifts = enc.candidate_shifts(e)
        shadows = [(t, v) for t in shifts if (v := enc.x.get((e, t.rotation, t.start, "shadow")))
                   is not None]
        if optional:
            _optional_seats(enc, e, shadows, need)
        if not eng.new:
            continue
        for s in shifts:
            for role in enc.instance.rotation(s.rotation).roles:
                var = enc.x.get((e, s.rotation, s.start, role))
                if role == "shadow" or var is None:
                    continue
                done = eng.history.shadow_shifts + sum(v for t, v in shadows if t.end <= s.start)
                enc.require("shadowing", f"{e}|{s.key}", enc.model.add(done >= need * var))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    if len(subject) > 2:
        return (f"{subject[0]} may hold the optional shadow seat of {subject[1]} only while they "
                "still need shadow shifts")
    return f"{subject[0]} is new and must shadow first (before {subject[1]})"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=Shadowing, explain=explain, per_engineer=True)
