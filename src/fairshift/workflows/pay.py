"""On-call pay: each person's on-call hours by category, on their own clock, priced by rate tables.

**Categories.** Every on-call hour falls into exactly one *base* category, read in the engineer's
zone, in this order of precedence: ``holiday`` (one of the engineer's own public holidays), else
``weekend`` (a local Saturday or Sunday), else ``off_hours`` (a working day outside working
hours, or a weekday that is not a working day), else ``weekday`` (inside working hours). The
*supplement* ``night`` (hours inside ``rules.burden.night_hours``) is paid on top of the base
rate, whatever the base category: base categories never stack, the night supplement always does.
The day of an hour is the engineer's local date, so a Los Angeles shift that starts on Friday
evening is a Saturday for a Budapest engineer after midnight Budapest time.

**Rate tables.** A :class:`RateTable` gives a currency and an hourly rate for each of the five
categories (all five, so that no rate is zero by omission). :class:`PayRates` holds a ``default``
table and tables per ``countries`` (``HU``, or ``US-CA`` for a subdivision), per ``sites``
(``Engineer.site``) and per ``teams`` (the team of the shift's rotation). For each seat, the
most specific table that matches applies **as a whole**: team > site > country with subdivision
> country > default; tables are never merged field by field (they may be in other currencies).

**Amounts** are :class:`~decimal.Decimal`: exact seconds times the rate, summed per category and
rounded half-up to cents only at the end; the total is rounded from the exact sum, so the
rounded categories may differ from it by a cent. One line per engineer and currency.

Pure: a roster, a schedule and the rates in, a :class:`PayReport` out; no clock, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import Field, field_validator, model_validator

from fairshift.domain.burden import load_of
from fairshift.domain.roster import Engineer, Roster
from fairshift.domain.schedule import Schedule
from fairshift.domain.shifts import Shift
from fairshift.errors import FairshiftError, Problem
from fairshift.frozen import Frozen
from fairshift.text import unknown
from fairshift.time.calendars import known_countries
from fairshift.time.tz import wall_clock, zone

__all__ = ["BASE", "CATEGORIES", "PayLine", "PayRates", "PayReport", "RateTable", "RatesError",
           "pay_report", "rate_problems"]

#: base categories (exactly one per hour), then the supplement
BASE = ("weekday", "off_hours", "weekend", "holiday")
CATEGORIES = (*BASE, "night")
CENT = Decimal("0.01")
_CURRENCY = r"^[A-Z]{3}$"


class RatesError(FairshiftError):
    """A pay rates file that cannot be read or does not fit the roster; ``problems`` lists all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the pay rates:\n"
                         + "\n".join(f"  {p}" for p in self.problems))


