"""Rule ``weekly_rest`` (hard, or soft): in each local ISO week (Monday 00:00 to Monday 00:00 on
the engineer's own clock) an unbroken stretch of ``hours`` off call, inside the week.

Magnitude: 1 per week without it. Time outside the horizon counts as off call.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
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
    rot,
)
from rulekit import violations as found

from fairshift.domain.instance import Instance
from fairshift.rules.weekly_rest import longest_rest

ID = "weekly_rest"


def _instance(rules: dict[str, Any], **own: Any) -> Instance:
    engineers = [eng("bud", "Europe/Budapest", limits={ID: own} if own else {}), eng("utc")]
    return make_roster(date(2027, 3, 22), 14, engineers, [
        rot("w", ["bud", "utc"], every="week", handoff="mon 09:00", tz="Europe/Budapest"),
        rot("d", ["bud", "utc"], handoff="00:00", tz="UTC"),
        rot("h", ["bud", "utc"], handoff=["07:00", "19:00"], tz="UTC"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


def test_a_weekly_shift_leaves_no_weekly_rest() -> None:
    plan = plan_with(_instance({"hours": 35}), {("w", 0): {"primary": ("bud",)}})
    (v,) = found(plan, ID)  # Mon 00:00 - 09:00 is all the week of Mar 22 leaves; the next is free
    assert v.message == "bud has at most 9 h off call in the week of 2027-03-22; needs 35 h"
    assert not pinned_feasible(plan, ID)


@pytest.mark.parametrize(("days", "ok"), [((22, 24, 26, 28), False), ((22, 24, 27), True),
                                          ((23, 26), True), ((22, 23, 24, 25, 26), True)])
def test_daily_shifts_need_a_long_enough_gap(days: tuple[int, ...], ok: bool) -> None:
    plan = plan_with(_instance({"hours": 35}), {("d", f"2027-03-{d} 00:00"): {"primary": ("utc",)}
                                                for d in days})
    assert (found(plan, ID) == []) == ok
    assert pinned_feasible(plan, ID) == ok


@pytest.mark.parametrize(("who", "ok"), [("utc", True), ("bud", False)])
def test_the_spring_forward_week_is_an_hour_short_in_budapest(who: str, ok: bool) -> None:
    # Wed 03-24 19:00 UTC to the week's end: 101 h in UTC, 99 h to Mon 03-29 00:00 CEST
    # (22:00 UTC on Sunday); the 56 h before the shift are not enough either.
    plan = plan_with(_instance({"hours": 100}), {("h", "2027-03-24 07:00"): {"primary": (who,)}})
    assert (found(plan, ID) == []) == ok
    assert pinned_feasible(plan, ID) == ok


def test_soft_weeks_without_rest_cost_one_each_and_engineers_have_their_own() -> None:
    # utc holds the UTC days Mar 22, 24, 26, 28: 24 h gaps only. bud holds Mar 23, 25, 27 (01:00
    # to 01:00 CET in Budapest, the last one 01:00 CET to 02:00 CEST): gaps of 25 h or more, and
    # bud's own weekly rest is 24 h.
    inst = _instance({"hours": 35, "mode": "soft"}, hours=24)
    seats = {("d", f"2027-03-{d} 00:00"): {"primary": ("utc",)} for d in (22, 24, 26, 28)}
    seats |= {("d", f"2027-03-{d} 00:00"): {"primary": ("bud",)} for d in (23, 25, 27)}
    plan = plan_with(inst, seats)
    assert [(v.engineers, v.hard, v.magnitude) for v in found(plan, ID)] == [(("utc",), False, 1.0)]
    assert pinned_penalty(plan, ID) == 1


@given(busy=st.lists(st.tuples(st.integers(-30, 200), st.integers(1, 60)), max_size=6))
def test_longest_rest_is_the_longest_free_hour_run(busy: list[tuple[int, int]]) -> None:
    base = datetime(2027, 1, 4, tzinfo=UTC)
    intervals = [(base + timedelta(hours=a), base + timedelta(hours=a + n)) for a, n in busy]
    free = [not any(a <= h < a + n for a, n in busy) for h in range(168)]
    run = best = 0
    for f in free:
        run = run + 1 if f else 0
        best = max(best, run)
    assert longest_rest(intervals, base, base + timedelta(hours=168)) == best * 3600


def test_explain_names_the_weekly_rest_a_monday_weekly_rotation_cannot_give() -> None:
    from fairshift import explain

    inst = make_roster(date(2027, 1, 4), 14, [eng("a", "Europe/Budapest"), eng("b", "Europe/Budapest")],
                       [rot("w", ["a", "b"], every="week", handoff="mon 09:00", tz="Europe/Budapest")],
                       rules={"preset": "eu-wtd"})
    why = explain(inst.roster, time_limit=60)
    assert not why.feasible
    # each week leaves 9 h off call (Mon 00:00-09:00); the 48-hour average is broken as well
    texts = [str(c) for c in why.conflicts]
    assert any("a needs 35 h off call in a row in the week of 2027-01-" in t for t in texts), str(why)
    assert any(c.rule == "average_week" for c in why.conflicts), str(why)
