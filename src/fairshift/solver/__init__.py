"""The CP-SAT backend. Only this package imports OR-Tools (and only its modules that solve:
``result``, ``strategy``, ``events`` and ``tuning`` are plain data, importable without it)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairshift.solver.facade import solve
    from fairshift.solver.result import SolveResult, SolveStatus

__all__ = ["SolveResult", "SolveStatus", "solve"]

_WHERE = {"SolveResult": "fairshift.solver.result", "SolveStatus": "fairshift.solver.result",
          "solve": "fairshift.solver.facade"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'fairshift.solver' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
