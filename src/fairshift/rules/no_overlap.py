"""``no_overlap``: an engineer never holds two overlapping shifts, across rotations and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.shifts import Shift
    from fairshift.solver.model import Encoding

ID = "no_overlap"
SUMMARY = "No engineer holds two shifts (or two roles) whose times overlap."


def check(plan: Plan) -> list[Violation]:
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        for i, (a, ra) in enumerate(items):
            for b, rb in items[i + 1:]:
                if b.start >= a.end:
                    break
                if a.start < b.end and b.start < a.end:
                    hours = (min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 3600
                    what = f"{a} ({ra}) and {b} ({rb})"
                    out.append(Violation(ID, True, f"{e} holds overlapping {what} for {hours:g} h",
                                         hours, (e,), b.key, b.rotation))
    return out


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
