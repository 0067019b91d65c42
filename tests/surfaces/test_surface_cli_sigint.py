"""Ctrl-C during `fairshift solve` stops the search and keeps the best schedule found."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import fairshift

ROOT = Path(__file__).resolve().parents[2]


def test_sigint_keeps_the_best_schedule_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fairshift.cli", "solve", "examples/roster.yaml", "--time-limit", "120",
         "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None and proc.stdout is not None
    lines: list[str] = []
    first_solution = threading.Event()

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("stage "):  # a stage reported a solution: a schedule exists
                first_solution.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        assert first_solution.wait(60), "".join(lines)
        assert lines[0].startswith("solving Example Org"), lines
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        stdout, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(5)
    err = "".join(lines)
    assert proc.returncode == 0, err
    assert time.monotonic() - sent < 20
    assert "interrupted after" in err and "keeping the best schedule found" in err
    assert "Traceback" not in err
    assert stdout.startswith("status: feasible"), stdout  # stopped long before 120 s: not proven
    assert f"schedule written to {out}" in stdout
    assert "\x1b[" not in stdout
    roster = fairshift.load_roster(ROOT / "examples" / "roster.yaml")
    schedule = fairshift.load_schedule(out)
    assert schedule.status == "feasible"
    report = fairshift.validate(roster, schedule)
    assert report.hard == ()
    assert len(schedule.shifts) > 100
