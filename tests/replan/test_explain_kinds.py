"""explain(): eight kinds of infeasible roster, each named by rule, rotation and dates, and every
reported conflict is necessary (relax it and the roster becomes feasible)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from ortools.sat.python import cp_model

import fairshift
from fairshift import SolveStatus, explain, parse_roster
from fairshift.domain.instance import Instance
from fairshift.rules import hard_rules
from fairshift.solver.model import Encoding, add_constraints


def roster(n: int = 3, *, engineers: list[dict[str, Any]] | None = None, rules: dict[str, Any] | None = None,
           rotations: list[dict[str, Any]] | None = None, end: date = date(2027, 2, 1)) -> fairshift.Roster:
    people = engineers or [{"id": f"e{i}", "timezone": "Europe/Budapest"} for i in range(n)]
    return parse_roster({
        "horizon": {"start": date(2027, 1, 4), "end": end},
        "engineers": people,
        "teams": [{"id": "t", "members": [p["id"] for p in people]}],
        "rotations": rotations or [{"id": "w", "team": "t", "every": "week", "handoff": "mon 09:00",
                                    "timezone": "Europe/Budapest"}],
        "rules": rules or {},
    })


def weekly(**extra: Any) -> dict[str, Any]:
    return {"id": "w", "team": "t", "every": "week", "handoff": "mon 09:00",
            "timezone": "Europe/Budapest", **extra}


def _hard_model(r: fairshift.Roster) -> Encoding:
    enc = Encoding(Instance(r), tuple(rot.id for rot in r.rotations), explain=True)
    add_constraints(enc, only=hard_rules())
    return enc


def _feasible_without(r: fairshift.Roster, relaxed: set[str]) -> bool:
    """Solve the hard model with every rule instance enforced except ``relaxed``."""
    enc = _hard_model(r)
    enc.model.add_assumptions([lit for name, lit in enc.assumptions.items() if name not in relaxed])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    return solver.solve(enc.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


CASES: dict[str, tuple[fairshift.Roster, str, list[str]]] = {}


def _case(name: str, r: fairshift.Roster, rule: str, texts: list[str]) -> None:
    CASES[name] = (r, rule, texts)


_case("pto_week", roster(2, engineers=[
    {"id": "anna", "timezone": "Europe/Budapest",
     "unavailable": [{"start": "2027-01-18", "end": "2027-01-22", "reason": "vacation"}]},
    {"id": "ben", "timezone": "America/Los_Angeles"}],
    rotations=[weekly(roles={"primary": 1, "secondary": 1})]),
    "unavailability",
    ["w, week of Mon 2027-01-18 09:00 Europe/Budapest", "anna (vacation 2027-01-18..2027-01-22)"])
_case("skills", roster(3, rotations=[weekly(requires_skills=["payments"])]),
      "eligibility", ["w, week of Mon 2027-01-04 09:00", "eligible: nobody"])
_case("holiday_avoid", roster(engineers=[{"id": f"h{i}", "timezone": "Europe/Budapest", "country": "HU"}
                                         for i in range(3)],
                              rotations=[{"id": "d", "team": "t", "every": "day", "handoff": "09:00",
                                          "timezone": "Europe/Budapest"}],
                              rules={"public_holidays": {"mode": "avoid"},
                                     "no_back_to_back": {"enabled": False}},
                              end=date(2027, 3, 20)),
      "public_holidays", ["d Sun 2027-03-14 09:00", "public holiday 2027-03-15"])
_case("shared_pool", roster(2, rotations=[weekly(), {"id": "d", "team": "t", "every": "day",
                                                     "handoff": "09:00", "timezone": "Europe/Budapest"}]),
      "no_overlap", ["w@2027-01-04"])
_case("min_rest", roster(2, rotations=[{"id": "d", "team": "t", "every": "day", "handoff": ["07:00", "19:00"],
                                        "timezone": "Europe/Budapest"}],
                         rules={"min_rest": {"hours": 13}, "no_back_to_back": {"enabled": False}},
                         end=date(2027, 1, 7)),
      "min_rest", ["needs 13 h rest"])
_case("max_shifts", roster(3, rules={"max_shifts": {"default": 1}}), "max_shifts", ["at most 1 shifts"])
_case("max_weekends", roster(3, rules={"max_weekends": {"count": 1}}, end=date(2027, 3, 1)),
      "max_weekends", ["at most 1 weekends"])
_case("max_consecutive", roster(3, rules={"max_consecutive": {"days": 5}}),
      "max_consecutive", ["at most 5 days in a row"])
_case("shadowing", roster(engineers=[{"id": "old", "timezone": "UTC"}, {"id": "newbie", "timezone": "UTC",
                                                                         "new": True}]),
      "shadowing", ["newbie is new and must shadow first"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_explanation_names_rule_and_dates(name: str) -> None:
    r, rule, texts = CASES[name]
    result = fairshift.solve(r, time_limit=20)
    assert result.status == SolveStatus.INFEASIBLE
    why = explain(r, time_limit=30)
    assert not why.feasible
    assert rule in {c.rule for c in why.conflicts}, str(why)
    text = str(why)
    for piece in texts:
        assert piece in text, text
    # solve() carries the same explanation for the CLI
    assert result.explanation is not None and result.explanation.status == "conflicts"
    assert any(rule in line for line in str(result.explanation).splitlines())


MODEL_CASES = ["shared_pool", "min_rest", "max_shifts", "max_weekends", "max_consecutive", "shadowing"]


@pytest.mark.parametrize("name", MODEL_CASES)
def test_every_reported_conflict_is_necessary(name: str) -> None:
    r, _, _ = CASES[name]
    why = explain(r, time_limit=30)
    assert len(why.cores) >= 1
    everything = set(_hard_model(r).assumptions)
    assert not _feasible_without(r, set())
    for core in why.cores:
        members = {f"{c.rule}|{c.subject}" for c in core}
        assert members <= everything
        # the core alone (every other rule instance relaxed) is infeasible...
        assert not _feasible_without(r, everything - members)
        # ...and relaxing any one of its members makes it satisfiable
        for member in members:
            assert _feasible_without(r, (everything - members) | {member}), (name, member)


def test_single_conflict_roster_becomes_feasible_after_relaxing_any_member() -> None:
    r, _, _ = CASES["max_shifts"]
    why = explain(r, time_limit=30)
    assert len(why.cores) == 1
    for c in why.conflicts:
        assert _feasible_without(r, {f"{c.rule}|{c.subject}"})


def test_feasible_roster_has_an_empty_explanation() -> None:
    why = explain(roster(4), time_limit=10)
    assert why.feasible and why.conflicts == ()
