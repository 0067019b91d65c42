"""Rule ``spacing`` (soft): a person's shifts of a rotation are spread out.

In every window of ``W = max(2, pool // (2 * seats))`` consecutive shifts of a rotation an
engineer should hold at most one; each extra shift in a window counts 1.
"""

from __future__ import annotations

from datetime import date

import pytest
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

ID = "spacing"
SIX = ["ann", "bob", "cy", "dee", "eva", "fay"]


def _instance(pool: list[str]) -> Instance:
    return make_roster(date(2027, 1, 4), 6, [eng(e) for e in SIX], [rot("r", pool)])


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_soft_agrees(case.plan, ID)


@pytest.mark.parametrize(("pool", "order", "expected"), [
    # pool 6, one seat: windows of 3 shifts
    (SIX, ["ann", "bob", "ann", "cy", "dee", "ann"], [("ann", 1.0, 0)]),
    (SIX, ["ann", "ann", "ann", "bob", "bob", "cy"], [("ann", 2.0, 0), ("ann", 1.0, 1), ("bob", 1.0, 2),
                                                      ("bob", 1.0, 3)]),
    (SIX, ["ann", "bob", "cy", "ann", "bob", "cy"], []),
    # pool 3: windows of max(2, 3 // 2) = 2 shifts
    (SIX[:3], ["ann", "bob", "ann", "ann", "cy", "bob"], [("ann", 1.0, 2)]),
])
def test_extra_shifts_per_window(pool: list[str], order: list[str],
                                 expected: list[tuple[str, float, int]]) -> None:
    inst = _instance(pool)
    plan = plan_with(inst, {("r", i): {"primary": (e,)} for i, e in enumerate(order)})
    vs = found(plan, ID)
    keys = [s.key for s in inst.shifts["r"]]
    assert [(v.engineers, v.magnitude, v.shift) for v in vs] == [((e,), m, keys[w]) for e, m, w in expected]
    assert pinned_penalty(plan, ID) == sum(m for _, m, _ in expected)


def test_message_names_the_window() -> None:
    inst = _instance(SIX)
    plan = plan_with(inst, {("r", 0): {"primary": ("ann",)}, ("r", 2): {"primary": ("ann",)}})
    (v,) = found(plan, ID)
    assert v.message == "ann holds 2 of the 3 shifts from r Mon 2027-01-04 09:00 UTC"
