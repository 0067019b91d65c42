"""The roster: who is on call for what, and when. Frozen pydantic v2 models, no solver here.

The YAML format (see ``docs/roster.md`` and ``docs/roster.schema.json``) maps one to one onto
these models. Every cross-reference is checked by :func:`fairshift.domain.checks.reference_problems`
and reported all together.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta, tzinfo
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from fairshift.domain.checks import reference_problems
from fairshift.errors import RosterError
from fairshift.frozen import Frozen
from fairshift.rules.limits import Limits
from fairshift.rules.public_holidays import HolidayMode
from fairshift.rules.settings import RuleSettings
from fairshift.time.calendars import HolidayCalendar
from fairshift.time.timeparse import WEEKDAYS, parse_clock, parse_hours, parse_weekly
from fairshift.time.tz import available_zones, suggest_zone, zone_name

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
]

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        max_length=64,
        description="A short identifier: letters, digits, '_', '.', '-'",
    ),
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ZoneName = Annotated[str, Field(description="An IANA time zone name, e.g. Europe/Budapest")]


def _check_zone(value: Any) -> Any:
    if isinstance(value, tzinfo):
        value = zone_name(value)
    if isinstance(value, str) and value not in available_zones() and value != "UTC":
        hint = suggest_zone(value)
        extra = f" (did you mean {hint!r}?)" if hint else ""
        raise ValueError(f"{value!r} is not a known time zone{extra}")
    return value


class DateRange(Frozen):
    """Local dates, both ends inclusive."""

    start: date
    end: date

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: date, info: ValidationInfo) -> date:
        # A field validator so that the error points at ``end``.
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"end {end} is before start {start}; both dates are inclusive")
        return end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class Unavailability(DateRange):
    """Days an engineer cannot be on call (PTO, leave...), local dates inclusive."""

    reason: str = "unavailable"


class Preferences(Frozen):
    """Soft wishes: local dates or weekdays an engineer would rather not be on call."""

    avoid: tuple[DateRange, ...] = ()
    avoid_weekdays: tuple[Weekday, ...] = ()


class History(Frozen):
    """Load carried over from earlier quarters (see ``fairshift ledger``)."""

    burden: float = Field(default=0.0, ge=0)
    shifts: int = Field(default=0, ge=0)
    shadow_shifts: int = Field(default=0, ge=0)


class Engineer(Frozen):
    """One person who can be on call."""

    id: Id
    name: str | None = None
    timezone: ZoneName
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code")
    subdivision: str | None = None
    working_hours: str = Field(default="09:00-17:00", description='Local, e.g. "09:00-17:00"')
    working_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    skills: tuple[str, ...] = ()
    unavailable: tuple[Unavailability, ...] = ()
    preferences: Preferences = Preferences()
    new: bool = Field(default=False, description="New engineers shadow before taking other roles")
    max_shifts: int | None = Field(default=None, ge=0)
    history: History = History()
    limits: Limits = Field(default=Limits(), description="Own working-time limits, over rules'")
    public_holidays: HolidayMode | None = Field(
        default=None, description="Own holiday mode, over the rotation's and rules.public_holidays")

    _zone = field_validator("timezone", mode="before")(_check_zone)

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        parse_hours(value)
        return value

    @field_validator("country", "subdivision", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        if value is False:  # YAML 1.1 reads NO (Norway) as false
            raise ValueError("got a boolean; quote the code, e.g. 'NO' for Norway")
        return value

    @cached_property
    def hours(self) -> tuple[time, time]:
        """Working hours as (start, end) local wall times."""
        return parse_hours(self.working_hours)

    @cached_property
    def working_weekdays(self) -> frozenset[int]:
        """Working days as weekday numbers (Monday = 0)."""
        return frozenset(WEEKDAYS.index(d) for d in self.working_days)

    @cached_property
    def calendar(self) -> HolidayCalendar:
        """This engineer's public holidays."""
        return HolidayCalendar(self.country, self.subdivision)

    def unavailable_on(self, day: date) -> Unavailability | None:
        """The unavailability covering local ``day``, if any (the first listed)."""
        if not self.unavailable or not self._unavailable_span[0] <= day <= self._unavailable_span[1]:
            return None
        return self._unavailable_days.get(day)

    @cached_property
    def _unavailable_span(self) -> tuple[date, date]:
        return (min(u.start for u in self.unavailable), max(u.end for u in self.unavailable))

    @cached_property
    def _unavailable_days(self) -> dict[date, Unavailability]:
        days: dict[date, Unavailability] = {}
        for u in self.unavailable:
            day = u.start
            while day <= u.end:
                days.setdefault(day, u)
                day += timedelta(days=1)
        return days


