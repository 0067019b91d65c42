"""Progress of a running solve for the command line: a live display, plain log lines, and Ctrl-C.

:class:`SolveProgress` is the ``on_progress`` callback of :func:`fairshift.solve`. CP-SAT calls
it from its own threads, so it only stores the latest values under a lock; readers take a
:class:`Snapshot`. A :class:`Session` runs a solve in a worker thread and, in the calling (main)
thread, turns the first SIGINT (Ctrl-C) into the solve's ``stop`` event, so the search ends
early and the best schedule found so far is kept; a second Ctrl-C interrupts at once, unless the
schedule is already being written (then the write finishes and the Ctrl-C is ignored).

>>> p = SolveProgress(clock=iter([0.0, 2.0]).__next__)
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
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from fairshift.solver.events import STAGE_UNITS, Progress, SolveEvent, stage_text

__all__ = [
    "STAGES",
    "Interrupts",
    "Session",
    "SolveProgress",
    "Snapshot",
    "format_value",
    "relative_gap",
    "render",
    "run_solve",
    "wants_live",
]

T = TypeVar("T")

STAGES = STAGE_UNITS


def format_value(stage: str | None, value: float | None) -> str:
    """A stage's objective or bound in natural units (hours for ``max_excess``)."""
    if value is None:
        return "-"
    return stage_text(stage or "", value)


def relative_gap(objective: float, bound: float) -> float:
    """CP-SAT's relative gap: ``|objective - bound| / max(1, |objective|)`` (0 when proven).

    >>> relative_gap(200.0, 150.0), relative_gap(0.0, 0.0)
    (0.25, 0.0)
    """
    return abs(objective - bound) / max(1.0, abs(objective))


@dataclass(frozen=True)
class Snapshot:
    """The latest progress, read consistently."""

    elapsed: float
    stage: str | None
    objective: float | None
    bound: float | None
    solutions: int
    stopping: bool
    last: str | None = None

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
        self._events: list[SolveEvent] = []
        self._last: str | None = None

    def __call__(self, stage: str, objective: float, bound: float) -> None:
        with self._lock:
            self._stage, self._objective, self._bound = stage, objective, bound
            self._solutions += 1

    def event(self, event: SolveEvent) -> None:
        """An event of the solve (see :mod:`fairshift.solver.events`), kept for the log."""
        with self._lock:
            self._events.append(event)
            self._last = event.text

    def request_stop(self) -> None:
        """Mark that a stop was asked for (shown by the display)."""
        with self._lock:
            self._stopping = True

    def snapshot(self) -> Snapshot:
        now = self._clock()
        with self._lock:
            return Snapshot(now - self._started, self._stage, self._objective, self._bound,
                            self._solutions, self._stopping, self._last)

    def take_events(self) -> list[SolveEvent]:
        """Events since the last call (for plain log lines)."""
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
    if snap.last:
        grid.add_row("last", snap.last)
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


class Interrupts:
    """Ctrl-C while a command solves and writes. The first SIGINT sets ``stop`` (the solve keeps its
    best schedule); a second one aborts at once (``KeyboardInterrupt``, exit 130), unless the result
    is already being written (:meth:`writing`): a write that started is finished, never torn or
    abandoned, and the late Ctrl-C is reported and ignored."""

    def __init__(self, stop: threading.Event, progress: SolveProgress) -> None:
        self.stop, self.progress = stop, progress
        self.count = 0
        self._writing = False

    def handler(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        if self.count == 1:
            self.stop.set()
            self.progress.request_stop()
            return
        if not self._writing:
            raise KeyboardInterrupt

    @contextmanager
    def writing(self) -> Iterator[None]:
        """While active, a Ctrl-C no longer aborts (the write finishes)."""
        self._writing = True
        try:
            yield
        finally:
            self._writing = False


@contextmanager
def _sigint_stops(interrupts: Interrupts) -> Iterator[None]:
    """While active (in the main thread), SIGINT goes to ``interrupts``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, interrupts.handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


Solve = Callable[[Progress, Callable[[SolveEvent], None], threading.Event], T]


class Session:
    """A solve run from the command line, as a context: while it is open, Ctrl-C goes to its
    :class:`Interrupts` (so writing the result can be protected with :meth:`writing`).

    :meth:`run` runs ``solve(on_progress, on_event, stop)`` in a worker thread and waits for it.
    With ``live`` a :class:`rich.live.Live` display on that console shows the progress; with
    ``log`` each event of the solve is passed to it as a plain line, as it comes. The first
    Ctrl-C sets ``stop`` (the solve then returns its best schedule); the returned snapshot says
    whether that happened (``stopping``). An exception in the solve is re-raised here.
    """

    def __init__(self, *, time_limit: float | None = None, live: Console | None = None,
                 log: Callable[[str], None] | None = None, title: str = "solving",
                 progress: SolveProgress | None = None, poll: float = 0.1) -> None:
        self.time_limit, self.live, self.log, self.title, self.poll = time_limit, live, log, title, poll
        self.progress = progress or SolveProgress()
        self.stop = threading.Event()
        self.interrupts = Interrupts(self.stop, self.progress)
        self._guard = _sigint_stops(self.interrupts)

    def __enter__(self) -> Session:
        self._guard.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()  # a second Ctrl-C (or any error) still ends the search
        self._guard.__exit__(None, None, None)

    def writing(self) -> AbstractContextManager[None]:
        """Protect writing the result from a second Ctrl-C (see :class:`Interrupts`)."""
        return self.interrupts.writing()

    def _flush(self) -> None:
        if self.log is not None:
            for event in self.progress.take_events():
                self.log(event.line())

    def run(self, solve: Solve[T]) -> tuple[T, Snapshot]:
        progress = self.progress
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["result"] = solve(progress, progress.event, self.stop)
            except BaseException as exc:  # re-raised in the calling thread
                box["error"] = exc

        worker = threading.Thread(target=work, name="fairshift-solve", daemon=True)
        display = (Live(_Display(progress, self.time_limit, self.title), console=self.live,
                        refresh_per_second=8, transient=True, redirect_stdout=False,
                        redirect_stderr=False) if self.live is not None else nullcontext())
        try:
            with display:
                worker.start()
                while worker.is_alive():
                    worker.join(self.poll)
                    self._flush()
        finally:
            self.stop.set()
        self._flush()
        if "error" in box:
            raise box["error"]
        return box["result"], progress.snapshot()


def run_solve(solve: Solve[T], *, time_limit: float | None = None, live: Console | None = None,
              log: Callable[[str], None] | None = None, title: str = "solving",
              progress: SolveProgress | None = None, poll: float = 0.1) -> tuple[T, Snapshot]:
    """Run one solve in a :class:`Session` (see there)."""
    with Session(time_limit=time_limit, live=live, log=log, title=title, progress=progress,
                 poll=poll) as session:
        return session.run(solve)
