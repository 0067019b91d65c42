"""Rule ``max_period_shifts`` (hard, or soft): shifts per local month, ISO week and rolling run of
days, each shift counted once, on the local day it starts on the engineer's own clock.

Magnitude: shifts over the cap (the worst run for ``rolling``).
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

ID = "max_period_shifts"


def _instance(rules: dict[str, Any], start: date = date(2027, 1, 1), days: int = 14) -> Instance:
    engineers = [eng("bud", "Europe/Budapest"), eng("la", "America/Los_Angeles"), eng("utc")]
    return make_roster(start, days, engineers, [
        rot("d", ["bud", "la", "utc"], handoff="20:00", tz="America/Los_Angeles"),
        rot("e", ["bud", "la", "utc"], handoff="12:00", tz="UTC"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "first", "week_of"), [
    ("la", "09", "2027-01-04"), ("bud", "09", None), ("la", "10", None), ("bud", "10", "2027-01-11")])
def test_a_sunday_evening_in_los_angeles_is_a_monday_in_budapest(who: str, first: str,
                                                                 week_of: str | None) -> None:
    # Sat 01-09, Sun 01-10 and Mon 01-11 20:00 PST start on Sun, Mon and Tue 05:00 in Budapest.
    inst = _instance({"week": 1})
    plan = plan_with(inst, {("d", f"2027-01-{first} 20:00"): {"primary": (who,)},
                            ("d", f"2027-01-{int(first) + 1} 20:00"): {"primary": (who,)}})
    vs = found(plan, ID)
    assert [v.message for v in vs] == (
        [f"{who} starts 2 shifts in week of {week_of}; the cap is 1"] if week_of else [])
    assert pinned_feasible(plan, ID) == (week_of is None)


def test_shifts_of_every_rotation_count_in_the_month() -> None:
    inst = _instance({"month": 2}, start=date(2027, 1, 28), days=7)
    plan = plan_with(inst, {("d", "2027-01-28 20:00"): {"primary": ("utc",)},   # starts Jan 29 UTC
                            ("e", "2027-01-30 12:00"): {"primary": ("utc",)},
                            ("e", "2027-01-31 12:00"): {"primary": ("utc",)},
                            ("e", "2027-02-01 12:00"): {"primary": ("utc",)}})
    (v,) = found(plan, ID)
    assert (v.magnitude, v.message) == (1.0, "utc starts 3 shifts in 2027-01; the cap is 2")


def test_soft_rolling_runs_cost_the_worst_run() -> None:
    inst = _instance({"rolling": {"days": 9, "shifts": 2}, "mode": "soft"})
    starts = ("2027-01-01", "2027-01-02", "2027-01-04", "2027-01-08", "2027-01-09")
    plan = plan_with(inst, {("e", f"{d} 12:00"): {"primary": ("utc",)} for d in starts})
    (v,) = found(plan, ID)
    assert (v.hard, v.magnitude) == (False, 3.0)  # all five start in the nine days Jan 1..9
    assert pinned_penalty(plan, ID) == 3
    fewer = plan_with(inst, {("e", f"{d} 12:00"): {"primary": ("utc",)} for d in starts[1:]})
    assert [v.magnitude for v in found(fewer, ID)] == [2.0]  # Jan 2..10
