"""Shift expansion: rotation rules (wall-clock handoffs in a named zone) to concrete shifts.

Semantics (fixed): a shift of a rotation starts at every handoff instant that falls in
``[horizon.start 00:00, horizon.end 00:00)`` read in the rotation's zone, and ends at the next
handoff instant, even past the horizon end. Handoffs are wall-clock times, so a weekly shift
across a DST change lasts 167 h or 169 h and the handoff stays at the same local time.
Instants are stored in UTC; nothing here adds a ``timedelta`` to a local time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from fairshift.errors import TimeError
from fairshift.time.tz import localize, wall_clock, zone

if TYPE_CHECKING:
    from fairshift.domain.roster import Horizon, Rotation

__all__ = ["Shift", "expand", "handoff_instant", "handoff_problems"]


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


def _handoff_days(rotation: Rotation, first: date, last: date) -> Iterator[tuple[date, time]]:
    """Local (date, time) handoffs with date in ``[first, last)``, in order."""
    wd = rotation.handoff_weekday
    times = rotation.handoff_times
    day = first
    if wd is not None:
        day = first + timedelta(days=(wd - first.weekday()) % 7)
        while day < last:
            yield day, times[0]
            day += timedelta(days=7)
        return
    while day < last:
        for t in times:
            yield day, t
        day += timedelta(days=1)


def _window(rotation: Rotation, horizon: Horizon) -> tuple[date, date]:
    """Local dates ``[first, last)`` of the handoffs that start or end a shift of ``horizon``:
    from its first day to the day the last shift ends (the next handoff after the horizon's
    last local midnight: within a day for a daily rotation, within a week for a weekly one).
    Expansion and the DST check read the same handoffs."""
    return horizon.start, horizon.end + timedelta(days=7 if rotation.every == "week" else 1)


def handoff_problems(rotation: Rotation, horizon: Horizon) -> list[str]:
    """Every handoff that starts or ends a shift of ``horizon`` and whose wall time is skipped
    or repeated (with ``dst: reject``)."""
    problems: list[str] = []
    if rotation.dst != "reject":
        return problems
    for day, wall in _handoff_days(rotation, *_window(rotation, horizon)):
        try:
            localize(day, wall, rotation.timezone)
        except TimeError as exc:
            problems.append(
                f"handoff {exc}; move the handoff or set dst: resolve on this rotation"
            )
    return problems


def _midnight(day: date, tz: str) -> datetime:
    return wall_clock(day, time(0, 0), tz)


def expand(rotation: Rotation, horizon: Horizon) -> tuple[Shift, ...]:
    """All shifts of ``rotation`` within ``horizon``, in time order.

    >>> from fairshift.domain.roster import Rotation, Horizon
    >>> rot = Rotation(id="r", members=("a",), every="week", handoff="mon 09:00",
    ...                timezone="Europe/Budapest")
    >>> shifts = expand(rot, Horizon(start=date(2027, 3, 22), end=date(2027, 4, 5)))
    >>> [(s.local_start.isoformat(), s.hours) for s in shifts]
    [('2027-03-22T09:00:00+01:00', 167.0), ('2027-03-29T09:00:00+02:00', 168.0)]
    """
    return _expand(_Key(rotation), horizon)


class _Key:
    """Hashable wrapper of the timing fields of a rotation, for caching."""

    __slots__ = ("key", "rotation")

    def __init__(self, rotation: Rotation) -> None:
        self.rotation = rotation
        self.key = (rotation.id, rotation.every, rotation.handoff, rotation.timezone, rotation.dst)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and other.key == self.key


@lru_cache(maxsize=4096)
def _expand(rkey: _Key, horizon: Horizon) -> tuple[Shift, ...]:
    rotation = rkey.rotation
    lo = _midnight(horizon.start, rotation.timezone)
    hi = _midnight(horizon.end, rotation.timezone)
    starts: list[datetime] = []
    # Only the handoffs of _window() are read (the ones handoff_problems() checks): one outside
    # it at a skipped time would fail, with dst: reject, the expansion of an accepted roster.
    for day, wall in _handoff_days(rotation, *_window(rotation, horizon)):
        starts.append(handoff_instant(rotation, day, wall))
    starts = sorted(set(starts))
    shifts: list[Shift] = []
    for i, begin in enumerate(starts[:-1]):
        if lo <= begin < hi:
            shifts.append(Shift(rotation.id, len(shifts), begin, starts[i + 1], rotation.timezone))
    return tuple(shifts)

