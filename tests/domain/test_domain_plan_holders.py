"""A plan's seats by engineer follow its holders, however they are changed."""

from __future__ import annotations

import pickle
from datetime import date

from fairshift.check.validate import check_plan
from fairshift.domain.holders import TrackedHolders
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster


def _roster() -> Roster:
    return Roster.model_validate({
        "horizon": {"start": date(2027, 1, 4), "end": date(2027, 1, 25)},
        "engineers": [{"id": e, "timezone": "Europe/Budapest"} for e in ("ann", "bob", "cy")],
        "rotations": [{"id": "r", "members": ["ann", "bob", "cy"], "every": "week",
                       "handoff": "mon 09:00", "timezone": "Europe/Budapest"}],
    })


def _plan() -> Plan:
    inst = Instance(_roster())
    plan = Plan(inst)
    for shift, who in zip(inst.shifts["r"], ("ann", "bob", "cy"), strict=True):
        plan.holders[("r", shift.start)] = {"primary": (who,)}
    return plan


def test_a_valid_plan_then_every_kind_of_change_is_seen() -> None:
    plan = _plan()
    assert check_plan(plan).ok and set(plan.by_engineer) == {"ann", "bob", "cy"}
    first, second, _ = (("r", s.start) for s in plan.instance.shifts["r"])
    plan.holders[second] = {"primary": ("ann",)}  # a new value for a shift
    assert [v.rule for v in check_plan(plan).hard] == ["no_back_to_back"]
    assert len(plan.by_engineer["ann"]) == 2 and "bob" not in plan.by_engineer
    plan.holders[second]["primary"] = ("bob",)  # a change inside a shift's roles
    assert check_plan(plan).ok and len(plan.by_engineer["ann"]) == 1
    plan.holders.update({first: {"primary": ("cy",)}})
    assert [v.rule for v in check_plan(plan).hard] == []
    assert len(plan.by_engineer["cy"]) == 2
    plan.holders.pop(first)
    assert [v.rule for v in check_plan(plan).hard] == ["coverage"]
    plan.holders = {}  # a new dict altogether
    assert plan.by_engineer == {} and isinstance(plan.holders, TrackedHolders)


def test_the_index_is_reused_while_nothing_changes() -> None:
    plan = _plan()
    assert plan.by_engineer is plan.by_engineer
    before = plan.by_engineer
    plan.holders.setdefault(next(iter(plan.holders)), {})  # present: no change of content
    assert plan.by_engineer == before


def test_holders_pickle_as_plain_dicts() -> None:
    plan = _plan()
    copy = pickle.loads(pickle.dumps(plan.holders))
    assert type(copy) is dict and all(type(v) is dict for v in copy.values())
    assert copy == plan.holders


def test_a_plan_from_a_schedule_with_a_shift_listed_twice_has_both_seats() -> None:
    plan = _plan()
    schedule = plan.to_schedule(status="feasible")
    doubled = schedule.model_copy(update={"shifts": (*schedule.shifts, schedule.shifts[0])})
    again = Plan.from_schedule(plan.instance, doubled)
    key = next(iter(plan.holders))
    assert again.holders[key] == {"primary": ("ann", "ann")}
    assert "ann holds 2 seats" in " ".join(v.message for v in check_plan(again).hard)
