"""The encoders agree with the checkers when they share one model, and the harness has teeth."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from rulekit import (
    PROPERTY,
    Case,
    assert_hard_agrees,
    assert_soft_agrees,
    cases,
    eng,
    make_roster,
    may_be_soft,
    pinned_feasible_together,
    pinned_penalty,
    plan_with,
    rot,
)

import fairshift.solver.model
from fairshift.domain.instance import Plan
from fairshift.rules import CATALOGUE, RULES
from fairshift.solver.model import Encoding

HARD = tuple(rid for rid, r in RULES.items() if r.kind == "hard" and rid != "coverage")
SOFT = tuple(rid for rid, r in RULES.items() if r.kind == "soft")
EITHER = tuple(rid for rid in RULES if may_be_soft(rid))  # hard rules whose breaches may be soft


@PROPERTY
@given(case=cases(None))
def test_all_hard_rules_but_coverage_in_one_model(case: Case) -> None:
    """Coverage is left out: random plans nearly always break it, which would hide the rest."""
    broken = [v for rid in HARD for v in RULES[rid].check(case.plan) if v.hard]
    assert pinned_feasible_together(case.plan, HARD) == (not broken), [str(v) for v in broken]


@PROPERTY
@given(case=cases(None))
def test_all_soft_rules_in_one_model(case: Case) -> None:
    total = sum(v.magnitude for rid in SOFT for v in RULES[rid].check(case.plan))
    assert pinned_penalty(case.plan, SOFT) == total


@PROPERTY
@given(case=cases(None))
def test_every_limit_hard_or_soft_in_one_model(case: Case) -> None:
    found = [v for rid in EITHER for v in RULES[rid].check(case.plan)]
    feasible = pinned_feasible_together(case.plan, EITHER)
    assert feasible == (not any(v.hard for v in found)), [str(v) for v in found if v.hard]
    if feasible:
        assert pinned_penalty(case.plan, EITHER) == sum(v.magnitude for v in found)


def _plan() -> Plan:
    # ann works Mon 07:00-19:00 and Tue 07:00-19:00: 12 h of rest; shares two shifts with bob.
    inst = make_roster(date(2027, 1, 4), 3, [eng("ann"), eng("bob"), eng("cy")],
                       [rot("r", ["ann", "bob", "cy"], handoff=["07:00", "19:00"],
                            roles={"primary": 1, "secondary": 1})],
                       rules={"min_rest": {"hours": 13}, "no_back_to_back": {"enabled": False}})
    return plan_with(inst, {("r", "2027-01-04 07:00"): {"primary": ("ann",), "secondary": ("bob",)},
                            ("r", "2027-01-05 07:00"): {"primary": ("ann",), "secondary": ("bob",)}})


def _swap_encoder(monkeypatch: pytest.MonkeyPatch, rid: str, encode: Callable[[Encoding], None]) -> None:
    swapped = tuple(dataclasses.replace(r, encode=encode) if r.id == rid else r for r in CATALOGUE)
    monkeypatch.setattr(fairshift.solver.model, "CATALOGUE", swapped)


def test_the_harness_agrees_with_sound_encoders() -> None:
    plan = _plan()
    assert assert_hard_agrees(plan, "min_rest") is False
    assert assert_soft_agrees(plan, "pair_diversity") == 1


def test_the_harness_catches_a_hard_encoder_that_forgets_its_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    _swap_encoder(monkeypatch, "min_rest", lambda enc: None)
    with pytest.raises(AssertionError, match="encoder says feasible"):
        assert_hard_agrees(_plan(), "min_rest")


def test_the_harness_catches_a_soft_encoder_that_miscounts(monkeypatch: pytest.MonkeyPatch) -> None:
    sound = RULES["pair_diversity"].encode

    def doubled(enc: Encoding) -> None:
        sound(enc)
        enc.penalties.extend(enc.penalties[:])

    _swap_encoder(monkeypatch, "pair_diversity", doubled)
    with pytest.raises(AssertionError, match="encoder penalty 2 != checker magnitude 1"):
        assert_soft_agrees(_plan(), "pair_diversity")
