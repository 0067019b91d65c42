"""The fairness ledger: past schedules turned into next quarter's ``history:``. No solver here.

For each past schedule (with its overrides applied) and each engineer who took part in it, the
ledger measures on the engineer's own clock

* ``burden`` — what they carried (the same burden hours as ``fairshift solve`` reports), and
* ``fair_share`` — their fair share of that schedule **without** any history correction: the
  share their availability in that quarter entitled them to.

Their **balance** is the sum over the schedules of ``burden - fair_share``: positive for people
who carried more than their share, negative for those who carried less. It is the debt the next
quarter should pay back. Because ``history.burden`` cannot be negative, the ledger stores the
balance **re-based** within each group of linked rotations (see
:func:`fairshift.domain.fairness.components`): ``history.burden = balance - min(balance in the group)``,
so the least-loaded person of each group has 0. The fair-share model shares a group's total
history out in proportion to each person's share and subtracts their own; with equal shares this
gives next quarter's fair share ``f = b - (balance - mean balance)``: exactly the debt, whatever
the common offset. (Clipping at 0 instead, ``max(0, burden - fair_share)``, forgets the people who
carried less and pays back only part of the debt.) See ``docs/changes.md`` for a worked example.

``shifts`` and ``shadow_shifts`` count seats (shadow seats separately). :func:`apply_ledger` adds a
ledger to a roster's existing history and re-bases again, so the smallest history of each group
stays 0 and offsets never pile up over quarters.

Reading a past schedule:

* the roster's horizon is replaced by the schedule's; the roster's own ``history`` is ignored
  (fair shares without history: the ledger measures each quarter on its own, and history adds up);
* engineers not listed in the schedule's ``engineers`` section (or, when it is empty, holding no
  seat) did not take part: they count as away for that schedule (no share, no balance);
* unknown engineers and rotations, and shifts that match none of the roster's handoffs, are
  skipped with a warning; rotations of the roster absent from the schedule are left out;
* past unavailability is read from the roster, so keep past PTO in it (or ledger each quarter with
  the roster it was solved from).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fairshift.domain.fairness import components, eligible, engineer_metrics, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import History, Roster
from fairshift.domain.schedule import Schedule
from fairshift.errors import FairshiftError

__all__ = ["Ledger", "LedgerEntry", "apply_ledger", "history_yaml", "ledger"]

AWAY_REASON = "not in this past schedule"


@dataclass(frozen=True)
class LedgerEntry:
    """One engineer in one past schedule (hours on their own clock)."""

    schedule: str
    engineer: str
    burden: float
    fair_share: float
    shifts: int
    shadow_shifts: int

    @property
    def balance(self) -> float:
        """``burden - fair_share``: above (positive) or below (negative) the fair share."""
        return self.burden - self.fair_share


class Ledger(dict[str, History]):
    """``{engineer: History}`` to carry into the next quarter, plus how it was worked out.

    ``entries`` holds one :class:`LedgerEntry` per engineer and schedule, ``balance`` the signed
    sum per engineer, and ``warnings`` what was skipped.
    """

    def __init__(self, histories: Mapping[str, History], entries: Sequence[LedgerEntry],
                 balance: Mapping[str, float], warnings: Sequence[str]) -> None:
        super().__init__(histories)
        self.entries: tuple[LedgerEntry, ...] = tuple(entries)
        self.balance: dict[str, float] = dict(balance)
        self.warnings: list[str] = list(warnings)


def _label(schedule: Schedule, index: int) -> str:
    h = schedule.horizon
    name = f"{schedule.name} " if schedule.name else ""
    return f"#{index + 1} {name}{h.start.isoformat()}..{h.end.isoformat()}"


def _past_roster(roster: Roster, schedule: Schedule, rotations: set[str],
                 present: set[str]) -> Roster:
    data: dict[str, Any] = roster.model_dump()
    data["horizon"] = {"start": schedule.horizon.start, "end": schedule.horizon.end}
    data["rotations"] = [r for r in data["rotations"] if r["id"] in rotations]
    away_from: date = schedule.horizon.start - timedelta(days=1)
    away_to: date = schedule.horizon.end + timedelta(days=14)  # shifts may end after the horizon
    for eng in data["engineers"]:
        eng["history"] = {}
        if eng["id"] not in present:
            eng["unavailable"] = [*eng["unavailable"],
                                  {"start": away_from, "end": away_to, "reason": AWAY_REASON}]
    return Roster.model_validate(data)


def _one(roster: Roster, schedule: Schedule, label: str, warnings: list[str]) -> list[LedgerEntry]:
    known_rot = roster.rotations_by_id
    shifts_of = Counter(s.rotation for s in schedule.shifts)
    used = set(shifts_of)
    for rid in sorted(used - set(known_rot)):
        warnings.append(f"{label}: rotation {rid!r} is not in the roster; its {shifts_of[rid]} "
                        "shift(s) skipped")
    rotations = used & set(known_rot)
    if not rotations:
        warnings.append(f"{label}: no rotation of the roster in this schedule; skipped")
        return []
    seated = {a.engineer for s in schedule.shifts if s.rotation in rotations for a in s.assignments}
    listed = set(schedule.engineers) or seated
    held = Counter(a.engineer for s in schedule.shifts for a in s.assignments)
    for e in sorted((seated | listed) - set(roster.engineers_by_id)):
        warnings.append(f"{label}: engineer {e!r} is not in the roster; their {held[e]} seat(s) "
                        "skipped")
    present = listed & set(roster.engineers_by_id)
    kept = []
    for s in schedule.shifts:
        if s.rotation not in rotations:
            continue
        mine = tuple(a for a in s.assignments if a.engineer in roster.engineers_by_id)
        kept.append(s.model_copy(update={"assignments": mine}))
    past = _past_roster(roster, schedule, rotations, present)
    inst = Instance(past)
    plan = Plan.from_schedule(inst, schedule.model_copy(update={"shifts": tuple(kept)}))
    unmatched = Counter((ss.rotation, ss.start.isoformat()) for ss in plan.unknown)
    for (rid, start), n in unmatched.items():
        times = f" (listed {n} times)" if n > 1 else ""
        warnings.append(f"{label}: {rid} {start} matches no shift of the roster (handoff changed?); "
                        f"its seat(s) skipped{times}")
    metrics = engineer_metrics(plan, fair_shares(inst))
    out = []
    for e in sorted(present):
        seats_of = plan.by_engineer.get(e, [])
        shadow = sum(1 for _, role in seats_of if role == "shadow")
        m = metrics[e]
        out.append(LedgerEntry(label, e, m.burden, m.fair_share, len(seats_of) - shadow, shadow))
    return out


def _groups(roster: Roster) -> list[set[str]]:
    """Engineers linked by shared rotations (each engineer of no rotation alone)."""
    inst = Instance(roster)
    groups = [{e for rid in comp for e in eligible(inst, inst.rotation(rid))} for comp in components(inst)]
    seen = set().union(*groups) if groups else set()
    groups.extend({e.id} for e in roster.engineers if e.id not in seen)
    return [g for g in groups if g]


def _rebased(values: Mapping[str, float], groups: Iterable[set[str]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for group in groups:
        members = [e for e in group if e in values]
        if not members:
            continue
        floor = min(values[e] for e in members)
        for e in members:
            out[e] = round(values[e] - floor, 2)
    for e, v in values.items():  # engineers in no group of this roster
        out.setdefault(e, round(max(v, 0.0), 2))
    return out


def ledger(roster: Roster, schedules: Schedule | Iterable[Schedule]) -> Ledger:
    """The history each engineer of ``roster`` should carry after ``schedules`` (see module docs)."""
    items = [schedules] if isinstance(schedules, Schedule) else list(schedules)
    warnings: list[str] = []
    entries: list[LedgerEntry] = []
    for i, schedule in enumerate(items):
        try:
            entries.extend(_one(roster, schedule, _label(schedule, i), warnings))
        except FairshiftError as exc:
            warnings.append(f"{_label(schedule, i)}: cannot be read with this roster ({exc}); skipped")
    balance: dict[str, float] = {}
    shifts: dict[str, int] = {}
    shadows: dict[str, int] = {}
    for en in entries:
        balance[en.engineer] = balance.get(en.engineer, 0.0) + en.balance
        shifts[en.engineer] = shifts.get(en.engineer, 0) + en.shifts
        shadows[en.engineer] = shadows.get(en.engineer, 0) + en.shadow_shifts
    burden = _rebased(balance, _groups(roster))
    histories = {e: History(burden=burden[e], shifts=shifts[e], shadow_shifts=shadows[e])
                 for e in sorted(balance)}
    return Ledger(histories, entries, balance, warnings)


def apply_ledger(roster: Roster, ledger: Mapping[str, History]) -> Roster:
    """``roster`` with each engineer's history plus the ledger's, re-based per group of rotations.

    Engineers of the ledger who are not in ``roster`` are ignored.
    """
    summed: dict[str, float] = {}
    data: dict[str, Any] = roster.model_dump()
    for eng in data["engineers"]:
        add = ledger.get(eng["id"])
        hist = eng["history"]
        if add is not None:
            hist["burden"] = hist["burden"] + add.burden
            hist["shifts"] = hist["shifts"] + add.shifts
            hist["shadow_shifts"] = hist["shadow_shifts"] + add.shadow_shifts
        summed[eng["id"]] = hist["burden"]
    rebased = _rebased(summed, _groups(roster))
    for eng in data["engineers"]:
        eng["history"]["burden"] = rebased[eng["id"]]
    return Roster.model_validate(data)


def history_yaml(roster: Roster, *, comment: str = "") -> str:
    """A YAML snippet ``engineers: [{id, history}]`` with every engineer's history in ``roster``."""
    lines = [f"# {line}" for line in comment.splitlines()]
    lines.append("engineers:")
    for eng in roster.engineers:
        h = eng.history
        lines.append(f"  - {{id: {eng.id}, history: {{burden: {round(h.burden, 2)}, shifts: {h.shifts}, "
                     f"shadow_shifts: {h.shadow_shifts}}}}}")
    return "\n".join(lines) + "\n"
