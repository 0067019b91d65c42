"""Progress of a running solve for the command line: a live display, plain log lines, and Ctrl-C.

:class:`SolveProgress` is the ``on_progress`` callback of :func:`fairshift.solve`. CP-SAT calls
it from its own threads, so it only stores the latest values under a lock; readers take a
:class:`Snapshot`. :func:`run_solve` runs a solve in a worker thread and, in the calling (main)
thread, turns the first SIGINT (Ctrl-C) into the solve's ``stop`` event, so the search ends
early and the best schedule found so far is kept; a second Ctrl-C interrupts at once.

>>> p = SolveProgress(clock=iter([0.0, 1.5, 2.0]).__next__)
>>> p("max_excess", 8467.0, 7910.0)
>>> s = p.snapshot()
>>> s.stage, s.elapsed, format_value(s.stage, s.objective), f"{s.gap:.1%}"
('max_excess', 2.0, '84.67 h', '6.6%')
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from fairshift.domain.burden import SCALE

__all__ = [
    "STAGES",
    "SolveProgress",
    "Snapshot",
    "StageEvent",
    "format_value",
    "relative_gap",
    "render",
    "run_solve",
    "wants_live",
]

T = TypeVar("T")
Progress = Callable[[str, float, float], None]

#: stage name -> (what it minimises, divisor to natural units, unit suffix)
STAGES: dict[str, tuple[str, float, str]] = {
    "changes": ("seats changed from the published schedule", 1.0, ""),
    "counts": ("seats outside the fair count bands", 1.0, ""),
    "max_excess": ("largest burden above fair share", float(SCALE), " h"),
    "total": ("total excess + burden + soft rules", float(SCALE), ""),
}


def format_value(stage: str | None, value: float | None) -> str:
    """A stage's objective or bound in natural units (hours for ``max_excess``)."""
    if value is None:
        return "-"
    _, divisor, unit = STAGES.get(stage or "", ("", 1.0, ""))
    return f"{value / divisor:,.2f}{unit}" if divisor != 1.0 else f"{value:,.0f}{unit}"


def relative_gap(objective: float, bound: float) -> float:
    """CP-SAT's relative gap: ``|objective - bound| / max(1, |objective|)`` (0 when proven).

    >>> relative_gap(200.0, 150.0), relative_gap(0.0, 0.0)
    (0.25, 0.0)
    """
    return abs(objective - bound) / max(1.0, abs(objective))


@dataclass(frozen=True)
class StageEvent:
    """The first solution reported in a stage (a new stage started finding schedules)."""

    stage: str
    elapsed: float
    objective: float
    bound: float

    def line(self) -> str:
        """One plain, parseable log line."""
        return (f"stage {self.stage}: first solution {format_value(self.stage, self.objective)} "
                f"(bound {format_value(self.stage, self.bound)}) at {self.elapsed:.1f} s")


@dataclass(frozen=True)
class Snapshot:
    """The latest progress, read consistently."""

    elapsed: float
    stage: str | None
    objective: float | None
    bound: float | None
    solutions: int
    stopping: bool

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return relative_gap(self.objective, self.bound)


