"""Parsing of the small time notations used in rosters: ``09:00``, ``09:00-17:00``, ``mon 09:00``."""

from __future__ import annotations

import re
from datetime import time

__all__ = ["WEEKDAYS", "parse_clock", "parse_hours", "parse_weekly"]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_clock(text: object) -> time:
    """``"HH:MM"`` (24-hour, two-digit hour) to a :class:`~datetime.time`.

    >>> parse_clock("07:30")
    datetime.time(7, 30)
    >>> parse_clock("25:00")
    Traceback (most recent call last):
    ...
    ValueError: '25:00' is not a time of day; write it as "HH:MM" with 00 <= HH <= 23, e.g. "09:30"
    """
    if isinstance(text, int) and not isinstance(text, bool):
        raise ValueError(
            f"{text} is a number, not a time: YAML 1.1 reads an unquoted 9:30 as minutes; "
            'quote the time, e.g. "09:30"'
        )
    if not isinstance(text, str):
        raise ValueError(f'{text!r} is not a time; write it as "HH:MM", e.g. "09:30"')
    m = _CLOCK.match(text.strip())
    if not m:
        if re.match(r"^\d:\d\d$", text.strip()):
            raise ValueError(f'{text!r} needs a two-digit hour; write "0{text.strip()}"')
        raise ValueError(
            f'{text!r} is not a time of day; write it as "HH:MM" with 00 <= HH <= 23, e.g. "09:30"'
        )
    return time(int(m.group(1)), int(m.group(2)))


def parse_hours(text: object) -> tuple[time, time]:
    """``"09:00-17:00"`` to a (start, end) pair; end must be after start (no overnight).

    >>> parse_hours("09:00-17:00")
    (datetime.time(9, 0), datetime.time(17, 0))
    """
    if not isinstance(text, str) or text.count("-") != 1:
        raise ValueError(f'{text!r} is not a range of hours; write it as "09:00-17:00"')
    a, b = (parse_clock(part.strip()) for part in text.split("-"))
    if b <= a:
        raise ValueError(f"{text!r} ends before it starts; working hours must not cross midnight")
    return a, b


def parse_weekly(text: object) -> tuple[int, time]:
    """``"mon 09:00"`` to (weekday index with Monday = 0, time).

    >>> parse_weekly("wed 14:30")
    (2, datetime.time(14, 30))
    """
    if not isinstance(text, str) or len(text.split()) != 2:
        raise ValueError(f'{text!r} is not a weekly handoff; write a weekday and a time, e.g. "mon 09:00"')
    day, clock = text.split()
    day = day.lower()[:3]
    if day not in WEEKDAYS:
        raise ValueError(f"{text!r}: unknown weekday {day!r}; use one of {', '.join(WEEKDAYS)}")
    return WEEKDAYS.index(day), parse_clock(clock)
