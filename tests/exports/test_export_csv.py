"""CSV export: read back with the csv module; formula-like cells neutralised unless --raw."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from exportkit import FORMULA, MINUS, SCRIPT, SEPARATORS

from fairshift.cli import EXIT_USAGE, main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import neutralise, to_csv
from fairshift.exports.csv_export import COLUMNS, FORMULA_PREFIXES


def rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_round_trip_one_row_per_seat_with_times_and_names(schedule: Schedule, roster: Roster) -> None:
    got = rows(to_csv(schedule, roster=roster, raw=True))
    want = [(s, a) for s in schedule.shifts for a in s.assignments]
    assert len(got) == len(want) == 80
    names = {e.id: e.name or e.id for e in roster.engineers}
    for row, (shift, a) in zip(got, want, strict=True):
        assert (row["rotation"], row["role"], row["engineer"]) == (shift.rotation, a.role, a.engineer)
        start, end = datetime.fromisoformat(row["start"]), datetime.fromisoformat(row["end"])
        assert start.astimezone(UTC) == shift.start.astimezone(UTC)
        assert end.astimezone(UTC) == shift.end.astimezone(UTC)
        assert start.utcoffset() == shift.start.utcoffset()  # the rotation's own offset
        assert row["engineer_name"] == names[a.engineer]  # --raw: exact, even the hostile ones
    assert {r["engineer_name"] for r in got} >= {FORMULA, MINUS, SCRIPT, SEPARATORS}
    # Negative offsets (Los Angeles) are not mistaken for formulas: ISO dates start with a digit.
    assert any(r["start"].endswith("-08:00") for r in got) and any(r["start"].endswith("-07:00") for r in got)


def test_hostile_cells_are_neutralised_by_default(schedule: Schedule, roster: Roster) -> None:
    text = to_csv(schedule, roster=roster)
    got = rows(text)
    by_id = {r["engineer"]: r["engineer_name"] for r in got}
    assert by_id["dan"] == "'" + FORMULA
    assert by_id["bob"] == "'" + MINUS
    assert by_id["cara"] == SCRIPT and by_id["fay"] == SEPARATORS  # harmless in a spreadsheet
    for r in got:
        for cell in r.values():
            assert not cell.startswith(FORMULA_PREFIXES), cell
        assert r["start"][0].isdigit() and r["end"][0].isdigit()
    raw = rows(to_csv(schedule, roster=roster, raw=True))
    assert [{k: v for k, v in r.items() if k != "engineer_name"} for r in got] == [
        {k: v for k, v in r.items() if k != "engineer_name"} for r in raw]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx",
                                  # spreadsheets skip leading white space before a formula
                                  " =x", " @SUM(A1)", "  +1", "\u00a0-1", " \t=1"])
def test_each_formula_prefix_is_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", " ", "Anna", "2027-01-04T09:00:00-08:00", "'=x", "a=b", " a-b"])
def test_other_cells_are_untouched(cell: str) -> None:
    assert neutralise(cell) == cell


def test_filters_and_crlf(schedule: Schedule, roster: Roster) -> None:
    text = to_csv(schedule, roster=roster, engineer="eve", rotation="platform-daily")
    assert text.endswith("\r\n")
    got = rows(text)
    assert got and {(r["engineer"], r["rotation"]) for r in got} == {("eve", "platform-daily")}


def test_cli_csv_needs_the_roster_and_writes_the_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    roster_file, schedule_file = files
    out = tmp_path / "s.csv"
    assert main(["export", str(schedule_file), "--format", "csv", "--out", str(out)]) == EXIT_USAGE
    assert not out.exists()
    assert main(["export", str(schedule_file), "--roster", str(roster_file), "--format", "csv",
                 "--out", str(out)]) == 0
    assert rows(out.read_text(encoding="utf-8"))[0]["engineer_name"].startswith(("'", "A", "<", "D", "E"))
    assert main(["export", str(schedule_file), "--roster", str(roster_file), "--format", "csv", "--raw",
                 "--engineer", "dan", "--out", str(out)]) == 0
    assert {r["engineer_name"] for r in rows(out.read_text(encoding="utf-8"))} == {FORMULA}
