"""The CLI: exit codes, files, and plain output when piped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fairshift.cli import EXIT_INFEASIBLE, EXIT_INPUT, EXIT_USAGE, main

SMALL = """\
name: Small
horizon: {start: 2027-01-04, end: 2027-02-01}
engineers:
  - {id: a, timezone: Europe/Budapest}
  - {id: b, timezone: Europe/Budapest}
  - {id: c, timezone: America/Los_Angeles}
teams:
  - {id: t, members: [a, b, c]}
rotations:
  - {id: w, team: t, every: week, handoff: "mon 09:00", timezone: Europe/Budapest}
"""


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.yaml"
    path.write_text(SMALL)
    return path


def test_solve_writes_a_schedule_that_validates(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "schedule.json"
    assert main(["solve", str(roster), "--out", str(out), "--time-limit", "10", "-q"]) == 0
    data = json.loads(out.read_text())
    assert data["status"] == "optimal"
    assert len(data["shifts"]) == 4
    assert data["shifts"][0]["start"] == "2027-01-04T09:00:00+01:00"
    assert main(["validate", str(roster), str(out)]) == 0


def test_validate_exits_3_on_a_hand_edited_schedule(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    assert main(["solve", str(roster), "--out", str(out), "--time-limit", "10", "-q"]) == 0
    data = json.loads(out.read_text())
    data["shifts"][1]["assignments"][0]["engineer"] = data["shifts"][0]["assignments"][0]["engineer"]
    out.write_text(json.dumps(data))
    assert main(["validate", str(roster), str(out)]) == EXIT_INFEASIBLE


def test_bad_roster_exits_1_with_location_and_no_traceback(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SMALL.replace("America/Los_Angeles", "America/Los_Angelse"))
    assert main(["check", str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"{path}:6:23 engineers[2].timezone" in err
    assert "did you mean 'America/Los_Angeles'" in err
    assert "Traceback" not in err


def test_usage_error_exits_2(roster: Path) -> None:
    assert main(["solve", str(roster), "--quarter", "2027Q1", "--start", "2027-01-01"]) == EXIT_USAGE
    assert main(["solve", str(roster), "--workers", "zero"]) == EXIT_USAGE


def test_infeasible_roster_exits_3_and_writes_nothing(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(SMALL.replace("{id: c, timezone: America/Los_Angeles}",
                                  "{id: c, timezone: America/Los_Angeles}\n  - {id: d, timezone: UTC}")
                    .replace("[a, b, c]", "[a, b, c, d]")
                    .replace('timezone: Europe/Budapest}\n  - {id: b',
                             'timezone: Europe/Budapest, unavailable: [{start: 2027-01-05, '
                             'end: 2027-01-05}]}\n  - {id: b')
                    .replace("every: week,", "every: week, roles: {primary: 4},"))
    out = tmp_path / "s.json"
    assert main(["solve", str(path), "--out", str(out)]) == EXIT_INFEASIBLE
    assert not out.exists()
    assert "needs 4 engineer(s)" in capsys.readouterr().err


def test_piped_solve_prints_no_terminal_control_codes(roster: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "fairshift.cli", "solve", str(roster),
                           "--time-limit", "10"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "status: optimal" in proc.stdout
    assert "\x1b[" not in proc.stdout
