"""Rule ``min_rest`` (hard): at least ``rules.min_rest.hours`` between one shift's end and the next start.

Magnitude: the hours short of the minimum. Overlapping shifts are ``no_overlap``'s business.
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

ID = "min_rest"


def _instance(hours: float, tz: str = "UTC", start: date = date(2027, 1, 4)) -> Instance:
    # Day shifts 07:00-19:00 and night shifts 19:00-07:00.
    return make_roster(start, 4, [eng("ann"), eng("bob")],
                       [rot("r", ["ann", "bob"], handoff=["07:00", "19:00"], tz=tz)],
                       rules={"min_rest": {"hours": hours}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


def test_twelve_hours_of_rest_is_one_hour_short_of_thirteen() -> None:
    inst = _instance(13)
    plan = plan_with(inst, {("r", "2027-01-04 07:00"): {"primary": ("ann",)},   # ends Mon 19:00
                            ("r", "2027-01-05 07:00"): {"primary": ("ann",)},   # Tue 07:00-19:00
                            ("r", "2027-01-05 19:00"): {"primary": ("ann",)},   # right after it
                            ("r", "2027-01-06 19:00"): {"primary": ("bob",)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude, v.shift) for v in vs] == [
        (("ann",), 1.0, "r@2027-01-05T07:00"), (("ann",), 13.0, "r@2027-01-05T19:00")]
    assert "ann rests 12 h between r Mon 2027-01-04 07:00 UTC and r Tue 2027-01-05 07:00 UTC; " \
        "needs 13 h" in vs[0].message
    assert "ann rests 0 h" in vs[1].message
    assert not pinned_feasible(plan, ID)


@pytest.mark.parametrize(("hours", "broken"), [(12, False), (12.5, True), (0, False)])
def test_exactly_enough_rest_is_enough(hours: float, broken: bool) -> None:
    inst = _instance(hours)
    plan = plan_with(inst, {("r", "2027-01-04 07:00"): {"primary": ("ann",)},
                            ("r", "2027-01-05 07:00"): {"primary": ("ann",)}})
    vs = found(plan, ID)
    assert [v.magnitude for v in vs] == ([0.5] if broken else [])
    assert pinned_feasible(plan, ID) == (not broken)


def test_rest_is_counted_in_real_hours_across_the_dst_change() -> None:
    # Budapest, Sat 2027-03-27 19:00 CET -> Sun 07:00 CEST is an 11-hour night; the next night
    # starts Sun 19:00 CEST, 12 real hours after it ends.
    inst = _instance(13, "Europe/Budapest", date(2027, 3, 27))
    night = inst.shifts["r"][1]
    assert night.hours == 11.0
    plan = plan_with(inst, {("r", "2027-03-27 19:00"): {"primary": ("ann",)},
                            ("r", "2027-03-28 19:00"): {"primary": ("ann",)}})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude) == (("ann",), 1.0)
    assert not pinned_feasible(plan, ID)
