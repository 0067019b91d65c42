"""The schedule: who holds which role of which shift. Also its fixed JSON format.

::

    {"name": "Example Org", "status": "optimal",
     "horizon": {"start": "2027-01-04", "end": "2027-04-05"},
     "shifts": [{"rotation": "payments-weekly",
                 "start": "2027-01-04T09:00:00-08:00", "end": "2027-01-11T09:00:00-08:00",
                 "assignments": [{"role": "primary", "engineer": "anna"}]}],
     "engineers": {"anna": {"shifts": 3, "hours": 504.0, "burden": 0.0, "fair_share": 0.0}}}

Times are ISO 8601 with the offset of the rotation's zone. Extra keys are allowed and kept.
The JSON is read strictly (:mod:`fairshift.strictjson`: no NaN, no duplicate keys, bounded
nesting), names and ids are one line of text without control characters, and every problem
names the file, the line and the column.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from fairshift.errors import ScheduleFormatError
from fairshift.frozen import Label
from fairshift.strictjson import JSONProblem, loads, positions
from fairshift.time.instants import MAX_YEAR, MIN_YEAR

__all__ = ["Assignment", "Schedule", "ScheduleHorizon", "ScheduledShift"]


class Assignment(BaseModel):
    """One engineer in one role of a shift."""

    model_config = ConfigDict(frozen=True, extra="allow")
    role: Label
    engineer: Label


class ScheduledShift(BaseModel):
    """A shift of a rotation with its assignments."""

    model_config = ConfigDict(frozen=True, extra="allow")
    rotation: Label
    start: datetime
    end: datetime
    assignments: tuple[Assignment, ...] = ()

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: datetime, info: ValidationInfo) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{value.isoformat()} has no UTC offset; write e.g. 2027-01-04T09:00:00-08:00")
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(f"{value.isoformat()} is outside the supported years {MIN_YEAR}-{MAX_YEAR}")
        start = info.data.get("start")
        if info.field_name == "end" and start is not None and value <= start:
            raise ValueError(f"end {value.isoformat()} is not after start {start.isoformat()}")
        return value

    @property
    def key(self) -> tuple[str, datetime]:
        """(rotation, start instant in UTC): how a scheduled shift is matched to the roster."""
        return (self.rotation, self.start.astimezone(UTC))

    def engineers(self, role: str | None = None) -> tuple[str, ...]:
        return tuple(a.engineer for a in self.assignments if role is None or a.role == role)


class ScheduleHorizon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")
    start: date
    end: date

    @field_validator("start", "end")
    @classmethod
    def _supported(cls, value: date) -> date:
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(f"{value.isoformat()} is outside the supported years {MIN_YEAR}-{MAX_YEAR}")
        return value


class Schedule(BaseModel):
    """A whole schedule as exchanged with other tools (see the module docs for the format)."""

    model_config = ConfigDict(frozen=True, extra="allow")
    name: Label = ""
    status: Label = "unknown"
    horizon: ScheduleHorizon
    shifts: tuple[ScheduledShift, ...] = ()
    engineers: dict[str, dict[str, Any]] = Field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise to the fixed JSON format, deterministically (sorted engineers, 2-space indent)."""
        data = self.model_dump(mode="json")
        data["engineers"] = dict(sorted(data["engineers"].items()))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: str = "schedule") -> Schedule:
        """Parse the JSON format; errors name the source, the line, the column and the field."""
        try:
            raw = loads(text, source)
        except JSONProblem as exc:
            raise ScheduleFormatError(str(exc)) from None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise ScheduleFormatError(_field_errors(exc, text, source)) from None

    def shift_map(self) -> dict[tuple[str, datetime], ScheduledShift]:
        return {s.key: s for s in self.shifts}


#: field errors listed in one ScheduleFormatError; the rest are counted
MAX_LISTED = 20


def _field_errors(exc: ValidationError, text: str, source: str) -> str:
    errors = exc.errors()
    shown = errors[:MAX_LISTED]
    locs = [tuple(p for p in err["loc"] if isinstance(p, str | int)) for err in shown]
    found = positions(text, locs)
    lines = []
    for err, loc in zip(shown, locs, strict=True):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        probe = loc
        while probe not in found and probe:
            probe = probe[:-1]
        where = source + ("" if probe not in found else ":{}:{}".format(*found[probe]))
        msg = str(err["msg"]).removeprefix("Value error, ")
        lines.append(f"{where} {path}: {msg}" if path else f"{where}: {msg}")
    if len(errors) > MAX_LISTED:
        lines.append(f"... and {len(errors) - MAX_LISTED} more problems")
    return "\n".join(lines)
