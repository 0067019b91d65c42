"""``max_consecutive``: at most N consecutive local calendar days on call.

An engineer is on call on a local day (their own zone) when any of their shifts touches it.
"""

from __future__ import annotations

from datetime import date, timedelta

from fairshift.instance import Plan
from fairshift.rules.base import Violation

ID = "max_consecutive"
KIND = "hard"
SUMMARY = "No engineer is on call more than rules.max_consecutive.days local days in a row."


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
