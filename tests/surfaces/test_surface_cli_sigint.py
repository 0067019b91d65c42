"""Ctrl-C during `fairshift solve`: the first stops the search and keeps the best schedule; a second
aborts without writing, unless the schedule is already being written.

No clock is raced: the interrupts are sent by a hook inside the solving process at the moment
the solve says it holds a complete schedule (its ``schedule`` event), or while the CLI writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import fairshift

ROOT = Path(__file__).resolve().parents[2]

# Runs `fairshift solve` in this process with fairshift.solve wrapped: when the solve emits its
# "schedule" event, SIGINT is sent to the process itself; with SECOND set, a second SIGINT follows
# (before writing, or from inside the atomic writer).
DRIVER = textwrap.dedent("""
    import os, signal, sys
    import fairshift.cli.solve as command
    import fairshift.io.files as files
    import fairshift.solver.facade as facade

    SECOND = sys.argv[1]
    real_solve, real_write = facade.solve, files.atomic_write_bytes

    def solve(*args, on_event=None, **kwargs):
        def hook(event):
            if on_event is not None:
                on_event(event)
            if event.kind == "schedule":
                os.kill(os.getpid(), signal.SIGINT)
        result = real_solve(*args, on_event=hook, **kwargs)
        if SECOND == "before-write":
            os.kill(os.getpid(), signal.SIGINT)
        return result

    def write(path, data):
        if SECOND == "while-writing":
            os.kill(os.getpid(), signal.SIGINT)
        real_write(path, data)

    facade.solve = solve
    files.atomic_write_bytes = write
    from fairshift.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def _run(tmp_path: Path, second: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "schedule.json"
    out.write_text("previous schedule\n", encoding="utf-8")
    # a generous limit: the interrupt, not the limit, ends the search
    args = [sys.executable, "-c", DRIVER, second, "solve", "examples/roster.yaml", "--time-limit", "600",
            "--workers", "2", "--out", str(out)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False, timeout=1200), out


def test_sigint_keeps_the_best_schedule_and_exits_0(tmp_path: Path) -> None:
    done, out = _run(tmp_path, "none")
    assert done.returncode == 0, done.stderr
    assert "interrupted after" in done.stderr and "keeping the best schedule found" in done.stderr
    assert "Traceback" not in done.stderr
    assert "schedule: every seat has a holder" in done.stderr  # the event the hook acted on
    assert done.stdout.startswith("status: feasible"), done.stdout  # stopped long before 600 s
    assert f"schedule written to {out}" in done.stdout
    assert "\x1b[" not in done.stdout
    roster = fairshift.load_roster(ROOT / "examples" / "roster.yaml")
    schedule = fairshift.load_schedule(out)
    assert schedule.status == "feasible"
    assert fairshift.validate(roster, schedule).hard == ()
    assert len(schedule.shifts) > 100
    # the stage lines and the status line share one clock: none is later than the total
    total = float(done.stdout.split("(", 1)[1].split(" s;", 1)[0])
    stamps = [float(line[1:].split(" s]", 1)[0]) for line in done.stderr.splitlines() if line.startswith("[")]
    assert stamps and max(stamps) <= total + 0.05


def test_second_sigint_before_writing_aborts_and_writes_nothing(tmp_path: Path) -> None:
    done, out = _run(tmp_path, "before-write")
    assert done.returncode == 130, done.stderr
    assert "aborted" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "previous schedule\n"
    assert not [p for p in tmp_path.iterdir() if p.name != out.name]  # no temporary file left


def test_second_sigint_while_writing_finishes_the_write(tmp_path: Path) -> None:
    done, out = _run(tmp_path, "while-writing")
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "feasible" and data["shifts"]
    assert f"schedule written to {out}" in done.stdout
