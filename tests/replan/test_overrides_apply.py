"""Overrides: provenance and sequence, hard-rule reports (strict), DST-correct range selection, errors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from fairshift import Plan, Roster, Schedule, parse_roster, validate
from fairshift.cli import EXIT_INFEASIBLE, EXIT_INPUT, main
from fairshift.domain.instance import Instance
from fairshift.io.overrides import load_overrides
from fairshift.workflows.overrides import Override, OverrideError, apply_overrides

BUDAPEST = "Europe/Budapest"
LA = "America/Los_Angeles"

ROSTER_YAML = """\
name: Overrides
horizon: {start: 2027-01-04, end: 2027-02-01}
engineers:
  - {id: a, timezone: Europe/Budapest}
  - {id: b, timezone: Europe/Budapest}
  - {id: c, timezone: Europe/Budapest}
  - {id: d, timezone: Europe/Budapest}
  - {id: e, timezone: Europe/Budapest}
  - {id: f, timezone: Europe/Budapest}
  - {id: g, timezone: Europe/Budapest}
  - {id: h, timezone: Europe/Budapest}
teams:
  - {id: t, members: [a, b, c, d, g, h]}
rotations:
  - {id: w, team: t, every: week, handoff: "mon 09:00", timezone: Europe/Budapest,
     roles: {primary: 1, secondary: 1}}
  - {id: daily, members: [a, e, f], every: day, handoff: "09:00", timezone: Europe/Budapest}
"""


def _roster_data() -> dict[str, Any]:
    from fairshift.io.yaml import read_yaml

    data, _ = read_yaml(ROSTER_YAML)
    return dict(data)


def _round_robin(roster: Roster, names: dict[tuple[str, str], list[str]]) -> Schedule:
    """Seat ``names[(rotation, role)]`` in turn on the rotation's shifts."""
    inst = Instance(roster)
    plan = Plan(inst)
    for rot in roster.rotations:
        for i, shift in enumerate(inst.shifts[rot.id]):
            plan.holders[(rot.id, shift.start)] = {
                role: (names[(rot.id, role)][i % len(names[(rot.id, role)])],) for role in rot.roles}
    return plan.to_schedule(status="hand-made", engineers={"a": {"shifts": 0}})


@pytest.fixture(scope="module")
def roster() -> Roster:
    return parse_roster(_roster_data())


@pytest.fixture(scope="module")
def schedule(roster: Roster) -> Schedule:
    s = _round_robin(roster, {("w", "primary"): ["a", "b"], ("w", "secondary"): ["c", "d"],
                              ("daily", "primary"): ["e", "f"]})
    assert validate(roster, s).ok
    return s


def _seat(s: Schedule, rotation: str, start: datetime, role: str) -> Any:
    ss = s.shift_map()[(rotation, start.astimezone(UTC))]
    found = [a for a in ss.assignments if a.role == role]
    assert len(found) == 1
    return found[0]


def test_override_records_provenance_and_bumps_sequence(roster: Roster, schedule: Schedule) -> None:
    week2 = datetime(2027, 1, 11, 9, 0)  # naive: read in the rotation's zone (Budapest)
    result = apply_overrides(roster, schedule, [
        Override(rotation="w", shift=week2, role="primary", engineer="g", replaces="b",
                 reason="b is ill", author="lead"),
    ])
    assert result.ok and result.report.ok
    seat = _seat(result.schedule, "w", datetime(2027, 1, 11, 8, 0, tzinfo=UTC), "primary")
    assert seat.engineer == "g"
    assert seat.model_extra == {"override_reason": "b is ill", "replaces": "b", "override_author": "lead",
                                "sequence": 1}
    # nothing else changed, and the change is listed
    changed = [(ss.key, a.role) for ss in result.schedule.shifts for a in ss.assignments if a.model_extra]
    assert changed == [(("w", datetime(2027, 1, 11, 8, 0, tzinfo=UTC)), "primary")]
    (change,) = result.changes
    assert (change.override, change.engineer, change.replaces, change.sequence) == (0, "g", "b", 1)
    # the engineers section is recomputed from the final assignments
    assert result.schedule.engineers["g"]["shifts"] == 1
    assert result.schedule.engineers["b"]["shifts"] == 1
    # it survives the JSON round trip (the ICS exporter reads ``sequence`` from there)
    again = Schedule.from_json(result.schedule.to_json())
    assert _seat(again, "w", datetime(2027, 1, 11, 8, 0, tzinfo=UTC), "primary").model_extra["sequence"] == 1


