"""Overrides: manual changes on top of a solved schedule, with provenance, re-validated.

An override puts ``engineer`` into ``role`` of one shift of a rotation (``shift``: its start
instant) or of every shift of the rotation that overlaps a time range (``start``/``end``,
half-open ``[start, end)``)::

    overrides:
      - {rotation: payments-weekly, shift: 2027-02-15T09:00, role: primary,
         engineer: bence, reason: anna is ill, author: ops-lead}
      - {rotation: platform-daily, start: 2027-03-27, end: 2027-03-29,
         replaces: hanna, engineer: judit, reason: hanna at a wedding}

Times without a UTC offset (and bare dates: local midnight) are read in the **rotation's** zone,
so ``2027-03-27`` means midnight where the rotation hands off, whatever the DST offset is that
day; times with an offset (``2027-02-15T09:00:00-08:00``, ``...Z``) are instants.

``replaces`` names the engineer to take out. Without it the role must have at most one holder in
each selected shift (an empty seat is filled). With it, only selected shifts where that engineer
holds the role change; a range that changes nothing is an error.

Every changed assignment carries extra keys in the schedule JSON: ``override_reason``,
``replaces`` (the previous engineer, absent when an empty seat was filled), ``override_author``
(when given) and ``sequence``, the seat's previous ``sequence`` (default 0) plus one: the
calendar export reads it as the event's ``SEQUENCE``. A replaced assignment's other extra keys
are not carried over (they described the previous person). Seats keep their position within the
role, so exported event ids stay stable. Overrides apply in order; two on the same seat bump
``sequence`` twice.

The result is validated like any schedule. Hard violations that the input schedule did not
have are attributed to the overrides that touched the engineers (or shifts) involved; with
``strict=True`` they raise :class:`OverrideError` naming each override and rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from fairshift.check.validate import ValidationReport, check_plan
from fairshift.domain.fairness import engineer_metrics, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Assignment, Schedule, ScheduledShift
from fairshift.errors import FairshiftError, Problem, TimeError
from fairshift.frozen import Label
from fairshift.rules import Violation
from fairshift.text import unknown
from fairshift.time.instants import MAX_YEAR, MIN_YEAR
from fairshift.time.tz import localize, zone
from fairshift.workflows.compare import Comparison, compare

__all__ = [
    "AppliedChange",
    "Blame",
    "Override",
    "OverrideError",
    "OverrideResult",
    "apply_overrides",
    "resolve_time",
]


class OverrideError(FairshiftError):
    """Overrides that cannot be read or applied, or (``strict``) that break a hard rule.

    ``problems`` lists every problem found, each located in the overrides file when known.
    """

    def __init__(self, problems: Sequence[Problem], header: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = header or f"{count} problem{'s' if count != 1 else ''} in the overrides"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


def _plain_datetime(value: Any) -> Any:
    if isinstance(value, datetime):  # ruamel's TimeStamp is a datetime subclass
        return datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                        value.microsecond, tzinfo=value.tzinfo)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    return value


def _supported_year(value: datetime | None) -> datetime | None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"{value.isoformat()} is outside the supported years {MIN_YEAR}-{MAX_YEAR}")
    return value


class Override(BaseModel):
    """Put ``engineer`` into ``role`` of one shift (``shift``) or of every shift overlapping
    ``[start, end)`` of ``rotation``. Naive times are read in the rotation's zone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rotation: Label = Field(description="Rotation id")
    shift: datetime | None = Field(default=None, description="Start of one shift")
    start: datetime | None = Field(default=None, description="Range start (inclusive)")
    end: datetime | None = Field(default=None, description="Range end (exclusive)")
    role: Label = "primary"
    engineer: Label = Field(description="Who takes the seat")
    replaces: Label | None = Field(default=None, description="Who gives the seat up (optional)")
    reason: Label = Field(min_length=1, description="Why; kept on the assignment")
    author: Label | None = None

    _source: str | None = PrivateAttr(default=None)

    _times = field_validator("shift", "start", "end", mode="before")(_plain_datetime)
    _years = field_validator("shift", "start", "end")(_supported_year)

    @model_validator(mode="after")
    def _one_selector(self) -> Override:
        ranged = self.start is not None or self.end is not None
        if self.shift is not None and ranged:
            raise ValueError("give either shift (one shift's start) or start and end (a range), not both")
        if self.shift is None and not ranged:
            raise ValueError("give shift (one shift's start) or start and end (a range)")
        if ranged and (self.start is None or self.end is None):
            raise ValueError("a range needs both start and end")
        if (self.start is not None and self.end is not None
                and (self.start.tzinfo is None) == (self.end.tzinfo is None) and self.end <= self.start):
            raise ValueError(f"end {self.end.isoformat()} must be after start {self.start.isoformat()}")
        return self

    @property
    def source(self) -> str | None:
        """``file:line`` of the override when it was read from a file."""
        return self._source

    def with_source(self, source: str | None) -> Override:
        copy = self.model_copy()
        copy._source = source
        return copy

    def describe(self) -> str:
        if self.shift is not None:
            when = f"shift {self.shift.isoformat()}"
        else:
            a, b = (t.isoformat() if t else "?" for t in (self.start, self.end))
            when = f"{a}..{b}"
        instead = f" instead of {self.replaces}" if self.replaces else ""
        return f"{self.rotation} {when} {self.role}: {self.engineer}{instead} ({self.reason})"


