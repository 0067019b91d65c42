"""Fair cover and swap suggestions for one engineer's shift. No solver here.

:func:`suggest_cover` takes an engineer's seat (a role of one shift) and lists everyone of the
rotation's pool who could

* **take** it outright, or
* **trade**: take it while the engineer takes one of the candidate's seats of the same rotation,

without breaking a hard rule that the schedule did not already break. Options are ranked by the
fairness of the resulting schedule among the rotation's pool (eligible members plus the
engineer), *excess* being burden minus fair share:

1. the largest excess in the pool (lower first; the solver's own fairness stage);
2. the pool's **spread**: the standard deviation of the excesses (hours), measured from their
   mean (the pool's excesses need not sum to 0 when some of its people serve other rotations
   too). It is a standard deviation rather than a sum of absolute deviations because the latter
   ties whenever both people sit on the same side of the mean, so handing the seat to the most
   under-loaded person would not win;
3. the change of the two people's total burden (a trade that costs fewer hours first);
4. the candidate's id, then take before trade, then the traded shift's start, so equal inputs
   always give the same list.

Fair shares are relative (see docs/fairness.md): when a seat moves, the rotation's carried burden
changes by the two people's burden changes, and every pool member's share moves by their part of
it; the excesses after a move are computed that way.

People whom an override took off a seat (the schedule's ``replaces`` provenance, see
:mod:`fairshift.workflows.overrides`) are taken as unavailable for that seat's time: an engineer
marked ill is never suggested for a seat that overlaps it (:func:`marked_unavailable`). The two
halves of a trade (two overrides that swap the same two people) mark nobody. Trades can be kept
to a window around the seat (``within``) and to seats that start at or after ``not_before``
("from now on").

Checking is incremental. Every hard rule of the catalogue except ``coverage`` depends only on
each engineer's own seats, so those rules are re-run (with :func:`fairshift.check.validate.check_plan`)
on a plan holding only the two people's seats, before and after the move; ``coverage`` and any
other hard rule run on the whole modified plan. Only hard violations that were not there before
count (a working-time limit in ``mode: soft`` is a cost, not a bar). The instance (expanded
shifts, burdens, fair shares) is built once.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from fairshift.check.validate import check_plan
from fairshift.domain.burden import SCALE
from fairshift.domain.fairness import eligible, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.domain.shifts import Shift
from fairshift.errors import FairshiftError, TimeError
from fairshift.rules import RULES, Violation, per_engineer_rules
from fairshift.text import unknown
from fairshift.time.instants import parse_time
from fairshift.workflows.overrides import Override

__all__ = ["CoverError", "CoverOption", "find_seat", "marked_unavailable", "moved_plan", "next_seat",
           "overrides_yaml", "parse_shift_start", "skipped_by_overrides", "suggest_cover"]


Key = tuple[str, datetime]
Seats = list[tuple[Shift, str]]
VKey = tuple[str, str, tuple[str, ...], str | None]
_NEVER = datetime.min.replace(tzinfo=UTC)


class CoverError(FairshiftError):
    """The seat to cover cannot be found (unknown engineer, no such shift, ambiguous start)."""


@dataclass(frozen=True)
class CoverOption:
    """One way to cover ``engineer``'s seat. Hours are burden hours on each person's own clock.

    ``engineer_delta``/``candidate_delta`` are the burden changes, ``*_excess`` the excesses over
    fair share after the move, ``pool_max_excess`` the largest excess in the pool after it,
    ``pool_spread`` the standard deviation of the pool's excesses and ``pool_abs_excess`` the sum
    of their absolute values.
    """

    kind: Literal["take", "trade"]
    candidate: str
    engineer: str
    rotation: str
    shift: Shift
    role: str
    traded_shift: Shift | None
    traded_role: str | None
    engineer_delta: float
    candidate_delta: float
    engineer_excess: float
    candidate_excess: float
    pool_max_excess: float
    pool_spread: float
    pool_abs_excess: float

    @property
    def total_delta(self) -> float:
        """Change of the two people's total burden (a trade can add or save hours)."""
        return self.engineer_delta + self.candidate_delta

    @property
    def sort_key(self) -> tuple[float, float, float, str, int, datetime]:
        """(pool max excess, pool spread, total burden change, candidate, take first, traded start)."""
        traded = self.traded_shift.start if self.traded_shift is not None else _NEVER
        return (round(self.pool_max_excess, 6), round(self.pool_spread, 6), round(self.total_delta, 6),
                self.candidate, 0 if self.kind == "take" else 1, traded)

    def overrides(self, reason: str, author: str | None = None) -> tuple[Override, ...]:
        """The overrides that carry this option out (see :func:`fairshift.apply_overrides`)."""
        out = [Override(rotation=self.rotation, shift=self.shift.local_start, role=self.role,
                        engineer=self.candidate, replaces=self.engineer, reason=reason, author=author)]
        if self.traded_shift is not None and self.traded_role is not None:
            out.append(Override(rotation=self.rotation, shift=self.traded_shift.local_start,
                                role=self.traded_role, engineer=self.engineer, replaces=self.candidate,
                                reason=reason, author=author))
        return tuple(out)


