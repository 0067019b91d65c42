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

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from fairshift.domain.checks import reference_problems
from fairshift.domain.identities import Email, PagerIds, PagerSchedules, check_email
from fairshift.errors import Problem, RosterError
from fairshift.frozen import Frozen, Label
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
#: ``every``: day, week, or 2w .. 52w
EVERY_PATTERN = r"^(day|week|([2-9]|[1-4][0-9]|5[0-2])w)$"
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weeks(every: str) -> int | None:
    """Weeks in the period of ``every`` (``week``: 1, ``3w``: 3), None for ``day``."""
    if every == "day":
        return None
    return 1 if every == "week" else int(every[:-1])


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

    reason: Label = "unavailable"


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
    name: Label | None = None
    timezone: ZoneName
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code")
    subdivision: str | None = None
    site: Id | None = Field(default=None, description="Office or site, e.g. budapest-hq (pay rates per site)")
    working_hours: str = Field(default="09:00-17:00", description='Local, e.g. "09:00-17:00"')
    working_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    skills: tuple[Label, ...] = ()
    unavailable: tuple[Unavailability, ...] = ()
    preferences: Preferences = Preferences()
    new: bool = Field(default=False, description="New engineers shadow before taking other roles")
    max_shifts: int | None = Field(default=None, ge=0)
    history: History = History()
    email: Email | None = Field(default=None, description="Contact e-mail; matches pager tools' users")
    pager: PagerIds = Field(default_factory=PagerIds, description="User ids in the pager tools")
    limits: Limits = Field(default=Limits(), description="Own working-time limits, over rules'")
    public_holidays: HolidayMode | None = Field(
        default=None, description="Own holiday mode, over the rotation's and rules.public_holidays")

    _zone = field_validator("timezone", mode="before")(_check_zone)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else check_email(value)

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
    name: Label | None = None
    members: tuple[Id, ...]
    oncall_budget: float | None = Field(
        default=None, gt=0, le=1, description="Share of working hours on call before a warning"
    )


