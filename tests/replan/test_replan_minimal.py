"""replan(): new PTO in a published 20-engineer quarter changes only the seats it must."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

import fairshift
from fairshift import SolveStatus, parse_roster, replan, validate
from fairshift.domain.instance import Instance, Plan
from fairshift.time.tz import localize


def _data() -> dict[str, Any]:
    eng = [{"id": f"e{i:02d}", "timezone": "Europe/Budapest" if i % 2 else "America/Los_Angeles",
            "country": "HU" if i % 2 else "US"} for i in range(20)]
    return {
        "horizon": {"quarter": "2027Q1"},
        "engineers": eng,
        "teams": [{"id": "a", "members": [e["id"] for e in eng[:10]]},
                  {"id": "b", "members": [e["id"] for e in eng[10:]]}],
        "rotations": [
            {"id": "a-daily", "team": "a", "every": "day", "handoff": "09:00", "timezone": "Europe/Budapest",
             "roles": {"primary": 1, "secondary": 1}},
            {"id": "b-weekly", "team": "b", "every": "week", "handoff": "mon 09:00",
             "timezone": "America/Los_Angeles", "roles": {"primary": 1, "secondary": 1}},
        ],
    }


@pytest.fixture(scope="module")
def published() -> tuple[dict[str, Any], fairshift.Schedule]:
    data = _data()
    result = fairshift.solve(parse_roster(data), time_limit=12, gap=0.01, seed=2)
    assert result.schedule is not None
    return data, result.schedule


def _holder(schedule: fairshift.Schedule, rotation: str, day: date) -> str:
    shift = next(s for s in schedule.shifts if s.rotation == rotation and s.start.date() == day)
    return shift.assignments[0].engineer


@pytest.mark.parametrize(("rotation", "day"),
                         [("a-daily", date(2027, 2, 16)), ("b-weekly", date(2027, 2, 15))])
def test_one_week_of_pto_changes_only_a_handful_of_seats(
        published: tuple[dict[str, Any], fairshift.Schedule], rotation: str, day: date) -> None:
    _, schedule = published
    who = _holder(schedule, rotation, day)
    data = _data()
    data["engineers"][int(who[1:])]["unavailable"] = [{"start": date(2027, 2, 15), "end": date(2027, 2, 21)}]
    changed = parse_roster(data)
    broken = {(v.shift, v.engineers) for v in validate(changed, schedule).hard}
    assert broken and all(v.rule == "unavailability" for v in validate(changed, schedule).hard)
    freeze = date(2027, 2, 1)
    done = replan(changed, schedule, freeze_until=freeze, time_limit=20)
    assert done.result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert done.result.schedule is not None
    assert validate(changed, done.result.schedule).ok
    # minimal change is proven first: the number of changed seats is optimal
    change_stages = [s for s in done.result.stages if s.name == "changes"]
    assert change_stages and all(s.status == SolveStatus.OPTIMAL for s in change_stages)
    # every seat the PTO breaks must change; each may pull at most one neighbouring seat with it
    # (no back-to-back shifts, count bands), so at most twice as many seats change
    assert len(broken) <= len(done.changes) <= 2 * len(broken)
    assert sum(1 for c in done.changes if who in c.before and who not in c.after) >= len(broken)
    # nothing that starts before the freeze moved
    inst = Instance(changed)
    before = Plan.from_schedule(inst, schedule)
    after = Plan.from_schedule(inst, done.result.schedule)
    frozen = 0
    for rot in changed.rotations:
        cutoff = localize(freeze, time(0, 0), rot.timezone)
        for shift in inst.shifts[rot.id]:
            if shift.start < cutoff:
                frozen += 1
                assert before.roles(shift) == after.roles(shift), shift
        assert all(c.start >= cutoff for c in done.changes if c.rotation == rot.id)
    assert done.frozen == frozen > 0


def test_fair_first_changes_at_least_as_many_seats(
        published: tuple[dict[str, Any], fairshift.Schedule]) -> None:
    _, schedule = published
    data = _data()
    data["engineers"][3]["unavailable"] = [{"start": date(2027, 2, 15), "end": date(2027, 2, 21)}]
    changed = parse_roster(data)
    minimal = replan(changed, schedule, freeze_until=date(2027, 2, 1), time_limit=20)
    fair = replan(changed, schedule, freeze_until=date(2027, 2, 1), order="fair_first", time_limit=20)
    assert fair.result.schedule is not None and validate(changed, fair.result.schedule).ok
    assert len(fair.changes) >= len(minimal.changes)


def test_frozen_shift_that_breaks_new_pto_is_infeasible(
        published: tuple[dict[str, Any], fairshift.Schedule]) -> None:
    _, schedule = published
    data = _data()
    first = schedule.shifts[0]
    holder = first.assignments[0].engineer
    local_day = first.start.date()
    data["engineers"][int(holder[1:])]["unavailable"] = [{"start": local_day, "end": local_day}]
    done = replan(parse_roster(data), schedule, freeze_until=date(2027, 3, 1), time_limit=10)
    assert done.result.status == SolveStatus.INFEASIBLE
    assert done.result.schedule is None