class Team(Frozen):
    """A group of engineers; rotations draw their pool from a team."""

    id: Id
    name: str | None = None
    members: tuple[Id, ...]
    oncall_budget: float | None = Field(
        default=None, gt=0, le=1, description="Share of working hours on call before a warning"
    )


class Rotation(Frozen):
    """A recurring on-call duty with handoffs at wall-clock times in a named zone."""

    id: Id
    name: str | None = None
    team: Id | None = None
    members: tuple[Id, ...] = ()
    members_mode: Literal["add", "replace"] = Field(
        default="add", description="add: team members plus these; replace: only these"
    )
    every: Literal["week", "day"]
    handoff: str | tuple[str, ...] = Field(
        description='week: "mon 09:00"; day: "09:00" or a list ["07:00", "19:00"]'
    )
    timezone: ZoneName
    roles: dict[Id, int] = Field(default_factory=lambda: {"primary": 1})
    requires_skills: tuple[str, ...] = ()
    no_back_to_back: bool | None = Field(default=None, description="Overrides rules.no_back_to_back")
    public_holidays: HolidayMode | None = Field(
        default=None, description="Holiday mode of this rotation's seats, over rules.public_holidays")
    dst: Literal["reject", "resolve"] = Field(
        default="reject",
        description="reject: a handoff at a skipped or repeated local time is an error; "
        "resolve: a skipped time moves forward by the gap, a repeated one takes the first",
    )

    _zone = field_validator("timezone", mode="before")(_check_zone)

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: dict[str, int]) -> dict[str, int]:
        for role, count in value.items():
            if not isinstance(count, int) or count < 0 or count > 50:
                raise ValueError(f"role {role!r}: count must be a whole number from 0 to 50")
        if sum(value.values()) == 0:
            raise ValueError("at least one role needs one engineer or more")
        if "shadow" in value and len([r for r in value if r != "shadow"]) == 0:
            raise ValueError("a shadow role needs another role (e.g. primary) to shadow")
        return value

    @field_validator("handoff", mode="before")
    @classmethod
    def _handoff_shape(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 9:30 as the integer 570: say so instead of "not a string".
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):
                parse_clock(item)  # raises the explanatory error
        if not isinstance(value, str | list | tuple):
            raise ValueError(
                f'{value!r} is not a handoff; write "mon 09:00" (week) or "09:00" or a list of times (day)'
            )
        return value

    @field_validator("handoff")
    @classmethod
    def _handoff(cls, value: str | tuple[str, ...], info: ValidationInfo) -> str | tuple[str, ...]:
        # A field validator (not a model validator) so that errors point at ``handoff``.
        # ``every`` is declared before ``handoff``; when it is invalid or missing, the shape of
        # the value decides which notation to check.
        every = info.data.get("every")
        if every is None:
            every = "week" if isinstance(value, str) and len(value.split()) > 1 else "day"
        if every == "week":
            if not isinstance(value, str):
                raise ValueError('a weekly rotation has one handoff, e.g. "mon 09:00"')
            parse_weekly(value)
        else:
            times = [value] if isinstance(value, str) else list(value)
            if not times:
                raise ValueError("a daily rotation needs at least one handoff time")
            parsed = [parse_clock(t) for t in times]
            if sorted(set(parsed)) != parsed:
                raise ValueError("daily handoff times must be distinct and in increasing order")
        return value

    @model_validator(mode="after")
    def _pool_given(self) -> Rotation:
        if self.team is None and not self.members:
            raise ValueError("a rotation needs a team or a members list")
        return self

    @property
    def handoff_times(self) -> tuple[time, ...]:
        """Daily handoff wall times (for weekly rotations, the one time)."""
        if self.every == "week":
            assert isinstance(self.handoff, str)
            return (parse_weekly(self.handoff)[1],)
        times = [self.handoff] if isinstance(self.handoff, str) else list(self.handoff)
        return tuple(parse_clock(t) for t in times)

    @property
    def handoff_weekday(self) -> int | None:
        """Weekday of a weekly handoff (Monday = 0), None for daily rotations."""
        if self.every == "week":
            assert isinstance(self.handoff, str)
            return parse_weekly(self.handoff)[0]
        return None

    @property
    def seats(self) -> int:
        """Engineers per shift, all roles together (optional shadow seats included)."""
        return sum(self.roles.values())

    def optional_roles(self, rules: RuleSettings) -> frozenset[str]:
        """Roles that may be left empty: ``shadow`` when ``rules.shadowing.seats`` is optional."""
        if rules.shadowing.seats == "optional" and self.roles.get("shadow", 0) > 0:
            return frozenset({"shadow"})
        return frozenset()

    def required_seats(self, rules: RuleSettings) -> int:
        """Seats every shift must fill: all of them but optional ones (see :meth:`optional_roles`)."""
        optional = self.optional_roles(rules)
        return sum(n for role, n in self.roles.items() if role not in optional)