def parse_shift_start(value: str | datetime) -> datetime:
    """An ISO 8601 time (``2027-02-15T09:00``, ``...-08:00``, ``...Z``); naive stays naive."""
    if isinstance(value, datetime):
        return value
    try:
        return parse_time(value, "shift start")
    except TimeError as exc:
        raise CoverError(str(exc)) from None


def _matches(shift: Shift, when: datetime) -> bool:
    if when.tzinfo is not None and when.utcoffset() is not None:
        return shift.start == when.astimezone(UTC)
    return shift.local_start.replace(tzinfo=None) == when


def find_seat(plan: Plan, engineer: str, shift_start: str | datetime,
              rotation: str | None = None) -> tuple[Shift, str]:
    """The (shift, role) that ``engineer`` holds starting at ``shift_start``.

    A start without a UTC offset is read as wall time in each rotation's own zone.
    """
    roster = plan.instance.roster
    if engineer not in roster.engineers_by_id:
        raise CoverError(unknown("engineer", engineer, roster.engineer_aliases))
    if rotation is not None and rotation not in roster.rotations_by_id:
        raise CoverError(unknown("rotation", rotation, list(roster.rotations_by_id)))
    when = parse_shift_start(shift_start)
    seats = [(s, r) for s, r in plan.by_engineer.get(engineer, [])
             if (rotation is None or s.rotation == rotation) and _matches(s, when)]
    if not seats:
        mine = [s for s, _ in plan.by_engineer.get(engineer, [])
                if rotation is None or s.rotation == rotation]
        naive = when.replace(tzinfo=None)
        near = sorted(mine, key=lambda s: abs((s.local_start.replace(tzinfo=None) - naive)
                                              .total_seconds()))[:3]
        hint = f"; their nearest shifts: {', '.join(str(s) for s in near)}" if near else \
            f"; {engineer} holds no shift" + (f" of {rotation}" if rotation else "")
        raise CoverError(f"{engineer} holds no shift starting at {when.isoformat()}{hint}")
    if len(seats) > 1:
        listed = ", ".join(f"{s} ({r})" for s, r in seats)
        raise CoverError(f"{engineer} holds {len(seats)} seats starting then ({listed}); "
                         "name the rotation (--rotation)")
    return seats[0]


def next_seat(plan: Plan, engineer: str, now: datetime, rotation: str | None = None) -> tuple[Shift, str]:
    """The first (shift, role) that ``engineer`` holds starting at or after ``now`` (an instant)."""
    roster = plan.instance.roster
    if engineer not in roster.engineers_by_id:
        raise CoverError(unknown("engineer", engineer, roster.engineer_aliases))
    if rotation is not None and rotation not in roster.rotations_by_id:
        raise CoverError(unknown("rotation", rotation, list(roster.rotations_by_id)))
    for s, role in plan.by_engineer.get(engineer, []):
        if s.start >= now and (rotation is None or s.rotation == rotation):
            return s, role
    raise CoverError(f"{engineer} holds no seat starting at or after {now.isoformat()}"
                     + (f" in {rotation}" if rotation else ""))


Away = tuple[datetime, datetime, str]


def marked_unavailable(schedule: Schedule) -> dict[str, tuple[Away, ...]]:
    """Per engineer, the times an override took them off a seat, as ``(start, end, reason)`` in UTC.

    Read from the schedule's provenance (an assignment with ``replaces`` and ``override_reason``);
    the two halves of a trade (the same two people swapped, with one reason) mark nobody.
    """
    taken: list[tuple[str, str, datetime, datetime, str]] = []
    for ss in schedule.shifts:
        for a in ss.assignments:
            extra = a.model_extra or {}
            out, why = extra.get("replaces"), extra.get("override_reason")
            if isinstance(out, str) and out and why is not None:
                taken.append((out, a.engineer, ss.start.astimezone(UTC), ss.end.astimezone(UTC), str(why)))
    pairs = Counter((out, into, why) for out, into, _, _, why in taken)
    found: dict[str, list[Away]] = {}
    for out, into, start, end, why in taken:
        if not pairs[(into, out, why)]:
            found.setdefault(out, []).append((start, end, why))
    return {e: tuple(items) for e, items in found.items()}


