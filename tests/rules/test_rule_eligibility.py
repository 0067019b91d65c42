"""Rule ``eligibility`` (hard): only pool members who have the rotation's required skills.

The model has no variable for an engineer outside a rotation's pool, so ``Encoding.pin`` fails
on such a plan: that counts as infeasible, and the checker must report it.
"""

from __future__ import annotations

from datetime import date

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
    representable,
    rot,
)
from rulekit import violations as found

from fairshift.domain.instance import Instance
from fairshift.rules import RULES

ID = "eligibility"


def _instance() -> Instance:
    engineers = [eng("ann", skills=["db"]), eng("bob"), eng("cy", skills=["db", "k8s"]), eng("dee")]
    return make_roster(date(2027, 1, 4), 5, engineers,
                       [rot("r", ["ann", "bob", "cy"], requires_skills=["db", "k8s"])])


@PROPERTY
@given(case=cases(ID, outsiders=True))
def test_encoder_agrees_with_checker(case: Case) -> None:
    """Unskilled pool members, roster engineers outside the pool and ids of nobody."""
    assert_hard_agrees(case.plan, ID)


@PROPERTY
@given(case=cases(None, outsiders=True, defects=True))
def test_unrepresentable_plans_are_reported(case: Case) -> None:
    """A plan the model cannot hold always breaks coverage or eligibility, and only then."""
    reported = [v for rid in ("coverage", "eligibility") for v in RULES[rid].check(case.plan)
                if "pool" in v.message or "not an engineer" in v.message or "seats" in v.message
                or "has no role" in v.message or "needs 0" in v.message]
    assert representable(case.plan) == (not reported), [str(v) for v in reported]


def test_skilled_pool_members_are_eligible() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", i): {"primary": ("cy",)} for i in range(5)})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)


def test_missing_skills_count_one_each() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", 0): {"primary": ("ann",)}, ("r", 1): {"primary": ("bob",)},
                            ("r", 2): {"primary": ("cy",)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude, v.shift) for v in vs] == [
        (("ann",), 1.0, "r@2027-01-04T09:00"), (("bob",), 2.0, "r@2027-01-05T09:00")]
    assert vs[0].message.endswith("ann lacks skill(s) k8s")
    assert vs[1].message.endswith("bob lacks skill(s) db, k8s")
    assert not pinned_feasible(plan, ID)


def test_outside_the_pool_and_nobody_at_all() -> None:
    inst = _instance()
    plan = plan_with(inst, {("r", 3): {"primary": ("dee",)}, ("r", 4): {"primary": ("zed",)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude) for v in vs] == [(("dee",), 1.0), (("zed",), 1.0)]
    assert "dee is not in the pool of r" in vs[0].message
    assert "'zed' is not an engineer of the roster" in vs[1].message
    assert not representable(plan)
    assert not pinned_feasible(plan, ID)