_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)


def quarter_bounds(text: str) -> tuple[date, date]:
    """``"2027Q1"`` to (first day, first day of the next quarter).

    >>> quarter_bounds("2027Q4")
    (datetime.date(2027, 10, 1), datetime.date(2028, 1, 1))
    """
    m = _QUARTER.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a quarter; write it like 2027Q1")
    year, q = int(m.group(1)), int(m.group(2))
    start = date(year, 3 * (q - 1) + 1, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end


MIN_YEAR = 1970
MAX_YEAR = 2200


class Horizon(Frozen):
    """The planning period: local dates ``[start, end)`` in each rotation's zone."""

    start: date
    end: date

    @model_validator(mode="before")
    @classmethod
    def _quarter(cls, data: Any) -> Any:
        if isinstance(data, dict) and "quarter" in data:
            rest = {k: v for k, v in data.items() if k != "quarter"}
            if rest:
                raise ValueError("give either quarter or start/end, not both")
            start, end = quarter_bounds(str(data["quarter"]))
            return {"start": start, "end": end}
        return data

    @field_validator("start", "end")
    @classmethod
    def _supported_year(cls, value: date) -> date:
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(f"{value} is outside the supported years {MIN_YEAR}-{MAX_YEAR}")
        return value

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: date, info: ValidationInfo) -> date:
        # A field validator so that the error points at ``end``.
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError(f"end {end} must be after start {start} (end is exclusive)")
        return end

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end - self.start > timedelta(days=366 * 2):
            raise ValueError("a horizon of more than two years is not supported; split it")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days


class Roster(Frozen):
    """A whole organisation's on-call set-up for one horizon."""

    name: str = "fairshift roster"
    horizon: Horizon
    engineers: tuple[Engineer, ...]
    teams: tuple[Team, ...] = ()
    rotations: tuple[Rotation, ...]
    rules: RuleSettings = RuleSettings()

    @model_validator(mode="after")
    def _references(self) -> Roster:
        problems = reference_problems(self)
        if problems:
            raise RosterError(problems)
        return self

    @cached_property
    def engineers_by_id(self) -> dict[str, Engineer]:
        return {e.id: e for e in self.engineers}

    @cached_property
    def engineer_aliases(self) -> dict[str, tuple[str | None, ...]]:
        """Engineer ids with their names: what a "did you mean" suggestion compares with."""
        return {e.id: (e.name,) for e in self.engineers}

    @cached_property
    def teams_by_id(self) -> dict[str, Team]:
        return {t.id: t for t in self.teams}

    @cached_property
    def rotations_by_id(self) -> dict[str, Rotation]:
        return {r.id: r for r in self.rotations}

    def engineer(self, engineer_id: str) -> Engineer:
        return self.engineers_by_id[engineer_id]

    def pool(self, rotation: Rotation | str) -> tuple[str, ...]:
        """Engineer ids who may serve on ``rotation`` by membership (skills not applied)."""
        rot = self.rotations_by_id[rotation] if isinstance(rotation, str) else rotation
        ids: list[str] = []
        if rot.team is not None and rot.members_mode == "add":
            team = self.teams_by_id.get(rot.team)
            ids.extend(team.members if team else ())
        ids.extend(rot.members)
        return tuple(dict.fromkeys(ids))

    def with_horizon(self, start: date, end: date) -> Roster:
        """A copy of this roster for another horizon (re-validated)."""
        data = self.model_dump()
        data["horizon"] = {"start": start, "end": end}
        return Roster.model_validate(data)
