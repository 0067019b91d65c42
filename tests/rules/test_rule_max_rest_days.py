"""Rule ``max_rest_days`` (hard, or soft): on call on the weekly rest day (``day``, Sunday unless
set, on the engineer's own clock) at most ``count`` times a local calendar month.

A rest day counts when any shift touches it. Magnitude: rest days over the cap, per month.
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

ID = "max_rest_days"


def _instance(rules: dict[str, Any], **own: Any) -> Instance:
    engineers = [eng("bud", "Europe/Budapest", limits={ID: own} if own else {}),
                 eng("la", "America/Los_Angeles"), eng("utc")]
    return make_roster(date(2027, 1, 1), 63, engineers, [
        rot("d", ["bud", "la", "utc"], handoff="20:00", tz="America/Los_Angeles"),
        rot("w", ["bud", "la", "utc"], every="week", handoff="mon 09:00", tz="UTC"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


def test_weekly_shifts_touch_every_sunday() -> None:
    # four weekly shifts Mon 01-04 .. Mon 02-01 (UTC) touch the Sundays Jan 10, 17, 24, 31
    inst = _instance({"count": 3})
    plan = plan_with(inst, {("w", i): {"primary": ("utc",)} for i in range(4)})
    (v,) = found(plan, ID)
    assert (v.magnitude, v.message) == (1.0, "utc is on call on 4 Sundays in 2027-01; the cap is 3")
    assert not pinned_feasible(plan, ID)
    assert found(plan_with(inst, {("w", i): {"primary": ("utc",)} for i in range(1, 5)}), ID) == []


@pytest.mark.parametrize(("who", "days"), [("la", 1), ("bud", 2), ("utc", 2)])
def test_a_saturday_evening_in_los_angeles_touches_sunday_elsewhere(who: str, days: int) -> None:
    # Sat 01-09 20:00 PST -> Sun 01-10 20:00 PST: Sunday in LA; Sun 05:00 -> Mon 05:00 in Budapest.
    # Sat 01-16 20:00 PST -> Sun 01-17 20:00 PST likewise: two Sundays each, of January.
    inst = _instance({"count": 0, "mode": "soft"})
    plan = plan_with(inst, {("d", "2027-01-09 20:00"): {"primary": (who,)},
                            ("d", "2027-01-15 20:00"): {"primary": (who,)}})
    # Fri 01-15 20:00 PST -> Sat 20:00 PST touches Sat 01-16 05:00 -> Sun 05:00 in Budapest and UTC
    assert [(v.hard, v.magnitude) for v in found(plan, ID)] == [(False, float(days))]
    assert pinned_penalty(plan, ID) == days


def test_the_rest_day_is_each_engineers_own() -> None:
    plan_of = lambda inst: plan_with(inst, {("w", i): {"primary": ("bud",)} for i in range(4)})  # noqa: E731
    assert found(plan_of(_instance({"count": 3}, day="sat")), ID)[0].message == (
        "bud is on call on 4 Saturdays in 2027-01; the cap is 3")  # Jan 9, 16, 23 and 30
    assert found(plan_of(_instance({"count": 3}, count=None)), ID) == []
