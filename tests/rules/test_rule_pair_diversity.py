"""Rule ``pair_diversity`` (soft): the people who share a shift vary.

For every rotation with two seats or more, each pair of engineers who share a shift of it more
than once counts 1 per repeat. One-seat rotations are never counted.
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

ID = "pair_diversity"
TEAM = ["ann", "bob", "cy"]


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_soft_agrees(case.plan, ID)


def test_repeats_of_one_pair() -> None:
    inst = make_roster(date(2027, 1, 4), 5, [eng(e) for e in TEAM],
                       [rot("r", TEAM, roles={"primary": 1, "secondary": 1})])
    pairs = [("ann", "bob"), ("bob", "ann"), ("ann", "cy"), ("bob", "ann"), ("cy", "bob")]
    plan = plan_with(inst, {("r", i): {"primary": (p,), "secondary": (s,)} for i, (p, s) in enumerate(pairs)})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.rotation, v.shift) == (("ann", "bob"), 2.0, "r", None)
    assert v.message == "ann and bob share 3 shifts of r"
    assert pinned_penalty(plan, ID) == 2


def test_pairs_count_per_rotation_and_shadows_pair_too() -> None:
    inst = make_roster(date(2027, 1, 4), 3, [eng(e) for e in TEAM], [
        rot("a", TEAM, roles={"primary": 1, "shadow": 1}),
        rot("b", TEAM, roles={"primary": 1, "secondary": 1}, handoff="21:00"),
    ])
    plan = plan_with(inst, {("a", 0): {"primary": ("ann",), "shadow": ("bob",)},
                            ("b", 0): {"primary": ("ann",), "secondary": ("bob",)},
                            ("a", 1): {"primary": ("cy",), "shadow": ("bob",)},
                            ("a", 2): {"primary": ("bob",), "shadow": ("cy",)}})
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.rotation) == (("bob", "cy"), 1.0, "a")
    assert pinned_penalty(plan, ID) == 1


def test_crowded_shifts_count_every_pair_but_one_seat_rotations_none() -> None:
    inst = make_roster(date(2027, 1, 4), 2, [eng(e) for e in TEAM], [
        rot("two", TEAM, roles={"primary": 2}),
        rot("one", TEAM, handoff="21:00"),
    ])
    plan = plan_with(inst, {("two", 0): {"primary": ("ann", "bob", "cy")},
                            ("two", 1): {"primary": ("ann", "bob", "cy")},
                            ("one", 0): {"primary": ("ann", "bob")},
                            ("one", 1): {"primary": ("ann", "bob")}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude, v.rotation) for v in vs] == [
        (("ann", "bob"), 1.0, "two"), (("ann", "cy"), 1.0, "two"), (("bob", "cy"), 1.0, "two")]
    assert pinned_penalty(plan, ID) == 3
