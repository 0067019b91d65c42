"""Rule ``no_overlap`` (hard): nobody holds two shifts (or two roles) whose times overlap.

Magnitude: the hours of the overlap. Shifts that only touch (one ends when the other starts)
do not overlap.
"""

from __future__ import annotations

from datetime import date

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

ID = "no_overlap"


def _instance() -> Instance:
    # Mon 2027-01-04 + 7 days: one weekly shift Mon 09:00 -> Mon 09:00, a weekly one Mon 03:00,
    # and 12-hour daily shifts handing off at 09:00 and 21:00.
    members = ["ann", "bob"]
    return make_roster(date(2027, 1, 4), 7, [eng("ann"), eng("bob")], [
        rot("w", members, every="week", handoff="mon 09:00"),
        rot("early", members, every="week", handoff="mon 03:00"),
        rot("d", members, handoff=["09:00", "21:00"]),
    ])


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


def test_daily_shifts_inside_a_weekly_one() -> None:
    inst = _instance()
    plan = plan_with(inst, {("w", 0): {"primary": ("ann",)},
                            ("d", "2027-01-04 21:00"): {"primary": ("ann",)},
                            ("d", "2027-01-10 21:00"): {"primary": ("ann",)},
                            ("d", "2027-01-06 09:00"): {"primary": ("bob",)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude, v.shift) for v in vs] == [
        (("ann",), 12.0, "d@2027-01-04T21:00"), (("ann",), 12.0, "d@2027-01-10T21:00")]
    assert "ann holds overlapping w Mon 2027-01-04 09:00 UTC (primary) and d Mon 2027-01-04 21:00" \
        in vs[0].message
    assert vs[0].message.endswith("for 12 h")
    assert not pinned_feasible(plan, ID)


def test_partial_overlap_across_rotations() -> None:
    inst = _instance()
    # early: Mon 03:00 -> Mon 03:00; w: Mon 09:00 -> Mon 09:00; they share 162 hours.
    plan = plan_with(inst, {("early", 0): {"primary": ("bob",)}, ("w", 0): {"primary": ("bob",)}})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.rotation) == (("bob",), 162.0, "w")
    assert not pinned_feasible(plan, ID)


def test_touching_shifts_do_not_overlap() -> None:
    inst = _instance()
    plan = plan_with(inst, {("d", "2027-01-04 09:00"): {"primary": ("ann",)},
                            ("d", "2027-01-04 21:00"): {"primary": ("ann",)},
                            ("d", "2027-01-05 09:00"): {"primary": ("ann",)}})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)
