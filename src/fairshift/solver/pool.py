"""A local process pool for ``fairshift solve --jobs N``."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

__all__ = ["process_pool"]


def _worker_start(parent: int) -> None:
    """Workers leave Ctrl-C to the parent, which stops between steps and keeps what it has, and
    never outlive it: on Linux the kernel kills a worker whose parent dies (``PR_SET_PDEATHSIG``,
    even after ``kill -9``); elsewhere, and as a second guard, a thread ends the worker as soon
    as its parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl here
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_orphan_watch, args=(parent,), name="fairshift-parent-watch",
                     daemon=True).start()


def _orphan_watch(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


@contextmanager
def process_pool(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """``jobs`` worker processes (started with ``spawn``: no threads are forked), or None for 1."""
    if jobs <= 1:
        yield None
        return
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
