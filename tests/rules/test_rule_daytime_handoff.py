"""Rule ``daytime_handoff`` (soft): handoffs fall inside the working time of both people.

At each handoff between consecutive shifts of a rotation, every engineer who hands over or
takes over (in one of the two shifts and not the other, whatever the role) and is outside their
own working time at that instant counts 1. Working time: working days and hours (both ends
included), public holidays off.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from rulekit import (
    PROPERTY,
    Case,
    assert_soft_agrees,
    cases,
    eng,
    make_roster,
    pinned_penalty,
    plan_with,
    rot,
)
from rulekit import violations as found

ID = "daytime_handoff"


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_soft_agrees(case.plan, ID)


def test_the_incoming_engineer_is_asleep() -> None:
    inst = make_roster(date(2027, 1, 4), 3, [eng("ann"), eng("bob", "America/Los_Angeles")],
                       [rot("r", ["ann", "bob"])])
    plan = plan_with(inst, {("r", 0): {"primary": ("ann",)}, ("r", 1): {"primary": ("bob",)},
                            ("r", 2): {"primary": ("bob",)}})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.shift) == (("bob",), 1.0, "r@2027-01-05T09:00")
    assert v.message == ("handoff r Tue 2027-01-05 09:00 UTC is at Tue 01:00 for bob, "
                         "outside their working hours (09:00-17:00)")
    assert pinned_penalty(plan, ID) == 1


def test_weekends_and_own_holidays_are_not_working_time() -> None:
    # Daily 10:00 UTC from Fri 2027-03-12; Mon 03-15 is Hungary's National Day.
    inst = make_roster(date(2027, 3, 12), 5, [eng("ann"), eng("hu", "Europe/Budapest", country="HU")],
                       [rot("r", ["ann", "hu"], handoff="10:00")])
    order = ["ann", "hu", "hu", "ann", "hu"]
    plan = plan_with(inst, {("r", i): {"primary": (e,)} for i, e in enumerate(order)})
    vs = found(plan, ID)
    assert [(v.engineers, v.shift) for v in vs] == [
        (("ann",), "r@2027-03-13T10:00"), (("hu",), "r@2027-03-13T10:00"), (("hu",), "r@2027-03-15T10:00")]
    assert "is at Mon 11:00 for hu" in vs[2].message
    # the reason is named: a day off, or the public holiday (working hours would have held)
    assert vs[0].message.endswith("for ann, on their day off (Saturday)")
    assert vs[2].message.endswith("for hu, on their public holiday National Day")
    assert pinned_penalty(plan, ID) == 3


def test_switching_roles_is_no_handoff() -> None:
    inst = make_roster(date(2027, 1, 4), 3, [eng("ann"), eng("bob", "America/Los_Angeles"), eng("cy")],
                       [rot("r", ["ann", "bob", "cy"], roles={"primary": 1, "shadow": 1})])
    plan = plan_with(inst, {("r", 0): {"primary": ("ann",), "shadow": ("bob",)},
                            ("r", 1): {"primary": ("bob",), "shadow": ("ann",)},
                            ("r", 2): {"primary": ("cy",)}})
    vs = found(plan, ID)  # only the Wed handoff: bob leaves at 01:00 his time, ann leaves in hours
    assert [(v.engineers, v.shift) for v in vs] == [(("bob",), "r@2027-01-06T09:00")]
    assert pinned_penalty(plan, ID) == 1
