"""Rule ``max_hours`` (hard, or soft with ``mode: soft``): hours on call per local month, ISO
week and rolling run of days, on each engineer's own clock.

A shift counts in a window with the hours of it inside the window. Magnitude: hours over the
cap, rounded up to whole hours (the worst run for ``rolling``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
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
    plans,
    rot,
)
from rulekit import violations as found

from fairshift.domain.instance import Instance

ID = "max_hours"


def _instance(rules: dict[str, Any], start: date = date(2027, 3, 22), days: int = 14,
              **limits: Any) -> Instance:
    engineers = [eng("bud", "Europe/Budapest", limits={ID: limits} if limits else {}),
                 eng("la", "America/Los_Angeles"), eng("utc")]
    return make_roster(start, days, engineers, [
        rot("w", ["bud", "la", "utc"], every="week", handoff="mon 09:00", tz="Europe/Budapest"),
        rot("d", ["bud", "la", "utc"], handoff="00:00", tz="Europe/Budapest"),
        rot("h", ["bud", "la", "utc"], handoff=["07:00", "19:00"], tz="UTC"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "march"), [("bud", 230), ("la", 239)])
def test_a_month_is_the_engineers_own(who: str, march: int) -> None:
    # Mon 03-22 09:00 CET -> Mon 03-29 09:00 CEST is 167 h (Mar 28 springs forward); the next
    # week reaches April 1 at Budapest midnight after 63 h, at Los Angeles midnight after 72 h.
    inst = _instance({"month": 168})
    plan = plan_with(inst, {("w", 0): {"primary": (who,)}, ("w", 1): {"primary": (who,)}})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.hard) == ((who,), float(march - 168), True)
    assert v.message == f"{who} is on call {march} h in 2027-03; the cap is 168 h"
    assert not pinned_feasible(plan, ID)


@pytest.mark.parametrize(("cap", "over"), [(167, 0), (166.5, 1), (160, 7)])
def test_an_iso_week_across_the_spring_change_has_167_hours(cap: float, over: int) -> None:
    inst = _instance({"week": cap})
    plan = plan_with(inst, {("d", f"2027-03-{d} 00:00"): {"primary": ("bud",)} for d in range(22, 29)})
    vs = found(plan, ID)
    assert [v.magnitude for v in vs] == ([float(over)] if over else [])
    assert pinned_feasible(plan, ID) == (not over)


def test_rolling_days_take_the_worst_run() -> None:
    # 12-hour UTC shifts from Mon 07:00 to Wed 07:00; Budapest (UTC+1) days: Mon 07:00 CET...
    inst = _instance({"rolling": {"days": 2, "hours": 36}}, start=date(2027, 1, 4), days=7)
    held = ("2027-01-04 07:00", "2027-01-04 19:00", "2027-01-05 07:00", "2027-01-05 19:00")
    plan = plan_with(inst, {("h", t): {"primary": ("utc",)} for t in held})
    (v,) = found(plan, ID)
    # Mon 07:00 -> Wed 00:00 UTC is 41 h of the two days Mon and Tue: 5 over
    assert (v.magnitude, v.message) == (
        5.0, "utc is on call 41 h in the 2 days from 2027-01-04; the cap is 36 h")
    assert not pinned_feasible(plan, ID)
    assert pinned_feasible(plan_with(inst, {("h", t): {"primary": ("utc",)} for t in held[:3]}), ID)


def test_soft_costs_the_worst_run_once() -> None:
    inst = _instance({"rolling": {"days": 10, "hours": 100}, "mode": "soft"}, start=date(2027, 1, 4))
    plan = plan_with(inst, {("d", f"2027-01-{d:02d} 00:00"): {"primary": ("utc",)} for d in (4, 5, 6, 8, 10)})
    (v,) = found(plan, ID)
    assert (v.hard, v.magnitude) == (False, 20.0)  # 5 x 24 h in 10 days
    assert pinned_penalty(plan, ID) == 20
    assert pinned_feasible(plan, ID)


@PROPERTY
@given(data=st.data(), days=st.sampled_from((29, 30, 36, 45)), hours=st.sampled_from((100, 300, 500)),
       mode=st.sampled_from(("hard", "soft")))
def test_runs_longer_than_four_weeks_sum_whole_weeks(data: st.DataObject, days: int, hours: int,
                                                     mode: str) -> None:
    # a 60-day horizon: many runs, each over weekly sums plus the days at its ends
    inst = _instance({"rolling": {"days": days, "hours": hours}, "mode": mode}, start=date(2027, 2, 20),
                     days=60)
    assert_limit_agrees(data.draw(plans(inst)), ID)


def test_an_engineer_may_lift_or_tighten_a_cap() -> None:
    plan_of = lambda inst: plan_with(inst, {("w", 0): {"primary": ("bud",)}})  # noqa: E731
    assert found(plan_of(_instance({"month": 168}, month=None)), ID) == []
    (v,) = found(plan_of(_instance({}, month=100, mode="soft")), ID)
    assert (v.hard, v.magnitude) == (False, 67.0)
    assert found(plan_of(_instance({"month": 100})), ID) != []


def test_explain_names_the_monthly_cap() -> None:
    from fairshift import explain

    # two people, January's five weekly shifts from Mon 01-04: 4 x 168 h + 9 h inside January
    inst = make_roster(date(2027, 1, 4), 28, [eng("a", "Europe/Budapest"), eng("b", "Europe/Budapest")],
                       [rot("w", ["a", "b"], every="week", handoff="mon 09:00", tz="Europe/Budapest",
                            no_back_to_back=False)],
                       rules={ID: {"month": 300}})
    why = explain(inst.roster, time_limit=60)
    assert not why.feasible
    assert any(c.rule == ID and "may be on call at most 300 h in 2027-01" in str(c)
               for c in why.conflicts), str(why)