def _money(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("got a boolean; write an amount per hour, e.g. 2.50")
    if isinstance(value, float):
        return str(value)  # the shortest text that reads back as this float, not its binary value
    return value


class RateTable(Frozen):
    """Hourly rates for the four base categories and the night supplement, in one currency."""

    currency: str | None = Field(default=None, pattern=_CURRENCY,
                                 description="ISO 4217 code, e.g. EUR (default: the file's currency)")
    weekday: Decimal = Field(ge=0, description="Per hour inside working hours")
    off_hours: Decimal = Field(ge=0, description="Per hour on a working day outside working hours")
    weekend: Decimal = Field(ge=0, description="Per hour on a local Saturday or Sunday")
    holiday: Decimal = Field(ge=0, description="Per hour on the engineer's own public holiday")
    night: Decimal = Field(ge=0, description="Supplement per night hour, on top of the base rate")

    _amounts = field_validator(*CATEGORIES, mode="before")(_money)

    def rate(self, category: str) -> Decimal:
        value: Decimal = getattr(self, category)
        return value


class PayRates(Frozen):
    """Rate tables: a default and per country, site and team (see the module docs for precedence)."""

    currency: str | None = Field(default=None, pattern=_CURRENCY,
                                 description="Default currency of the tables")
    default: RateTable | None = None
    countries: dict[str, RateTable] = Field(default_factory=dict)
    sites: dict[str, RateTable] = Field(default_factory=dict)
    teams: dict[str, RateTable] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _currencies(self) -> PayRates:
        missing = [where for where, table in self.tables() if table.currency is None]
        if missing and self.currency is None:
            raise ValueError(f"no currency for {', '.join(missing)}; give currency: (e.g. EUR) at the top "
                             "or in each table")
        return self

    def tables(self) -> list[tuple[str, RateTable]]:
        """(path, table) of every table, e.g. ``("countries.HU", ...)``."""
        out = [("default", self.default)] if self.default is not None else []
        for kind in ("countries", "sites", "teams"):
            out += [(f"{kind}.{key}", t) for key, t in getattr(self, kind).items()]
        return out

    def currency_of(self, table: RateTable) -> str:
        found = table.currency or self.currency
        assert found is not None  # checked by the validator
        return found

    def table_for(self, engineer: Engineer, team: str | None) -> tuple[str, RateTable] | None:
        """The table that applies to ``engineer`` on a shift of ``team``, with its description."""
        if team is not None and team in self.teams:
            return f"team {team}", self.teams[team]
        if engineer.site is not None and engineer.site in self.sites:
            return f"site {engineer.site}", self.sites[engineer.site]
        if engineer.country is not None:
            sub = f"{engineer.country}-{engineer.subdivision}" if engineer.subdivision else None
            if sub is not None and sub in self.countries:
                return f"country {sub}", self.countries[sub]
            if engineer.country in self.countries:
                return f"country {engineer.country}", self.countries[engineer.country]
        if self.default is not None:
            return "default", self.default
        return None


def rate_problems(rates: PayRates, roster: Roster) -> list[tuple[tuple[str, ...], str]]:
    """Keys of ``rates`` that name nothing in ``roster`` (a typo would silently pay the default),
    as (path, message)."""
    out: list[tuple[tuple[str, ...], str]] = []
    teams = {t.id: (t.name,) for t in roster.teams}
    for key in rates.teams:
        if key not in teams:
            out.append((("teams", key, "<key>"), unknown("team", key, teams)))
    sites = sorted({e.site for e in roster.engineers if e.site is not None})
    for key in rates.sites:
        if key not in sites:
            out.append((("sites", key, "<key>"), unknown("site", key, sites)))
    countries = known_countries()
    for key in rates.countries:
        if key.split("-", 1)[0] not in countries:
            out.append((("countries", key, "<key>"), f"{key!r} is not a country code (write HU, or US-CA "
                        "for a subdivision)"))
    return out


@dataclass
class _Tally:
    """Seconds per category and table for one engineer and currency."""

    seconds: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, category) -> s
    tables: dict[str, RateTable] = field(default_factory=dict)
    holidays: dict[date, tuple[str, int]] = field(default_factory=dict)
    seats: int = 0

    def add(self, where: str, table: RateTable, category: str, seconds: int) -> None:
        if seconds:
            self.tables[where] = table
            self.seconds[(where, category)] = self.seconds.get((where, category), 0) + seconds


@dataclass(frozen=True)
class PayLine:
    """One engineer's pay in one currency: hours and amounts by category."""

    engineer: str
    name: str
    currency: str
    rates: tuple[str, ...]  # the tables used, e.g. ("country HU",)
    seats: int
    hours: Mapping[str, Decimal]  # by category (base ones sum to ``total_hours``), exact
    amounts: Mapping[str, Decimal]  # by category, rounded to cents
    total: Decimal  # rounded to cents from the exact sum
    holidays: tuple[tuple[date, str, Decimal], ...]  # (date, name, on-call hours that day)

    @property
    def total_hours(self) -> Decimal:
        return sum((self.hours[c] for c in BASE), Decimal(0))


