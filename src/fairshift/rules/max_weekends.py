"""``max_weekends``: at most N weekends on call (a local Saturday or Sunday touched)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation
from fairshift.rules.max_consecutive import on_call_days

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.solver.model import Encoding, Var

ID = "max_weekends"
SUMMARY = "No engineer is on call on more than rules.max_weekends.count weekends."


class MaxWeekends(Frozen):
    """At most ``count`` weekends (a local Saturday or Sunday touched) on call (``null``: no cap)."""

    count: int | None = Field(default=None, ge=0)


def check(plan: Plan) -> list[Violation]:
    cap = plan.instance.roster.rules.max_weekends.count
    out: list[Violation] = []
    if cap is None:
        return out
    for e in sorted(plan.by_engineer):
        if e not in plan.instance.roster.engineers_by_id:
            continue
        saturdays = {d - timedelta(days=d.weekday() - 5) for d in on_call_days(plan, e) if d.weekday() >= 5}
        if len(saturdays) > cap:
            out.append(Violation(ID, True, f"{e} is on call on {len(saturdays)} weekends; "
                                 f"the cap is {cap}", float(len(saturdays) - cap), (e,)))
    return out


def encode(enc: Encoding) -> None:
    """At most ``count`` weekends (a local Saturday or Sunday touched) on call."""
    cap = enc.instance.roster.rules.max_weekends.count
    if cap is None:
        return
    for e in enc.engineers():
        weekend: dict[date, list[Var]] = {}
        for d, seats in enc.day_flags(e).items():
            if d.weekday() >= 5:
                weekend.setdefault(d - timedelta(days=d.weekday() - 5), []).extend(seats)
        flags = [enc.flag(f"max_weekends|{e}|{sat}", seats) for sat, seats in sorted(weekend.items())]
        if len(flags) > cap:
            enc.require("max_weekends", e, enc.model.add(sum(flags) <= cap))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[0]} may be on call at most {inst.roster.rules.max_weekends.count} weekends"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxWeekends, explain=explain, per_engineer=True)
