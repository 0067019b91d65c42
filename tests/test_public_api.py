"""The public API is exactly what fairshift/__init__.py lists; changing it is a decision."""

from __future__ import annotations

import fairshift

EXPECTED = {
    "DateRange", "Engineer", "History", "Horizon", "Preferences", "Rotation", "Roster", "RuleSettings",
    "Team", "Unavailability", "load_roster", "parse_roster", "HolidayCalendar", "Shift", "expand",
    "RULES", "Assignment", "Instance", "Plan", "Rule", "Schedule", "ScheduledShift", "ValidationReport",
    "Violation", "load_schedule", "validate", "SolveResult", "SolveStatus", "solve", "FairshiftError",
    "InfeasibleError", "InternalError", "Problem", "RosterError", "ScheduleFormatError", "SolverError",
    "TimeError", "Change", "Conflict", "CoverOption", "Explanation", "Ledger", "Override",
    "OverrideResult", "ReplanResult", "apply_ledger", "apply_overrides", "explain", "ledger",
    "load_overrides", "replan", "suggest_cover", "Objective",
    "Handoff", "Incident", "PayRates", "PayReport", "TriageDay", "best_slot", "handoff", "load_pay_rates",
    "pay_report", "triage_slots",
    "OutputError",
}


def test_public_api_is_pinned() -> None:
    assert set(fairshift.__all__) == EXPECTED
    assert len(fairshift.__all__) == len(EXPECTED)
    for name in fairshift.__all__:
        assert getattr(fairshift, name) is not None


def test_solve_takes_only_public_arguments() -> None:
    import inspect

    params = inspect.signature(fairshift.solve).parameters
    assert "objective" in params and "time_limit" in params
    assert [p for p in params if p.startswith("_")] == []
    assert all(p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params.values())
    assert next(iter(params)) == "roster" and all(
        p.kind == p.KEYWORD_ONLY for name, p in params.items() if name != "roster")


def test_lazy_names_are_the_real_objects() -> None:
    from fairshift.solver.facade import solve
    from fairshift.solver.strategy import Objective

    assert fairshift.solve is solve and fairshift.Objective is Objective
    assert "solve" in dir(fairshift)
