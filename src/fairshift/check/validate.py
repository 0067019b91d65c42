"""Independent validation: check any schedule against a roster without the solver.

This module and :mod:`fairshift.rules` never import OR-Tools; every rule is stated here a
second time, apart from its CP-SAT encoding, so a solved schedule is double-checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.rules import RULES, Violation

__all__ = ["ValidationReport", "check_plan", "rule_scores", "validate"]


@dataclass(frozen=True)
class ValidationReport:
    """All violations of a schedule, hard and soft."""

    violations: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def hard(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.hard)

    @property
    def soft(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if not v.hard)

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.hard

    def magnitude(self, rule: str) -> float:
        """Sum of the magnitudes of one rule's violations."""
        return sum(v.magnitude for v in self.violations if v.rule == rule)

    def __len__(self) -> int:
        return len(self.violations)


def check_plan(plan: Plan, rules: tuple[str, ...] | None = None) -> ValidationReport:
    """Run every rule's ``check`` (or only ``rules``) on a plan."""
    found: list[Violation] = []
    for rid, rule in RULES.items():
        if rules is None or rid in rules:
            found.extend(rule.check(plan))
    return ValidationReport(tuple(found))


def validate(roster: Roster, schedule: Schedule) -> ValidationReport:
    """Every violation of ``schedule`` under ``roster``'s rules: hard and soft, all of them.

    Works for any schedule: solved, hand-edited, or last quarter's real one.
    """
    instance = Instance(roster)
    return check_plan(Plan.from_schedule(instance, schedule))


def rule_scores(roster: Roster, report: ValidationReport) -> dict[str, float]:
    """Per rule: total magnitude of its violations (soft rules weighted by the roster)."""
    scores: dict[str, float] = {}
    for rid, rule in RULES.items():
        scores[rid] = report.magnitude(rid) * rule.weight(roster.rules)
    return scores
