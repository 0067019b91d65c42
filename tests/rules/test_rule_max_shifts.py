"""Rule ``max_shifts`` (hard): nobody holds more shifts than their cap.

The cap is the engineer's own ``max_shifts`` or else ``rules.max_shifts.default`` (``null``: none).
Magnitude: shifts over the cap.
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

from fairshift.domain.instance import Instance, Plan

ID = "max_shifts"


def _instance(default: int | None) -> Instance:
    engineers = [eng("ann", max_shifts=1), eng("bob"), eng("cy", max_shifts=4)]
    return make_roster(date(2027, 1, 4), 4, engineers, [
        rot("d", ["ann", "bob", "cy"]),
        rot("w", ["ann", "bob", "cy"], every="week", handoff="mon 10:00"),
    ], rules={"max_shifts": {"default": default}})


def _plan(inst: Instance) -> Plan:
    # ann 2 shifts, bob 3 (one of them weekly), cy 0.
    return plan_with(inst, {("d", 0): {"primary": ("ann",)}, ("d", 1): {"primary": ("bob",)},
                            ("d", 2): {"primary": ("ann",)}, ("d", 3): {"primary": ("bob",)},
                            ("w", 0): {"primary": ("bob",)}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


@pytest.mark.parametrize(("default", "expected"), [
    (None, [("ann", 1.0, "ann holds 2 shifts; the cap is 1")]),
    (2, [("ann", 1.0, "ann holds 2 shifts; the cap is 1"), ("bob", 1.0, "bob holds 3 shifts; the cap is 2")]),
    (0, [("ann", 1.0, "ann holds 2 shifts; the cap is 1"), ("bob", 3.0, "bob holds 3 shifts; the cap is 0")]),
])
def test_own_cap_wins_over_the_default(default: int | None, expected: list[tuple[str, float, str]]) -> None:
    plan = _plan(_instance(default))
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude, v.message) for v in vs] == [((e, ), m, t) for e, m, t in expected]
    assert not pinned_feasible(plan, ID)


def test_at_the_cap_is_fine() -> None:
    plan = plan_with(_instance(2), {("d", 0): {"primary": ("ann",)}, ("d", 1): {"primary": ("bob",)},
                                    ("w", 0): {"primary": ("bob",)}})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)
