"""Rule ``shadowing`` (hard): new engineers shadow before they hold any other role.

A ``new`` engineer may hold a non-shadow role only once ``history.shadow_shifts`` plus their
shadow shifts that *ended* before that shift starts reach ``rules.shadowing.shadow_shifts``.
Magnitude: shadow shifts still missing.
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

ID = "shadowing"


def _instance(need: int = 2) -> Instance:
    engineers = [eng("ann", new=True), eng("bob"), eng("cy"),
                 eng("dee", new=True, history={"shadow_shifts": 1})]
    team = ["ann", "bob", "cy", "dee"]
    return make_roster(date(2027, 1, 4), 8, engineers, [
        rot("r", team, roles={"primary": 1, "shadow": 1}),
        rot("w", team, every="week", handoff="mon 09:00", roles={"primary": 1, "shadow": 1}),
    ], rules={"shadowing": {"shadow_shifts": need}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


def test_primary_after_too_few_shadow_shifts() -> None:
    inst = _instance()
    plan = plan_with(inst, {
        ("r", 0): {"primary": ("bob",), "shadow": ("ann",)},
        ("r", 1): {"primary": ("ann",), "shadow": ("dee",)},   # ann: 1 of 2 done
        ("r", 2): {"primary": ("cy",), "shadow": ("ann",)},
        ("r", 3): {"primary": ("ann",)},                       # ann: 2 of 2 done
        ("r", 4): {"primary": ("dee",)},                       # dee: 1 from history + 1 = 2
        ("r", 5): {"primary": ("bob",)},
    })
    (v,) = found(plan, ID)
    assert (v.engineers, v.magnitude, v.shift) == (("ann",), 1.0, "r@2027-01-05T09:00")
    assert "ann is new and holds primary after 1 of 2 shadow shifts" in v.message
    assert not pinned_feasible(plan, ID)


def test_history_counts_and_no_shadowing_at_all() -> None:
    inst = _instance(3)
    plan = plan_with(inst, {("r", 0): {"primary": ("dee",)}, ("r", 1): {"primary": ("ann",)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude) for v in vs] == [(("ann",), 3.0), (("dee",), 2.0)]
    assert "dee is new and holds primary after 1 of 3 shadow shifts" in vs[1].message
    assert not pinned_feasible(plan, ID)
    assert found(plan_with(_instance(0), {("r", 1): {"primary": ("ann",)}}), ID) == []


def test_a_shadow_shift_counts_only_once_it_has_ended() -> None:
    inst = _instance(1)
    # ann shadows the weekly shift Mon 01-04 09:00 -> Mon 01-11 09:00.
    during = plan_with(inst, {("w", 0): {"shadow": ("ann",)}, ("r", 3): {"primary": ("ann",)}})
    after = plan_with(inst, {("w", 0): {"shadow": ("ann",)}, ("w", 1): {"primary": ("ann",)}})
    (v,) = found(during, ID)
    assert (v.engineers, v.magnitude, v.shift) == (("ann",), 1.0, "r@2027-01-07T09:00")
    assert not pinned_feasible(during, ID)
    assert found(after, ID) == []
    assert pinned_feasible(after, ID)


# --- optional shadow seats (the default) ----------------------------------------------------
def _seats(mode: str) -> Instance:
    engineers = [eng("ann", new=True), eng("bob"), eng("cy")]
    return make_roster(date(2027, 1, 4), 5, engineers, [
        rot("r", ["ann", "bob", "cy"], roles={"primary": 1, "shadow": 1})],
        rules={"shadowing": {"shadow_shifts": 2, "seats": mode}})


def test_an_optional_shadow_seat_is_only_for_who_still_shadows() -> None:
    inst = _seats("optional")
    plan = plan_with(inst, {
        ("r", 0): {"primary": ("bob",), "shadow": ("ann",)},
        ("r", 1): {"primary": ("cy",)},                        # empty shadow seat: fine
        ("r", 2): {"primary": ("cy",), "shadow": ("ann",)},    # ann's second: fine
        ("r", 3): {"primary": ("bob",), "shadow": ("ann",)},   # ann is done: not hers any more
        ("r", 4): {"primary": ("ann",), "shadow": ("cy",)},    # cy is experienced
    })
    vs = found(plan, ID)
    assert [(v.engineers, v.shift) for v in vs] == [(("ann",), "r@2027-01-07T09:00"),
                                                     (("cy",), "r@2027-01-08T09:00")]
    assert "ann holds an optional shadow seat but has done 2 of 2 shadow shifts" in vs[0].message
    assert "cy holds an optional shadow seat but is not new" in vs[1].message
    assert not pinned_feasible(plan, ID)
    empty = plan_with(inst, {("r", i): {"primary": ("cy",)} for i in range(5)})
    assert found(empty, "coverage") == [] and found(empty, ID) == []  # optional seats may stay empty
    two = plan_with(inst, {("r", 0): {"primary": ("cy",), "shadow": ("ann", "bob")}})
    assert any("role shadow has 2 engineer(s), needs at most 1" in v.message for v in found(two, "coverage"))


def test_required_shadow_seats_are_filled_by_anyone() -> None:
    inst = _seats("required")
    plan = plan_with(inst, {("r", i): {"primary": ("bob",), "shadow": ("cy",)} for i in range(5)})
    assert found(plan, ID) == []
    short = plan_with(inst, {("r", 0): {"primary": ("bob",)}})
    assert any("role shadow has 0 engineer(s), needs 1" in v.message for v in found(short, "coverage"))
    assert inst.required_seats("r") == 2 and _seats("optional").required_seats("r") == 1


def test_optional_seats_are_nobodys_fair_share() -> None:
    from fairshift.domain.fairness import fair_shares

    for mode, seats in (("optional", 1), ("required", 2)):
        inst = _seats(mode)
        shares = fair_shares(inst)
        assert sum(shares.counts[(e, "r")] for e in ("ann", "bob", "cy")) == pytest.approx(5 * seats)


def test_a_solved_schedule_puts_only_new_engineers_in_optional_shadow_seats() -> None:
    import fairshift

    roster = _seats("optional").roster
    result = fairshift.solve(roster, time_limit=60, workers=1, seed=0)
    assert result.schedule is not None, f"no schedule: {result.status}"
    shadows = [a.engineer for s in result.schedule.shifts for a in s.assignments if a.role == "shadow"]
    assert set(shadows) <= {"ann"} and len(shadows) <= 2
    assert all(len(s.engineers("primary")) == 1 for s in result.schedule.shifts)
