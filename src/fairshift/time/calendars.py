"""Public holidays per person or per team, shared by the solver and the SLA clocks.

A :class:`HolidayCalendar` wraps the ``holidays`` package for one country (and optional
subdivision) plus extra closed dates. It answers "is this local date a holiday, and which?".

What ``holidays`` covers, and what it does not: it knows statutory public holidays of each
country and subdivision. Hungary's *bridge days* (a Friday or Monday off, worked back on a
designated Saturday) are set by yearly government decree; ``holidays`` includes the decreed
days off and working Saturdays for the years it has data for (see ``holidays.HU``), but a
decree published after the installed release is not known (bridge days show up as
"Day off (substituted from ...)"; the working Saturday itself is not a holiday). Add such dates with
``extra_closed`` (and model a working Saturday with an engineer's unavailability or
working days).

>>> cal = HolidayCalendar("HU")
>>> cal.is_holiday(date(2027, 3, 15))
True
>>> cal.name(date(2027, 3, 15))
'National Day'
>>> HolidayCalendar("US", "CA").is_holiday(date(2027, 11, 26))
True
>>> HolidayCalendar("US").is_holiday(date(2027, 11, 26))
False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays as _holidays

from fairshift.errors import FairshiftError
from fairshift.text import did_you_mean

__all__ = ["HolidayCalendar", "known_countries", "known_subdivisions", "subdivision_names",
           "unknown_subdivision"]


def known_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes that the ``holidays`` package knows."""
    return frozenset(_holidays.list_supported_countries())


def known_subdivisions(country: str) -> frozenset[str]:
    """Subdivision codes the ``holidays`` package knows for ``country``."""
    return frozenset(_holidays.list_supported_countries().get(country, ()))


@lru_cache(maxsize=64)
def subdivision_names(country: str) -> dict[str, tuple[str, ...]]:
    """Subdivision codes of ``country`` with their names (the ``holidays`` package's aliases).

    >>> subdivision_names("US")["CA"]
    ('California',)
    """
    codes = known_subdivisions(country)
    if not codes:
        return {}
    try:
        aliases = type(_holidays.country_holidays(country)).get_subdivision_aliases()
    except (AttributeError, NotImplementedError, KeyError):  # an older holidays release
        aliases = {}
    return {c: tuple(str(a) for a in aliases.get(c, ())) for c in sorted(codes)}


def unknown_subdivision(country: str, subdivision: str) -> str:
    """The message for a subdivision ``country`` does not have, suggesting the closest code or name.

    >>> print(unknown_subdivision("US", "California"))
    'California' is not a subdivision of US (did you mean 'CA'?); codes: AK, AL, AR, ... (57 in all)
    >>> print(unknown_subdivision("HU", "Pest"))
    'Pest' is not a subdivision of HU; the holidays package has none for HU: leave subdivision out
    """
    names = subdivision_names(country)
    codes = sorted(names)
    if not codes:
        return (f"{subdivision!r} is not a subdivision of {country}; the holidays package has none for "
                f"{country}: leave subdivision out")
    more = f", ... ({len(codes)} in all)" if len(codes) > 3 else ""
    return (f"{subdivision!r} is not a subdivision of {country}{did_you_mean(subdivision, names)}; "
            f"codes: {', '.join(codes[:3])}{more}")


@lru_cache(maxsize=512)
def _year_table(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    table = _holidays.country_holidays(country, subdiv=subdivision, years=year, language="en_US")
    return {d: str(n) for d, n in table.items()}


@dataclass(frozen=True)
class HolidayCalendar:
    """Public holidays of one country/subdivision plus extra closed dates.

    ``country=None`` means "no public holidays" (only ``extra_closed``).
    """

    country: str | None = None
    subdivision: str | None = None
    extra_closed: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.country is None:
            if self.subdivision is not None:
                raise FairshiftError("a subdivision needs a country")
            return
        if self.country not in known_countries():
            raise FairshiftError(f"{self.country!r} is not a country the holidays package knows")
        if self.subdivision is not None and self.subdivision not in known_subdivisions(self.country):
            raise FairshiftError(unknown_subdivision(self.country, self.subdivision))

    def _table(self, year: int) -> dict[date, str]:
        if self.country is None:
            return {}
        return _year_table(self.country, self.subdivision, year)

    def is_holiday(self, day: date) -> bool:
        """True when ``day`` (a local date) is a public holiday or an extra closed date."""
        return day in self.extra_closed or day in self._table(day.year)

    def name(self, day: date) -> str | None:
        """The holiday's English name (``closed`` for extra dates), or None."""
        table = self._table(day.year)
        if day in table:
            return table[day]
        return "closed" if day in self.extra_closed else None

    def between(self, start: date, end: date) -> Iterator[tuple[date, str]]:
        """Holidays in ``[start, end)``, in date order, with their names."""
        found: dict[date, str] = {}
        for year in range(start.year, end.year + 1):
            for d, n in self._table(year).items():
                if start <= d < end:
                    found[d] = n
        for d in self.extra_closed:
            if start <= d < end:
                found.setdefault(d, "closed")
        yield from sorted(found.items())

    def holiday_set(self, start: date, end: date) -> frozenset[date]:
        """The set of holiday dates in ``[start, end)``."""
        return frozenset(d for d, _ in self.between(start, end))

    def with_closed(self, days: Iterable[date]) -> HolidayCalendar:
        """A copy with more closed dates."""
        return HolidayCalendar(self.country, self.subdivision, self.extra_closed | frozenset(days))


def daterange(start: date, end: date) -> Iterator[date]:
    """Local dates in ``[start, end)``."""
    d = start
    while d < end:
        yield d
        d += timedelta(days=1)
