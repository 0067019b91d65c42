"""``validate`` is linear in the schedule and says repeated things once.

Work is counted, not timed: the number of Python lines run by validation (``sys.settrace``)
may at most about double when the schedule doubles. A checker that compares every seat with
every other seat of an engineer (1,000 duplicate seats of one shift used to give 126,000
violations) quadruples instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from fairshift.check.validate import ValidationReport, validate
from fairshift.cli import EXIT_INFEASIBLE, main
from fairshift.cli.check import PER_RULE
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Assignment, Schedule

ROSTER = Roster.model_validate({
    "horizon": {"start": date(2027, 1, 4), "end": date(2027, 2, 1)},
    "rules": {"min_rest": {"hours": 11}},
    "engineers": [{"id": e, "timezone": "Europe/Budapest"} for e in ("ann", "bob", "cy", "dee")],
    "rotations": [{"id": "r", "members": ["ann", "bob", "cy", "dee"], "every": "week",
                   "handoff": "mon 09:00", "timezone": "Europe/Budapest",
                   "roles": {"primary": 1, "secondary": 1}}],
})


def _base() -> Schedule:
    inst = Instance(ROSTER)
    plan = Plan(inst)
    names = ["ann", "bob", "cy", "dee"]
    for i, shift in enumerate(inst.shifts["r"]):
        plan.holders[("r", shift.start)] = {"primary": (names[i % 4],), "secondary": (names[(i + 2) % 4],)}
    return plan.to_schedule(status="feasible")


BASE = _base()
assert not validate(ROSTER, BASE).hard


def one_engineer_in_many_seats(n: int) -> Schedule:
    first = BASE.shifts[0]
    seats = tuple(Assignment(role="primary", engineer="ann") for _ in range(n))
    return BASE.model_copy(update={"shifts": (first.model_copy(update={"assignments": seats}),
                                              *BASE.shifts[1:])})


def a_shift_listed_many_times(n: int) -> Schedule:
    return BASE.model_copy(update={"shifts": (*BASE.shifts, *[BASE.shifts[0]] * n)})


def many_strangers_on_one_shift(n: int) -> Schedule:
    first = BASE.shifts[0]
    seats = tuple(Assignment(role="secondary", engineer=f"x{i}") for i in range(n))
    return BASE.model_copy(update={"shifts": (first.model_copy(update={"assignments": seats}),
                                              *BASE.shifts[1:])})


def two_roles_many_times(n: int) -> Schedule:
    first = BASE.shifts[0]
    seats = tuple(Assignment(role=("primary", "secondary")[i % 2], engineer="bob") for i in range(n))
    return BASE.model_copy(update={"shifts": (first.model_copy(update={"assignments": seats}),
                                              *BASE.shifts[1:])})


def lines_run(work: Callable[[], Any]) -> int:
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    before = sys.gettrace()
    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(before)
    return count


SHAPES = [one_engineer_in_many_seats, a_shift_listed_many_times, many_strangers_on_one_shift,
          two_roles_many_times]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda f: f.__name__)
def test_validation_work_grows_linearly(shape: Callable[[int], Schedule]) -> None:
    small, large = shape(400), shape(800)
    validate(ROSTER, small)  # warm caches (zones, shift keys)
    a = lines_run(lambda: validate(ROSTER, small))
    b = lines_run(lambda: validate(ROSTER, large))
    assert b < 2.4 * a, f"{shape.__name__}: {a} lines for 400, {b} for 800"


def test_a_thousand_duplicate_seats_are_a_few_violations() -> None:
    report = validate(ROSTER, one_engineer_in_many_seats(1000))
    assert len(report) < 10, [str(v) for v in report.violations]
    by_rule = {v.rule: v for v in report.hard}
    assert "ann holds 1000 seats" in by_rule["coverage"].message or any(
        "ann holds 1000 seats" in v.message for v in report.hard)
    overlap = by_rule["no_overlap"]
    assert "(primary x1000)" in overlap.message and overlap.magnitude == 999 * 168


def _totals(report: ValidationReport) -> dict[str, float]:
    return {rule: report.magnitude(rule) for rule in {v.rule for v in report.violations}}


def test_aggregated_violations_keep_the_magnitudes() -> None:
    """One violation per engineer and shift, but the magnitude still counts every seat."""
    report = validate(ROSTER, many_strangers_on_one_shift(50))
    assert len([v for v in report.hard if v.rule == "eligibility"]) == 50
    assert _totals(report)["eligibility"] == 50
    doubled = validate(ROSTER, a_shift_listed_many_times(2))
    # each role has 3 holders where it needs 1 (2 + 2), and each holder holds 3 seats (2 + 2)
    assert _totals(doubled)["coverage"] == 2 + 2 + 2 + 2


def test_the_cli_prints_at_most_a_screenful_per_rule(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER.model_dump_json(), encoding="utf-8")
    schedule = tmp_path / "s.json"
    schedule.write_text(many_strangers_on_one_shift(500).to_json(), encoding="utf-8")
    assert main(["validate", str(roster), str(schedule)]) == EXIT_INFEASIBLE
    lines = capsys.readouterr().out.splitlines()
    eligibility = [line for line in lines if line.startswith("[eligibility, hard]")]
    assert len(eligibility) == PER_RULE
    assert (f"... and {500 - PER_RULE} more eligibility violation(s) like these "
            "(--all prints every one)") in lines
    assert main(["validate", str(roster), str(schedule), "--all"]) == EXIT_INFEASIBLE
    everything = capsys.readouterr().out.splitlines()
    assert len([line for line in everything if line.startswith("[eligibility, hard]")]) == 500
