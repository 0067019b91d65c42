"""A local process pool for ``fairshift solve --jobs N``."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

__all__ = ["process_pool"]


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops between steps and keeps what it has."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def process_pool(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """``jobs`` worker processes (started with ``spawn``: no threads are forked), or None for 1."""
    if jobs <= 1:
        yield None
        return
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_sigint)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