@dataclass(frozen=True)
class PayReport:
    """Pay lines (by engineer, then currency), the period and totals per currency."""

    name: str
    period: tuple[date, date] | None
    lines: tuple[PayLine, ...]

    def totals(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for line in self.lines:
            out[line.currency] = out.get(line.currency, Decimal(0)) + line.total
        return dict(sorted(out.items()))


def _pieces(start: datetime, end: datetime, tz: str, period: tuple[date, date] | None
            ) -> Iterable[tuple[date, datetime, datetime]]:
    """``[start, end)`` cut at local midnights in ``tz``: (local date, from, to), inside ``period``."""
    day = start.astimezone(zone(tz)).date()
    while True:
        lo = max(start, wall_clock(day, time(0), tz))
        hi = min(end, wall_clock(day + timedelta(days=1), time(0), tz))
        if lo >= end:
            return
        if hi > lo and (period is None or period[0] <= day < period[1]):
            yield day, lo, hi
        day += timedelta(days=1)


def _seconds(hours: float) -> int:
    return round(hours * 3600)


def _tally_seat(tally: _Tally, roster: Roster, eng: Engineer, where: str, table: RateTable,
                rotation: str, start: datetime, end: datetime, period: tuple[date, date] | None) -> None:
    cal = eng.calendar
    pieces = list(_pieces(start, end, eng.timezone, period))
    tally.seats += bool(pieces)
    for day, lo, hi in pieces:
        load = load_of(eng, Shift(rotation, 0, lo, hi, eng.timezone), roster.rules)
        total, off = _seconds(load.hours), _seconds(load.off_hours)
        name = cal.name(day)
        if name is not None:
            tally.add(where, table, "holiday", total)
            seen = tally.holidays.get(day, (name, 0))
            tally.holidays[day] = (name, seen[1] + total)
        elif day.weekday() >= 5:
            tally.add(where, table, "weekend", total)
        else:
            tally.add(where, table, "off_hours", off)
            tally.add(where, table, "weekday", total - off)
        tally.add(where, table, "night", _seconds(load.night))


def _line(eng: Engineer, currency: str, tally: _Tally) -> PayLine:
    hours: dict[str, Decimal] = {}
    exact: dict[str, Decimal] = {}
    for c in CATEGORIES:
        secs = [(w, s) for (w, cat), s in tally.seconds.items() if cat == c]
        hours[c] = Decimal(sum(s for _, s in secs)) / 3600
        exact[c] = sum((Decimal(s) * tally.tables[w].rate(c) for w, s in secs), Decimal(0)) / 3600
    holidays = tuple((d, n, Decimal(s) / 3600) for d, (n, s) in sorted(tally.holidays.items()))
    return PayLine(eng.id, eng.name or eng.id, currency, tuple(sorted(tally.tables)), tally.seats, hours,
                   {c: exact[c].quantize(CENT, ROUND_HALF_UP) for c in CATEGORIES},
                   sum(exact.values(), Decimal(0)).quantize(CENT, ROUND_HALF_UP), holidays)


def pay_report(roster: Roster, schedule: Schedule, rates: PayRates, *,
               period: tuple[date, date] | None = None, roles: Iterable[str] | None = None,
               engineer: str | None = None) -> PayReport:
    """Pay for every seat of ``schedule`` (or of ``roles``; of one ``engineer``), hours on each
    engineer's own clock; ``period`` (local dates ``[start, end)`` of each engineer) cuts seats
    to a pay period. Raises :class:`RatesError` for a seat that no rate table covers and for an
    engineer the roster does not know."""
    wanted = set(roles) if roles is not None else None
    tallies: dict[tuple[str, str], _Tally] = {}
    problems: list[Problem] = []
    for ss in schedule.shifts:
        rot = roster.rotations_by_id.get(ss.rotation)
        team = rot.team if rot is not None else None
        for a in ss.assignments:
            if wanted is not None and a.role not in wanted:
                continue
            if engineer is not None and a.engineer != engineer:
                continue
            eng = roster.engineers_by_id.get(a.engineer)
            if eng is None:
                problems.append(Problem(unknown("engineer", a.engineer, roster.engineer_aliases)
                                        + " (the schedule names someone the roster does not know)"))
                continue
            found = rates.table_for(eng, team)
            if found is None:
                problems.append(Problem(f"no rate table for {eng.id} (country {eng.country or '-'}, site "
                                        f"{eng.site or '-'}, team {team or '-'}); add a default: table"))
                continue
            where, table = found
            tally = tallies.setdefault((eng.id, rates.currency_of(table)), _Tally())
            _tally_seat(tally, roster, eng, where, table, ss.rotation, ss.start, ss.end, period)
    if problems:
        raise RatesError(list(dict.fromkeys(problems)))
    order = {e.id: i for i, e in enumerate(roster.engineers)}
    lines = [_line(roster.engineers_by_id[e], cur, t) for (e, cur), t in tallies.items() if t.seats]
    lines.sort(key=lambda ln: (order[ln.engineer], ln.currency))
    return PayReport(schedule.name or roster.name, period, tuple(lines))
