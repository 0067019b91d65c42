"""Rule ``quiet_hours`` (hard, or soft): no seat overlaps its holder's local quiet window
(``engineers[].limits.quiet_hours.hours``, or ``rules.quiet_hours.hours`` for everyone), a
daily wall-clock window that may cross midnight, on the engineer's own clock.

Magnitude: per seat, the hours it overlaps the window, rounded up to whole hours.
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
from fairshift.errors import RosterError
from fairshift.rules.quiet_hours import quiet_seconds
from fairshift.rules.windows import midnight

ID = "quiet_hours"


def _instance(rules: dict[str, Any], start: date = date(2027, 1, 4), **own: Any) -> Instance:
    engineers = [eng("la", "America/Los_Angeles", limits={ID: own} if own else {}),
                 eng("bud", "Europe/Budapest", limits={ID: {"hours": "22:00-07:00"}}), eng("utc")]
    return make_roster(start, 7, engineers, [
        rot("d", ["la", "bud", "utc"], handoff="09:00", tz="Europe/Budapest"),
        rot("h", ["la", "bud", "utc"], handoff=["07:00", "19:00"], tz="UTC"),
    ], rules={ID: rules})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_limit_agrees(case.plan, ID)


def test_a_budapest_day_is_a_los_angeles_night() -> None:
    # Budapest 09:00 -> 09:00 is 00:00 -> 00:00 in Los Angeles: 7 h + 2 h of 22:00-07:00
    inst = _instance({}, hours="22:00-07:00")
    plan = plan_with(inst, {("d", 1): {"primary": ("la",)}})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.hard) == (("la",), 9.0, True)
    assert "9 h of it fall in la's quiet hours 22:00-07:00" in v.message
    assert not pinned_feasible(plan, ID)
    assert found(plan_with(inst, {("d", 1): {"primary": ("utc",)}}), ID) == []  # no window


@pytest.mark.parametrize(("shift", "hours"), [("2027-01-05 07:00", 0), ("2027-01-05 19:00", 9)])
def test_follow_the_sun_keeps_budapest_nights_free(shift: str, hours: int) -> None:
    # 07:00-19:00 UTC is 08:00-20:00 in Budapest; 19:00-07:00 UTC is 20:00-08:00
    inst = _instance({"mode": "soft"})
    plan = plan_with(inst, {("h", shift): {"primary": ("bud",)}})
    assert [(v.hard, v.magnitude) for v in found(plan, ID)] == ([(False, float(hours))] if hours else [])
    assert pinned_penalty(plan, ID) == hours


@pytest.mark.parametrize(("day", "hours"), [
    (date(2027, 3, 21), 1.5), (date(2027, 3, 28), 0.5), (date(2027, 10, 31), 2.5)])
def test_a_window_on_a_dst_night_is_shorter_or_longer(day: date, hours: float) -> None:
    # 01:30-03:00 in Budapest: 02:00-03:00 is skipped on Mar 28 and happens twice on Oct 31
    tz = "Europe/Budapest"
    secs = quiet_seconds(midnight(day, tz), midnight(date.fromordinal(day.toordinal() + 1), tz), tz,
                         "01:30-03:00")
    assert secs == hours * 3600


def test_soft_seats_round_up_and_everyone_may_share_a_window() -> None:
    # UTC 00:00 -> 00:00 on Mar 28 is Budapest 01:00 CET -> 02:00 CEST on Mar 29: half an hour of
    # the window on each night, 1 h in all; on Mar 21 (no change) 01:00 -> 01:00: 1.5 h, 2 whole
    inst = make_roster(date(2027, 3, 20), 10, [eng("bud", "Europe/Budapest"), eng("x")],
                       [rot("u", ["bud", "x"], handoff="00:00", tz="UTC")],
                       rules={ID: {"hours": "01:30-03:00", "mode": "soft", "weight": 3}})
    plan = plan_with(inst, {("u", "2027-03-28 00:00"): {"primary": ("bud",)},
                            ("u", "2027-03-21 00:00"): {"primary": ("bud",)}})
    assert sorted(v.magnitude for v in found(plan, ID)) == [1.0, 2.0]
    assert pinned_penalty(plan, ID) == 3


def test_an_empty_or_malformed_window_is_a_roster_error() -> None:
    for bad in ("22:00-22:00", "22:00", "25:00-07:00"):
        with pytest.raises(RosterError, match=r"quiet_hours\.hours"):
            _instance({"hours": bad})


def test_hard_quiet_hours_are_time_away_for_fair_shares_and_explain() -> None:
    from fairshift import explain
    from fairshift.domain.fairness import fair_shares

    inst = _instance({}, hours="22:00-07:00")
    # la and bud (22:00-07:00 each) can hold no 24-hour shift of d; bud can hold the 07:00-19:00
    # UTC shifts of h (08:00-20:00 in Budapest), la none of them (23:00-11:00, 11:00-23:00 PST)
    assert len(inst.away("la", "d")) == len(inst.away("bud", "d")) == len(inst.shifts["d"]) == 7
    assert inst.away("bud", "h") == frozenset(s.start for s in inst.shifts["h"] if s.start.hour == 19)
    assert len(inst.away("la", "h")) == 14
    shares = fair_shares(inst)
    assert (shares.counts[("la", "d")], shares.counts[("utc", "d")]) == (0, pytest.approx(7))
    # bud is free for 7 of the 21 (engineer, shift) pairs of h that are free
    assert shares.counts[("bud", "h")] == pytest.approx(14 * 7 / 21)
    # ...and when nobody may take a shift, explain says why
    alone = make_roster(date(2027, 1, 4), 3, [eng("la", "America/Los_Angeles",
                                                  limits={ID: {"hours": "22:00-07:00"}})],
                        [rot("d", ["la"], handoff="09:00", tz="Europe/Budapest")])
    why = explain(alone.roster, time_limit=30)
    assert [c.rule for c in why.conflicts][:1] == [ID], str(why)
    assert "la (quiet hours 22:00-07:00)" in str(why)


@pytest.mark.parametrize(("mode", "offered"), [("soft", True), ("hard", False)])
def test_a_cover_may_break_soft_quiet_hours_but_never_hard_ones(mode: str, offered: bool) -> None:
    from fairshift.workflows.cover import suggest_cover

    night = {ID: {"hours": "22:00-07:00", "mode": mode}}
    inst = make_roster(date(2027, 1, 4), 2, [eng("a"), eng("b", limits=night)],
                       [rot("r", ["a", "b"], handoff="09:00", tz="UTC")])
    plan = plan_with(inst, {("r", 0): {"primary": ("a",)}, ("r", 1): {"primary": ("a",)}})
    options = suggest_cover(inst.roster, plan.to_schedule(status="draft"), "a", inst.shifts["r"][0].start)
    assert [o.candidate for o in options] == (["b"] if offered else [])
