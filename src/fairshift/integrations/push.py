"""What every push shares: the seats wanted in each tool schedule, the state file, the plan, the report.

A pushed seat is tracked by a **stable key**, its iCalendar UID (rotation, start instant, role and
seat number: :func:`fairshift.exports.common.event_uid`), within the tool schedule it went to.
The **state file** (``--state``, JSON, no secrets) remembers, per tool schedule and key, the override
fairshift created (its id in the tool, start, end, user). A push compares the seats wanted with
the state:

* a seat recorded with the same start, end and user is left alone (a second identical push sends
  no request at all);
* a recorded override whose seat changed or is no longer wanted is deleted, and the changed seat is
  created again; overrides fairshift did not create are never touched;
* only seats that end after ``now`` are pushed, and only overrides of the pushed window (the
  schedule's horizon, read in each rotation's zone, and its shifts) are deleted: the past and
  other quarters stay as they are.

Each request that fails is reported on its own; the others go on, and the state keeps exactly
what was done.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import check_filters, seats, select
from fairshift.integrations.errors import IntegrationError
from fairshift.integrations.http import ApiRequest
from fairshift.io.files import atomic_write_text, read_text_file
from fairshift.time.tz import wall_clock

__all__ = ["PushPlan", "PushReport", "PushState", "Recorded", "Wanted", "plan_push", "wanted_seats"]


@dataclass(frozen=True)
class Wanted:
    """One seat as an override in a tool schedule: ``user`` is the engineer's id in the tool."""

    key: str
    target: str
    rotation: str
    role: str
    start: datetime
    end: datetime
    engineer: str
    user: str
    timezone: str

    def same(self, rec: Recorded) -> bool:
        return (rec.user, _utc(rec.start), _utc(rec.end)) == (self.user, self.start, self.end)


@dataclass(frozen=True)
class Recorded:
    """An override fairshift created earlier, as remembered in the state file."""

    id: str
    start: str
    end: str
    user: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "start": self.start, "end": self.end, "user": self.user}


def _utc(text: str) -> datetime:
    from fairshift.integrations.entries import parse_instant_text

    return parse_instant_text(text, "state")


@dataclass
class PushState:
    """``overrides[target][key] = Recorded`` for one tool, read from and written to a JSON file."""

    tool: str
    overrides: dict[str, dict[str, Recorded]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None, tool: str) -> PushState:
        if path is None or not Path(path).exists():
            return cls(tool)
        text = read_text_file(path, "push state", lambda problem: IntegrationError(str(problem)))
        try:
            data = json.loads(text)
            if data.get("tool") != tool:
                raise IntegrationError(f"{path}: this is the state of a {data.get('tool')!r} push, "
                                       f"not {tool!r}; give each tool its own --state file")
            overrides = {target: {key: Recorded(**rec) for key, rec in items.items()}
                         for target, items in data.get("overrides", {}).items()}
        except (ValueError, TypeError, AttributeError) as exc:
            raise IntegrationError(f"{path}: not a fairshift push state file ({exc})") from None
        return cls(tool, overrides)

    def save(self, path: str | Path) -> None:
        data = {"version": 1, "tool": self.tool, "overrides": {
            t: {k: r.as_dict() for k, r in sorted(items.items())}
            for t, items in sorted(self.overrides.items()) if items}}
        atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class PushPlan:
    """What a push will do: ``deletes`` (target, key, recorded), ``creates``, and how many are kept."""

    creates: tuple[Wanted, ...]
    deletes: tuple[tuple[str, str, Recorded], ...]
    kept: int
    skipped_past: int = 0

    @property
    def empty(self) -> bool:
        return not self.creates and not self.deletes


@dataclass
class PushReport:
    """What a push did (or, with ``dry_run``, would do): each request, and each failure on its own."""

    tool: str
    requests: list[ApiRequest] = field(default_factory=list)
    created: int = 0
    deleted: int = 0
    updated: int = 0
    kept: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        parts = [f"{self.tool}: {verb} {len(self.requests)} request(s)"]
        if not self.dry_run:
            parts.append(f"{self.created} created, {self.updated} updated, {self.deleted} deleted, "
                         f"{self.kept} unchanged")
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        return "; ".join(parts)


