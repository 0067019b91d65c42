"""Shared data of the export tests: a small roster with hostile names, and schedule edits.

Two components across the March 2027 daylight-saving changes (US on the 14th, EU on the 28th):
a weekly Los Angeles rotation with a primary and a secondary, and a daily two-shift Budapest
rotation. Several engineers have hostile names: a spreadsheet formula, an HTML tag, a leading
minus, iCalendar separators and a matplotlib mathtext expression that does not parse.
"""

from __future__ import annotations

from typing import Any

from fairshift.domain.schedule import Schedule

FORMULA = '=HYPERLINK("x")'
SCRIPT = "<script>alert(1)</script>"
MINUS = "-Bob"
SEPARATORS = 'Doe, Jane; "JD" \\ back'
MATHTEXT = r"Eve $\nope{$"

ROSTER: dict[str, Any] = {
    "name": "Export Org <&>",
    "horizon": {"start": "2027-03-01", "end": "2027-04-05"},
    "engineers": [
        {"id": "anna", "name": "Anna Kovacs", "timezone": "Europe/Budapest", "country": "HU"},
        {"id": "bob", "name": MINUS, "timezone": "America/Los_Angeles", "country": "US"},
        {"id": "cara", "name": SCRIPT, "timezone": "America/Los_Angeles"},
        {"id": "dan", "name": FORMULA, "timezone": "Europe/Budapest"},
        {"id": "eve", "name": MATHTEXT, "timezone": "Europe/Budapest", "country": "HU"},
        {"id": "fay", "name": SEPARATORS, "timezone": "America/Los_Angeles", "country": "US",
         "working_hours": "10:00-18:00"},
        {"id": "gus", "timezone": "Europe/Budapest", "working_hours": "08:00-16:00"},
        {"id": "hal", "timezone": "America/Los_Angeles"},
    ],
    "teams": [
        {"id": "payments", "members": ["anna", "bob", "cara", "dan"]},
        {"id": "platform", "members": ["eve", "fay", "gus", "hal"]},
    ],
    "rotations": [
        {"id": "payments-weekly", "team": "payments", "every": "week", "handoff": "mon 09:00",
         "timezone": "America/Los_Angeles", "roles": {"primary": 1, "secondary": 1}},
        {"id": "platform-daily", "team": "platform", "every": "day", "handoff": ["07:00", "19:00"],
         "timezone": "Europe/Budapest"},
    ],
}


def reassign(schedule: Schedule, changes: dict[tuple[int, str], str]) -> Schedule:
    """A copy of ``schedule`` where ``changes[(shift index, role)]`` is the new engineer."""
    data = schedule.model_dump(mode="json")
    for (index, role), engineer in changes.items():
        for a in data["shifts"][index]["assignments"]:
            if a["role"] == role:
                a["engineer"] = engineer
    return Schedule.model_validate(data)