def _marked(away: dict[str, tuple[Away, ...]], e: str, shift: Shift) -> str | None:
    """The reason of an override that took ``e`` off a seat overlapping ``shift``, if any."""
    return next((why for start, end, why in away.get(e, ()) if start < shift.end and shift.start < end), None)


def moved_plan(plan: Plan, option: CoverOption) -> Plan:
    """``plan`` with ``option`` carried out (a new plan; ``plan`` is not changed)."""
    moves: list[Move] = [(option.shift, option.role, option.engineer, option.candidate)]
    if option.traded_shift is not None and option.traded_role is not None:
        moves.append((option.traded_shift, option.traded_role, option.candidate, option.engineer))
    return Plan(plan.instance, _moved_holders(plan.holders, moves), list(plan.unknown))


def _spread(values: Iterable[float]) -> float:
    items = list(values)
    mean = sum(items) / len(items)
    return math.sqrt(sum((x - mean) ** 2 for x in items) / len(items))


def _vkey(v: Violation) -> VKey:
    return (v.rule, v.message, v.engineers, v.shift)


def _holders(seats: dict[str, Seats]) -> dict[Key, dict[str, tuple[str, ...]]]:
    out: dict[Key, dict[str, tuple[str, ...]]] = {}
    for e, items in seats.items():
        for s, role in items:
            roles = out.setdefault((s.rotation, s.start), {})
            roles[role] = (*roles.get(role, ()), e)
    return out


Move = tuple[Shift, str, str, str]  # shift, role, from engineer, to engineer


def _moved_seats(seats: dict[str, Seats], moves: Sequence[Move]) -> dict[str, Seats]:
    out = {e: list(items) for e, items in seats.items()}
    for shift, role, old, new in moves:
        out[old].remove((shift, role))
        out[new].append((shift, role))
    return out


def _moved_holders(holders: dict[Key, dict[str, tuple[str, ...]]],
                   moves: Sequence[Move]) -> dict[Key, dict[str, tuple[str, ...]]]:
    out = dict(holders)
    for shift, role, old, new in moves:
        key = (shift.rotation, shift.start)
        roles = dict(out[key])
        names = list(roles[role])
        names[names.index(old)] = new
        roles[role] = tuple(names)
        out[key] = roles
    return out


def skipped_by_overrides(roster: Roster, schedule: Schedule, engineer: str, shift_start: str | datetime, *,
                         rotation: str | None = None) -> dict[str, str]:
    """Pool members whom an override marks unavailable for the seat's time, with the override's reason."""
    inst = Instance(roster)
    plan = Plan.from_schedule(inst, schedule)
    shift, _ = find_seat(plan, engineer, shift_start, rotation)
    away = marked_unavailable(schedule)
    pool = eligible(inst, inst.rotation(shift.rotation))
    found = {e: _marked(away, e, shift) for e in pool if e != engineer}
    return {e: why for e, why in found.items() if why is not None}


