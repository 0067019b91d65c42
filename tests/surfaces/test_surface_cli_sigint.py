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
SETTLE = 2.0  # seconds without a new stage line


def test_sigint_keeps_the_best_schedule_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fairshift.cli", "solve", "examples/roster.yaml", "--time-limit", "120",
         "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None and proc.stdout is not None
    lines: list[str] = []
    last_line = [time.monotonic()]

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            last_line[0] = time.monotonic()

    def read_stdout() -> None:
        assert proc.stdout is not None
        chunks.append(proc.stdout.read())

    def settled_in_last_stage() -> bool:
        # The solver reports each stage's first solution. Once the last stage ("total") has reported
        # and no other stage follows for a while, every part of the roster has a schedule (a
        # decomposed solve reports the stages of each step, and a step's "total" is not the end).
        return (bool(lines) and lines[-1].startswith("stage total")
                and time.monotonic() - last_line[0] > SETTLE)

    chunks: list[str] = []
    readers = [threading.Thread(target=read_stderr, daemon=True),
               threading.Thread(target=read_stdout, daemon=True)]
    for reader in readers:
        reader.start()
    try:
        deadline = time.monotonic() + 90
        while not settled_in_last_stage() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert settled_in_last_stage(), "".join(lines)
        assert lines[0].startswith("solving Example Org"), lines
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for reader in readers:
        reader.join(5)
    stdout, err = "".join(chunks), "".join(lines)
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
