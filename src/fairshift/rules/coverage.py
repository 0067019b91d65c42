"""``coverage``: every shift has exactly the configured number of engineers per role.

An optional role (a shadow seat under ``rules.shadowing.seats: optional``) has at most its
number: it may be left empty, never overfilled.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.schedule import ScheduledShift
    from fairshift.solver.model import Encoding

ID = "coverage"
SUMMARY = "Every shift has exactly the configured number of engineers in each role."


def check(plan: Plan) -> list[Violation]:
    """Linear in the seats: a shift listed many times, or one engineer in many seats of a shift,
    is one violation with the count as its magnitude."""
    out: list[Violation] = []
    unknown: dict[tuple[str, str], list[ScheduledShift]] = {}
    for ss in plan.unknown:
        unknown.setdefault((ss.rotation, ss.start.isoformat()), []).append(ss)
    for (rid, start), listed in unknown.items():
        times = f" ({len(listed)} entries)" if len(listed) > 1 else ""
        names = tuple(dict.fromkeys(e for ss in listed for e in ss.engineers()))
        out.append(Violation(ID, True, f"{rid} {start}: no such shift in the roster (wrong "
                             f"rotation or start time){times}", float(len(listed)), names, None, rid))
    rules = plan.instance.roster.rules
    for rot in plan.instance.roster.rotations:
        optional = rot.optional_roles(rules)
        for shift in plan.instance.shifts[rot.id]:
            roles = plan.roles(shift)
            for role, need in rot.roles.items():
                have = len(roles.get(role, ()))
                if have > need or (have < need and role not in optional):
                    most = "at most " if role in optional else ""
                    out.append(Violation(
                        ID, True, f"{shift}: role {role} has {have} engineer(s), needs {most}{need}",
                        float(abs(have - need)), tuple(dict.fromkeys(roles.get(role, ()))),
                        shift.key, rot.id))
            for role, names in roles.items():
                if role not in rot.roles:
                    out.append(Violation(ID, True, f"{shift}: {rot.id} has no role {role!r}",
                                         float(len(names)), tuple(dict.fromkeys(names)), shift.key, rot.id))
            held = Counter(plan.engineers(shift))
            for e in sorted(e for e, n in held.items() if n > 1):
                out.append(Violation(ID, True, f"{shift}: {e} holds {held[e]} seats",
                                     float(held[e] - 1), (e,), shift.key, rot.id))
    return out


def encode(enc: Encoding) -> None:
    """Each role of each shift has exactly its number of engineers, an optional role at most its
    number (rotations fixed from an earlier stage are pinned instead, and may have holders
    outside this model)."""
    for rot in enc.rotation_objs():
        if rot.id in enc.fixed:
            continue
        optional = rot.optional_roles(enc.instance.roster.rules)
        for shift in enc.instance.shifts[rot.id]:
            for role, need in rot.roles.items():
                seats = [v for e in enc.pool(rot.id)
                         if (v := enc.x.get((e, rot.id, shift.start, role))) is not None]
                if role not in optional:
                    enc.require("coverage", f"{shift.key}|{role}", enc.model.add(sum(seats) == need))
                elif len(seats) > need:
                    enc.require("coverage", f"{shift.key}|{role}", enc.model.add(sum(seats) <= need))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    shift_key, _role = subject
    rid, _, _ = shift_key.partition("@")
    rot = inst.rotation(rid)
    shift = next(s for s in inst.shifts[rid] if s.key == shift_key)
    pool = inst.eligible(rot)
    away = [f"{e} ({why})" for e, why in inst.absent(pool, shift).items()]
    optional = rot.optional_roles(inst.roster.rules)
    roles = ", ".join(r for r, n in rot.roles.items() if n and r not in optional)
    when = f"week of {shift.local_start:%a %Y-%m-%d %H:%M}" if rot.weeks is not None else (
        f"{shift.local_start:%a %Y-%m-%d %H:%M}")
    return (f"{rot.id}, {when} {rot.timezone}: needs {rot.required_seats(inst.roster.rules)} "
            f"engineer(s) ({roles}); "
            f"eligible: {', '.join(pool) or 'nobody'}; unavailable: {', '.join(away) or 'none'}")


RULE = Rule(ID, "hard", SUMMARY, check, encode, explain=explain)
