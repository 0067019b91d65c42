"""Rule ``no_back_to_back`` (hard): nobody takes two consecutive shifts of one rotation.

``rules.no_back_to_back.enabled`` switches it for every rotation; a rotation's own
``no_back_to_back`` overrides that. Magnitude: 1 per engineer per pair of consecutive shifts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

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

ID = "no_back_to_back"


def _instance(enabled: bool = True, **rotation: Any) -> Instance:
    return make_roster(date(2027, 1, 4), 4, [eng("ann"), eng("bob"), eng("cy")],
                       [rot("r", ["ann", "bob", "cy"], roles={"primary": 1, "secondary": 1}, **rotation)],
                       rules={"no_back_to_back": {"enabled": enabled}})


def _plan(inst: Instance) -> Any:
    # ann in shifts 0 and 1 (switching roles), bob in shifts 2 and 3, cy in 1 and 3 (not consecutive).
    return plan_with(inst, {("r", 0): {"primary": ("ann",), "secondary": ("bob",)},
                            ("r", 1): {"primary": ("cy",), "secondary": ("ann",)},
                            ("r", 2): {"primary": ("bob",), "secondary": ("ann",)},
                            ("r", 3): {"primary": ("bob",), "secondary": ("cy",)}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


def test_consecutive_shifts_in_any_role() -> None:
    inst = _instance()
    vs = found(_plan(inst), ID)
    assert [(v.engineers, v.magnitude, v.shift) for v in vs] == [
        (("ann",), 1.0, "r@2027-01-05T09:00"), (("ann",), 1.0, "r@2027-01-06T09:00"),
        (("bob",), 1.0, "r@2027-01-07T09:00")]
    assert "ann holds consecutive shifts r Mon 2027-01-04 09:00 UTC and r Tue 2027-01-05 09:00 UTC" \
        in vs[0].message
    assert not pinned_feasible(_plan(inst), ID)


@pytest.mark.parametrize(("enabled", "override", "count"), [
    (True, None, 3), (True, False, 0), (False, None, 0), (False, True, 3)])
def test_the_rotation_overrides_the_rules_switch(enabled: bool, override: bool | None, count: int) -> None:
    extra = {} if override is None else {"no_back_to_back": override}
    plan = _plan(_instance(enabled, **extra))
    assert len(found(plan, ID)) == count
    assert pinned_feasible(plan, ID) == (count == 0)
