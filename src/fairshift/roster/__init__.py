"""The roster data model, its YAML format and its checks."""

from fairshift.roster.loader import load_roster, parse_roster
from fairshift.roster.model import (
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
from fairshift.roster.settings import RuleSettings

__all__ = [
    "DateRange",
    "Engineer",
    "History",
    "Horizon",
    "Preferences",
    "Roster",
    "Rotation",
    "RuleSettings",
    "Team",
    "Unavailability",
    "load_roster",
    "parse_roster",
    "quarter_bounds",
]
