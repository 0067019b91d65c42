"""The rule catalogue: one module per rule, each exporting its :class:`~fairshift.rules.base.Rule`.

A rule's stable snake_case id is its key in the ``rules:`` section, the violation's ``rule``
field, the prefix of its solver variables, its section of ``docs/rules.md`` and its test module
``tests/rules/test_rule_<id>.py``. :data:`RULES` lists the catalogue in order (the order
checkers and encoders run in); everything else (settings, explain sentences, which rules are
per engineer) is read from the :class:`~fairshift.rules.base.Rule` records. Adding a rule:
write ``rules/<id>.py`` with its ``RULE``, list it in :data:`CATALOGUE` (and, when it has
settings, as a field of :class:`~fairshift.rules.settings.RuleSettings`), document it and test it.
"""

from __future__ import annotations

from fairshift.rules import (
    average_week,
    coverage,
    daytime_handoff,
    eligibility,
    max_consecutive,
    max_hours,
    max_oncall_share,
    max_period_shifts,
    max_rest_days,
    max_shifts,
    max_weekends,
    min_rest,
    no_back_to_back,
    no_overlap,
    pair_diversity,
    preferences,
    public_holidays,
    quiet_hours,
    shadowing,
    spacing,
    unavailability,
    weekly_rest,
)
from fairshift.rules.base import Rule, Violation

__all__ = ["CATALOGUE", "RULES", "Rule", "Violation", "hard_rules", "per_engineer_rules"]

CATALOGUE: tuple[Rule, ...] = tuple(m.RULE for m in (
    coverage, eligibility, unavailability, no_overlap, min_rest, no_back_to_back, max_shifts,
    shadowing, public_holidays, max_consecutive, max_weekends,
    max_hours, max_period_shifts, max_rest_days, max_oncall_share, weekly_rest, average_week, quiet_hours,
    daytime_handoff, spacing, pair_diversity, preferences,
))

RULES: dict[str, Rule] = {rule.id: rule for rule in CATALOGUE}


def hard_rules() -> tuple[str, ...]:
    """Ids of the hard rules, in catalogue order."""
    return tuple(r.id for r in CATALOGUE if r.hard)


def per_engineer_rules() -> frozenset[str]:
    """Hard rules whose violations depend only on each engineer's own seats."""
    return frozenset(r.id for r in CATALOGUE if r.hard and r.per_engineer)
