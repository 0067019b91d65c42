"""The schedule: who holds which role of which shift. Also its fixed JSON format.

::

    {"name": "Example Org", "status": "optimal",
     "horizon": {"start": "2027-01-04", "end": "2027-04-05"},
     "shifts": [{"rotation": "payments-weekly",
                 "start": "2027-01-04T09:00:00-08:00", "end": "2027-01-11T09:00:00-08:00",
                 "assignments": [{"role": "primary", "engineer": "anna"}]}],
     "engineers": {"anna": {"shifts": 3, "hours": 504.0, "burden": 0.0, "fair_share": 0.0}}}

Times are ISO 8601 with the offset of the rotation's zone. Extra keys are allowed and kept.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fairshift.errors import ScheduleFormatError

__all__ = ["Assignment", "Schedule", "ScheduleHorizon", "ScheduledShift"]


class Assignment(BaseModel):
    """One engineer in one role of a shift."""

    model_config = ConfigDict(frozen=True, extra="allow")
    role: str
    engineer: str


class ScheduledShift(BaseModel):
    """A shift of a rotation with its assignments."""

    model_config = ConfigDict(frozen=True, extra="allow")
    rotation: str
    start: datetime
    end: datetime
    assignments: tuple[Assignment, ...] = ()

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{value.isoformat()} has no UTC offset; write e.g. 2027-01-04T09:00:00-08:00")
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


class Schedule(BaseModel):
    """A whole schedule as exchanged with other tools (see the module docs for the format)."""

    model_config = ConfigDict(frozen=True, extra="allow")
    name: str = ""
    status: str = "unknown"
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
        """Parse the JSON format; errors name the source and the field."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScheduleFormatError(f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            lines = []
            for err in exc.errors():
                loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
                lines.append(f"{source} {loc}: {err['msg']}")
            raise ScheduleFormatError("\n".join(lines)) from None

    def shift_map(self) -> dict[tuple[str, datetime], ScheduledShift]:
        return {s.key: s for s in self.shifts}