def suggest_cover(roster: Roster, schedule: Schedule, engineer: str, shift_start: str | datetime, *,
                  rotation: str | None = None, limit: int | None = 10, within: timedelta | None = None,
                  not_before: datetime | None = None) -> list[CoverOption]:
    """Rank who could take (or trade for) ``engineer``'s seat starting at ``shift_start``.

    See the module docs for the order and the checks. ``limit=None`` returns every option.
    People an override marks unavailable for the seat's time are left out
    (:func:`skipped_by_overrides` lists them). Trades are kept to seats starting within
    ``within`` of the seat's start and at or after ``not_before`` (an instant), when given.
    """
    inst = Instance(roster)
    plan = Plan.from_schedule(inst, schedule)
    shift, role = find_seat(plan, engineer, shift_start, rotation)
    away = marked_unavailable(schedule)

    def tradable(s2: Shift) -> bool:
        return ((within is None or abs(s2.start - shift.start) <= within)
                and (not_before is None or s2.start >= not_before)
                and _marked(away, engineer, s2) is None)

    rot = inst.rotation(shift.rotation)
    model = fair_shares(inst)
    shares = model.of(plan)
    points = {e: sum(inst.burden(e, s) for s, _ in items) for e, items in plan.by_engineer.items()
              if e in roster.engineers_by_id}
    pool = list(dict.fromkeys([*eligible(inst, rot), engineer]))

    def excess(e: str, delta: int = 0, carried: int = 0) -> float:
        """``e``'s excess after their burden moves by ``delta`` and the rotation's by ``carried``."""
        moved = float(model.alpha(e, rot.id)) * carried / SCALE
        return (points.get(e, 0) + delta) / SCALE - shares.get(e, 0.0) - moved

    hard = [rid for rid, rule in RULES.items() if rule.kind == "hard"]
    local_rules = tuple(r for r in hard if r in per_engineer_rules())
    global_rules = tuple(r for r in hard if r not in per_engineer_rules())
    global_before = Counter(_vkey(v) for v in check_plan(plan, global_rules).hard)

    def new_violations(seats: dict[str, Seats], local_before: Counter[VKey], moves: Sequence[Move]) -> bool:
        after_seats = _moved_seats(seats, moves)
        sub = Plan(inst, _holders(after_seats))
        local = Counter(_vkey(v) for v in check_plan(sub, local_rules).hard)
        if local - local_before:
            return True
        if not global_rules:
            return False
        full = Plan(inst, _moved_holders(plan.holders, moves), list(plan.unknown))
        return bool(Counter(_vkey(v) for v in check_plan(full, global_rules).hard) - global_before)

    options: list[CoverOption] = []
    mine = plan.by_engineer.get(engineer, [])
    on_shift = set(plan.engineers(shift))
    for cand in pool:
        if cand == engineer or cand in on_shift or _marked(away, cand, shift) is not None:
            continue
        theirs = plan.by_engineer.get(cand, [])
        seats = {engineer: list(mine), cand: list(theirs)}
        before = Counter(_vkey(v) for v in check_plan(Plan(inst, _holders(seats)), local_rules).hard)
        gives = inst.burden(engineer, shift)
        gets = inst.burden(cand, shift)
        trades: list[tuple[Shift | None, str | None]] = [(None, None)]
        trades += [(s2, r2) for s2, r2 in theirs
                   if s2.rotation == shift.rotation and s2 != shift and engineer not in plan.engineers(s2)
                   and tradable(s2)]
        for s2, r2 in trades:
            moves: list[Move] = [(shift, role, engineer, cand)]
            de, dc = -gives, gets
            if s2 is not None and r2 is not None:
                moves.append((s2, r2, cand, engineer))
                de += inst.burden(engineer, s2)
                dc -= inst.burden(cand, s2)
            if new_violations(seats, before, moves):
                continue
            after = {e: excess(e, de if e == engineer else dc if e == cand else 0, de + dc) for e in pool}
            options.append(CoverOption(
                kind="take" if s2 is None else "trade", candidate=cand, engineer=engineer,
                rotation=shift.rotation, shift=shift, role=role, traded_shift=s2, traded_role=r2,
                engineer_delta=de / SCALE, candidate_delta=dc / SCALE,
                engineer_excess=after[engineer], candidate_excess=after[cand],
                pool_max_excess=max(after.values()), pool_spread=_spread(after.values()),
                pool_abs_excess=sum(abs(x) for x in after.values())))
    options.sort(key=lambda o: o.sort_key)
    return options if limit is None else options[:limit]


def overrides_yaml(overrides: Iterable[Override], *, comment: str = "") -> str:
    """An overrides file (``overrides:`` with one flow mapping per override) that
    :func:`fairshift.io.overrides.load_overrides` reads back as the same overrides.

    >>> from datetime import timezone, timedelta
    >>> o = Override(rotation="w", shift=datetime(2027, 2, 15, 9, tzinfo=timezone(timedelta(hours=-8))),
    ...              engineer="b", replaces="a", reason="ill")
    >>> for part in overrides_yaml([o]).splitlines()[1].split(", "):
    ...     print(part)
      - {rotation: "w"
    shift: 2027-02-15T09:00:00-08:00
    role: "primary"
    engineer: "b"
    replaces: "a"
    reason: "ill"}
    """
    lines = [f"# {line}" for line in comment.splitlines()]
    lines.append("overrides:")
    for o in overrides:
        fields = {k: v for k, v in o.model_dump().items() if v is not None}
        parts = [f"{k}: {v.isoformat() if isinstance(v, datetime) else json.dumps(v, ensure_ascii=False)}"
                 for k, v in fields.items()]
        lines.append("  - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"
