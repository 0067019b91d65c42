"""fairshift: fair on-call rotations, solved with CP-SAT and checked by an independent validator.

>>> import fairshift
>>> roster = fairshift.load_roster("examples/roster.yaml")
>>> len(roster.engineers)
30
"""

from fairshift.calendars import HolidayCalendar
from fairshift.cover import CoverOption, suggest_cover
from fairshift.errors import (
    FairshiftError,
    InfeasibleError,
    InternalError,
    Problem,
    RosterError,
    ScheduleFormatError,
    SolverError,
    TimeError,
)
from fairshift.instance import Instance, Plan
from fairshift.ledger import Ledger, apply_ledger, ledger
from fairshift.overrides import Override, OverrideResult, apply_overrides, load_overrides
from fairshift.replan import Change, ReplanResult, replan
from fairshift.roster import (
    DateRange,
    Engineer,
    History,
    Horizon,
    Preferences,
    Roster,
    Rotation,
    RuleSettings,
    Team,
    Unavailability,
    load_roster,
    parse_roster,
)
from fairshift.rules import RULES, Rule, Violation
from fairshift.schedule import Assignment, Schedule, ScheduledShift, load_schedule
from fairshift.shifts import Shift, expand
from fairshift.solver import SolveResult, SolveStatus, solve
from fairshift.solver.explain import Conflict, Explanation, explain
from fairshift.validate import ValidationReport, validate

__version__ = "0.1.0"

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
    # errors
    "FairshiftError",
    "InfeasibleError",
    "InternalError",
    "Problem",
    "RosterError",
    "ScheduleFormatError",
    "SolverError",
    "TimeError",
]
