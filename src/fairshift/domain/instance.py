"""A roster made concrete: expanded shifts and per-(engineer, shift) facts.

Both the validator and the solver start from an :class:`Instance`; neither imports the other.
A :class:`Plan` is a solver-neutral assignment: who holds which role of which shift.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import accumulate
from typing import Any

from fairshift.domain.burden import SCALE, Load, load_of
from fairshift.domain.holders import TrackedHolders
from fairshift.domain.roster import Engineer, Roster, Rotation
from fairshift.domain.schedule import Assignment, Schedule, ScheduledShift, ScheduleHorizon
from fairshift.domain.shifts import Shift, expand
from fairshift.rules.public_holidays import HolidayMode, holiday_mode, weighs
from fairshift.rules.quiet_hours import QuietHours, quiet_seconds
from fairshift.rules.windows import limit_of
from fairshift.time.timeparse import WEEKDAYS
from fairshift.time.tz import zone

__all__ = ["Holders", "Instance", "Plan", "local_days"]

#: who holds each role of each shift: ``holders[(rotation, start)][role] = (engineer, ...)``
Holders = dict[tuple[str, datetime], dict[str, tuple[str, ...]]]


def local_days(shift: Shift, tz: str) -> tuple[date, ...]:
    """Local dates in ``tz`` that the shift touches (its end instant excluded)."""
    zi = zone(tz)
    first = shift.start.astimezone(zi).date()
    last = (shift.end - timedelta(microseconds=1)).astimezone(zi).date()
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


@dataclass(frozen=True, eq=False)
class Instance:
    """The expanded roster."""

    roster: Roster
    # caches of burden(), least_costs(), away() and shift_days(), filled on first use
    _burden: dict[tuple[int, str, datetime, datetime], int] = field(
        default_factory=dict, init=False, repr=False)
    _least: dict[tuple[str, str], list[int]] = field(default_factory=dict, init=False, repr=False)
    _away: dict[tuple[str, str], frozenset[datetime]] = field(default_factory=dict, init=False, repr=False)
    _shift_days: dict[tuple[str, str], tuple[tuple[date, ...], ...]] = field(
        default_factory=dict, init=False, repr=False)

    @classmethod
    def of(cls, roster: Roster) -> Instance:
        """The instance of ``roster``, shared while ``roster`` is one of the last few used: the
        solver builds many models of one roster (a hundred teams), and expanding shifts and
        computing burdens once is enough."""
        found = _INSTANCES.get(id(roster))
        if found is None or found.roster is not roster:
            found = _INSTANCES[id(roster)] = cls(roster)  # the entry keeps roster alive: ids stay unique
            while len(_INSTANCES) > 4:
                _INSTANCES.pop(next(iter(_INSTANCES)))
        return found

    @cached_property
    def shifts(self) -> dict[str, tuple[Shift, ...]]:
        return {r.id: expand(r, self.roster.horizon) for r in self.roster.rotations}

    @cached_property
    def by_key(self) -> dict[tuple[str, datetime], Shift]:
        return {(s.rotation, s.start): s for ss in self.shifts.values() for s in ss}

    def rotation(self, rid: str) -> Rotation:
        return self.roster.rotations_by_id[rid]

    def engineer(self, eid: str) -> Engineer:
        return self.roster.engineers_by_id[eid]

    @cached_property
    def pools(self) -> dict[str, tuple[str, ...]]:
        return {r.id: self.roster.pool(r) for r in self.roster.rotations}

    def skilled(self, eid: str, rotation: Rotation) -> bool:
        return set(rotation.requires_skills) <= set(self.engineer(eid).skills)

    def eligible(self, rotation: Rotation) -> tuple[str, ...]:
        """Pool members of ``rotation`` who are engineers of the roster and have its skills."""
        known = self.roster.engineers_by_id
        return tuple(e for e in self.pools[rotation.id] if e in known and self.skilled(e, rotation))

    def available(self, eid: str, shift: Shift) -> bool:
        """Whether ``eid`` could take ``shift`` as far as their own days go (PTO, avoided
        holidays, hard quiet hours)."""
        known = self.by_key.get((shift.rotation, shift.start))
        if known is not None and known.end == shift.end:  # one of the roster's shifts: cached
            return shift.start not in self.away(eid, shift.rotation)
        if self.unavailable(eid, shift) is not None or self.quiet(eid, shift):
            return False
        return not (self.holiday_mode(eid, shift.rotation) == "avoid" and self.holidays(eid, shift))

    def quiet(self, eid: str, shift: Shift) -> bool:
        """Whether ``shift`` overlaps ``eid``'s quiet hours and those are hard."""
        limit: QuietHours = limit_of(self.roster, eid, "quiet_hours")
        return (limit.hard and limit.hours is not None
                and quiet_seconds(shift.start, shift.end, self.engineer(eid).timezone, limit.hours) > 0)

    def holiday_mode(self, eid: str, rid: str) -> HolidayMode:
        """The public-holiday mode of ``eid``'s seats on ``rid``: the engineer's own, else the
        rotation's, else ``rules.public_holidays.mode``."""
        return holiday_mode(self.roster, eid, rid)

    def required_seats(self, rid: str) -> int:
        """Seats each shift of ``rid`` must fill (optional shadow seats left out)."""
        return self.rotation(rid).required_seats(self.roster.rules)

    def absent(self, pool: tuple[str, ...], shift: Shift) -> dict[str, str]:
        """Engineers of ``pool`` who cannot take ``shift`` on their own account, with the reason."""
        away: dict[str, str] = {}
        for e in pool:
            if not self.available(e, shift):
                why = self.unavailable(e, shift)
                if why is None and self.quiet(e, shift):
                    why = f"quiet hours {limit_of(self.roster, e, 'quiet_hours').hours}"
                if why is None:
                    days = self.holidays(e, shift)
                    why = f"public holiday {days[0].isoformat()}, avoid" if days else "unavailable"
                away[e] = why
        return away

    def days(self, eid: str, shift: Shift) -> tuple[date, ...]:
        return _days(shift, self.engineer(eid).timezone)

    def unavailable(self, eid: str, shift: Shift) -> str | None:
        """Why ``eid`` can never take ``shift`` (PTO touching it), or None."""
        eng = self.engineer(eid)
        for day in self.days(eid, shift):
            u = eng.unavailable_on(day)
            if u is not None:
                return f"{u.reason} {u.start.isoformat()}..{u.end.isoformat()}"
        return None

    def holidays(self, eid: str, shift: Shift) -> tuple[date, ...]:
        """The engineer's own public holidays that the shift touches."""
        cal = self.engineer(eid).calendar
        return tuple(d for d in self.days(eid, shift) if cal.is_holiday(d))

    def load(self, eid: str, shift: Shift) -> Load:
        return load_of(self.engineer(eid), shift, self.roster.rules)

    def burden(self, eid: str, shift: Shift) -> int:
        """Burden in hundredths of an hour (one computation per clock and shift: engineers with
        the same zone, hours, working days and holidays share it)."""
        key = (self.clock(eid), shift.rotation, shift.start, shift.end)
        found = self._burden.get(key)
        if found is None:
            holidays = weighs(self.holiday_mode(eid, shift.rotation))
            found = self._burden[key] = round(
                self.load(eid, shift).burden(self.roster.rules, holidays=holidays) * SCALE)
        return found

    @cached_property
    def _clocks(self) -> dict[str, int]:
        """Engineers numbered by their clock: what burden depends on besides the shift."""
        seen: dict[tuple[object, ...], int] = {}
        out = {}
        for eng in self.roster.engineers:
            key = (eng.timezone, eng.hours, eng.working_weekdays, eng.country, eng.subdivision,
                   eng.public_holidays)
            out[eng.id] = seen.setdefault(key, len(seen))
        return out

    def clock(self, eid: str) -> int:
        """A number shared by engineers whose burden for any shift is the same."""
        return self._clocks[eid]

    def away(self, eid: str, rid: str) -> frozenset[datetime]:
        """Starts of the shifts of rotation ``rid`` that ``eid`` can never take on their own
        account: unavailability, one of their public holidays under ``avoid``, or their hard
        quiet hours."""
        key = (eid, rid)
        found = self._away.get(key)
        if found is None:
            eng = self.engineer(eid)
            avoid = self.holiday_mode(eid, rid) == "avoid"
            cal = eng.calendar
            quiet: QuietHours = limit_of(self.roster, eid, "quiet_hours")
            window = quiet.hours if quiet.hard else None
            found = self._away[key] = frozenset(
                s.start for s, days in zip(self.shifts[rid], self.shift_days(rid, eng.timezone), strict=True)
                if any(eng.unavailable_on(d) is not None or (avoid and cal.is_holiday(d)) for d in days)
                or (window is not None and quiet_seconds(s.start, s.end, eng.timezone, window) > 0))
        return found

    def least_costs(self, eid: str, rid: str) -> list[int]:
        """``M[k]``: the burden (hundredths of an hour) of the ``k`` cheapest shifts of rotation
        ``rid`` that ``eid`` could take, for ``k`` from 0 to all of them. No schedule gives
        ``eid`` ``k`` seats of ``rid`` for less."""
        key = (eid, rid)
        found = self._least.get(key)
        if found is None:
            away = self.away(eid, rid)
            costs = sorted(self.burden(eid, s) for s in self.shifts[rid] if s.start not in away)
            found = self._least[key] = list(accumulate(costs, initial=0))
        return found

    def shift_days(self, rid: str, tz: str) -> tuple[tuple[date, ...], ...]:
        """For each shift of ``rid``, the local dates in ``tz`` that it touches."""
        key = (rid, tz)
        found = self._shift_days.get(key)
        if found is None:
            found = self._shift_days[key] = tuple(local_days(s, tz) for s in self.shifts[rid])
        return found

    def working_at(self, eid: str, instant: datetime) -> bool:
        """Whether ``instant`` is within ``eid``'s working time (ends inclusive, holidays off)."""
        eng = self.engineer(eid)
        local = instant.astimezone(zone(eng.timezone))
        day = local.date()
        if day.weekday() not in eng.working_weekdays or eng.calendar.is_holiday(day):
            return False
        start, end = eng.hours
        return start <= local.time().replace(tzinfo=None) <= end

    def avoided(self, eid: str, shift: Shift) -> bool:
        """Whether ``shift`` touches a local day that ``eid`` would rather not be on call."""
        prefs = self.engineer(eid).preferences
        weekdays = {WEEKDAYS.index(d) for d in prefs.avoid_weekdays}
        return any(d.weekday() in weekdays or any(r.contains(d) for r in prefs.avoid)
                   for d in self.days(eid, shift))

    def spacing_window(self, rotation: Rotation) -> int:
        """Shifts in a spacing window: ``max(2, pool // (2 * seats))``."""
        return max(2, len(self.pools[rotation.id]) // (2 * rotation.seats))

    def max_shifts(self, eid: str) -> int | None:
        own = self.engineer(eid).max_shifts
        return own if own is not None else self.roster.rules.max_shifts.default

    def back_to_back_forbidden(self, rotation: Rotation) -> bool:
        if rotation.no_back_to_back is not None:
            return rotation.no_back_to_back
        return self.roster.rules.no_back_to_back.enabled


_INSTANCES: dict[int, Instance] = {}
_DAY_CACHE: dict[tuple[str, datetime, datetime, str], tuple[date, ...]] = {}


def _days(shift: Shift, tz: str) -> tuple[date, ...]:
    key = (shift.rotation, shift.start, shift.end, tz)
    found = _DAY_CACHE.get(key)
    if found is None:
        if len(_DAY_CACHE) > 500_000:
            _DAY_CACHE.clear()
        found = _DAY_CACHE[key] = local_days(shift, tz)
    return found


@dataclass(eq=False)
class Plan:
    """Who holds which role of which shift: ``holders[(rotation, start)][role] = (engineer, ...)``.

    ``unknown`` lists scheduled shifts that match no shift of the roster. ``holders`` may be
    changed at any time (it is kept as a :class:`~fairshift.domain.holders.TrackedHolders`);
    :attr:`by_engineer` is rebuilt after any change.
    """

    instance: Instance
    holders: Holders = field(default_factory=dict)
    unknown: list[ScheduledShift] = field(default_factory=list)
    _index: tuple[tuple[int, int], dict[str, list[tuple[Shift, str]]]] | None = field(
        default=None, init=False, repr=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "holders" and not isinstance(value, TrackedHolders):
            value = TrackedHolders(value)
        object.__setattr__(self, name, value)

    def roles(self, shift: Shift) -> dict[str, tuple[str, ...]]:
        return self.holders.get((shift.rotation, shift.start), {})

    def engineers(self, shift: Shift) -> tuple[str, ...]:
        return tuple(e for names in self.roles(shift).values() for e in names)

    def assignments(self) -> Iterator[tuple[Shift, str, str]]:
        """(shift, role, engineer) for every assignment, in time order."""
        for rid in sorted(self.instance.shifts):
            for shift in self.instance.shifts[rid]:
                for role, names in self.roles(shift).items():
                    for e in names:
                        yield shift, role, e

    @property
    def by_engineer(self) -> dict[str, list[tuple[Shift, str]]]:
        """Each engineer's seats ``(shift, role)`` in time order (rebuilt when holders change)."""
        holders = self.holders
        stamp = (id(holders), holders.version if isinstance(holders, TrackedHolders) else -1)
        if self._index is not None and self._index[0] == stamp and stamp[1] >= 0:
            return self._index[1]
        out: dict[str, list[tuple[Shift, str]]] = {}
        for shift, role, e in self.assignments():
            out.setdefault(e, []).append((shift, role))
        for items in out.values():
            items.sort(key=lambda sr: (sr[0].start, sr[0].rotation, sr[1]))
        self._index = (stamp, out)
        return out

    @classmethod
    def from_schedule(cls, instance: Instance, schedule: Schedule) -> Plan:
        """The plan of a schedule; a shift listed twice has the seats of both entries."""
        plan = cls(instance)
        seats: dict[tuple[str, datetime], dict[str, list[str]]] = {}
        for ss in schedule.shifts:
            key = (ss.rotation, ss.start.astimezone(UTC))
            if key not in instance.by_key:
                plan.unknown.append(ss)
                continue
            roles = seats.setdefault(key, {})
            for a in ss.assignments:
                roles.setdefault(a.role, []).append(a.engineer)
        plan.holders = TrackedHolders(
            {key: {role: tuple(names) for role, names in roles.items()} for key, roles in seats.items()})
        return plan

    def to_schedule(self, *, status: str, engineers: dict[str, dict[str, Any]] | None = None,
                    extra: dict[str, Any] | None = None) -> Schedule:
        roster = self.instance.roster
        shifts = []
        for rot in roster.rotations:
            zi = zone(rot.timezone)
            for shift in self.instance.shifts[rot.id]:
                roles = self.roles(shift)
                assignments = tuple(
                    Assignment(role=role, engineer=e)
                    for role in rot.roles for e in sorted(roles.get(role, ()))
                )
                shifts.append(ScheduledShift(
                    rotation=rot.id, start=shift.start.astimezone(zi), end=shift.end.astimezone(zi),
                    assignments=assignments))
        return Schedule(
            name=roster.name, status=status,
            horizon=ScheduleHorizon(start=roster.horizon.start, end=roster.horizon.end),
            shifts=tuple(shifts), engineers=dict(engineers or {}), **dict(extra or {}))

