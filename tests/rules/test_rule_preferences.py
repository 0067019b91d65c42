"""Rule ``preferences`` (soft): engineers are not on call on the local days they asked to avoid.

Each assignment touching one of the engineer's ``preferences.avoid`` dates or
``avoid_weekdays`` (their own local days) counts 1, however many avoided days it touches.
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

from fairshift.domain.instance import Instance

ID = "preferences"


def _instance() -> Instance:
    # A UTC rotation over the EU DST start (Sun 2027-03-28); 09:00 UTC is 10:00/11:00 in Budapest
    # and 02:00 in Los Angeles.
    engineers = [
        eng("ann", "Europe/Budapest", preferences={"avoid_weekdays": ["sun"],
                                                   "avoid": [{"start": "2027-03-29", "end": "2027-03-29"}]}),
        eng("la", "America/Los_Angeles", preferences={"avoid_weekdays": ["sun"]}),
        eng("bob"),
    ]
    return make_roster(date(2027, 3, 27), 4, engineers,
                       [rot("r", ["ann", "la", "bob"], roles={"primary": 1, "secondary": 1})])


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_soft_agrees(case.plan, ID)


def test_avoided_weekdays_and_dates_in_own_zone() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", i): {"primary": ("ann",), "secondary": ("la",)} for i in range(4)})
    vs = found(plan, ID)
    assert [(v.engineers, v.shift) for v in vs] == [
        (("ann",), "r@2027-03-27T09:00"), (("la",), "r@2027-03-27T09:00"),   # both touch Sunday
        (("ann",), "r@2027-03-28T09:00"), (("la",), "r@2027-03-28T09:00"),   # Sun and Mon 29th
        (("ann",), "r@2027-03-29T09:00"),                                    # ann's avoided date
    ]
    assert all(v.magnitude == 1.0 for v in vs)
    assert vs[0].message == "r Sat 2027-03-27 09:00 UTC: ann asked not to be on call then"
    assert pinned_penalty(plan, ID) == 5


def test_no_preferences_no_cost() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", i): {"primary": ("bob",), "secondary": ("la",)} for i in (2, 3)})
    assert found(plan, ID) == []
    assert pinned_penalty(plan, ID) == 0
