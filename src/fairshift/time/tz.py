"""Time zones: one tz database for everything.

fairshift reads every zone from the IANA database shipped in the ``tzdata`` package
(via :mod:`zoneinfo`), so the same roster gives the same instants on every machine,
whatever the operating system ships. Zones may be given as IANA names, as
``zoneinfo.ZoneInfo`` objects or as ``pytz`` zones; all are resolved **by name** against that
one database, so a pytz zone never leaks its local-mean-time offset (``+01:16`` for Budapest).

>>> zone("Europe/Budapest").key
'Europe/Budapest'
>>> import pytz
>>> zone(pytz.timezone("America/Los_Angeles")).key
'America/Los_Angeles'
"""

from __future__ import annotations

import importlib.resources
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from fairshift.errors import TimeError
from fairshift.text import closest

ZoneLike = str | tzinfo

__all__ = [
    "ZoneLike",
    "available_zones",
    "ensure_aware",
    "localize",
    "suggest_zone",
    "wall_clock",
    "zone",
    "zone_name",
]


@cache
def available_zones() -> frozenset[str]:
    """Every IANA zone name in the bundled database."""
    from zoneinfo import available_timezones

    names = {n for n in available_timezones() if _zone_file_exists(n)}
    return frozenset(names)


def _zone_file_exists(name: str) -> bool:
    try:
        root = importlib.resources.files("tzdata.zoneinfo")
        return root.joinpath(*name.split("/")).is_file()
    except (ModuleNotFoundError, ValueError):  # pragma: no cover - tzdata is a dependency
        return False


@cache
def _load(name: str) -> ZoneInfo:
    if name in ("UTC", "Etc/UTC", "Z"):
        name = "UTC"
    if name not in available_zones():
        hint = suggest_zone(name)
        extra = f" (did you mean {hint!r}?)" if hint else ""
        raise TimeError(f"{name!r} is not a known time zone{extra}")
    # ZoneInfo(key) uses the bundled tzdata package only when the system has no database;
    # loading the file ourselves makes the choice explicit and identical everywhere.
    root = importlib.resources.files("tzdata.zoneinfo")
    with root.joinpath(*name.split("/")).open("rb") as fh:
        return ZoneInfo.from_file(fh, key=name)


def zone_name(value: ZoneLike) -> str:
    """The IANA name of a zone given as a name, a ``ZoneInfo`` or a ``pytz`` zone."""
    if isinstance(value, str):
        return value
    key = getattr(value, "key", None) or getattr(value, "zone", None)
    if isinstance(key, str):
        return key
    if value is UTC or (value.utcoffset(None) == timedelta(0) and str(value) in ("UTC", "UTC+00:00")):
        return "UTC"
    raise TimeError(
        f"cannot tell the IANA name of time zone {value!r}; pass a name such as 'Europe/Budapest'"
    )


def zone(value: ZoneLike) -> ZoneInfo:
    """Resolve a zone name, ``ZoneInfo`` or pytz zone to a ``ZoneInfo`` from the bundled database."""
    return _load(zone_name(value))


def suggest_zone(name: str) -> str | None:
    """The closest known zone name to a misspelt one, if any is close."""
    return closest(name, sorted(available_zones()), cutoff=0.75)


Policy = Literal["raise", "earlier", "later"]


def localize(day: date, wall: time, tz: ZoneLike, *, nonexistent: Policy = "raise",
             ambiguous: Policy = "raise") -> datetime:
    """The instant at which clocks in ``tz`` show ``wall`` on ``day``, as an aware UTC datetime.

    A wall time skipped by a DST change (nonexistent) or shown twice (ambiguous) raises
    :class:`~fairshift.errors.TimeError` naming the date, unless a policy says otherwise:
    ``earlier``/``later`` pick the earlier or later of the two readings.

    >>> localize(date(2027, 3, 28), time(9, 0), "Europe/Budapest").isoformat()
    '2027-03-28T07:00:00+00:00'
    >>> localize(date(2027, 3, 28), time(2, 30), "Europe/Budapest")
    Traceback (most recent call last):
    ...
    fairshift.errors.TimeError: 02:30 does not exist on 2027-03-28 in Europe/Budapest (clocks jump forward)
    """
    zi = zone(tz)
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zi, fold=0)
    second = naive.replace(tzinfo=zi, fold=1)
    u0 = first.astimezone(UTC)
    u1 = second.astimezone(UTC)
    if u0 == u1:
        return u0
    # fold=0 and fold=1 differ: either the wall time is skipped or repeated.
    exists = u0.astimezone(zi).replace(tzinfo=None) == naive
    hhmm = wall.strftime("%H:%M")
    if not exists:
        if nonexistent == "raise":
            raise TimeError(
                f"{hhmm} does not exist on {day.isoformat()} in {zi.key} (clocks jump forward)"
            )
        # For a skipped time, fold=0 uses the offset before the gap (later instant),
        # fold=1 the offset after it (earlier instant).
        return min(u0, u1) if nonexistent == "earlier" else max(u0, u1)
    if ambiguous == "raise":
        raise TimeError(
            f"{hhmm} happens twice on {day.isoformat()} in {zi.key} (clocks go back)"
        )
    return min(u0, u1) if ambiguous == "earlier" else max(u0, u1)


@lru_cache(maxsize=1 << 16)
def wall_clock(day: date, wall: time, tz: ZoneLike) -> datetime:
    """The instant clocks in ``tz`` show ``wall`` on ``day``, never failing: a skipped time moves
    forward by the gap, a repeated one is its first occurrence. For day boundaries and working
    hours; handoffs use :func:`localize`'s explicit policy instead.

    >>> wall_clock(date(2027, 3, 28), time(2, 30), "Europe/Budapest").isoformat()
    '2027-03-28T01:30:00+00:00'
    """
    return localize(day, wall, tz, nonexistent="later", ambiguous="earlier")


def ensure_aware(value: datetime, what: str = "datetime") -> datetime:
    """Return ``value`` in UTC; a naive datetime raises :class:`TimeError`.

    A pytz-localized datetime is fine; a datetime built with ``tzinfo=pytz.timezone(...)``
    carries a local-mean-time offset and is rejected, because it is almost always a mistake.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimeError(f"{what} {value.isoformat()} has no time zone; pass an aware datetime")
    tzname = value.tzname() or ""
    if tzname == "LMT":
        raise TimeError(
            f"{what} {value.isoformat()} uses a local-mean-time offset; with pytz use "
            "zone.localize(datetime(...)) instead of datetime(..., tzinfo=zone)"
        )
    return value.astimezone(UTC)
