"""The live progress of `fairshift solve`: thread-safe state, rendering, and Ctrl-C in run_solve."""

from __future__ import annotations

import io
import signal
import threading
import time

import pytest
from rich.console import Console

from fairshift.cli.progress import SolveProgress, format_value, relative_gap, render, run_solve, wants_live


def test_progress_keeps_the_latest_values_and_one_event_per_stage() -> None:
    ticks = iter([10.0, 11.0, 12.0, 13.0, 14.0])
    p = SolveProgress(clock=lambda: next(ticks))
    p("counts", 3.0, 0.0)
    p("counts", 0.0, 0.0)
    p("max_excess", 9000.0, 8000.0)
    snap = p.snapshot()
    assert (snap.stage, snap.objective, snap.bound, snap.solutions) == ("max_excess", 9000.0, 8000.0, 3)
    assert snap.elapsed == 4.0 and not snap.stopping
    assert snap.gap == pytest.approx(1000 / 9000)
    lines = [e.line() for e in p.take_events()]
    assert lines == ["stage counts: first solution 3 (bound 0) at 1.0 s",
                     "stage max_excess: first solution 90.00 h (bound 80.00 h) at 3.0 s"]
    assert p.take_events() == []


def test_progress_is_consistent_under_concurrent_callbacks() -> None:
    p = SolveProgress()
    n, threads = 2000, 8

    def hammer(k: int) -> None:
        for i in range(n):
            p(f"s{k}", float(i), float(i))  # objective == bound within each call

    workers = [threading.Thread(target=hammer, args=(k,)) for k in range(threads)]
    torn = []
    for w in workers:
        w.start()
    while any(w.is_alive() for w in workers):
        s = p.snapshot()
        if s.objective != s.bound:
            torn.append(s)
    for w in workers:
        w.join()
    assert torn == []
    assert p.snapshot().solutions == n * threads


def test_gap_and_units() -> None:
    assert relative_gap(8467.0, 8467.0) == 0.0
    assert relative_gap(0.5, 0.0) == 0.5  # denominators below 1 count as 1, like CP-SAT
    assert format_value("max_excess", 8467.0) == "84.67 h"
    assert format_value("counts", 2.0) == "2"
    assert format_value(None, None) == "-"


def test_render_shows_stage_best_bound_and_gap() -> None:
    p = SolveProgress(clock=iter([0.0, 5.0, 12.34]).__next__)
    p("max_excess", 10000.0, 9000.0)
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(render(p.snapshot(), 60.0, "solving Example"))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    for expected in ("solving Example", "12.3 s of 60 s", "largest burden above fair share",
                     "100.00 h", "90.00 h", "10.00%", "Ctrl-C"):
        assert expected in text, (expected, text)


def test_no_live_display_on_pipes_even_with_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not wants_live(Console(file=io.StringIO()))
    assert not wants_live(Console(file=io.StringIO(), force_terminal=True))


def test_first_sigint_stops_the_solve_and_keeps_its_result() -> None:
    started = threading.Event()

    def fake_solve(on_progress, stop: threading.Event) -> str:  # type: ignore[no-untyped-def]
        on_progress("counts", 5.0, 4.0)
        started.set()
        assert stop.wait(10), "stop was never set"
        return "best so far"

    def interrupt() -> None:
        started.wait(10)
        signal.raise_signal(signal.SIGINT)  # handled in the main thread

    previous = signal.getsignal(signal.SIGINT)
    logged: list[str] = []
    threading.Thread(target=interrupt, daemon=True).start()
    t0 = time.monotonic()
    result, snap = run_solve(fake_solve, log=logged.append, poll=0.02)
    assert result == "best so far"
    assert snap.stopping and snap.stage == "counts"
    assert time.monotonic() - t0 < 5
    assert logged == ["stage counts: first solution 5 (bound 4) at " + logged[0].rsplit(" at ", 1)[1]]
    assert signal.getsignal(signal.SIGINT) is previous  # the handler is removed afterwards


def test_second_sigint_interrupts_at_once_and_stops_the_worker() -> None:
    stops: list[threading.Event] = []

    def stubborn(on_progress, stop: threading.Event) -> str:  # type: ignore[no-untyped-def]
        stops.append(stop)
        time.sleep(30)
        return "never"

    def interrupt_twice() -> None:
        while not stops:
            time.sleep(0.01)
        signal.raise_signal(signal.SIGINT)
        time.sleep(0.2)
        signal.raise_signal(signal.SIGINT)

    threading.Thread(target=interrupt_twice, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        run_solve(stubborn, poll=0.02)
    assert stops[0].is_set()


def test_errors_in_the_solve_are_raised_in_the_caller() -> None:
    def broken(on_progress, stop):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        run_solve(broken)
