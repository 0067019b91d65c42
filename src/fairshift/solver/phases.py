"""Sharing a time limit between many tasks, in process or on an executor.

Every task is solved in lexicographic stages (:mod:`fairshift.solver.objective`). With many
tasks (an organisation split into a hundred teams), solving each task to the end before the next
would leave the last ones without any schedule. So time is shared out **stage by stage**:

1. every task's first stage (a schedule within the fair count bands), each task taking an equal
   share of what is left for the phase, a task that finishes early leaving its time to the rest;
2. tasks that found no schedule yet, again;
3. every task's middle stages (cost, balance, largest excess and shortfall), in two passes (the
   first with about half of what is left, so that a hard task early in the list gets a second,
   longer try);
4. every task's last stage (total burden and soft rules) with whatever is left.

The shares are in :mod:`fairshift.solver.tuning`. On an executor the tasks are dealt into
batches, one per executor slot, by estimated size (the largest first, each to the lightest
batch), and every batch is solved with these phases inside the worker, so that a pool of two
processes runs two batches and never more than two CP-SAT searches at once.
"""

from __future__ import annotations

import heapq
import threading
import time as _time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from fairshift.solver.component import ComponentOutcome, ComponentRun, ComponentTask
from fairshift.solver.events import Progress, stage_text
from fairshift.solver.result import SolveStatus, StageResult
from fairshift.solver.tuning import TUNING

__all__ = ["batches", "capacity", "phased", "run_batch", "stage_line"]


def stage_line(result: StageResult) -> str:
    """The text of a stage event: what the stage reached, and whether it is proven."""
    proof = "proven optimal" if result.proven else f"bound {stage_text(result.name, result.bound)}"
    where = f"{result.step}: " if result.step else ""
    return f"{where}{result.name} {stage_text(result.name, result.value)} ({proof}, {result.seconds:.1f} s)"


def phased(tasks: Sequence[ComponentTask], seconds: float, on_progress: Progress | None = None,
           stop: threading.Event | None = None, *, give_up: bool = False,
           on_stage: Callable[[StageResult], None] | None = None,
           on_scheduled: Callable[[], None] | None = None) -> list[ComponentOutcome]:
    """Solve ``tasks`` within ``seconds`` in the phases of the module docs. With ``give_up``,
    stop after the first phases when a task turns out to have no schedule at all (the caller
    will solve differently, and needs the time). ``on_stage`` gets each finished stage as it
    comes, ``on_scheduled`` is called once every task has a schedule."""
    deadline = _time.monotonic() + seconds
    runs: list[ComponentRun] = []
    watcher = _Watcher(stop, runs) if stop is not None else None
    told: dict[int, int] = {}
    said = False

    def left(share: float, count: int) -> float:
        return (deadline - _time.monotonic()) * share / max(count, 1)

    def report() -> None:
        nonlocal said
        for run in runs:
            for result in run.results[told.get(run.task.index, 0):]:
                if on_stage is not None:
                    on_stage(result)
            told[run.task.index] = len(run.results)
        if not said and len(runs) == len(tasks) and all(r.scheduled for r in runs):
            said = True
            if on_scheduled is not None:
                on_scheduled()

    try:
        for i, task in enumerate(tasks):
            if deadline - _time.monotonic() < TUNING.min_call or (stop is not None and stop.is_set()):
                break  # out of time (building is part of the limit): the rest is not even built
            run = ComponentRun(task, on_progress)
            runs.append(run)
            if stop is not None and stop.is_set():
                run.stop()
            # the phase's share, but a second when the remaining time affords that for everyone
            budget = max(left(TUNING.first_phase, len(tasks) - i), min(1.0, left(0.9, len(tasks) - i)))
            if budget > TUNING.min_call:
                run.run(budget, upto=1)
            report()
        behind = [r for r in runs if not r.finished and r.done < 1]
        for i, run in enumerate(behind):
            if (budget := left(TUNING.retry_phase, len(behind) - i)) > TUNING.min_call:
                run.run(budget, upto=1)
                report()
        if give_up and any(r.failed == SolveStatus.INFEASIBLE for r in runs):
            return _outcomes(tasks, runs)
        middle = TUNING.middle_phase
        passes = (middle,) if len(runs) == 1 else (middle / 2, middle)
        for share in passes:  # a first pass, then the unfinished again
            todo = [r for r in runs if not r.finished and r.done < len(r.stages) - 1]
            for i, run in enumerate(todo):
                if (budget := left(share, len(todo) - i)) > TUNING.min_call:
                    run.run(budget, upto=-1)  # all but the last (a revisited stage included)
                    report()
        for i, run in enumerate(runs):
            if (budget := left(1.0, len(runs) - i)) > TUNING.min_call:
                run.run(budget)
                report()
    finally:
        if watcher is not None:
            watcher.done.set()
    return _outcomes(tasks, runs)


def _outcomes(tasks: Sequence[ComponentTask], runs: list[ComponentRun]) -> list[ComponentOutcome]:
    """One outcome per task, in order: ``unknown`` for the tasks never built."""
    built = {run.task.index: run.outcome() for run in runs}
    return [built.get(t.index, ComponentOutcome(t.index, SolveStatus.UNKNOWN, {}, [])) for t in tasks]


def run_batch(tasks: Sequence[ComponentTask], seconds: float,
              give_up: bool = False) -> list[ComponentOutcome]:
    """Build and solve a batch of tasks inside an executor's worker (see :func:`phased`)."""
    return phased(tasks, seconds, give_up=give_up)


def capacity(executor: Executor | None, jobs: int | None) -> int:
    """How many tasks run at once: 1 in process; on an executor ``jobs`` when given, else a
    process pool's size, else as many as there are tasks (one batch each)."""
    if executor is None:
        return 1
    if jobs is not None:
        return max(jobs, 1)
    if isinstance(executor, ProcessPoolExecutor):
        return max(int(getattr(executor, "_max_workers", 1)), 1)
    return 1 << 30


def batches(tasks: Sequence[ComponentTask], sizes: Sequence[int], count: int) -> list[list[ComponentTask]]:
    """Deal tasks into at most ``count`` batches of similar total size (largest task first, each
    to the lightest batch); each batch keeps the tasks' original order. Deterministic."""
    count = max(1, min(count, len(tasks)))
    heap = [(0, b) for b in range(count)]
    owner: dict[int, int] = {}
    for i in sorted(range(len(tasks)), key=lambda i: (-sizes[i], i)):
        load, b = heapq.heappop(heap)
        owner[i] = b
        heapq.heappush(heap, (load + sizes[i], b))
    out: list[list[ComponentTask]] = [[] for _ in range(count)]
    for i, task in enumerate(tasks):
        out[owner[i]].append(task)
    return [b for b in out if b]


class _Watcher(threading.Thread):
    """Turns a set ``stop`` event into ``stop_search`` on the task being solved."""

    def __init__(self, stop: threading.Event, runs: list[ComponentRun]) -> None:
        super().__init__(daemon=True)
        self.stop, self.runs, self.done = stop, runs, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.is_set():
            if self.stop.wait(0.1):
                for r in list(self.runs):
                    r.stop()
                return
