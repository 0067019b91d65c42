"""Atomic writes: a failure during an export never leaves a half-written, new or temporary file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import fairshift.exports
import fairshift.exports.plots
from fairshift.cli import EXIT_INPUT, main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.errors import OutputError
from fairshift.exports import export_schedule, write_plots
from fairshift.io.files import atomic_write_bytes


class Boom(RuntimeError):
    pass


def _raise(*args: object, **kwargs: object) -> str:
    raise Boom("renderer failed")


@pytest.mark.parametrize(("fmt", "renderer"), [("csv", "to_csv"), ("ics", "to_ics"), ("html", "to_html"),
                                               ("json", "to_schedule_json")])
def test_a_failing_renderer_writes_nothing(schedule: Schedule, roster: Roster, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, fmt: str, renderer: str) -> None:
    monkeypatch.setattr(fairshift.exports, renderer, _raise)
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(Boom):
        export_schedule(schedule, fmt, roster=roster, out=target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temp(
        schedule: Schedule, roster: Roster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "s.csv"
    target.write_text("old\n")
    written: list[str] = []

    def replace_fails(src: str, dst: object) -> None:
        written.append(Path(src).read_bytes().decode("utf-8"))  # the temp file was complete
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", replace_fails)  # fairshift.io.files renames with os.replace
    with pytest.raises(OutputError, match="No space left on device; free some space"):
        export_schedule(schedule, "csv", roster=roster, out=target)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]
    assert written and written[0].startswith("rotation,role,start,end,engineer,engineer_name\r\n")
    monkeypatch.undo()
    export_schedule(schedule, "csv", roster=roster, out=target)
    assert target.read_bytes().decode("utf-8") == written[0]


def test_a_failing_plot_writes_no_plot_at_all(schedule: Schedule, roster: Roster, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fairshift.exports.plots, "_heatmap", _raise)  # the last plot to render
    with pytest.raises(Boom):
        write_plots(schedule, roster, tmp_path / "plots")
    assert not (tmp_path / "plots").exists() or list((tmp_path / "plots").iterdir()) == []


def test_binary_writes_are_atomic_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.png"
    atomic_write_bytes(target, b"one")

    def fsync_fails(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", fsync_fails)
    with pytest.raises(OutputError, match="I/O error"):
        atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"one" and [p.name for p in tmp_path.iterdir()] == ["x.png"]


def test_cli_error_leaves_no_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    roster_file, schedule_file = files
    out = tmp_path / "a.ics"
    assert main(["export", str(schedule_file), "--roster", str(roster_file), "--format", "ics",
                 "--engineer", "nobody", "--out", str(out)]) == EXIT_INPUT
    assert list(tmp_path.iterdir()) == []


def test_the_core_and_the_other_exports_work_without_the_optional_packages(files: tuple[Path, Path],
                                                                           tmp_path: Path) -> None:
    import subprocess
    import sys

    roster_file, schedule_file = files
    code = (
        "import sys\n"
        "sys.modules['icalendar'] = None; sys.modules['matplotlib'] = None\n"
        "from fairshift.cli import main\n"
        "import fairshift.exports\n"
        f"assert main(['export', {str(schedule_file)!r}, '--roster', {str(roster_file)!r}, '--format', 'csv',"
        f" '--out', {str(tmp_path / 'a.csv')!r}]) == 0\n"
        f"assert main(['export', {str(schedule_file)!r}, '--format', 'ics']) == 1\n"
        f"assert main(['report', {str(schedule_file)!r}, '--roster', {str(roster_file)!r}, '--plots',"
        f" {str(tmp_path / 'plots')!r}]) == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "pip install fairshift[ics]" in done.stderr and "pip install fairshift[plots]" in done.stderr
    assert (tmp_path / "a.csv").exists() and not (tmp_path / "plots").exists()


def test_atomic_write_gives_the_usual_file_mode(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        target = tmp_path / "new.json"
        atomic_write_bytes(target, b"{}")
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o640)
        atomic_write_bytes(target, b"[]")
        assert target.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(mask)
