"""The live progress of `fairshift solve`: thread-safe state, rendering, and Ctrl-C in run_solve."""

from __future__ import annotations

import io
import signal
import threading

import pytest
from rich.console import Console

from fairshift.cli.progress import (
    Session,
    SolveProgress,
    format_value,
    relative_gap,
    render,
    run_solve,
    wants_live,
)
from fairshift.solver.events import SolveEvent


def test_progress_keeps_the_latest_values_and_the_solve_events() -> None:
    ticks = iter([10.0, 14.0])
    p = SolveProgress(clock=lambda: next(ticks))
    p("counts", 3.0, 0.0)
    p("counts", 0.0, 0.0)
    p("max_excess", 9000.0, 8000.0)
    p.event(SolveEvent("stage", 1.5, "counts 0 seats (proven optimal, 0.1 s)"))
    snap = p.snapshot()
    assert (snap.stage, snap.objective, snap.bound, snap.solutions) == ("max_excess", 9000.0, 8000.0, 3)
    assert snap.elapsed == 4.0 and not snap.stopping
    assert snap.gap == pytest.approx(1000 / 9000)
    assert snap.last == "counts 0 seats (proven optimal, 0.1 s)"
    assert [e.line() for e in p.take_events()] == ["[1.5 s] stage: counts 0 seats (proven optimal, 0.1 s)"]
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
    assert format_value("counts", 2.0) == "2 seats"
    assert format_value(None, None) == "-"


def test_render_shows_stage_best_bound_and_gap() -> None:
    p = SolveProgress(clock=iter([0.0, 12.34]).__next__)
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


# The interrupts below are raised by the test itself, in order, each after the state it needs is
# reached (events, not sleeps); the waits are guards against a hang, never measured.
GUARD = 600


def test_first_sigint_stops_the_solve_and_keeps_its_result() -> None:
    started = threading.Event()

    def fake_solve(on_progress, on_event, stop: threading.Event) -> str:  # type: ignore[no-untyped-def]
        on_progress("counts", 5.0, 4.0)
        on_event(SolveEvent("schedule", 0.5, "every seat has a holder"))
        started.set()
        assert stop.wait(GUARD), "stop was never set"
        return "best so far"

    def interrupt() -> None:
        started.wait(GUARD)
        signal.raise_signal(signal.SIGINT)  # handled in the main thread

    previous = signal.getsignal(signal.SIGINT)
    logged: list[str] = []
    threading.Thread(target=interrupt, daemon=True).start()
    result, snap = run_solve(fake_solve, log=logged.append, poll=0.02)
    assert result == "best so far"
    assert snap.stopping and snap.stage == "counts"
    assert logged == ["[0.5 s] schedule: every seat has a holder"]
    assert signal.getsignal(signal.SIGINT) is previous  # the handler is removed afterwards


def test_second_sigint_interrupts_at_once_and_stops_the_worker() -> None:
    stops: list[threading.Event] = []
    first_seen = threading.Event()
    release = threading.Event()

    def stubborn(on_progress, on_event, stop: threading.Event) -> str:  # type: ignore[no-untyped-def]
        stops.append(stop)
        first_seen.set()
        release.wait(GUARD)  # ignores the stop: only a second Ctrl-C gets the caller out
        return "never"

    def interrupt_twice() -> None:
        first_seen.wait(GUARD)
        signal.raise_signal(signal.SIGINT)
        stops[0].wait(GUARD)  # the first one was handled
        signal.raise_signal(signal.SIGINT)

    threading.Thread(target=interrupt_twice, daemon=True).start()
    try:
        with pytest.raises(KeyboardInterrupt):
            run_solve(stubborn, poll=0.02)
    finally:
        release.set()
    assert stops[0].is_set()


def test_a_second_sigint_while_writing_lets_the_write_finish() -> None:
    with Session(poll=0.02) as session:
        signal.raise_signal(signal.SIGINT)  # the first: a stop
        assert session.stop.is_set()
        with session.writing():
            signal.raise_signal(signal.SIGINT)  # ignored: the write goes on
            written = True
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)  # after the write, a Ctrl-C aborts again
    assert written


def test_errors_in_the_solve_are_raised_in_the_caller() -> None:
    def broken(on_progress, on_event, stop):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        run_solve(broken)
