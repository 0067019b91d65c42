"""Rule ``average_week`` (hard, or soft): at most ``hours`` on call a week on average over every
reference period of ``weeks * 7`` local days inside the horizon; a shorter horizon is one
period of its own length (``hours * days / 7``). Hours outside the horizon do not count.

Magnitude: hours over the cap in the worst period, rounded up to whole hours.
"""

from __future__ import annotations

from datetime import date
from typing import Any

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

ID = "average_week"


def _instance(rules: dict[str, Any], days: int, **own: Any) -> Instance:
    engineers = [eng("utc", limits={ID: own} if own else {}), eng("bud", "Europe/Budapest")]
    return make_roster(date(2027, 1, 4), days, engineers, [
        rot("d", ["utc", "bud"], handoff="00:00", tz="UTC"),
        rot("w", ["utc", "bud"], every="week", handoff="thu 12:00", tz="UTC"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


def test_a_horizon_shorter_than_the_period_is_one_period() -> None:
    inst = _instance({"hours": 48, "weeks": 17}, 14)
    plan = plan_with(inst, {("d", i): {"primary": ("utc",)} for i in (0, 2, 4, 6, 8)})
    (v,) = found(plan, ID)
    assert (v.magnitude, v.message) == (24.0, "utc is on call 120 h in the 14 days from 2027-01-04, "
                                              "60.0 h a week; the average may be 48 h (96 h)")
    assert not pinned_feasible(plan, ID)


def test_the_worst_rolling_period_counts() -> None:
    inst = _instance({"hours": 48, "weeks": 2, "mode": "soft"}, 28)
    days = (0, 1, 2, 3, 14, 15, 16, 17)
    assert found(plan_with(inst, {("d", i): {"primary": ("utc",)} for i in days}), ID) == []
    plan = plan_with(inst, {("d", i): {"primary": ("utc",)} for i in (*days, 11)})
    (v,) = found(plan, ID)  # Jan 4 .. 17 (the first of the worst) holds five days
    assert (v.hard, v.magnitude) == (False, 24.0)
    assert "in the 14 days from 2027-01-04" in v.message
    assert pinned_penalty(plan, ID) == 24


def test_hours_after_the_horizon_do_not_count_and_engineers_have_their_own() -> None:
    # Thu 01-14 12:00 -> Thu 01-21 12:00 UTC: 36 h of it inside a horizon ending Sat 01-16
    inst = _instance({"hours": 10, "weeks": 4}, 12, hours=24)
    assert found(plan_with(inst, {("w", 1): {"primary": ("utc",)}}), ID) == []  # 36 <= 24 * 12 / 7
    (v,) = found(plan_with(inst, {("w", 1): {"primary": ("bud",)}}), ID)  # 35 h in Budapest
    assert (v.engineers, v.magnitude) == (("bud",), 18.0)  # over 10 * 12 / 7 = 17.14 h
