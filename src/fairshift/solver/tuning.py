"""Every tunable number of the solver, in one place.

These are engineering choices (how time is shared, when a component is split), not semantics: the
stages and what they optimise are fixed by docs/fairness.md, and no number here changes what a
proven result means. Benchmarks (``benchmarks/run.py``) are how they are chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TUNING", "Tuning"]


@dataclass(frozen=True)
class Tuning:
    """The solver's tunable numbers (see each field)."""

    #: share of a task's remaining time each stage may use when the task runs alone (the last
    #: stage takes the rest); a stage that finishes early leaves its time to the next
    stage_share: dict[str, float] = field(default_factory=lambda: {
        "changes": 0.3, "counts": 0.3, "cost": 0.2, "max_excess": 0.5, "max_shortfall": 0.4,
        "balance": 0.5, "total": 1.0})
    #: share of a stage's time for its floor probe (stages whose floor is 0 and usually reached)
    probe_share: dict[str, float] = field(default_factory=lambda: {"changes": 0.5, "counts": 0.8})
    #: phases of many tasks sharing one limit (solver.phases): share of the time left for the
    #: first stage of every task, for a second try of the tasks still without a schedule, and
    #: for the middle (fairness) stages; the last stage takes the rest
    first_phase: float = 0.35
    retry_phase: float = 0.8
    middle_phase: float = 0.8
    #: below this many seconds a CP-SAT call cannot even presolve: it is skipped instead
    min_call: float = 0.15
    #: seconds kept per seat for checking, measuring and writing the plan (at most 20 % of the limit)
    reserve_per_seat: float = 5e-5
    #: a component with more seat variables than this is split at its org-wide rotations when it
    #: can be (the 30-person benchmark organisation has 1,372; the 200-person one 38,060)
    joint_seats: int = 10_000
    #: the share of the time for the org-wide step of split components, by estimated work
    hub_share: tuple[float, float] = (0.2, 0.6)
    #: workers of the seat-count probe (a feasibility problem that a first solution settles)
    probe_workers: int = 4
    #: a model with at most this many seat variables first gives each stage's proof to a single
    #: worker for ``single_share`` of the stage's time, then to the full portfolio: on 2 cores one
    #: worker proves small min-max stages several times faster than eight (2 s against 20 s on the
    #: 4-person example of docs/fairness.md), while large models need the portfolio's neighbourhoods
    single_seats: int = 5_000
    single_share: float = 0.35


TUNING = Tuning()