def _users(roster: Roster, tool: str, engineers: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    missing: list[str] = []
    for eid in sorted(set(engineers)):
        eng = roster.engineers_by_id.get(eid)
        value = eng.pager.of(tool) if eng is not None else None
        if value is None and eng is not None and tool in ("opsgenie", "grafana"):
            value = eng.email  # both tools take the login e-mail as the username
        if value is None:
            missing.append(eid)
        else:
            out[eid] = value
    if missing:
        field_name = f"engineers[].pager.{tool}" + (" (or email)" if tool in ("opsgenie", "grafana") else "")
        raise IntegrationError(f"no {tool} user for: {', '.join(missing)}; add {field_name} to the roster")
    return out


def wanted_seats(schedule: Schedule, roster: Roster, tool: str, *, now: datetime,
                 rotation: str | None = None, role: str | None = None,
                 one_per_seat: bool = True) -> tuple[list[Wanted], dict[str, tuple[datetime, datetime]], int]:
    """The seats to push, each tool schedule's window, and how many seats ended before ``now``.

    Every (rotation, role) mapped to a schedule of ``tool`` in ``rotations[].pager`` is pushed
    (only ``rotation``/``role`` when given). With ``one_per_seat``, a role of several seats is
    refused: a PagerDuty or Opsgenie schedule pages one person at a time.
    """
    check_filters(schedule, roster, rotation=rotation)
    targets: list[tuple[str, str, str]] = []
    for rot in roster.rotations:
        if rotation is not None and rot.id != rotation:
            continue
        for rl, target in rot.pager.targets(tool).items():
            if role is None or rl == role:
                targets.append((rot.id, rl, target))
    if not targets:
        which = f"{rotation} " if rotation else ""
        raise IntegrationError(f"no rotation {which}is mapped to a {tool} schedule"
                               + (f" for the role {role!r}" if role else "")
                               + f"; add rotations[].pager.{tool} to the roster")
    chosen = []
    windows: dict[str, tuple[datetime, datetime]] = {}
    past = 0
    for rid, rl, target in targets:
        rot = roster.rotations_by_id[rid]
        if one_per_seat and rot.roles.get(rl, 0) > 1:
            raise IntegrationError(f"{rid} {rl} has {rot.roles[rl]} seats, but a {tool} schedule pages one "
                                   "person at a time; map one role of one seat per schedule")
        shifts = [s for s in schedule.shifts if s.rotation == rid]
        lo = min([wall_clock(schedule.horizon.start, time(0), rot.timezone), *(s.start for s in shifts)])
        hi = max([wall_clock(schedule.horizon.end, time(0), rot.timezone), *(s.end for s in shifts)])
        old = windows.get(target)
        windows[target] = (min(lo, old[0]), max(hi, old[1])) if old else (lo, hi)
        for seat in select(seats(schedule), rotation=rid, role=rl):
            if seat.end_utc <= now:
                past += 1
            else:
                chosen.append((seat, target, rot.timezone))
    users = _users(roster, tool, (seat.engineer for seat, _, _ in chosen))
    out = [Wanted(seat.uid, target, seat.rotation, seat.role, seat.start_utc, seat.end_utc, seat.engineer,
                  users[seat.engineer], tz) for seat, target, tz in chosen]
    return out, windows, past


def plan_push(wanted: Sequence[Wanted], state: PushState, windows: dict[str, tuple[datetime, datetime]],
              *, now: datetime) -> PushPlan:
    """Compare the seats wanted with what fairshift pushed before (see the module docs)."""
    by_target: dict[str, dict[str, Wanted]] = {}
    for w in wanted:
        by_target.setdefault(w.target, {})[w.key] = w
    creates: list[Wanted] = []
    deletes: list[tuple[str, str, Recorded]] = []
    kept = 0
    for target in sorted(set(by_target) | set(windows)):
        want = by_target.get(target, {})
        recorded = state.overrides.get(target, {})
        lo, hi = windows.get(target, (now, now))
        for key, rec in sorted(recorded.items()):
            seat = want.get(key)
            if seat is not None and seat.same(rec):
                kept += 1
                continue
            if _utc(rec.end) > now and (seat is not None or lo <= _utc(rec.start) < hi):
                deletes.append((target, key, rec))
        creates += [w for key, w in want.items() if not (key in recorded and w.same(recorded[key]))]
    creates.sort(key=lambda w: (w.target, w.start, w.key))
    return PushPlan(tuple(creates), tuple(deletes), kept)

