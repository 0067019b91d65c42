"""``no_overlap``: an engineer never holds two overlapping shifts, across rotations and roles."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "no_overlap"
SUMMARY = "No engineer holds two shifts (or two roles) whose times overlap."


def check(plan: Plan) -> list[Violation]:
    """Several seats of one shift are one violation (``k`` seats: ``k - 1`` times its hours);
    two overlapping shifts are one violation (the hours they overlap). Linear in the seats."""
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        groups = seats_by_shift(items)
        for a, roles in groups:
            if len(roles) > 1:
                out.append(Violation(ID, True, f"{e} holds {len(roles)} seats of {a} at once "
                                     f"({_roles(roles)})", (len(roles) - 1) * a.hours, (e,),
                                     a.key, a.rotation))
        for i, (a, ra) in enumerate(groups):
            for b, rb in groups[i + 1:]:
                if b.start >= a.end:
                    break
                hours = (min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 3600
                what = f"{a} ({_roles(ra)}) and {b} ({_roles(rb)})"
                out.append(Violation(ID, True, f"{e} holds overlapping {what} for {hours:g} h",
                                     hours, (e,), b.key, b.rotation))
    return out


def _roles(roles: list[str]) -> str:
    """``primary, secondary`` or, for repeats, ``primary x1000``."""
    counts = Counter(roles)
    return ", ".join(r if n == 1 else f"{r} x{n}" for r, n in counts.items())


def seats_by_shift(items: list[tuple[Shift, str]]) -> list[tuple[Shift, list[str]]]:
    """An engineer's seats (sorted by start) grouped by shift: each shift once, with its roles."""
    groups: list[tuple[Shift, list[str]]] = []
    for shift, role in items:
        if groups and groups[-1][0] == shift:
            groups[-1][1].append(role)
        else:
            groups.append((shift, [role]))
    return groups


def encode(enc: Encoding) -> None:
    """At any instant an engineer holds at most one seat: a clique per shift start."""
    for e in enc.engineers():
        active: list[Shift] = []  # shifts started so far that are still running (sorted by start)
        for s in enc.candidate_shifts(e):
            active = [t for t in active if t.end > s.start]
            active.append(s)
            seats = [v for t in active for v in enc.seats(e, t)]
            if len(seats) > 1:
                enc.require("no_overlap", f"{e}|{s.key}", enc.model.add_at_most_one(seats))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[0]} cannot hold two overlapping shifts (at {subject[1]})"


RULE = Rule(ID, "hard", SUMMARY, check, encode, explain=explain, per_engineer=True)