def test_sequence_continues_from_the_seat_and_two_overrides_bump_twice(roster: Roster,
                                                                        schedule: Schedule) -> None:
    data = json.loads(schedule.to_json())
    data["shifts"][1]["assignments"][0]["sequence"] = 4  # w week 2 primary, exported 4 times before
    before = Schedule.model_validate(data)
    when = datetime(2027, 1, 11, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    result = apply_overrides(roster, before, [
        Override(rotation="w", shift=when, engineer="g", reason="first"),
        Override(rotation="w", shift=when, engineer="d", reason="second"),
    ])
    seat = _seat(result.schedule, "w", when, "primary")
    assert (seat.engineer, seat.model_extra["replaces"], seat.model_extra["sequence"]) == ("d", "g", 6)
    assert seat.model_extra["override_reason"] == "second"
    assert "override_author" not in seat.model_extra
    # d now holds primary and secondary of the same shift: reported, and blamed on the second one
    assert {v.rule for v in result.new_hard} >= {"coverage"}
    assert all(b.overrides == (1,) for b in result.blame if b.violation.rule == "coverage")


def test_override_breaking_no_overlap_is_reported_with_rule_and_engineer(roster: Roster,
                                                                         schedule: Schedule) -> None:
    # a holds w primary in week 1 (Mon 4 Jan 09:00 .. Mon 11 Jan 09:00); give a the daily shift of 6 Jan
    o = Override(rotation="daily", shift=datetime(2027, 1, 6, 9, 0), engineer="a", reason="help")
    result = apply_overrides(roster, schedule, [o])
    assert not result.ok
    (v,) = result.new_hard
    assert v.rule == "no_overlap" and v.engineers == ("a",)
    assert "24 h" in v.message
    (b,) = result.blame
    assert b.violation == v and b.overrides == (0,)
    with pytest.raises(OverrideError) as info:
        apply_overrides(roster, schedule, [o], strict=True)
    text = str(info.value)
    assert "override #1" in text and "no_overlap" in text and "a holds overlapping" in text


def test_strict_error_points_at_the_overrides_file_line(roster: Roster, schedule: Schedule,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text("overrides:\n"
                    "  - {rotation: w, shift: 2027-01-11T09:00, engineer: g, replaces: b, reason: fine}\n"
                    "  - rotation: daily\n"
                    "    shift: 2027-01-06T09:00\n"
                    "    engineer: a\n"
                    "    reason: breaks no_overlap\n")
    overrides = load_overrides(path)
    assert [o.source for o in overrides] == [f"{path}:2", f"{path}:3"]
    with pytest.raises(OverrideError) as info:
        apply_overrides(roster, schedule, overrides, strict=True)
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == (str(path), 3)
    assert "override #2" in problem.message and "no_overlap" in problem.message


def test_existing_violations_are_not_blamed_on_overrides(roster: Roster, schedule: Schedule) -> None:
    data = json.loads(schedule.to_json())
    data["shifts"][5]["assignments"][0]["engineer"] = "e"  # daily 5 Jan: e twice in a row (6 Jan is e too)
    broken = Schedule.model_validate(data)
    assert not validate(roster, broken).ok
    result = apply_overrides(roster, broken, [
        Override(rotation="w", shift=datetime(2027, 1, 11, 9, 0), engineer="g", reason="fine")])
    assert result.ok and not result.report.ok
    assert result.new_hard == ()


# --- selection by time range, across daylight saving --------------------------------------------

@pytest.fixture(scope="module")
def la() -> tuple[Roster, Schedule]:
    roster = parse_roster({
        "horizon": {"start": date(2027, 3, 10), "end": date(2027, 3, 20)},
        "engineers": [{"id": x, "timezone": LA} for x in ("x", "y", "z")],
        "teams": [{"id": "t", "members": ["x", "y", "z"]}],
        "rotations": [{"id": "la", "team": "t", "every": "day", "handoff": "09:00", "timezone": LA}],
    })
    return roster, _round_robin(roster, {("la", "primary"): ["x", "y", "z"]})


def _changed(result: Any) -> list[str]:
    return [c.start.isoformat() for c in result.changes]


def test_local_range_selects_overlapping_shifts_across_the_spring_change(la: tuple[Roster, Schedule]) -> None:
    roster, schedule = la
    # holders, one per day from Wed 10 Mar: x y z x y z x y z x
    assert [ss.assignments[0].engineer for ss in schedule.shifts][3:6] == ["x", "y", "z"]
    # US clocks jump forward on Sun 14 Mar 2027: the shift of Sat 13 Mar 09:00 PST lasts 23 h.
    # [13 Mar 12:00, 15 Mar 08:00) local overlaps the shifts of the 13th and the 14th, not the 15th.
    o = Override(rotation="la", start=datetime(2027, 3, 13, 12, 0), end=datetime(2027, 3, 15, 8, 0),
                 engineer="z", reason="covering")
    result = apply_overrides(roster, schedule, [o])
    assert _changed(result) == ["2027-03-13T09:00:00-08:00", "2027-03-14T09:00:00-07:00"]
    assert [c.start.astimezone(UTC).hour for c in result.changes] == [17, 16]
    assert [c.replaces for c in result.changes] == ["x", "y"]


def test_bare_dates_are_local_midnights_and_offsets_are_instants(la: tuple[Roster, Schedule]) -> None:
    roster, schedule = la
    # [Sun 14 Mar 00:00, Mon 15 Mar 00:00) local: the shifts starting on the 13th and on the 14th
    by_date = apply_overrides(roster, schedule, [Override.model_validate(
        {"rotation": "la", "start": date(2027, 3, 14), "end": "2027-03-15", "engineer": "z",
         "reason": "r"})])
    assert _changed(by_date) == ["2027-03-13T09:00:00-08:00", "2027-03-14T09:00:00-07:00"]
    # 16:30Z on the 14th is inside the shift that began at 09:00 PDT = 16:00Z; with PST (a wrong,
    # fixed offset) that shift would begin at 17:00Z and the minute would belong to the 13th's
    instant = apply_overrides(roster, schedule, [Override(
        rotation="la", start=datetime(2027, 3, 14, 16, 30, tzinfo=UTC),
        end=datetime(2027, 3, 14, 16, 31, tzinfo=UTC), engineer="x", reason="r")])
    assert _changed(instant) == ["2027-03-14T09:00:00-07:00"]
    # a single shift by its UTC start instant
    one = apply_overrides(roster, schedule, [Override(
        rotation="la", shift=datetime(2027, 3, 14, 16, 0, tzinfo=UTC), engineer="x", reason="r")])
    assert _changed(one) == ["2027-03-14T09:00:00-07:00"]


def test_range_with_replaces_only_changes_that_engineers_seats(la: tuple[Roster, Schedule]) -> None:
    roster, schedule = la
    o = Override(rotation="la", start=date(2027, 3, 10), end=date(2027, 3, 20), replaces="x", engineer="y",
                 reason="x away")
    result = apply_overrides(roster, schedule, [o])
    before = [ss.assignments[0].engineer for ss in schedule.shifts]
    after = [ss.assignments[0].engineer for ss in result.schedule.shifts]
    assert after == ["y" if e == "x" else e for e in before]
    assert len(result.changes) == before.count("x") == 4
    # x y z x y z ...: y now follows y, so no_back_to_back is reported for y
    assert {v.rule for v in result.new_hard} == {"no_back_to_back"}
    assert all(v.engineers == ("y",) for v in result.new_hard)


# --- errors --------------------------------------------------------------------------------------

def test_overrides_that_cannot_apply_are_all_listed(roster: Roster, schedule: Schedule) -> None:
    with pytest.raises(OverrideError) as info:
        apply_overrides(roster, schedule, [
            Override(rotation="dayly", shift=datetime(2027, 1, 11, 9), engineer="c", reason="r"),
            Override(rotation="w", shift=datetime(2027, 1, 11, 9), engineer="cc", reason="r"),
            Override(rotation="w", shift=datetime(2027, 1, 12, 9), engineer="c", reason="r"),
            Override(rotation="w", shift=datetime(2027, 1, 11, 9), role="tertiary", engineer="c", reason="r"),
            Override(rotation="w", shift=datetime(2027, 1, 11, 9), engineer="c", replaces="d", reason="r"),
        ])
    text = str(info.value)
    assert "5 problems" in text
    assert "'dayly' is not a known rotation (did you mean 'daily'?)" in text
    assert "'cc' is not a known engineer" in text
    assert "no shift of w starts at 2027-01-12T09:00:00+01:00" in text and "Mon 2027-01-11T09:00" in text
    assert "no role 'tertiary'" in text
    assert "d does not hold primary of w Mon 2027-01-11 09:00 (held by b)" in text


def test_a_range_mixing_offsets_is_checked_once_read(la: tuple[Roster, Schedule]) -> None:
    roster, schedule = la
    # 09:00 PST is 17:00Z: before the start
    o = Override(rotation="la", start=datetime(2027, 3, 12, 18, 0, tzinfo=UTC),
                 end=datetime(2027, 3, 12, 9, 0), engineer="x", reason="r")
    with pytest.raises(OverrideError, match="is not after start 2027-03-12T18:00:00"):
        apply_overrides(roster, schedule, [o])


def test_a_nonexistent_local_time_is_an_error_not_a_guess(la: tuple[Roster, Schedule]) -> None:
    roster, schedule = la
    with pytest.raises(OverrideError, match="02:30 does not exist on 2027-03-14"):
        apply_overrides(roster, schedule, [Override(rotation="la", shift=datetime(2027, 3, 14, 2, 30),
                                                    engineer="x", reason="r")])


def test_override_model_needs_exactly_one_selector() -> None:
    with pytest.raises(ValueError, match="not both"):
        Override(rotation="w", shift=datetime(2027, 1, 11, 9), start=datetime(2027, 1, 11),
                 end=datetime(2027, 1, 12), engineer="c", reason="r")
    with pytest.raises(ValueError, match="start and end"):
        Override(rotation="w", engineer="c", reason="r")
    with pytest.raises(ValueError, match="must be after start"):
        Override(rotation="w", start=datetime(2027, 1, 12), end=datetime(2027, 1, 11), engineer="c",
                 reason="r")


def test_yaml_errors_are_located(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text("overrides:\n  - rotation: w\n    shift: 2027-01-11T09:00\n    rotation: daily\n")
    with pytest.raises(OverrideError, match=rf"{dup}:4:5: invalid YAML: found duplicate key"):
        load_overrides(dup)
    bad = tmp_path / "bad.yaml"
    bad.write_text("overrides:\n"
                   "  - rotation: w\n"
                   "    shift: 2027-01-11T09:00\n"
                   "    engineer: a\n"
                   "  - {rotation: w, shift: 2027-01-11T09:00, engineer: b, reason: r, bogus: 1}\n")
    with pytest.raises(OverrideError) as info:
        load_overrides(bad)
    got = {(p.path, p.line) for p in info.value.problems}
    assert got == {("overrides[0].reason", 2), ("overrides[1].bogus", 5)}
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    assert load_overrides(empty) == ()


def test_cli_override_writes_the_final_schedule_and_exits_3_on_a_broken_rule(
        tmp_path: Path, schedule: Schedule, capsys: pytest.CaptureFixture[str]) -> None:
    roster_file = tmp_path / "roster.yaml"
    roster_file.write_text(ROSTER_YAML)
    sched_file = tmp_path / "schedule.json"
    sched_file.write_text(schedule.to_json())
    good = tmp_path / "good.yaml"
    good.write_text("- {rotation: w, shift: 2027-01-11T09:00, engineer: g, reason: b is ill, author: lead}\n")
    final = tmp_path / "out" / "final.json"
    args = ["override", str(roster_file), str(sched_file), "--overrides"]
    assert main([*args, str(good), "--out", str(final)]) == 0
    data = json.loads(final.read_text())
    assert data["shifts"][1]["assignments"][0] == {
        "role": "primary", "engineer": "g", "override_reason": "b is ill", "replaces": "b",
        "override_author": "lead", "sequence": 1}
    assert "primary: b -> g (sequence 1)" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text("- {rotation: daily, shift: 2027-01-06T09:00, engineer: a, reason: help}\n")
    assert main([*args, str(broken), "--out", str(final)]) == EXIT_INFEASIBLE
    assert "no_overlap" in capsys.readouterr().out
    final.unlink()
    assert main([*args, str(broken), "--out", str(final), "--strict"]) == EXIT_INPUT
    assert not final.exists()
    assert f"{broken}:1" in capsys.readouterr().err
