"""Shift expansion: rotation rules (wall-clock handoffs in a named zone) to concrete shifts.

Semantics (fixed): a shift of a rotation starts at every handoff instant that falls in
``[horizon.start 00:00, horizon.end 00:00)`` read in the rotation's zone, and ends at the next
handoff instant, even past the horizon end, or, for a rotation with ``until``, at the first
``until`` instant after its start when that comes earlier (shifts with gaps between them, such
as business hours). Handoffs are wall-clock times, so a weekly shift across a DST change lasts
167 h or 169 h and the handoff stays at the same local time. Instants are stored in UTC; nothing
here adds a ``timedelta`` to a local time (only whole days to local dates).

Which local dates have handoffs (:meth:`~fairshift.domain.roster.Rotation.times_on`): every day
(``every: day``, or the weekdays of ``days``); the weekdays of the handoffs (``every: week``, one
or several handoffs a week, e.g. a weekday and a weekend shift); every N weeks counted from
``anchor`` (``every: Nw``), for any horizon, so two horizons agree on the phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from fairshift.errors import TimeError
from fairshift.time.tz import localize, wall_clock, zone

if TYPE_CHECKING:
    from fairshift.domain.roster import Horizon, Rotation

__all__ = ["Shift", "expand", "handoff_instant", "handoff_problems", "time_problems"]


@lru_cache(maxsize=1 << 18)
def _key(rotation: str, start: datetime, tz: str) -> str:
    return f"{rotation}@{start.astimezone(zone(tz)).strftime('%Y-%m-%dT%H:%M')}"


@dataclass(frozen=True, slots=True)
class Shift:
    """One concrete shift of a rotation: ``[start, end)`` in UTC, read in ``timezone``."""

    rotation: str
    index: int
    start: datetime
    end: datetime
    timezone: str

    @property
    def key(self) -> str:
        """Stable identifier: rotation and local start, e.g. ``payments-weekly@2027-01-04T09:00``."""
        return _key(self.rotation, self.start, self.timezone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(zone(self.timezone))

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(zone(self.timezone))

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def overlaps(self, other: Shift) -> bool:
        return self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        s = self.local_start
        return f"{self.rotation} {s.strftime('%a %Y-%m-%d %H:%M')} {self.timezone}"


def handoff_instant(rotation: Rotation, day: date, wall: time) -> datetime:
    """The UTC instant of a handoff at ``wall`` on local ``day``, under the rotation's DST policy."""
    if rotation.dst == "resolve":
        return wall_clock(day, wall, rotation.timezone)
    return localize(day, wall, rotation.timezone)


#: (field, message) of one skipped or repeated wall time that ``dst: reject`` refuses
Problem = tuple[str, str]


class _Reader:
    """Reads a rotation's wall times as instants under its DST policy. With ``dst: reject`` a
    skipped or repeated time is recorded (field and message) and read as ``dst: resolve`` would,
    so that one pass finds every problem; :func:`expand` raises the first one."""

    __slots__ = ("causes", "problems", "rotation")

    def __init__(self, rotation: Rotation) -> None:
        self.rotation = rotation
        self.problems: list[Problem] = []
        self.causes: list[str] = []

    def instant(self, day: date, wall: time, field: str) -> datetime:
        if self.rotation.dst == "reject":
            try:
                return localize(day, wall, self.rotation.timezone)
            except TimeError as exc:
                what = "handoff" if field == "handoff" else "until"
                fix = "move the handoff" if field == "handoff" else "move the until time"
                message = f"{what} {exc}; {fix} or set dst: resolve on this rotation"
                if (field, message) not in self.problems:
                    self.problems.append((field, message))
                    self.causes.append(str(exc))
        return wall_clock(day, wall, self.rotation.timezone)


#: the longest a scan looks for the next handoff or until time: a 52-week period, and a week more
_LOOKAHEAD = 7 * 53


def _starts(reader: _Reader, horizon: Horizon) -> list[datetime]:
    """Handoff instants from local ``horizon.start`` up to and including the first one at or after
    the local midnight that ends the horizon (the end of the last shift), sorted, without repeats.

    Handoffs on local dates before horizon.start are before its local midnight and never start a
    shift, so they are not read; nor are handoffs after the one that ends the last shift: with
    ``dst: reject``, one of them at a skipped time would fail an expansion that never needs it.
    """
    rotation = reader.rotation
    hi = _midnight(horizon.end, rotation.timezone)
    found: set[datetime] = set()
    day, last = horizon.start, horizon.end + timedelta(days=_LOOKAHEAD)
    while day < last:
        times = rotation.times_on(day)
        for wall in times:
            found.add(reader.instant(day, wall, "handoff"))
        if times and day >= horizon.end and max(found) >= hi:
            break
        day += timedelta(days=1)
    return sorted(found)


