"""JSON export: the schedule's own format, filtered, with a ``sequence`` on every assignment."""

from __future__ import annotations

from pathlib import Path

from exportkit import reassign

from fairshift.check.validate import validate
from fairshift.cli import main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import to_schedule_json
from fairshift.io.schedule import load_schedule


def test_round_trip_keeps_everything_and_adds_sequences(schedule: Schedule, roster: Roster) -> None:
    back = Schedule.from_json(to_schedule_json(schedule))
    assert [(s.key, s.engineers()) for s in back.shifts] == [(s.key, s.engineers()) for s in schedule.shifts]
    assert back.engineers == schedule.engineers and back.status == schedule.status
    assert all((a.model_extra or {}).get("sequence") == 0 for s in back.shifts for a in s.assignments)
    assert validate(roster, back).ok  # extra keys do not disturb the validator


def test_engineer_filter_keeps_only_their_seats(schedule: Schedule, roster: Roster) -> None:
    mine = Schedule.from_json(to_schedule_json(schedule, roster=roster, engineer="bob"))
    assert mine.shifts and all(s.engineers() == ("bob",) for s in mine.shifts)
    assert len(mine.shifts) == sum(1 for s in schedule.shifts if "bob" in s.engineers())
    assert set(mine.engineers) == {"bob"}


def test_cli_json_with_previous_stores_the_sequences(files: tuple[Path, Path], schedule: Schedule,
                                                     tmp_path: Path) -> None:
    _, schedule_file = files
    newer = tmp_path / "newer.json"
    other = next(e for e in ("anna", "bob", "cara", "dan") if e not in schedule.shifts[0].engineers())
    newer.write_text(reassign(schedule, {(0, "secondary"): other}).to_json())
    out = tmp_path / "newer-with-sequences.json"
    assert main(["export", str(newer), "--format", "json", "--previous", str(schedule_file),
                 "--out", str(out)]) == 0
    stored = load_schedule(out)
    seqs = [(a.role, (a.model_extra or {})["sequence"]) for a in stored.shifts[0].assignments]
    assert seqs == [("primary", 0), ("secondary", 1)]
    assert sum((a.model_extra or {})["sequence"] for s in stored.shifts for a in s.assignments) == 1
