"""Reading schedule JSON files."""

from __future__ import annotations

from pathlib import Path

from fairshift.domain.schedule import Schedule
from fairshift.errors import ScheduleFormatError
from fairshift.io.files import read_text_file

__all__ = ["load_schedule"]


def load_schedule(path: str | Path) -> Schedule:
    """Read a schedule JSON file (see :mod:`fairshift.domain.schedule` for the format)."""
    text = read_text_file(path, "schedule", lambda problem: ScheduleFormatError(str(problem)))
    return Schedule.from_json(text, source=str(path))
