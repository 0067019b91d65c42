"""The domain: the roster model, shifts, burden, the expanded instance, plans, schedules and
fairness. No solver, no files: everything here is plain data and pure functions of it."""

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
    quarter_bounds,
)

__all__ = [
    "DateRange",
    "Engineer",
    "History",
    "Horizon",
    "Preferences",
    "Roster",
    "Rotation",
    "Team",
    "Unavailability",
    "quarter_bounds",
]
