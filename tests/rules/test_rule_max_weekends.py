"""Rule ``max_weekends`` (hard): on call on at most ``rules.max_weekends.count`` weekends.

A weekend counts when a shift touches the engineer's own local Saturday or Sunday.
Magnitude: weekends beyond the cap.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from rulekit import (
    PROPERTY,
    Case,
    assert_hard_agrees,
    cases,
    eng,
    make_roster,
    pinned_feasible,
    plan_with,
    rot,
)
from rulekit import violations as found

from fairshift.domain.instance import Instance

ID = "max_weekends"


def _instance(cap: int | None, tz: str = "UTC", handoff: str = "09:00") -> Instance:
    engineers = [eng("ann"), eng("la", "America/Los_Angeles"), eng("bud", "Europe/Budapest")]
    rotations = [rot("r", ["ann", "la", "bud"], handoff=handoff, tz=tz)]
    return make_roster(date(2027, 1, 1), 17, engineers, rotations,
                       rules={"max_weekends": {"count": cap}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


def test_three_weekends_against_a_cap_of_one() -> None:
    # Fri 01-01 -> Sat 01-02, Sun 01-10 -> Mon, Sat 01-16 -> Sun 01-17 (one weekend), Tue 01-05.
    days = ("01", "10", "16", "05")
    plan = plan_with(_instance(1), {("r", f"2027-01-{d} 09:00"): {"primary": ("ann",)} for d in days})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude) == (("ann",), 2.0)
    assert v.message == "ann is on call on 3 weekends; the cap is 1"
    assert not pinned_feasible(plan, ID)


def test_saturday_and_sunday_are_one_weekend() -> None:
    plan = plan_with(_instance(1), {("r", "2027-01-09 09:00"): {"primary": ("ann",)},
                                    ("r", "2027-01-10 09:00"): {"primary": ("ann",)}})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)


@pytest.mark.parametrize(("who", "weekend"), [("bud", True), ("la", False), ("ann", True)])
def test_a_thursday_evening_in_los_angeles_is_a_saturday_in_budapest(who: str, weekend: bool) -> None:
    # Thu 01-07 20:00 PST -> Fri 01-08 20:00 PST is Fri 05:00 -> Sat 05:00 in Budapest and
    # Fri 04:00 -> Sat 04:00 UTC.
    inst = _instance(0, "America/Los_Angeles", "20:00")
    plan = plan_with(inst, {("r", "2027-01-07 20:00"): {"primary": (who,)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude) for v in vs] == ([((who,), 1.0)] if weekend else [])
    assert pinned_feasible(plan, ID) == (not weekend)