def _until(reader: _Reader, begin: datetime) -> datetime | None:
    """The first ``until`` instant strictly after ``begin`` (None for a rotation without until)."""
    rotation = reader.rotation
    point = rotation.until_point
    if point is None:
        return None
    weekday, wall = point
    day = begin.astimezone(zone(rotation.timezone)).date()
    for _ in range(9):
        # an until time at or before the start is not needed, so not read (dst: reject would
        # refuse it): the probe reads it as dst: resolve does, and never fails
        if (weekday is None or day.weekday() == weekday) and wall_clock(day, wall, rotation.timezone) > begin:
            return reader.instant(day, wall, "until")
        day += timedelta(days=1)
    raise AssertionError(f"no until time within 9 days after {begin}")  # pragma: no cover


def _read(rotation: Rotation, horizon: Horizon) -> tuple[tuple[Shift, ...], _Reader]:
    reader = _Reader(rotation)
    lo = _midnight(horizon.start, rotation.timezone)
    hi = _midnight(horizon.end, rotation.timezone)
    starts = _starts(reader, horizon)
    shifts: list[Shift] = []
    for i, begin in enumerate(starts[:-1]):
        if lo <= begin < hi:
            end = starts[i + 1]
            stop = _until(reader, begin)
            if stop is not None and stop < end:
                end = stop
            shifts.append(Shift(rotation.id, len(shifts), begin, end, rotation.timezone))
    return tuple(shifts), reader


def time_problems(rotation: Rotation, horizon: Horizon) -> list[Problem]:
    """Every wall time that the expansion reads and that is skipped or repeated (``dst: reject``),
    as (field, message) with field ``handoff`` or ``until``; empty with ``dst: resolve``."""
    return list(_expand(_Key(rotation), horizon)[1].problems)


def _window(rotation: Rotation, horizon: Horizon) -> tuple[date, date]:
    """Local dates ``[first, last)`` of the handoffs that start or end a shift of ``horizon``:
    from its first day to the day the last shift ends (the next handoff after the horizon's
    last local midnight: within a day for a daily rotation, within a week for a weekly one).
    Expansion and the DST check read the same handoffs."""
    return horizon.start, horizon.end + timedelta(days=7 if rotation.every == "week" else 1)


def handoff_problems(rotation: Rotation, horizon: Horizon) -> list[str]:
    """The messages of :func:`time_problems`: each names the date and the zone."""
    return [message for _, message in time_problems(rotation, horizon)]


def _midnight(day: date, tz: str) -> datetime:
    return wall_clock(day, time(0, 0), tz)


def expand(rotation: Rotation, horizon: Horizon) -> tuple[Shift, ...]:
    """All shifts of ``rotation`` within ``horizon``, in time order.

    With ``dst: reject``, a skipped or repeated handoff (or ``until``) time that the expansion
    needs raises :class:`~fairshift.errors.TimeError` naming its date; the roster check reports
    the same times (:func:`handoff_problems`), so a roster that loads always expands.

    >>> from fairshift.domain.roster import Rotation, Horizon
    >>> rot = Rotation(id="r", members=("a",), every="week", handoff="mon 09:00",
    ...                timezone="Europe/Budapest")
    >>> shifts = expand(rot, Horizon(start=date(2027, 3, 22), end=date(2027, 4, 5)))
    >>> [(s.local_start.isoformat(), s.hours) for s in shifts]
    [('2027-03-22T09:00:00+01:00', 167.0), ('2027-03-29T09:00:00+02:00', 168.0)]
    """
    shifts, reader = _expand(_Key(rotation), horizon)
    if reader.causes:
        raise TimeError(reader.causes[0])
    return shifts


class _Key:
    """Hashable wrapper of the timing fields of a rotation, for caching."""

    __slots__ = ("key", "rotation")

    def __init__(self, rotation: Rotation) -> None:
        self.rotation = rotation
        self.key = (rotation.id, rotation.every, rotation.handoff, rotation.anchor, rotation.until,
                    rotation.days, rotation.timezone, rotation.dst)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and other.key == self.key


@lru_cache(maxsize=4096)
def _expand(rkey: _Key, horizon: Horizon) -> tuple[tuple[Shift, ...], _Reader]:
    return _read(rkey.rotation, horizon)
