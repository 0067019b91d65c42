"""Plots: PNG files of the expected pixel size, Agg only, and the off-hours heatmap's arithmetic."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from matplotlib.image import imread

import fairshift
from fairshift.cli import main
from fairshift.domain.fairness import engineer_metrics
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Assignment, Schedule, ScheduledShift, ScheduleHorizon
from fairshift.exports import MissingDependencyError, PlotFile, offhours_by_local_hour, write_plots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.fixture(scope="module")
def plots(tmp_path_factory: pytest.TempPathFactory, schedule: Schedule, roster: Roster) -> list[PlotFile]:
    return write_plots(schedule, roster, tmp_path_factory.mktemp("plots") / "nested")


def test_every_plot_is_a_png_of_the_expected_size(plots: list[PlotFile]) -> None:
    names = [p.path.name for p in plots]
    assert names == ["timeline-payments-weekly.png", "timeline-platform-daily.png", "burden.png",
                     "offhours-heatmap.png"]
    expected = {  # pools of 4 engineers, 8 engineers in all
        "timeline-payments-weekly.png": (1400, 240), "timeline-platform-daily.png": (1400, 240),
        "burden.png": (640, 520), "offhours-heatmap.png": (1000, 296),
    }
    for p in plots:
        assert p.path.stat().st_size > 5000
        assert png_size(p.path) == (p.width, p.height) == expected[p.path.name]
        pixels = imread(p.path)
        assert pixels.shape[:2] == (p.height, p.width)
        assert pixels.std() > 0.05  # something is drawn, not a blank canvas
    assert not [f for f in plots[0].path.parent.iterdir() if f.name.startswith(".")]


def test_offhours_rows_sum_to_the_engineers_off_hours(schedule: Schedule, roster: Roster) -> None:
    plan = Plan.from_schedule(Instance(roster), schedule)
    heat = offhours_by_local_hour(plan)
    metrics = engineer_metrics(plan)
    assert set(heat) == set(metrics)
    for eid, row in heat.items():
        assert len(row) == 24 and min(row) >= 0
        assert sum(row) == pytest.approx(metrics[eid].off_hours, abs=1e-6), eid
    assert sum(sum(r) for r in heat.values()) > 500


def test_offhours_by_hour_on_a_hand_built_day() -> None:
    roster = fairshift.parse_roster({
        "horizon": {"start": "2027-03-01", "end": "2027-03-03"},
        "engineers": [{"id": "a", "timezone": "Europe/Budapest", "working_hours": "09:30-17:00"},
                      {"id": "b", "timezone": "America/Los_Angeles"}],
        "rotations": [{"id": "d", "members": ["a", "b"], "every": "day", "handoff": ["07:00", "19:00"],
                       "timezone": "Europe/Budapest"}],
    })
    cet = timezone(timedelta(hours=1))
    def shift(start: datetime, engineer: str) -> ScheduledShift:
        return ScheduledShift(rotation="d", start=start, end=start + timedelta(hours=12),
                              assignments=(Assignment(role="primary", engineer=engineer),))

    schedule = Schedule(horizon=ScheduleHorizon(start="2027-03-01", end="2027-03-03"), shifts=(
        shift(datetime(2027, 3, 1, 7, tzinfo=cet), "a"), shift(datetime(2027, 3, 1, 19, tzinfo=cet), "b")))
    heat = offhours_by_local_hour(Plan.from_schedule(Instance(roster), schedule))
    # a: Monday 07:00-19:00 Budapest, working 09:30-17:00: 07, 08, half of 09, 17, 18 are off-hours.
    assert heat["a"] == tuple({7: 1.0, 8: 1.0, 9: 0.5, 17: 1.0, 18: 1.0}.get(h, 0.0) for h in range(24))
    # b: Monday 10:00-22:00 Los Angeles, working 09:00-17:00: 17..21 are off-hours.
    assert heat["b"] == tuple(1.0 if 17 <= h <= 21 else 0.0 for h in range(24))


def test_plots_need_no_display_and_no_pyplot(files: tuple[Path, Path], tmp_path: Path) -> None:
    roster_file, schedule_file = files
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["MPLBACKEND"] = "TkAgg"  # a GUI backend that cannot start here; the plots must not care
    code = ("import sys; from fairshift.exports import write_plots; from fairshift import load_roster, "
            "load_schedule; files = write_plots(load_schedule(sys.argv[2]), load_roster(sys.argv[1]), "
            "sys.argv[3]); assert 'matplotlib.pyplot' not in sys.modules; print(len(files))")
    done = subprocess.run([sys.executable, "-c", code, str(roster_file), str(schedule_file), str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4"


def test_missing_matplotlib_says_what_to_install(schedule: Schedule, roster: Roster, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"pip install fairshift\[plots\]"):
        write_plots(schedule, roster, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_report_plots_prints_the_paths(files: tuple[Path, Path], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    roster_file, schedule_file = files
    folder = tmp_path / "plots"
    assert main(["report", str(schedule_file), "--roster", str(roster_file), "--plots", str(folder)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(str(p) for p in folder.iterdir()) and len(printed) == 4
    assert all(png_size(Path(p))[0] > 0 for p in printed)
