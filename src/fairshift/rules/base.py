"""What every rule of the catalogue shares: violations and the rule record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fairshift.instance import Plan

__all__ = ["Rule", "Violation"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One breach of one rule, in the rule's natural unit (``magnitude``).

    Weights are never applied here: a soft rule's cost in the objective is
    ``weight * magnitude`` with the weight from the roster.
    """

    rule: str
    hard: bool
    message: str
    magnitude: float = 1.0
    engineers: tuple[str, ...] = ()
    shift: str | None = None
    rotation: str | None = None

    def __str__(self) -> str:
        kind = "hard" if self.hard else "soft"
        return f"[{self.rule}, {kind}] {self.message}"


@dataclass(frozen=True)
class Rule:
    """A registered rule: stable id, kind, one-line summary and its independent checker."""

    id: str
    kind: Literal["hard", "soft"]
    summary: str
    check: Callable[[Plan], list[Violation]]
