"""Rule ``max_consecutive`` (hard): at most ``rules.max_consecutive.days`` local days on call in a row.

An engineer is on call on a local day (their own zone) when any of their shifts touches it.
Magnitude: days of a run beyond the cap.
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

ID = "max_consecutive"


def _instance(cap: int | None = 2) -> Instance:
    # A Budapest rotation over the EU DST start (Sun 2027-03-28): the Sat 03-27 shift lasts 23 h
    # and ends at 00:00 in Los Angeles, so there it touches Saturday only.
    engineers = [eng("la", "America/Los_Angeles"), eng("uma"), eng("bud", "Europe/Budapest")]
    rotations = [rot("r", ["la", "uma", "bud"], tz="Europe/Budapest")]
    return make_roster(date(2027, 3, 26), 5, engineers, rotations,
                       rules={"max_consecutive": {"days": cap}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "starts", "run"), [
    ("la", ["03-27", "03-28"], None),              # LA days 27, 28
    ("uma", ["03-27", "03-28"], "2027-03-27..2027-03-29"),
    ("bud", ["03-27", "03-28"], "2027-03-27..2027-03-29"),
    ("la", ["03-26", "03-28"], "2027-03-26..2027-03-28"),  # LA days 26, 27 + 28
    ("la", ["03-26", "03-27"], None),              # LA days 26, 27
    ("uma", ["03-26", "03-29"], None),             # UTC days 26, 27 + 29, 30
])
def test_days_are_the_engineers_own(who: str, starts: list[str], run: str | None) -> None:
    plan = plan_with(_instance(), {("r", f"2027-{s} 09:00"): {"primary": (who,)} for s in starts})
    vs = found(plan, ID)
    if run is None:
        assert vs == []
        assert pinned_feasible(plan, ID)
        return
    (v,) = vs
    assert (v.engineers, v.magnitude, v.shift) == ((who,), 1.0, None)
    assert f"{who} is on call 3 days in a row ({run}); the cap is 2" == v.message
    assert not pinned_feasible(plan, ID)


def test_every_long_run_counts_its_excess() -> None:
    days = (26, 27, 28, 29)
    plan = plan_with(_instance(1), {("r", f"2027-03-{d} 09:00"): {"primary": ("uma",)} for d in days})
    (v,) = found(plan, ID)
    assert v.magnitude == 4.0  # UTC days 26..30: five days, cap 1
    assert not pinned_feasible(plan, ID)
    assert found(plan_with(_instance(None), {("r", 0): {"primary": ("uma",)}}), ID) == []
