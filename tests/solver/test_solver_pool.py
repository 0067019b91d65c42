"""`fairshift solve --jobs N`: the pool's worker processes never outlive the command, even after
``kill -9`` (issue #13: three workers, 380 MB, were still alive 93 s later).

The waits below are guards against a hang, not measurements: a worker is seen the moment it
exists, and with ``PR_SET_PDEATHSIG`` it is gone within moments of its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUARD = 300.0


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(condition: object, what: str) -> None:
    deadline = time.monotonic() + GUARD
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the workers")
def test_pool_workers_die_with_their_parent_even_after_kill_9(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "fairshift.cli", "solve", "examples/roster.yaml", "--jobs", "2",
         "--workers", "1", "--time-limit", "600", "--out", str(tmp_path / "s.json")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers: set[int] = set()

        def a_worker_runs() -> bool:
            for child in _children(proc.pid):
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes() if _alive(child) else b""
                if b"multiprocessing" in cmdline and b"spawn_main" in cmdline:
                    workers.add(child)
            return bool(workers) or proc.poll() is not None

        _wait(a_worker_runs, "a pool worker to start")
        assert proc.poll() is None, "the solve ended before its pool started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _wait(lambda: not any(_alive(w) for w in workers), "the workers to end with their parent")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
