"""``max_weekends``: at most N weekends on call (a local Saturday or Sunday touched)."""

from __future__ import annotations

from datetime import timedelta

from fairshift.instance import Plan
from fairshift.rules.base import Violation
from fairshift.rules.max_consecutive import on_call_days

ID = "max_weekends"
KIND = "hard"
SUMMARY = "No engineer is on call on more than rules.max_weekends.count weekends."


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
