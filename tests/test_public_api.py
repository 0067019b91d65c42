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
    "load_overrides", "replan", "suggest_cover",
}


def test_public_api_is_pinned() -> None:
    assert set(fairshift.__all__) == EXPECTED
    assert len(fairshift.__all__) == len(EXPECTED)
    for name in fairshift.__all__:
        assert getattr(fairshift, name) is not None


def test_validator_and_rules_never_import_ortools() -> None:
    import ast
    from pathlib import Path

    root = Path(fairshift.__file__).parent
    files = [root / "validate.py", root / "instance.py", root / "fairness.py",
             *sorted((root / "rules").glob("*.py")), *sorted((root / "roster").glob("*.py"))]
    assert len(files) > 15
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith(("ortools", "fairshift.solver")) for n in names), path
