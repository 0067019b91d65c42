"""Durations as text: ``15m``, ``4h``, ``1h30m``, ``7d``, ``2w``, ``5bd`` (business days).

Durations are exact :class:`~datetime.timedelta` values (whole microseconds, no floats).
``d`` is 24 hours and ``w`` 7 days of the target's clock; ``bd`` (business day) is one
working day of the target's calendar, e.g. 8 hours on a 09:00-17:00 calendar.

>>> parse_duration("1h30m")
datetime.timedelta(seconds=5400)
>>> parse_duration("5bd", business_day=timedelta(hours=8))
datetime.timedelta(days=1, seconds=57600)
>>> format_duration(timedelta(days=3, hours=4, minutes=5))
'3d 4h'
>>> format_duration(timedelta(hours=26, minutes=30))
'26h 30m'

Durations are at most :data:`MAX_DURATION` (3660 days, about ten years).
"""

from __future__ import annotations

import re
from datetime import timedelta

from fairshift.incidents.errors import IncidentError

__all__ = ["MAX_DURATION", "format_duration", "parse_duration"]

#: the longest duration :func:`parse_duration` reads
MAX_DURATION = timedelta(days=3660)

_PART = re.compile(r"(\d+)\s*(bd|w|d|h|m|s)")
_UNITS = {
    "w": timedelta(weeks=1),
    "d": timedelta(days=1),
    "h": timedelta(hours=1),
    "m": timedelta(minutes=1),
    "s": timedelta(seconds=1),
}


def parse_duration(text: str, *, business_day: timedelta | None = None) -> timedelta:
    """Parse ``"1h30m"``-style text; ``bd`` needs ``business_day`` (the calendar's day length).

    >>> parse_duration("90d").days
    90
    >>> parse_duration("2 hours")
    Traceback (most recent call last):
    ...
    fairshift.incidents.errors.IncidentError: cannot read duration '2 hours'; write it as \
numbers with units w, d, h, m, s or bd (business days), e.g. 15m, 4h, 1h30m, 7d, 5bd
    """
    compact = text.strip().lower().replace(" ", "")
    parts = _PART.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise IncidentError(
            f"cannot read duration {text!r}; write it as numbers with units w, d, h, m, s "
            "or bd (business days), e.g. 15m, 4h, 1h30m, 7d, 5bd"
        )
    total = 0  # microseconds: no timedelta overflows on the way
    for number, unit in parts:
        if unit == "bd":
            if business_day is None:
                raise IncidentError(
                    f"duration {text!r} uses business days (bd) where no calendar gives their "
                    "length; write it in hours instead, e.g. 40h"
                )
            total += int(number) * (business_day // timedelta(microseconds=1))
        else:
            total += int(number) * (_UNITS[unit] // timedelta(microseconds=1))
    if total > MAX_DURATION // timedelta(microseconds=1):
        raise IncidentError(f"duration {text!r} is longer than {MAX_DURATION.days} days; an SLA "
                            "target is at most about ten years")
    return timedelta(microseconds=total)


def format_duration(value: timedelta) -> str:
    """Short human text: hours and minutes below 48 hours, else days (24 h) and hours.

    >>> [format_duration(timedelta(seconds=s)) for s in (0, 42, 900, 3600, 95400, 266400)]
    ['0m', '42s', '15m', '1h', '26h 30m', '3d 2h']
    >>> format_duration(-timedelta(minutes=5))
    '-5m'
    """
    if value < timedelta(0):
        return "-" + format_duration(-value)
    if timedelta(0) < value < timedelta(minutes=1):
        return f"{value.seconds}s"
    minutes = value // timedelta(minutes=1)
    hours, mins = divmod(minutes, 60)
    days, rest = divmod(hours, 24)
    units = ((hours, "h"), (mins, "m")) if hours < 48 else ((days, "d"), (rest, "h"))
    return " ".join(f"{n}{u}" for n, u in units if n) or "0m"
