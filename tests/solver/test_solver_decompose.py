"""An org-wide rotation that links every team is solved first, then each team around it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from orgkit import commander_org as _org

import fairshift.solver.events
import fairshift.solver.facade
from fairshift import SolveStatus, solve, validate
from fairshift.domain.instance import Instance
from fairshift.solver.decompose import split_component


def test_the_commander_rotation_is_the_hub() -> None:
    roster = _org()
    split = split_component(Instance(roster), tuple(r.id for r in roster.rotations))
    assert split is not None
    assert split.hubs == ("commander",)
    assert [g.rotations for g in split.groups] == [("team0",), ("team1",), ("team2",)]
    assert all(g.hubs == ("commander",) for g in split.groups)
    assert split.groups[0].engineers == frozenset({"t0e0", "t0e1", "t0e2", "t0e3"})


@pytest.fixture
def split_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even a small component (normally only those above TUNING.joint_seats are split)."""
    monkeypatch.setattr(fairshift.solver.facade, "TUNING", replace(fairshift.solver.facade.TUNING,
                                                                   joint_seats=0))


def test_small_components_are_solved_jointly() -> None:
    result = solve(_org(), time_limit=30, seed=1)
    assert result.decomposed == 0 and result.tasks == 1 and result.stepwise == frozenset()
    assert [step.split(":")[0] for step in result.steps] == ["solve"]


def test_decomposed_solve_keeps_every_cross_rotation_rule_and_says_it_is_stepwise(split_small: None) -> None:
    roster = _org()
    events: list[fairshift.solver.events.SolveEvent] = []
    result = solve(roster, time_limit=30, seed=1, on_event=events.append)
    assert result.decomposed == 1 and result.components == 1 and result.tasks == 4
    assert result.schedule is not None and validate(roster, result.schedule).ok
    # proven per step, never for the whole component: neither the status nor fairness says optimal
    assert result.status == SolveStatus.FEASIBLE
    assert result.fairness_status == SolveStatus.FEASIBLE
    assert result.stepwise == {s.task for s in result.stages} == {0, 1, 2, 3}
    assert [step.split(":")[0] for step in result.steps] == ["org-wide", "teams"]
    kinds = [e.kind for e in events]
    steps = [i for i, k in enumerate(kinds) if k == "step"]
    assert len(steps) == 2 and kinds.count("schedule") == 1 and kinds.index("schedule") > steps[1]
    # the org-wide step's stage lines were held back until its teams completed the schedule
    assert kinds.index("stage") > steps[1] and kinds.count("stage") == len(result.stages)
    # the commanders carry the commander weeks on top of their team's, and nobody is over their
    # fair share by more than one weekly shift's burden
    held = [a.engineer for s in result.schedule.shifts if s.rotation == "commander" for a in s.assignments]
    assert len(held) == 8
    assert sorted(held.count(e) for e in ("t0e0", "t1e0", "t2e0")) == [2, 3, 3]  # 8/3 -> band [2, 3]
    week = max(m.burden / m.shifts for m in result.metrics.values() if m.shifts)
    assert result.max_excess <= week


def test_joint_solve_is_still_available(split_small: None) -> None:
    roster = _org()
    result = solve(roster, time_limit=60, seed=1, decompose=False)
    assert result.decomposed == 0
    assert result.schedule is not None and validate(roster, result.schedule).ok
    assert {s.task for s in result.stages} == {0}


def test_a_team_can_join_the_first_step() -> None:
    roster = _org()
    split = split_component(Instance(roster), tuple(r.id for r in roster.rotations), frozenset({"team1"}))
    assert split is not None
    assert split.hubs == ("team1", "commander")
    assert split.hub_parts == (("team1", "commander"),)  # they share t1e0: one model
    assert [g.rotations for g in split.groups] == [("team0",), ("team2",)]
