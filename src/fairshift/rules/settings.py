"""Parameters of every rule of the catalogue: the ``rules:`` section of a roster.

Each rule's field is named by its stable id and typed by the rule's own ``Settings`` (see
:mod:`fairshift.rules`). Hard rules are on unless said otherwise; soft rules carry a ``weight``
that is applied only in the objective and the score summary, never in the rule's own check.
``burden`` holds the weights of burden categories and ``oncall_budget`` the teams' default
budget; neither is a rule.
"""

from __future__ import annotations

from datetime import time
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from fairshift.frozen import Frozen
from fairshift.rules.average_week import AverageWeek
from fairshift.rules.daytime_handoff import DaytimeHandoff
from fairshift.rules.max_consecutive import MaxConsecutive
from fairshift.rules.max_hours import MaxHours
from fairshift.rules.max_oncall_share import MaxOncallShare
from fairshift.rules.max_period_shifts import MaxPeriodShifts
from fairshift.rules.max_rest_days import MaxRestDays
from fairshift.rules.max_shifts import MaxShifts
from fairshift.rules.max_weekends import MaxWeekends
from fairshift.rules.min_rest import MinRest
from fairshift.rules.no_back_to_back import NoBackToBack
from fairshift.rules.pair_diversity import PairDiversity
from fairshift.rules.preferences import PreferencesRule
from fairshift.rules.presets import PresetName, expand, names_of
from fairshift.rules.public_holidays import PublicHolidays
from fairshift.rules.quiet_hours import QuietHours
from fairshift.rules.shadowing import Shadowing
from fairshift.rules.spacing import Spacing
from fairshift.rules.weekly_rest import WeeklyRest
from fairshift.time.timeparse import parse_clock

__all__ = ["BurdenWeights", "FairnessSettings", "RuleSettings"]

_NAMES = {"type": "string", "enum": list(get_args(PresetName))}
#: one preset name or a list of them (read as a tuple)
Presets = Annotated[tuple[PresetName, ...], WithJsonSchema({
    "anyOf": [_NAMES, {"type": "array", "items": _NAMES}],
    "description": "A preset or a list of presets: eu-wtd, hu-labour-code, google-sre"})]


class BurdenWeights(Frozen):
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


class FairnessSettings(Frozen):
    """How fairness is optimised beyond the count bands and the largest excess (docs/fairness.md).

    ``extra_burden``: the fairer stages may make each rotation cost at most this much more (a
    fraction) than the cheapest schedule found within the count bands; 0 keeps the cheapest.
    ``resolution``: hours to which the largest excess and shortfall are minimised (and proven):
    an optimal result is within this of the best possible. ``shortfall``: also bound the most
    under-loaded person. ``balance``: the categories whose spread per pool is minimised,
    after the cost stage and before the largest excess (imposed on the excess stages only when proven).
    """

    extra_burden: float = Field(default=0.02, ge=0, le=1)
    resolution: float = Field(default=0.25, ge=0.01, le=24)
    shortfall: bool = True
    balance: tuple[Literal["weekend_days", "night_hours", "holiday_hours"], ...] = (
        "weekend_days", "night_hours", "holiday_hours")


class RuleSettings(Frozen):
    """The ``rules:`` section. Each rule's settings are under its id (see :mod:`fairshift.rules`);
    a test checks that every rule with settings has its field here, of its own type.

    ``preset`` names presets (:mod:`fairshift.rules.presets`) whose settings are filled in
    under the ones written here, field by field, before anything is validated."""

    preset: Presets = ()
    min_rest: MinRest = MinRest()
    no_back_to_back: NoBackToBack = NoBackToBack()
    max_shifts: MaxShifts = MaxShifts()
    shadowing: Shadowing = Shadowing()
    public_holidays: PublicHolidays = PublicHolidays()
    max_consecutive: MaxConsecutive = MaxConsecutive()
    max_weekends: MaxWeekends = MaxWeekends()
    max_hours: MaxHours = MaxHours()
    max_period_shifts: MaxPeriodShifts = MaxPeriodShifts()
    max_rest_days: MaxRestDays = MaxRestDays()
    max_oncall_share: MaxOncallShare = MaxOncallShare()
    weekly_rest: WeeklyRest = WeeklyRest()
    average_week: AverageWeek = AverageWeek()
    quiet_hours: QuietHours = QuietHours()
    daytime_handoff: DaytimeHandoff = DaytimeHandoff()
    spacing: Spacing = Spacing()
    pair_diversity: PairDiversity = PairDiversity()
    preferences: PreferencesRule = PreferencesRule()
    burden: BurdenWeights = BurdenWeights()
    fairness: FairnessSettings = FairnessSettings()
    oncall_budget: float = Field(default=0.2, gt=0, le=1)

    @model_validator(mode="before")
    @classmethod
    def _presets(cls, data: Any) -> Any:
        return expand(data)

    @field_validator("preset", mode="before")
    @classmethod
    def _preset_names(cls, value: Any) -> Any:
        return () if value is None else names_of(value)