class SolveProgress:
    """Thread-safe ``on_progress`` callback: keeps the latest stage, objective and bound."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._started = clock()
        self._stage: str | None = None
        self._objective: float | None = None
        self._bound: float | None = None
        self._solutions = 0
        self._stopping = False
        self._events: list[StageEvent] = []

    def __call__(self, stage: str, objective: float, bound: float) -> None:
        now = self._clock()
        with self._lock:
            if stage != self._stage:
                self._events.append(StageEvent(stage, now - self._started, objective, bound))
            self._stage, self._objective, self._bound = stage, objective, bound
            self._solutions += 1

    def request_stop(self) -> None:
        """Mark that a stop was asked for (shown by the display)."""
        with self._lock:
            self._stopping = True

    def snapshot(self) -> Snapshot:
        now = self._clock()
        with self._lock:
            return Snapshot(now - self._started, self._stage, self._objective, self._bound,
                            self._solutions, self._stopping)

    def take_events(self) -> list[StageEvent]:
        """Stage events since the last call (for plain log lines)."""
        with self._lock:
            events, self._events = self._events, []
        return events


def render(snap: Snapshot, time_limit: float | None = None, title: str = "solving") -> RenderableType:
    """The live display of one snapshot."""
    head = Table.grid(padding=(0, 1))
    head.add_row(Spinner("dots"), Text(title, style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    limit = f" of {time_limit:g} s" if time_limit is not None else ""
    grid.add_row("elapsed", f"{snap.elapsed:.1f} s{limit}")
    if snap.stage is None:
        grid.add_row("stage", "building the model, looking for a first schedule")
    else:
        grid.add_row("stage", f"{snap.stage}: {STAGES.get(snap.stage, (snap.stage,))[0]}")
    grid.add_row("best", format_value(snap.stage, snap.objective))
    grid.add_row("bound", format_value(snap.stage, snap.bound))
    gap = snap.gap
    grid.add_row("gap", "-" if gap is None else f"{gap:.2%}")
    grid.add_row("solutions", str(snap.solutions))
    hint = ("stopping: keeping the best schedule found" if snap.stopping
            else "Ctrl-C stops the search and keeps the best schedule found")
    return Group(head, grid, Text(hint, style="yellow" if snap.stopping else "dim"))


class _Display:
    """Rendered afresh from the latest snapshot at every refresh of :class:`rich.live.Live`."""

    def __init__(self, progress: SolveProgress, time_limit: float | None, title: str) -> None:
        self.progress, self.time_limit, self.title = progress, time_limit, title

    def __rich__(self) -> RenderableType:
        return render(self.progress.snapshot(), self.time_limit, self.title)


def wants_live(console: Console) -> bool:
    """Whether ``console`` writes to an interactive terminal (not a pipe or a file, whatever
    ``FORCE_COLOR`` says)."""
    isatty = getattr(console.file, "isatty", None)
    try:
        tty = bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed file
        tty = False
    return tty and console.is_terminal and not console.is_dumb_terminal


@contextmanager
def _sigint_stops(stop: threading.Event, progress: SolveProgress) -> Iterator[None]:
    """While active (in the main thread), the first SIGINT sets ``stop``; a second one raises
    :class:`KeyboardInterrupt` as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()
        progress.request_stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_solve(solve: Callable[[Progress, threading.Event], T], *, time_limit: float | None = None,
              live: Console | None = None, log: Callable[[str], None] | None = None,
              title: str = "solving", progress: SolveProgress | None = None,
              poll: float = 0.1) -> tuple[T, Snapshot]:
    """Run ``solve(on_progress, stop)`` in a worker thread and wait for it.

    With ``live`` a :class:`rich.live.Live` display on that console shows the progress; with
    ``log`` each stage's first solution is passed to it as a plain line. The first Ctrl-C sets
    ``stop`` (the solve then returns its best schedule); the returned snapshot says whether that
    happened (``stopping``). An exception in the solve is re-raised here.
    """
    progress = progress or SolveProgress()
    stop = threading.Event()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = solve(progress, stop)
        except BaseException as exc:  # re-raised in the calling thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="fairshift-solve", daemon=True)
    display = (Live(_Display(progress, time_limit, title), console=live, refresh_per_second=8,
                    transient=True, redirect_stdout=False, redirect_stderr=False)
               if live is not None else nullcontext())
    try:
        with _sigint_stops(stop, progress), display:
            worker.start()
            while worker.is_alive():
                worker.join(poll)
                if log is not None:
                    for event in progress.take_events():
                        log(event.line())
    finally:
        stop.set()  # a second Ctrl-C (or any error here) still ends the search
    if log is not None:
        for event in progress.take_events():
            log(event.line())
    if "error" in box:
        raise box["error"]
    return box["result"], progress.snapshot()
