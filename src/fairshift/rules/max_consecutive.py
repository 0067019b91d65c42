"""``max_consecutive``: at most N consecutive local calendar days on call.

An engineer is on call on a local day (their own zone) when any of their shifts touches it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding

ID = "max_consecutive"
SUMMARY = "No engineer is on call more than rules.max_consecutive.days local days in a row."


class MaxConsecutive(Frozen):
    """At most ``days`` consecutive local calendar days on call (``null``: no cap)."""

    days: int | None = Field(default=None, ge=1)


def on_call_days(plan: Plan, e: str) -> set[date]:
    return {d for s, _ in plan.by_engineer.get(e, []) for d in plan.instance.days(e, s)}


def check(plan: Plan) -> list[Violation]:
    cap = plan.instance.roster.rules.max_consecutive.days
    out: list[Violation] = []
    if cap is None:
        return out
    for e in sorted(plan.by_engineer):
        if e not in plan.instance.roster.engineers_by_id:
            continue
        days = sorted(on_call_days(plan, e))
        run_start = prev = None
        for d in [*days, None]:
            if d is not None and prev is not None and d == prev + timedelta(days=1):
                prev = d
                continue
            if run_start is not None and prev is not None:
                length = (prev - run_start).days + 1
                if length > cap:
                    out.append(Violation(ID, True, f"{e} is on call {length} days in a row "
                                         f"({run_start}..{prev}); the cap is {cap}",
                                         float(length - cap), (e,)))
            run_start = prev = d
    return out


def encode(enc: Encoding) -> None:
    """No run of more than ``days`` local days on call."""
    cap = enc.instance.roster.rules.max_consecutive.days
    if cap is None:
        return
    for e in enc.engineers():
        on = {d: enc.flag(f"max_consecutive|{e}|{d}", seats)
              for d, seats in sorted(enc.day_flags(e).items())}
        for first in on:
            window = [on.get(first + timedelta(days=k)) for k in range(cap + 1)]
            flags = [w for w in window if w is not None]
            if len(flags) == cap + 1:
                enc.require("max_consecutive", f"{e}|{first}", enc.model.add(sum(flags) <= cap))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return (f"{subject[0]} may be on call at most {inst.roster.rules.max_consecutive.days} days "
            f"in a row (from {subject[1]})")


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxConsecutive, explain=explain, per_engineer=True)
