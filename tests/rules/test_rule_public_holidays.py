"""Rule ``public_holidays`` (hard with ``mode: avoid``): nobody on call on their own public holiday.

Holidays come from the engineer's ``country`` (and ``subdivision``) and are their own local
dates. Magnitude: holidays the shift touches. ``weigh`` and ``ignore`` are never violations.
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

ID = "public_holidays"


def _instance(mode: str = "avoid") -> Instance:
    engineers = [eng("hu", "Europe/Budapest", country="HU"), eng("us", "America/Los_Angeles", country="US"),
                 eng("nobody", "Europe/Budapest")]
    return make_roster(date(2027, 3, 12), 19, engineers, [
        rot("d", ["hu", "us", "nobody"]),
        rot("w", ["hu", "us", "nobody"], every="week", handoff="fri 09:00", tz="Europe/Budapest"),
    ], rules={"public_holidays": {"mode": mode}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "rid", "start", "days", "name"), [
    ("hu", "d", "2027-03-14 09:00", 1, "National Day"),   # Budapest Sun 10:00 -> Mon 15th 10:00
    ("hu", "d", "2027-03-15 09:00", 1, "National Day"),
    ("hu", "d", "2027-03-16 09:00", 0, None),
    ("us", "d", "2027-03-15 09:00", 0, None),             # not a US holiday
    ("nobody", "d", "2027-03-15 09:00", 0, None),         # no country, no holidays
    ("hu", "w", "2027-03-26 09:00", 3, "Good Friday"),     # Good Friday, Easter, Easter Monday
    ("us", "w", "2027-03-26 09:00", 0, None),
])
def test_own_holidays_in_own_zone(who: str, rid: str, start: str, days: int, name: str | None) -> None:
    plan = plan_with(_instance(), {(rid, start): {"primary": (who,)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude) for v in vs] == ([((who,), float(days))] if days else [])
    if name is not None:
        assert f"is a public holiday for {who} ({name})" in vs[0].message
    assert pinned_feasible(plan, ID) == (days == 0)


@pytest.mark.parametrize("mode", ["weigh", "ignore"])
def test_other_modes_are_never_violations(mode: str) -> None:
    plan = plan_with(_instance(mode), {("d", "2027-03-15 09:00"): {"primary": ("hu",)},
                                       ("w", "2027-03-26 09:00"): {"primary": ("hu",)}})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)
