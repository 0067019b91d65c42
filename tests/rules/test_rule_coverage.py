"""Rule ``coverage`` (hard): every shift has exactly the configured number of engineers per role."""

from __future__ import annotations

from datetime import date, datetime

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
from fairshift.domain.schedule import Assignment, ScheduledShift
from fairshift.rules import RULES

ID = "coverage"


def _instance() -> Instance:
    # Mon 2027-01-04 .. Wed 2027-01-06: three daily shifts at 09:00 UTC, two seats each.
    return make_roster(date(2027, 1, 4), 3, [eng("ann"), eng("bob"), eng("cy")],
                       [rot("r", ["ann", "bob", "cy"], roles={"primary": 1, "secondary": 1})])


@PROPERTY
@given(case=cases(ID, defects=True))
def test_encoder_agrees_with_checker(case: Case) -> None:
    """Wrong counts, one engineer in two roles, unknown roles: the encoder and the checker agree."""
    assert_hard_agrees(case.plan, ID)


@PROPERTY
@given(case=cases(None, outsiders=True, defects=True))
def test_every_checker_survives_any_plan(case: Case) -> None:
    """No checker crashes on outsiders, unknown roles or ids of nobody; each names its own rule."""
    for rid, rule in RULES.items():
        for v in rule.check(case.plan):
            assert v.rule == rid
            assert v.message


def test_full_plan_is_clean() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", i): {"primary": (p,), "secondary": (s,)}
                            for i, (p, s) in enumerate([("ann", "bob"), ("bob", "cy"), ("cy", "ann")])})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)


def test_missing_and_extra_engineers() -> None:
    inst = _instance()
    plan = plan_with(inst, {
        ("r", 0): {"primary": ("ann",)},                                 # no secondary
        ("r", 1): {"primary": ("ann", "bob"), "secondary": ("cy",)},     # two primaries
        ("r", 2): {"primary": ("cy",), "secondary": ("ann",)},
    })
    vs = found(plan, ID)
    assert [(v.magnitude, v.engineers, v.shift) for v in vs] == [
        (1.0, (), "r@2027-01-04T09:00"),
        (1.0, ("ann", "bob"), "r@2027-01-05T09:00"),
    ]
    assert "r Mon 2027-01-04 09:00 UTC: role secondary has 0 engineer(s), needs 1" in vs[0].message
    assert "role primary has 2 engineer(s), needs 1" in vs[1].message
    assert not pinned_feasible(plan, ID)


def test_unknown_role_duplicate_seat_and_unknown_shift() -> None:
    inst = _instance()
    plan = plan_with(inst, {
        ("r", 0): {"primary": ("ann",), "secondary": ("ann",)},                   # ann twice
        ("r", 1): {"primary": ("bob",), "secondary": ("cy",), "tertiary": ("ann",)},
        ("r", 2): {"primary": ("cy",), "secondary": ("bob",)},
    })
    start = datetime.fromisoformat("2027-01-05T10:00:00+00:00")  # no shift starts at 10:00
    plan.unknown.append(ScheduledShift(rotation="r", start=start,
                                       end=datetime.fromisoformat("2027-01-06T10:00:00+00:00"),
                                       assignments=(Assignment(role="primary", engineer="dee"),)))
    vs = found(plan, ID)
    assert len(vs) == 3
    unknown, dup, role = vs
    assert "no such shift in the roster" in unknown.message and unknown.engineers == ("dee",)
    assert unknown.shift is None and unknown.rotation == "r"
    assert "ann holds 2 seats" in dup.message and (dup.magnitude, dup.engineers) == (1.0, ("ann",))
    assert "has no role 'tertiary'" in role.message and (role.magnitude, role.engineers) == (1.0, ("ann",))
    assert not pinned_feasible(plan, ID)