class Rotation(Frozen):
    """A recurring on-call duty with handoffs at wall-clock times in a named zone.

    ``every`` is ``day``, ``week`` or ``Nw`` (every N weeks, from ``anchor``); ``handoff`` lists
    the wall times at which shifts start; a shift ends at the next handoff or, with ``until``, at
    the next ``until`` time if that comes first (a rotation with gaps, e.g. business hours).
    See ``docs/roster.md`` (Patterns).
    """

    id: Id
    name: Label | None = None
    team: Id | None = None
    members: tuple[Id, ...] = ()
    members_mode: Literal["add", "replace"] = Field(
        default="add", description="add: team members plus these; replace: only these"
    )
    every: str = Field(
        pattern=EVERY_PATTERN,
        description='day, week, or a number of weeks from 2w to 52w (every N weeks from anchor)',
    )
    handoff: str | tuple[str, ...] = Field(
        description='day: "09:00" or a list ["07:00", "19:00"]; week: "mon 09:00" or a list '
        '["mon 09:00", "fri 18:00"]; Nw: one "mon 09:00"'
    )
    anchor: date | None = Field(
        default=None, validate_default=True,
        description="Nw only (required there): a local date on which a shift starts; shifts start "
        "every N weeks before and after it",
    )
    until: str | None = Field(
        default=None,
        description='Shifts end at this wall time if it comes before the next handoff (day: "17:00"; '
        'week or Nw: "fri 18:00"); default: each shift ends at the next handoff',
    )
    days: tuple[Weekday, ...] | None = Field(
        default=None, description="day only: the local weekdays with handoffs (default: every day)"
    )
    timezone: ZoneName
    roles: dict[Id, int] = Field(default_factory=lambda: {"primary": 1})
    requires_skills: tuple[Label, ...] = ()
    no_back_to_back: bool | None = Field(default=None, description="Overrides rules.no_back_to_back")
    public_holidays: HolidayMode | None = Field(
        default=None, description="Holiday mode of this rotation's seats, over rules.public_holidays")
    dst: Literal["reject", "resolve"] = Field(
        default="reject",
        description="reject: a handoff at a skipped or repeated local time is an error; "
        "resolve: a skipped time moves forward by the gap, a repeated one takes the first",
    )
    pager: PagerSchedules = Field(default_factory=PagerSchedules,
                                  description="The tool schedule(s) this rotation is pushed to, per role")

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

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, value: Any) -> Any:
        if not isinstance(value, str) or not re.fullmatch(EVERY_PATTERN, value):
            raise ValueError(f"{value!r} is not a period; write day, week, or a number of weeks "
                             "from 2w to 52w (e.g. 2w for a two-week rotation)")
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
        items = [value] if isinstance(value, str) else list(value)
        if every is None:
            every = "week" if items and isinstance(items[0], str) and len(items[0].split()) > 1 else "day"
        if not items:
            raise ValueError("a rotation needs at least one handoff")
        if every == "day":
            parsed = [parse_clock(t) for t in items]
            if sorted(set(parsed)) != parsed:
                fixed = ", ".join(f'"{t:%H:%M}"' for t in sorted(set(parsed)))
                raise ValueError(f"daily handoff times must be distinct and in increasing order; "
                                 f"write [{fixed}]")
            return value
        if every != "week" and len(items) > 1:
            raise ValueError(f'an every: {every} rotation has one handoff, e.g. "mon 09:00"; '
                             "split weeks (several handoffs) are for every: week")
        points = [parse_weekly(t) for t in items]
        if sorted(set(points)) != points:
            fixed = ", ".join(f'"{WEEKDAYS[d]} {t:%H:%M}"' for d, t in sorted(set(points)))
            raise ValueError(f"weekly handoffs must be distinct and in order through the week, "
                             f"Monday first; write [{fixed}]")
        return value

    @field_validator("anchor")
    @classmethod
    def _anchor(cls, value: date | None, info: ValidationInfo) -> date | None:
        every, handoff = info.data.get("every"), info.data.get("handoff")
        weeks = _weeks(every) if every is not None else None
        if every is None or handoff is None:
            return value  # reported on every / handoff already
        if weeks is None or weeks == 1:
            if value is not None:
                raise ValueError(f"anchor is for every: Nw rotations (N from 2 to 52), not every: {every}; "
                                 "remove it")
            return value
        wd = parse_weekly(handoff if isinstance(handoff, str) else handoff[0])[0]
        if value is None:
            raise ValueError(f"an every: {every} rotation needs an anchor: a local date on which one of "
                             f"its shifts starts (a {_DAY_NAMES[wd]}), e.g. anchor: 2027-01-04")
        if value.weekday() != wd:
            day = _DAY_NAMES[wd]
            raise ValueError(f"anchor {value} is a {_DAY_NAMES[value.weekday()]}, but the handoff is on "
                             f"{day}s; give the date of a {day} on which a shift starts")
        return value

    @field_validator("until")
    @classmethod
    def _until(cls, value: str | None, info: ValidationInfo) -> str | None:
        every, handoff = info.data.get("every"), info.data.get("handoff")
        if value is None or every is None or handoff is None:
            return value
        items = [handoff] if isinstance(handoff, str) else list(handoff)
        if every == "day":
            wall = parse_clock(value)
            if wall in [parse_clock(t) for t in items]:
                raise ValueError(f"until {value} is also a handoff time; a shift that ends at the next "
                                 "handoff needs no until")
            return value
        if not isinstance(value, str) or len(value.split()) != 2:
            raise ValueError(f'{value!r}: a weekly rotation ends its shifts at a weekday and time, '
                             'e.g. until: "fri 18:00"')
        if parse_weekly(value) in [parse_weekly(t) for t in items]:
            raise ValueError(f"until {value} is also a handoff; a shift that ends at the next handoff "
                             "needs no until")
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: tuple[str, ...] | None, info: ValidationInfo) -> tuple[str, ...] | None:
        every = info.data.get("every")
        if value is None:
            return value
        if every is not None and every != "day":
            raise ValueError(f"days is for every: day rotations; the handoffs of every: {every} name "
                             "their weekdays already")
        if not value:
            raise ValueError("days needs at least one weekday (or leave it out: every day)")
        if len(set(value)) != len(value):
            raise ValueError("each weekday may appear once in days")
        return value

    @model_validator(mode="after")
    def _pool_given(self) -> Rotation:
        if self.team is None and not self.members:
            raise ValueError("a rotation needs a team or a members list")
        return self

    @cached_property
    def weeks(self) -> int | None:
        """The period in weeks (1 for ``week``, N for ``Nw``); None for a daily rotation."""
        return _weeks(self.every)

    @cached_property
    def weekly_handoffs(self) -> tuple[tuple[int, time], ...]:
        """Weekly handoffs as (weekday with Monday = 0, wall time), in order; () for daily."""
        if self.weeks is None:
            return ()
        items = [self.handoff] if isinstance(self.handoff, str) else list(self.handoff)
        return tuple(parse_weekly(t) for t in items)

    @cached_property
    def handoff_times(self) -> tuple[time, ...]:
        """Daily handoff wall times (for weekly rotations, the times of the weekly handoffs)."""
        if self.weeks is not None:
            return tuple(t for _, t in self.weekly_handoffs)
        times = [self.handoff] if isinstance(self.handoff, str) else list(self.handoff)
        return tuple(parse_clock(t) for t in times)

    @property
    def handoff_weekday(self) -> int | None:
        """Weekday of the (first) weekly handoff (Monday = 0), None for daily rotations."""
        points = self.weekly_handoffs
        return points[0][0] if points else None

    @cached_property
    def handoff_days(self) -> frozenset[int]:
        """Weekdays (Monday = 0) on which a handoff can happen."""
        if self.weeks is not None:
            return frozenset(d for d, _ in self.weekly_handoffs)
        return frozenset(WEEKDAYS.index(d) for d in self.days) if self.days else frozenset(range(7))

    def times_on(self, day: date) -> tuple[time, ...]:
        """The handoff wall times on local ``day``, in order (empty when none falls on it)."""
        if day.weekday() not in self.handoff_days:
            return ()
        weeks = self.weeks
        if weeks is None:
            return self.handoff_times
        if weeks > 1 and self.anchor is not None and (day - self.anchor).days % (7 * weeks):
            return ()
        return self._weekly_times[day.weekday()]

    @cached_property
    def _weekly_times(self) -> dict[int, tuple[time, ...]]:
        return {d: tuple(t for wd, t in self.weekly_handoffs if wd == d) for d in range(7)}

    @cached_property
    def until_point(self) -> tuple[int | None, time] | None:
        """``until`` as (weekday or None for every day, wall time); None without ``until``."""
        if self.until is None:
            return None
        if self.weeks is None:
            return None, parse_clock(self.until)
        return parse_weekly(self.until)

    @property
    def contiguous(self) -> bool:
        """True when every shift ends where the next one starts (no ``until``)."""
        return self.until is None

    @property
    def pattern(self) -> str:
        """The pattern in words, e.g. ``every 2w at mon 09:00 from 2027-01-04``."""
        items = [self.handoff] if isinstance(self.handoff, str) else list(self.handoff)
        listed = ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
        text = f"every {self.every} at {listed}"
        if self.days:
            text += f" on {', '.join(self.days)}"
        if self.anchor is not None:
            text += f" from {self.anchor.isoformat()}"
        if self.until is not None:
            text += f" until {self.until}"
        return text

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

    name: Label = "fairshift roster"
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
        try:
            return Roster.model_validate(data)
        except ValidationError as exc:  # only the new horizon can be wrong
            raise RosterError([Problem(str(e["msg"]).removeprefix("Value error, "),
                                       ".".join(str(p) for p in e["loc"])) for e in exc.errors()]) from None
