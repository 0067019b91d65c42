"""What a running solve tells its caller, besides CP-SAT's live objective values.

:func:`fairshift.solve` passes :class:`SolveEvent` objects to ``on_event``, each stamped with the
seconds since the solve started (the same clock as :attr:`SolveResult.seconds`). They speak only
of what is kept:

* ``step`` — a step of the strategy starts (what it solves, and its share of the time);
* ``stage`` — a stage of a model finished, with its value, bound and status; stages of a step
  that may still be thrown away (the org-wide step of a split component, its teams) are held back
  until the step is kept;
* ``discarded`` — a step's schedules were thrown away, and why (the next step says what follows);
* ``schedule`` — from now on the solve holds a complete schedule: a stop returns it.

``on_progress(stage, objective, bound)`` is called from CP-SAT's threads at every improving
solution of the running search (for live displays; those values may be superseded).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fairshift.domain.burden import SCALE

__all__ = ["Clock", "EventSink", "Progress", "SolveEvent", "stage_text"]

Progress = Callable[[str, float, float], None]

#: stage name -> (what it minimises, divisor to natural units, unit suffix)
STAGE_UNITS: dict[str, tuple[str, float, str]] = {
    "changes": ("seats changed from the published schedule", 1.0, " seats"),
    "counts": ("seats outside the fair count bands", 1.0, " seats"),
    "cost": ("total burden (sets the burden budget)", float(SCALE), " h"),
    "max_excess": ("largest burden above fair share", float(SCALE), " h"),
    "max_shortfall": ("largest burden below fair share", float(SCALE), " h"),
    "balance": ("spread of weekend days, night and holiday hours per pool", float(SCALE), " h-eq."),
    "total": ("excess + burden + soft rules", float(SCALE), " h-eq."),
}


def stage_text(stage: str, value: float) -> str:
    """A stage's value in natural units: ``stage_text("max_excess", 1250)`` is ``'12.50 h'``."""
    _, divisor, unit = STAGE_UNITS.get(stage, ("", 1.0, ""))
    return f"{value / divisor:,.2f}{unit}" if divisor != 1.0 else f"{value:,.0f}{unit}"


@dataclass(frozen=True)
class SolveEvent:
    """One event of a running solve (see the module docs)."""

    kind: Literal["step", "stage", "discarded", "schedule"]
    elapsed: float
    text: str

    def line(self) -> str:
        """One plain, parseable log line: ``[12.3 s] stage: ...``."""
        return f"[{self.elapsed:.1f} s] {self.kind}: {self.text}"


class Clock:
    """Seconds since the solve started, on the monotonic clock: one clock for every time printed."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class EventSink:
    """Collects the events of a solve and passes them on (thread-safe). ``hold()`` starts holding
    stage events back (for a step that may be discarded); ``keep()`` or ``drop(why)`` ends it."""

    def __init__(self, clock: Clock, on_event: Callable[[SolveEvent], None] | None) -> None:
        self.clock, self.on_event = clock, on_event
        self._lock = threading.Lock()
        self._held: list[SolveEvent] | None = None
        self.complete = False

    def emit(self, kind: Literal["step", "stage", "discarded", "schedule"], text: str,
             elapsed: float | None = None) -> None:
        event = SolveEvent(kind, self.clock.elapsed() if elapsed is None else elapsed, text)
        with self._lock:
            if kind == "stage" and self._held is not None:
                self._held.append(event)
                return
        self._send(event)

    def _send(self, event: SolveEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def hold(self) -> None:
        with self._lock:
            if self._held is None:
                self._held = []

    def keep(self) -> None:
        with self._lock:
            held, self._held = self._held or [], None
        for event in sorted(held, key=lambda ev: ev.elapsed):
            self._send(event)

    def drop(self, why: str) -> None:
        with self._lock:
            self._held = None
        self.emit("discarded", why)

    def schedule(self) -> None:
        """The solve holds a complete schedule from now on (said once)."""
        with self._lock:
            if self.complete:
                return
            self.complete = True
        self.emit("schedule", "every seat has a holder; a stop from now on keeps this schedule")
