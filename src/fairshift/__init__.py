"""fairshift: fair on-call rotations, solved with CP-SAT and checked by an independent validator.

>>> import fairshift
>>> roster = fairshift.load_roster("examples/roster.yaml")
>>> len(roster.engineers)
30

The roster model, the validator, exports and the ledger never load OR-Tools: the names that need
the solver (``solve``, ``explain``, ``replan``, ...) are imported the first time they are used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fairshift.check.validate import ValidationReport, validate
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import (
    DateRange,
    Engineer,
    History,
    Horizon,
    Preferences,
    Roster,
    Rotation,
    Team,
    Unavailability,
)
from fairshift.domain.schedule import Assignment, Schedule, ScheduledShift
from fairshift.domain.shifts import Shift, expand
from fairshift.errors import (
    FairshiftError,
    InfeasibleError,
    InternalError,
    OutputError,
    Problem,
    RosterError,
    ScheduleFormatError,
    SolverError,
    TimeError,
)
from fairshift.io.pay import load_pay_rates
from fairshift.io.roster import load_roster, parse_roster
from fairshift.io.schedule import load_schedule
from fairshift.rules import RULES, Rule, Violation
from fairshift.rules.settings import RuleSettings
from fairshift.time.calendars import HolidayCalendar
from fairshift.workflows.handoff import Handoff, Incident, handoff
from fairshift.workflows.ledger import Ledger, apply_ledger, ledger
from fairshift.workflows.overrides import Override, OverrideResult, apply_overrides
from fairshift.workflows.pay import PayRates, PayReport, pay_report
from fairshift.workflows.triage import TriageDay, best_slot, triage_slots

if TYPE_CHECKING:
    from fairshift.io.overrides import load_overrides
    from fairshift.solver.explain import Conflict, Explanation, explain
    from fairshift.solver.facade import solve
    from fairshift.solver.result import SolveResult, SolveStatus
    from fairshift.solver.strategy import Objective
    from fairshift.workflows.cover import CoverOption, suggest_cover
    from fairshift.workflows.replan import Change, ReplanResult, replan

__version__ = "0.1.0"

# name -> module, imported on first use (these load OR-Tools, or the YAML reader of overrides)
_LAZY = {
    "solve": "fairshift.solver.facade",
    "Objective": "fairshift.solver.strategy",
    "SolveResult": "fairshift.solver.result",
    "SolveStatus": "fairshift.solver.result",
    "Conflict": "fairshift.solver.explain",
    "Explanation": "fairshift.solver.explain",
    "explain": "fairshift.solver.explain",
    "Change": "fairshift.workflows.replan",
    "ReplanResult": "fairshift.workflows.replan",
    "replan": "fairshift.workflows.replan",
    "CoverOption": "fairshift.workflows.cover",
    "suggest_cover": "fairshift.workflows.cover",
    "load_overrides": "fairshift.io.overrides",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fairshift' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    # roster
    "DateRange",
    "Engineer",
    "History",
    "Horizon",
    "Preferences",
    "Rotation",
    "Roster",
    "RuleSettings",
    "Team",
    "Unavailability",
    "load_roster",
    "parse_roster",
    # time
    "HolidayCalendar",
    "Shift",
    "expand",
    # schedules and checking
    "RULES",
    "Assignment",
    "Instance",
    "Plan",
    "Rule",
    "Schedule",
    "ScheduledShift",
    "ValidationReport",
    "Violation",
    "load_schedule",
    "validate",
    # solving
    "Objective",
    "SolveResult",
    "SolveStatus",
    "solve",
    # when things change
    "Change",
    "Conflict",
    "CoverOption",
    "Explanation",
    "Ledger",
    "Override",
    "OverrideResult",
    "ReplanResult",
    "apply_ledger",
    "apply_overrides",
    "explain",
    "ledger",
    "load_overrides",
    "replan",
    "suggest_cover",
    # what people live with: pay, the triage slot, hand-offs
    "Handoff",
    "Incident",
    "PayRates",
    "PayReport",
    "TriageDay",
    "best_slot",
    "handoff",
    "load_pay_rates",
    "pay_report",
    "triage_slots",
    # errors
    "FairshiftError",
    "InfeasibleError",
    "InternalError",
    "OutputError",
    "Problem",
    "RosterError",
    "ScheduleFormatError",
    "SolverError",
    "TimeError",
]
