"""The rule catalogue: one module per rule, registered here in a fixed order.

Each rule module defines ``ID`` (stable snake_case id: the ``rules:`` key, the violation's
``rule`` field, the solver's variable prefix, the docs section and the test module),
``KIND`` (hard or soft), ``SUMMARY`` and a pure ``check(plan)``. Its CP-SAT encoder lives
apart, in :mod:`fairshift.solver.encoders`, as a second, independent statement of the rule.
"""

from __future__ import annotations

from types import ModuleType

from fairshift.rules import (
    coverage,
    daytime_handoff,
    eligibility,
    max_consecutive,
    max_shifts,
    max_weekends,
    min_rest,
    no_back_to_back,
    no_overlap,
    pair_diversity,
    preferences,
    public_holidays,
    shadowing,
    spacing,
    unavailability,
)
from fairshift.rules.base import Rule, Violation

__all__ = ["RULES", "Rule", "Violation"]

_MODULES: tuple[ModuleType, ...] = (
    coverage, eligibility, unavailability, no_overlap, min_rest, no_back_to_back, max_shifts,
    shadowing, public_holidays, max_consecutive, max_weekends,
    daytime_handoff, spacing, pair_diversity, preferences,
)

RULES: dict[str, Rule] = {
    m.ID: Rule(id=m.ID, kind=m.KIND, summary=m.SUMMARY, check=m.check) for m in _MODULES
}
