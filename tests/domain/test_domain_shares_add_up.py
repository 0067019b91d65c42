"""Relative fair shares add up to the burden the plan carries, whoever holds the seats (issue #12):
the fair-share column of a report is a split of what was carried, not an expectation."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.domain.fairness import engineer_metrics, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster

ZONES = ("Europe/Budapest", "America/Los_Angeles")
START = date(2027, 3, 1)  # the weeks when US and EU daylight saving differ are inside


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    n = draw(st.integers(2, 6))
    engineers = []
    for i in range(n):
        eng: dict[str, object] = {"id": f"e{i}", "timezone": draw(st.sampled_from(ZONES))}
        if draw(st.booleans()):
            first = START + timedelta(days=draw(st.integers(0, 27)))
            eng["unavailable"] = [{"start": first, "end": first + timedelta(days=draw(st.integers(1, 6)))}]
        if draw(st.booleans()):
            eng["history"] = {"burden": draw(st.integers(0, 200)), "shifts": draw(st.integers(0, 5))}
        engineers.append(eng)
    ids = [e["id"] for e in engineers]
    weekly = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    daily = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    roster = Roster.model_validate({
        "horizon": {"start": START, "end": START + timedelta(days=28)},
        "engineers": engineers,
        "rotations": [
            {"id": "weekly", "members": weekly, "every": "week", "handoff": "mon 09:00",
             "timezone": "Europe/Budapest"},
            {"id": "daily", "members": daily, "every": "day", "handoff": ["07:00", "19:00"],
             "timezone": "Europe/Budapest"},
        ],
    })
    inst = Instance(roster)
    plan = Plan(inst)
    for rid, pool in (("weekly", weekly), ("daily", daily)):
        for shift in inst.shifts[rid]:
            plan.holders[(rid, shift.start)] = {"primary": (draw(st.sampled_from(pool)),)}
    return plan


@settings(max_examples=40, deadline=None)
@given(plans())
def test_fair_shares_add_up_to_the_burden_carried(plan: Plan) -> None:
    metrics = engineer_metrics(plan, fair_shares(plan.instance))
    carried = sum(m.burden for m in metrics.values())
    shared = sum(m.fair_share for m in metrics.values())
    assert abs(carried - shared) <= 1e-6 * max(1.0, carried), (carried, shared)
    assert abs(sum(m.excess for m in metrics.values())) <= 1e-6 * max(1.0, carried)
    assert all(m.fair_share >= 0 for m in metrics.values())
