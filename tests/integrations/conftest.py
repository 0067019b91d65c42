"""Fixtures of the integration tests: the roster of ``kit`` solved once per session."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from kit import ROSTER  # noqa: E402

import fairshift  # noqa: E402
from fairshift.domain.roster import Roster  # noqa: E402
from fairshift.domain.schedule import Schedule  # noqa: E402


@pytest.fixture(scope="session")
def roster() -> Roster:
    return fairshift.parse_roster(ROSTER)


@pytest.fixture(scope="session")
def schedule(roster: Roster) -> Schedule:
    # any feasible schedule will do: nothing here depends on it being optimal
    result = fairshift.solve(roster, time_limit=20, workers=2, seed=0)
    assert result.schedule is not None, result.status
    return result.schedule


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory, schedule: Schedule) -> tuple[Path, Path]:
    """(roster.yaml, schedule.json) on disk for CLI tests; JSON is valid YAML 1.2."""
    folder = tmp_path_factory.mktemp("inputs")
    roster_file = folder / "roster.yaml"
    roster_file.write_text(json.dumps(ROSTER, indent=1), encoding="utf-8")
    schedule_file = folder / "schedule.json"
    schedule_file.write_text(schedule.to_json(), encoding="utf-8")
    return roster_file, schedule_file

