"""What a solve optimises beyond fairness, as data: the typed description re-planning passes in.

Every solve runs the fairness stages (:mod:`fairshift.solver.objective`). An :class:`Objective`
adds what a re-plan needs: seats that must stay exactly as published (``frozen``), a published
plan to stay close to (``reference``), and whether staying close comes before fairness
(``minimal_change``, the default) or after it (``fair_first``).

>>> Objective().stages(("counts", "max_excess", "total"))
('counts', 'max_excess', 'total')
>>> Objective(reference={}, order="fair_first").stages(("counts", "max_excess", "total"))
('counts', 'max_excess', 'changes', 'total')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from fairshift.domain.instance import Holders

__all__ = ["Objective"]


@dataclass(frozen=True)
class Objective:
    """Frozen seats, a reference plan and the order of the change stage (see the module docs)."""

    frozen: Holders = field(default_factory=dict)
    reference: Holders | None = None
    order: Literal["minimal_change", "fair_first"] = "minimal_change"

    @property
    def pinned(self) -> bool:
        """Whether seats are fixed in advance or a reference plan is followed (no symmetry
        breaking then: pinned seats may hold interchangeable people out of order)."""
        return bool(self.frozen) or self.reference is not None

    def stages(self, fairness: Sequence[str]) -> tuple[str, ...]:
        """The stage names in order: ``changes`` first, or just before the last stage."""
        names = tuple(fairness)
        if self.reference is None:
            return names
        if self.order == "minimal_change":
            return ("changes", *names)
        return (*names[:-1], "changes", names[-1])


@dataclass(frozen=True)
class TaskSpec:
    """One model a step solves: rotations of a component, the engineers kept (``only``) and the
    rotations whose seats are pinned around it (``fixed``, an org-wide plan)."""

    component: int
    rotations: tuple[str, ...]
    label: str
    only: frozenset[str] | None = None
    fixed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """A step of the strategy: the models it solves together, sharing the time left.

    ``share`` is its part of the time left when it starts; ``completes`` says whether its models
    complete their components' schedules (the org-wide step of a split component does not).

    >>> print(Step("solve", (TaskSpec(0, ("a", "b"), "component 1"),), 1.0, True))
    solve: 1 model (component 1), all of the time left
    """

    name: str
    specs: tuple[TaskSpec, ...]
    share: float
    completes: bool

    def __str__(self) -> str:
        labels = ", ".join(s.label for s in self.specs[:4]) + (", ..." if len(self.specs) > 4 else "")
        time = "all of the time left" if self.share >= 1 else f"{self.share:.0%} of the time left"
        plural = "s" if len(self.specs) != 1 else ""
        return f"{self.name}: {len(self.specs)} model{plural} ({labels}), {time}"
