"""Parameters of every rule of the catalogue: the ``rules:`` section of a roster.

Each field is named by the rule's stable id (see :mod:`fairshift.rules`). Hard rules are
on unless said otherwise; soft rules carry a ``weight`` that is applied only in the
objective and the score summary, never in the rule's own check.
"""

from __future__ import annotations

from datetime import time
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fairshift.roster.timeparse import parse_clock

__all__ = [
    "BurdenWeights",
    "MaxConsecutive",
    "MaxShifts",
    "MaxWeekends",
    "MinRest",
    "NoBackToBack",
    "PublicHolidays",
    "RuleSettings",
    "Shadowing",
    "SoftRule",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MinRest(_Frozen):
    """At least ``hours`` between the end of one shift of an engineer and the start of the next."""

    hours: float = Field(default=0.0, ge=0, le=24 * 14)


class NoBackToBack(_Frozen):
    """An engineer does not take two consecutive shifts of the same rotation."""

    enabled: bool = True


class MaxShifts(_Frozen):
    """A cap on shifts per engineer over the horizon (``null``: no cap). Engineers may override."""

    default: int | None = Field(default=None, ge=0)


class Shadowing(_Frozen):
    """New engineers take only ``shadow`` roles until they have done ``shadow_shifts`` of them."""

    shadow_shifts: int = Field(default=2, ge=0)


class PublicHolidays(_Frozen):
    """``avoid``: never on call on one's own public holiday (hard); ``weigh``: counts extra
    burden (default); ``ignore``: holidays are ordinary days."""

    mode: Literal["avoid", "weigh", "ignore"] = "weigh"


class MaxConsecutive(_Frozen):
    """At most ``days`` consecutive local calendar days on call (``null``: no cap)."""

    days: int | None = Field(default=None, ge=1)


class MaxWeekends(_Frozen):
    """At most ``count`` weekends (a local Saturday or Sunday touched) on call (``null``: no cap)."""

    count: int | None = Field(default=None, ge=0)


class SoftRule(_Frozen):
    """A soft rule: ``weight`` 0 turns it off."""

    weight: int = Field(default=1, ge=0, le=1000)


class BurdenWeights(_Frozen):
    """Extra burden per hour on top of 1.0 for every on-call hour, on the engineer's own clock.

    weekend: local Saturday and Sunday hours; holiday: hours on the engineer's own public
    holidays (only with ``public_holidays.mode: weigh``); off_hours: hours outside the
    engineer's working hours and working days (weekend hours are off-hours too); night: hours
    inside ``night_hours`` (local, may cross midnight), the hours that cost sleep.
    """

    weekend: float = Field(default=0.5, ge=0, le=10)
    holiday: float = Field(default=1.0, ge=0, le=10)
    off_hours: float = Field(default=0.25, ge=0, le=10)
    night: float = Field(default=1.0, ge=0, le=10)
    night_hours: str = Field(default="22:00-07:00", description='Local night window, e.g. "22:00-07:00"')

    @field_validator("night_hours")
    @classmethod
    def _window(cls, value: str) -> str:
        parts = value.split("-")
        if len(parts) != 2:
            raise ValueError(f'{value!r} is not a window of hours; write it as "22:00-07:00"')
        start, end = (parse_clock(p.strip()) for p in parts)
        if start == end:
            raise ValueError(f"{value!r} is empty; the night window needs a start and a later end")
        return value

    @cached_property
    def night_window(self) -> tuple[time, time]:
        start, end = (parse_clock(p.strip()) for p in self.night_hours.split("-"))
        return start, end


class RuleSettings(_Frozen):
    """The ``rules:`` section. Keys are rule ids."""

    min_rest: MinRest = MinRest()
    no_back_to_back: NoBackToBack = NoBackToBack()
    max_shifts: MaxShifts = MaxShifts()
    shadowing: Shadowing = Shadowing()
    public_holidays: PublicHolidays = PublicHolidays()
    max_consecutive: MaxConsecutive = MaxConsecutive()
    max_weekends: MaxWeekends = MaxWeekends()
    daytime_handoff: SoftRule = SoftRule(weight=2)
    spacing: SoftRule = SoftRule(weight=1)
    pair_diversity: SoftRule = SoftRule(weight=1)
    preferences: SoftRule = SoftRule(weight=4)
    burden: BurdenWeights = BurdenWeights()
    oncall_budget: float = Field(default=0.2, gt=0, le=1)
