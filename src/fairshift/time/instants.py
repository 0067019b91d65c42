"""ISO 8601 times as people type them: one parser for every option, CSV cell and file field.

>>> parse_instant("2027-02-01T09:00Z", "--now").isoformat()
'2027-02-01T09:00:00+00:00'
>>> parse_time("2027-02-15T09:00", "--shift").isoformat()
'2027-02-15T09:00:00'
>>> parse_instant("2027-02-01T09:00", "--now")  # doctest: +ELLIPSIS
Traceback (most recent call last):
fairshift.errors.TimeError: --now '2027-02-01T09:00' has no UTC offset; add one, e.g. ...
>>> parse_instant("9999-12-31T23:00Z", "--now")
Traceback (most recent call last):
fairshift.errors.TimeError: --now '9999-12-31T23:00Z' is outside the supported years 1970-2200
"""

from __future__ import annotations

from datetime import datetime

from fairshift.errors import TimeError

__all__ = ["MAX_YEAR", "MIN_YEAR", "parse_instant", "parse_time"]

#: the years fairshift handles (time zone rules and public holidays are known there)
MIN_YEAR, MAX_YEAR = 1970, 2200


def parse_time(text: str, what: str, *, noun: str = "time") -> datetime:
    """An ISO 8601 date-time, naive or with an offset (``Z`` is UTC); ``what`` names the value
    in the error (an option, a column, a field)."""
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise TimeError(f"{what} {text!r} is not an ISO 8601 {noun}; write e.g. 2027-02-01T09:00Z") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise TimeError(f"{what} {text!r} is outside the supported years {MIN_YEAR}-{MAX_YEAR}")
    return value


def parse_instant(text: str, what: str) -> datetime:
    """An ISO 8601 instant: a date-time with a UTC offset (see :func:`parse_time`)."""
    value = parse_time(text, what, noun="instant")
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimeError(f"{what} {text!r} has no UTC offset; add one, e.g. 2027-02-01T09:00Z or "
                        "2027-02-01T10:00+01:00")
    return value
