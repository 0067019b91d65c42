"""The CP-SAT backend. Only this package imports OR-Tools."""

from fairshift.solver.result import SolveResult, SolveStatus
from fairshift.solver.solve import solve

__all__ = ["SolveResult", "SolveStatus", "solve"]