def resolve_time(value: datetime, tz: str) -> datetime:
    """An aware UTC instant: ``value`` as is when it has an offset, else read as wall time in ``tz``.

    A naive wall time that a DST change skips or repeats raises :class:`~fairshift.errors.TimeError`.

    >>> resolve_time(datetime(2027, 3, 15, 9, 0), "America/Los_Angeles").isoformat()
    '2027-03-15T16:00:00+00:00'
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(UTC)
    return localize(value.date(), value.time(), tz)


# --- applying ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AppliedChange:
    """One seat changed by one override (``override`` is its index in the list given)."""

    override: int
    rotation: str
    start: datetime
    role: str
    engineer: str
    replaces: str | None
    sequence: int
    shift_key: str


@dataclass(frozen=True)
class Blame:
    """A hard violation that the overrides introduced, with the overrides held responsible."""

    violation: Violation
    overrides: tuple[int, ...]


@dataclass(frozen=True)
class OverrideResult:
    """The final schedule, what changed, and its validation.

    ``report`` validates the final schedule in full; ``new_hard`` are its hard violations that the
    input schedule did not have, and ``blame`` says which overrides caused each of them.
    ``fairness`` compares the input schedule with the final one.
    """

    schedule: Schedule
    report: ValidationReport
    changes: tuple[AppliedChange, ...]
    new_hard: tuple[Violation, ...]
    blame: tuple[Blame, ...]
    overrides: tuple[Override, ...]
    fairness: Comparison | None = None

    @property
    def ok(self) -> bool:
        """True when the overrides broke no hard rule that was not broken before."""
        return not self.new_hard

    def problems(self) -> list[Problem]:
        """One located problem per (override, violation) pair, for messages."""
        out: list[Problem] = []
        for b in self.blame:
            if not b.overrides:
                out.append(Problem(f"breaks hard rule {b.violation.rule}: {b.violation.message}"))
            for i in b.overrides:
                o = self.overrides[i]
                out.append(Problem(f"override #{i + 1} ({o.describe()}) breaks hard rule "
                                   f"{b.violation.rule}: {b.violation.message}", "",
                                   *_split_source(o.source)))
        return out


def _split_source(source: str | None) -> tuple[str | None, int | None]:
    if source is None or ":" not in source:
        return None, None
    file, _, line = source.rpartition(":")
    return (file, int(line)) if line.isdigit() else (None, None)


def _sequence(a: Assignment | None) -> int:
    if a is None:
        return 0
    value = (a.model_extra or {}).get("sequence", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _violation_key(v: Violation) -> tuple[str, str, tuple[str, ...], str | None]:
    return (v.rule, v.message, v.engineers, v.shift)


def _selected(o: Override, shifts: list[tuple[int, ScheduledShift]], tz: str) -> list[int]:
    if o.shift is not None:
        at = resolve_time(o.shift, tz)
        return [i for i, ss in shifts if ss.start.astimezone(UTC) == at]
    assert o.start is not None and o.end is not None
    lo, hi = resolve_time(o.start, tz), resolve_time(o.end, tz)
    if hi <= lo:
        raise ValueError(f"end {hi.isoformat()} is not after start {lo.isoformat()}")
    return [i for i, ss in shifts if ss.start.astimezone(UTC) < hi and lo < ss.end.astimezone(UTC)]


def _nearest(o: Override, shifts: list[tuple[int, ScheduledShift]], tz: str) -> str:
    if o.shift is None or not shifts:
        return ""
    at = resolve_time(o.shift, tz)
    near = sorted(shifts, key=lambda item: abs((item[1].start.astimezone(UTC) - at).total_seconds()))[:2]
    zi = zone(tz)
    listed = ", ".join(ss.start.astimezone(zi).strftime("%a %Y-%m-%dT%H:%M") for _, ss in near)
    return f"; nearest shift starts ({tz}): {listed}"


def apply_overrides(roster: Roster, schedule: Schedule, overrides: Iterable[Override], *,
                    strict: bool = False) -> OverrideResult:
    """Apply ``overrides`` in order to ``schedule`` and validate the result against ``roster``.

    Raises :class:`OverrideError` for overrides that cannot be applied (unknown rotation, role
    or engineer, no matching shift, an ambiguous seat) listing all of them, and, with
    ``strict=True``, when the result has a hard violation the input did not have.
    """
    items = tuple(overrides)
    shifts = list(schedule.shifts)
    by_rotation: dict[str, list[tuple[int, ScheduledShift]]] = {}
    for i, ss in enumerate(shifts):
        by_rotation.setdefault(ss.rotation, []).append((i, ss))
    problems: list[Problem] = []
    changes: list[AppliedChange] = []
    inst = Instance(roster)
    for n, o in enumerate(items):
        file, line = _split_source(o.source)
        label = f"override #{n + 1}"

        def fail(msg: str, label: str = label, file: str | None = file, line: int | None = line) -> None:
            problems.append(Problem(msg, label, file, line))

        rot = roster.rotations_by_id.get(o.rotation)
        if rot is None:
            fail(unknown("rotation", o.rotation, list(roster.rotations_by_id)))
            continue
        bad = False
        if o.role not in rot.roles:
            fail(f"rotation {rot.id} has no role {o.role!r} (roles: {', '.join(rot.roles)})")
            bad = True
        for who in (o.engineer, o.replaces):
            if who is not None and who not in roster.engineers_by_id:
                fail(unknown("engineer", who, roster.engineer_aliases))
                bad = True
        if bad:
            continue
        candidates = by_rotation.get(rot.id, [])
        try:
            picked = _selected(o, candidates, rot.timezone)
        except TimeError as exc:
            fail(f"{exc}; write the time with its UTC offset")
            continue
        except ValueError as exc:
            fail(str(exc))
            continue
        if not picked:
            if o.shift is not None:
                at = resolve_time(o.shift, rot.timezone).astimezone(zone(rot.timezone))
                what = f"no shift of {rot.id} starts at {at.isoformat()}"
            else:
                what = f"no shift of {rot.id} overlaps the range"
            fail(what + " in the schedule" + _nearest(o, candidates, rot.timezone))
            continue
        changed_here = 0
        for idx in picked:
            ss = shifts[idx]
            assignments = list(ss.assignments)
            seats = [k for k, a in enumerate(assignments) if a.role == o.role]
            local = ss.start.astimezone(zone(rot.timezone)).strftime("%a %Y-%m-%d %H:%M")
            if o.replaces is not None:
                seats = [k for k in seats if assignments[k].engineer == o.replaces]
                if not seats:
                    if o.shift is not None:
                        held = ", ".join(a.engineer for a in assignments if a.role == o.role) or "nobody"
                        fail(f"{o.replaces} does not hold {o.role} of {rot.id} {local} (held by {held})")
                    continue
            elif len(seats) > 1:
                held = ", ".join(assignments[k].engineer for k in seats)
                fail(f"{o.role} of {rot.id} {local} has {len(seats)} engineers ({held}); "
                     "say which one with replaces:")
                continue
            seat = seats[0] if seats else None
            old = assignments[seat] if seat is not None else None
            if old is not None and old.engineer == o.engineer:
                continue
            sequence = _sequence(old) + 1
            extra: dict[str, Any] = {"override_reason": o.reason}
            if old is not None:
                extra["replaces"] = old.engineer
            if o.author is not None:
                extra["override_author"] = o.author
            extra["sequence"] = sequence
            new = Assignment(role=o.role, engineer=o.engineer, **extra)
            if seat is not None:
                assignments[seat] = new
            else:
                last = max((k for k, a in enumerate(assignments) if a.role == o.role), default=None)
                assignments.insert(len(assignments) if last is None else last + 1, new)
            shifts[idx] = ss.model_copy(update={"assignments": tuple(assignments)})
            by_rotation[rot.id] = [(i, shifts[i]) for i, _ in by_rotation[rot.id]]
            start_utc = ss.start.astimezone(UTC)
            known = inst.by_key.get((rot.id, start_utc))
            changes.append(AppliedChange(
                n, rot.id, ss.start, o.role, o.engineer, old.engineer if old else None, sequence,
                known.key if known is not None else f"{rot.id}@{local}"))
            changed_here += 1
        if o.replaces is not None and changed_here == 0 and o.shift is None:
            fail(f"{o.replaces} holds {o.role} in none of the {len(picked)} shift(s) of {rot.id} "
                 "in the range")
    if problems:
        raise OverrideError(problems)

    first_plan = Plan.from_schedule(inst, schedule)
    before = check_plan(first_plan)
    final_plan = Plan.from_schedule(inst, schedule.model_copy(update={"shifts": tuple(shifts)}))
    report = check_plan(final_plan)
    shares = fair_shares(inst)
    fairness = compare(first_plan, final_plan, shares=shares)
    engineers = schedule.engineers
    if engineers:
        metrics = engineer_metrics(final_plan, shares)
        engineers = {e: m.as_dict() for e, m in sorted(metrics.items())}
    final = schedule.model_copy(update={"shifts": tuple(shifts), "engineers": engineers})

    remaining = Counter(_violation_key(v) for v in before.hard)
    new_hard: list[Violation] = []
    for v in report.hard:
        key = _violation_key(v)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new_hard.append(v)
    blame = tuple(Blame(v, _responsible(v, changes)) for v in new_hard)
    result = OverrideResult(final, report, tuple(changes), tuple(new_hard), blame, items, fairness)
    if strict and new_hard:
        raise OverrideError(result.problems(), header=f"{len(new_hard)} hard violation(s) from the overrides")
    return result


def _responsible(v: Violation, changes: Sequence[AppliedChange]) -> tuple[int, ...]:
    """Overrides that changed a seat of someone in ``v`` (narrowed to ``v``'s shift when one did)."""
    people = set(v.engineers)
    touching = [c for c in changes if c.engineer in people or (c.replaces or "") in people]
    if v.shift is not None:
        on_shift = [c for c in changes if c.shift_key == v.shift]
        narrowed = [c for c in touching if c in on_shift]
        if narrowed:
            touching = narrowed
        elif not touching:
            touching = on_shift
    return tuple(sorted({c.override for c in touching}))
