"""Rule ``unavailability`` (hard): never on call on one of one's unavailable local days.

Days are the engineer's own local dates; a shift touches the days from its start up to, not
including, its end instant.
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

ID = "unavailability"


def _instance() -> Instance:
    # A Budapest rotation over the EU DST start (Sun 2027-03-28). The 09:00 handoff is 01:00 in
    # Los Angeles (already on PDT) before the change and 00:00 after it, so the shift of Sat
    # 03-27 ends exactly at LA midnight and does not touch Sun 03-28 there.
    engineers = [
        eng("la", "America/Los_Angeles", unavailable=[{"start": "2027-03-28", "end": "2027-03-28",
                                                       "reason": "pto"}]),
        eng("uma", "UTC", unavailable=[{"start": "2027-03-28", "end": "2027-03-29", "reason": "leave"}]),
        eng("bud", "Europe/Budapest", unavailable=[{"start": "2027-03-27", "end": "2027-03-27"}]),
    ]
    return make_roster(date(2027, 3, 26), 4, engineers,
                       [rot("r", ["la", "uma", "bud"], tz="Europe/Budapest")])


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "start", "days", "first"), [
    ("la", "2027-03-26 09:00", 0, None),          # LA Fri 01:00 .. Sat 01:00
    ("la", "2027-03-27 09:00", 0, None),          # LA Sat 01:00 .. Sun 00:00 (23 h shift)
    ("la", "2027-03-28 09:00", 1, "2027-03-28"),  # LA Sun 00:00 .. Mon 00:00
    ("uma", "2027-03-27 09:00", 1, "2027-03-28"),  # UTC Sat 08:00 .. Sun 07:00
    ("uma", "2027-03-28 09:00", 2, "2027-03-28"),  # UTC Sun 07:00 .. Mon 07:00: both PTO days
    ("uma", "2027-03-29 09:00", 1, "2027-03-29"),
    ("bud", "2027-03-26 09:00", 1, "2027-03-27"),
    ("bud", "2027-03-28 09:00", 0, None),
])
def test_local_days_in_the_engineers_zone(who: str, start: str, days: int, first: str | None) -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", start): {"primary": (who,)}})
    vs = found(plan, ID)
    if days == 0:
        assert vs == []
        assert pinned_feasible(plan, ID)
        return
    assert len(vs) == 1
    (v,) = vs
    assert (v.engineers, v.magnitude, v.rotation) == ((who,), float(days), "r")
    assert f"on {days} local day(s) from {first}" in v.message
    assert not pinned_feasible(plan, ID)


def test_each_assignment_is_one_violation_with_its_reason() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", "2027-03-27 09:00"): {"primary": ("uma",)},
                            ("r", "2027-03-28 09:00"): {"primary": ("la",)},
                            ("r", "2027-03-29 09:00"): {"primary": ("bud",)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude) for v in vs] == [(("uma",), 1.0), (("la",), 1.0)]
    assert "uma is unavailable (leave)" in vs[0].message
    assert "la is unavailable (pto)" in vs[1].message
    assert not pinned_feasible(plan, ID)
