"""Who was on call when, as a pager tool tells it, turned into a fairshift schedule.

Every importer (iCalendar, PagerDuty, Opsgenie, GoAlert, Grafana OnCall) reads its source into
:class:`OnCallEntry` values; :func:`build_schedule` maps them onto the roster's shifts:

* each entry's person is matched to an engineer (:class:`~fairshift.integrations.identity.Directory`);
* each shift of the rotation in the window gets, per role seat, the engineers who were on call for
  the largest part of it (a shift split between two people goes to the one who held it longer);
* nothing is dropped silently: people the roster does not know, times with fewer people on call
  than the role has seats (gaps), times with more (overlaps) and split shifts are all returned as
  :class:`ImportProblem` values, and kept in the schedule under ``imported.problems``.

The result is a fairshift schedule (status ``imported``) that ``validate``, ``report``, ``ledger``
and ``audit`` read: an unfilled seat stays empty, so ``validate`` reports it as a coverage violation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any, Literal

from fairshift.domain.instance import Instance
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Assignment, Schedule, ScheduledShift, ScheduleHorizon
from fairshift.domain.shifts import Shift
from fairshift.integrations.errors import IntegrationError
from fairshift.integrations.identity import Directory, Person
from fairshift.text import unknown
from fairshift.time.tz import zone

__all__ = ["ImportProblem", "ImportResult", "OnCallEntry", "build_schedule"]

ProblemKind = Literal["unknown_person", "gap", "overlap", "split", "not_in_pool", "unmapped"]
_DAY = "%a %Y-%m-%d %H:%M"


@dataclass(frozen=True)
class OnCallEntry:
    """One person on call from ``start`` to ``end`` (aware instants), as read from ``source``.

    ``rotation``/``role`` are set when the source says them (fairshift's own calendar does);
    otherwise the rotation and role given to :func:`build_schedule` are used.
    """

    start: datetime
    end: datetime
    person: Person
    source: str = ""
    rotation: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class ImportProblem:
    """Something in the source that does not fit the roster, in words a person acts on."""

    kind: ProblemKind
    message: str
    rotation: str
    start: datetime
    end: datetime

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "rotation": self.rotation, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "message": self.message}


@dataclass(frozen=True)
class ImportResult:
    """The imported schedule, with every problem found and a few notes (counts, skipped items)."""

    schedule: Schedule
    problems: tuple[ImportProblem, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def by_kind(self, kind: str) -> tuple[ImportProblem, ...]:
        return tuple(p for p in self.problems if p.kind == kind)


@dataclass
class _Seat:
    shift: Shift
    cover: dict[str, float] = field(default_factory=dict)  # engineer or "?label" -> seconds
    first: dict[str, datetime] = field(default_factory=dict)


def _local(value: datetime, tz: str) -> str:
    return value.astimezone(zone(tz)).strftime(_DAY)


def _count_intervals(items: Sequence[tuple[datetime, datetime]], lo: datetime,
                     hi: datetime) -> list[tuple[datetime, datetime, int]]:
    """Maximal intervals of ``[lo, hi)`` with a constant number of covering items."""
    edges: dict[datetime, int] = {lo: 0, hi: 0}
    for a, b in items:
        a, b = max(a, lo), min(b, hi)
        if a < b:
            edges[a] = edges.get(a, 0) + 1
            edges[b] = edges.get(b, 0) - 1
    out: list[tuple[datetime, datetime, int]] = []
    count = 0
    points = sorted(edges)
    for a, b in pairwise(points):
        count += edges[a]
        if out and out[-1][2] == count and out[-1][1] == a:
            out[-1] = (out[-1][0], b, count)
        else:
            out.append((a, b, count))
    return out


def _people_problems(rid: str, tz: str, entries: Sequence[OnCallEntry], who: list[str | None],
                     roster: Roster, pool: set[str], tool: str | None) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    unknown_people: dict[str, list[OnCallEntry]] = {}
    outside: dict[str, list[OnCallEntry]] = {}
    for entry, eid in zip(entries, who, strict=True):
        if eid is None:
            unknown_people.setdefault(entry.person.label(), []).append(entry)
        elif eid not in pool:
            outside.setdefault(eid, []).append(entry)
    where = f"engineers[].pager.{tool}" if tool else "engineers[].pager"
    for label, items in unknown_people.items():
        first = min(items, key=lambda e: e.start)
        hours = sum((e.end - e.start).total_seconds() for e in items) / 3600
        hint = unknown("engineer", label.split(" / ")[0], roster.engineer_aliases)
        problems.append(ImportProblem(
            "unknown_person",
            f"{label!r} is on call {len(items)} time(s), {hours:g} h in all (first {_local(first.start, tz)} "
            f"– {_local(first.end, tz)} {tz}) but matches no engineer of the roster ({hint}); add them, or "
            f"give their e-mail or tool id as email / {where}", rid, first.start, first.end))
    for eid, items in outside.items():
        first = min(items, key=lambda e: e.start)
        problems.append(ImportProblem(
            "not_in_pool", f"{eid} is on call {len(items)} time(s) (first {_local(first.start, tz)} {tz}) "
            f"but is not in the pool of {rid}; their seats are imported as they are", rid, first.start,
            first.end))
    return problems


def _coverage_problems(rid: str, tz: str, role: str, seats: int, entries: Sequence[OnCallEntry],
                       lo: datetime, hi: datetime) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    for a, b, n in _count_intervals([(e.start, e.end) for e in entries], lo, hi):
        span = f"{_local(a, tz)} – {_local(b, tz)} {tz} ({(b - a).total_seconds() / 3600:g} h)"
        if n < seats:
            who = "nobody" if n == 0 else f"only {n} of {seats}"
            problems.append(ImportProblem("gap", f"{rid} {role}: {who} on call {span}", rid, a, b))
        elif n > seats:
            problems.append(ImportProblem(
                "overlap", f"{rid} {role}: {n} people on call at once for {seats} seat(s) {span}", rid, a, b))
    return problems


def _fill(seat: _Seat, seats: int, tz: str, rid: str, role: str) -> tuple[list[str], list[ImportProblem]]:
    ranked = sorted(seat.cover, key=lambda k: (-seat.cover[k], seat.first[k], k))[:seats]
    holders = [k for k in ranked if not k.startswith("?")]
    problems: list[ImportProblem] = []
    total = (seat.shift.end - seat.shift.start).total_seconds()
    partial = [k for k in seat.cover if seat.cover[k] < total - 1e-6]
    if partial and len(seat.cover) > 1:
        parts = ", ".join(f"{k.lstrip('?')} {seat.cover[k] / 3600:g} h" for k in
                          sorted(seat.cover, key=lambda k: -seat.cover[k]))
        taken = ", ".join(holders) or "nobody"
        problems.append(ImportProblem(
            "split", f"{rid} {role} shift {_local(seat.shift.start, tz)} {tz} "
            f"({total / 3600:g} h) is split: {parts}; imported as {taken}", rid, seat.shift.start,
            seat.shift.end))
    for k in ranked:
        if k.startswith("?"):
            problems.append(ImportProblem(
                "unmapped", f"{rid} {role} shift {_local(seat.shift.start, tz)} {tz}: a seat is held by "
                f"{k[1:]!r}, who is not in the roster; it is left empty", rid, seat.shift.start,
                seat.shift.end))
    return holders, problems


def _group(entries: Iterable[OnCallEntry], rotation: str | None,
           role: str) -> dict[tuple[str, str], list[OnCallEntry]]:
    groups: dict[tuple[str, str], list[OnCallEntry]] = {}
    for e in entries:
        rid = e.rotation or rotation
        if rid is None:
            raise IntegrationError("say which rotation these entries are for (--rotation)")
        if rotation is not None and rid != rotation:
            continue
        if e.end <= e.start:
            continue
        groups.setdefault((rid, e.role or role), []).append(e)
    return groups


def build_schedule(roster: Roster, entries: Iterable[OnCallEntry], *, rotation: str | None = None,
                   role: str = "primary", tool: str | None = None, source: str = "",
                   start: date | None = None, end: date | None = None) -> ImportResult:
    """Map ``entries`` onto the shifts of ``rotation`` (or of the rotations the entries name).

    ``start``/``end`` (local dates, end exclusive) set the window; default: the roster's horizon.
    Entries outside the window are left out (and counted in the notes).
    """
    if start is not None or end is not None:
        roster = roster.with_horizon(start or roster.horizon.start, end or roster.horizon.end)
    inst = Instance(roster)
    if rotation is not None and rotation not in roster.rotations_by_id:
        raise IntegrationError(unknown("rotation", rotation, {r.id: (r.name,) for r in roster.rotations}))
    people = Directory(roster, tool)
    groups = _group(entries, rotation, role)
    if not groups:
        raise IntegrationError("the source has no on-call entries" + (f" for {rotation}" if rotation else ""))
    problems: list[ImportProblem] = []
    notes: list[str] = []
    filled: dict[tuple[str, datetime], dict[str, list[str]]] = {}
    for (rid, rl), items in sorted(groups.items()):
        if rid not in roster.rotations_by_id:
            raise IntegrationError(unknown("rotation", rid, {r.id: (r.name,) for r in roster.rotations}))
        rot = roster.rotations_by_id[rid]
        if rl not in rot.roles:
            raise IntegrationError(f"{rid} has no role {rl!r} (roles: {', '.join(rot.roles)}); use --role")
        shifts = inst.shifts[rid]
        if not shifts:
            continue
        lo, hi = shifts[0].start, shifts[-1].end
        inside = [e for e in items if e.start < hi and e.end > lo]
        if len(inside) < len(items):
            notes.append(f"{rid} {rl}: {len(items) - len(inside)} entr(ies) outside {lo.isoformat()} .. "
                         f"{hi.isoformat()} left out")
        who = [people.match(e.person) for e in inside]
        problems += _people_problems(rid, rot.timezone, inside, who, roster, set(inst.pools[rid]), tool)
        problems += _coverage_problems(rid, rot.timezone, rl, rot.roles[rl], inside, lo, hi)
        seats = [_Seat(s) for s in shifts]
        starts = [s.start for s in shifts]
        for entry, eid in zip(inside, who, strict=True):
            key = eid if eid is not None else "?" + entry.person.label()
            for seat in seats[max(0, bisect_right(starts, entry.start) - 1):]:
                if seat.shift.start >= entry.end:
                    break
                a, b = max(entry.start, seat.shift.start), min(entry.end, seat.shift.end)
                if a < b:
                    seat.cover[key] = seat.cover.get(key, 0.0) + (b - a).total_seconds()
                    seat.first[key] = min(seat.first.get(key, a), a)
        for seat in seats:
            holders, found = _fill(seat, rot.roles[rl], rot.timezone, rid, rl)
            problems += found
            filled.setdefault((rid, seat.shift.start), {})[rl] = holders
        notes.append(f"{rid} {rl}: {len(inside)} entr(ies) onto {len(shifts)} shift(s)")
    schedule = _schedule(roster, inst, filled, tool, source, problems)
    return ImportResult(schedule, tuple(problems), tuple(notes))


def _schedule(roster: Roster, inst: Instance, filled: dict[tuple[str, datetime], dict[str, list[str]]],
              tool: str | None, source: str, problems: Sequence[ImportProblem]) -> Schedule:
    shifts: list[ScheduledShift] = []
    members: dict[str, dict[str, Any]] = {}
    for rot in roster.rotations:
        if not any(k[0] == rot.id for k in filled):
            continue
        zi = zone(rot.timezone)
        for e in inst.pools[rot.id]:
            members[e] = {"name": roster.engineers_by_id[e].name or e}
        for s in inst.shifts[rot.id]:
            roles = filled.get((rot.id, s.start), {})
            shifts.append(ScheduledShift(
                rotation=rot.id, start=s.start.astimezone(zi), end=s.end.astimezone(zi),
                assignments=tuple(Assignment(role=role, engineer=e) for role in rot.roles
                                  for e in roles.get(role, []))))
    imported = {"tool": tool or "ical", "source": source,
                "problems": [p.as_dict() for p in problems]}
    return Schedule(name=roster.name, status="imported",
                    horizon=ScheduleHorizon(start=roster.horizon.start, end=roster.horizon.end),
                    shifts=tuple(shifts), engineers=members, imported=imported)


def as_utc(value: datetime) -> datetime:
    """An aware instant in UTC (a naive one is refused: pager tools always give an offset)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise IntegrationError(f"{value.isoformat()} has no UTC offset")
    return value.astimezone(UTC)


def parse_instant_text(text: Any, where: str) -> datetime:
    """An ISO 8601 instant with offset (``Z`` allowed) from a tool's JSON, else a located error."""
    if not isinstance(text, str):
        raise IntegrationError(f"{where}: expected an ISO 8601 time, got {text!r}")
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise IntegrationError(f"{where}: {text!r} is not an ISO 8601 time") from None
    if value.tzinfo is None:
        raise IntegrationError(f"{where}: {text!r} has no UTC offset")
    return value.astimezone(UTC)

