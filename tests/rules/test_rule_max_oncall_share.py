"""Rule ``max_oncall_share`` (hard, or soft): on call at most ``share`` of the horizon, the hours
of the horizon on the engineer's own clock (local midnight to local midnight).

Magnitude: hours over the share, rounded up to whole hours.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from rulekit import (
    PROPERTY,
    Case,
    assert_limit_agrees,
    cases,
    eng,
    make_roster,
    pinned_feasible,
    pinned_penalty,
    plan_with,
    rot,
)
from rulekit import violations as found

from fairshift.domain.instance import Instance

ID = "max_oncall_share"


def _instance(rules: dict[str, Any], start: date = date(2027, 3, 22), **own: Any) -> Instance:
    engineers = [eng("bud", "Europe/Budapest", limits={ID: own} if own else {}), eng("utc")]
    return make_roster(start, 28, engineers, [
        rot("w", ["bud", "utc"], every="week", handoff="mon 09:00", tz="Europe/Budapest"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "over"), [("utc", 0), ("bud", 1)])
def test_a_quarter_of_a_horizon_with_a_dst_change_is_less_than_a_week(who: str, over: int) -> None:
    # Mar 22 .. Apr 19: 672 h in UTC, 671 h in Budapest (Mar 28 springs forward), so a quarter is
    # 168 h or 167.75 h; the shift from Mon 03-29 09:00 is 168 h.
    inst = _instance({"share": 0.25})
    plan = plan_with(inst, {("w", 1): {"primary": (who,)}})
    assert [v.magnitude for v in found(plan, ID)] == ([float(over)] if over else [])
    assert pinned_feasible(plan, ID) == (not over)


def test_two_weeks_of_four_is_half_the_horizon() -> None:
    inst = _instance({"share": 0.25, "mode": "soft"}, start=date(2027, 2, 1))
    plan = plan_with(inst, {("w", 0): {"primary": ("utc",)}, ("w", 2): {"primary": ("utc",)}})
    (v,) = found(plan, ID)
    assert (v.hard, v.magnitude) == (False, 168.0)
    assert v.message == "utc is on call 336 h, 50.0% of the horizon; the cap is 25% (168 h)"
    assert pinned_penalty(plan, ID) == 168


def test_the_last_shift_counts_only_inside_the_horizon() -> None:
    # Mon 04-12 09:00 -> Mon 04-19 09:00 CEST ends 9 h after the horizon's end in Budapest:
    # 159 of its 168 h count, against 23.5% of 671 h (bud's own share; utc keeps 25%)
    inst = _instance({"share": 0.25}, share=0.235)
    plan = plan_with(inst, {("w", 3): {"primary": ("bud",)}})
    (v,) = found(plan, ID)
    assert (v.magnitude, v.message) == (
        2.0, "bud is on call 159 h, 23.7% of the horizon; the cap is 23.5% (157.685 h)")
    assert found(plan_with(inst, {("w", 3): {"primary": ("utc",)}}), ID) == []
