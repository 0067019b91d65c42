"""Shared data of the integration tests: a roster with pager identities, and helpers.

Two rotations across the March 2027 daylight-saving changes (US on the 14th, EU on the 28th): a
weekly Los Angeles rotation with a primary and a secondary, each pushed to its own tool schedule,
and a daily two-shift Budapest rotation. One engineer has a hostile name.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from fairshift.domain.schedule import Schedule

HOSTILE = 'Doe, Jane; "JD" \\ back'

ENGINEERS = [
    ("anna", "Anna Kovacs", "Europe/Budapest", "PANNA01"),
    ("bob", "Bob Stone", "America/Los_Angeles", "PBOB002"),
    ("cara", "Cara Diaz", "America/Los_Angeles", "PCARA03"),
    ("dan", "Dan Evans", "Europe/Budapest", "PDAN004"),
    ("eve", "Eve Adams", "Europe/Budapest", "PEVE005"),
    ("fay", HOSTILE, "America/Los_Angeles", "PFAY006"),
    ("gus", "Gus Berg", "Europe/Budapest", "PGUS007"),
    ("hal", "Hal Moss", "America/Los_Angeles", "PHAL008"),
]

ROSTER: dict[str, Any] = {
    "name": "Pager Org",
    "horizon": {"start": "2027-01-04", "end": "2027-04-05"},
    "engineers": [
        {"id": eid, "name": name, "timezone": tz, "email": f"{eid}@example.com",
         "pager": {"pagerduty": pd, "opsgenie": f"{eid}@example.com",
                   "goalert": f"00000000-0000-4000-8000-{i:012d}", "grafana": f"{eid}.grafana"}}
        for i, (eid, name, tz, pd) in enumerate(ENGINEERS, 1)
    ],
    "teams": [
        {"id": "payments", "members": ["anna", "bob", "cara", "dan"]},
        {"id": "platform", "members": ["eve", "fay", "gus", "hal"]},
    ],
    "rotations": [
        {"id": "payments-weekly", "team": "payments", "every": "week", "handoff": "mon 09:00",
         "timezone": "America/Los_Angeles", "roles": {"primary": 1, "secondary": 1},
         "pager": {"pagerduty": {"primary": "PPAYPRI", "secondary": "PPAYSEC"},
                   "opsgenie": {"primary": "payments", "secondary": "payments-backup"},
                   "goalert": {"primary": "11111111-1111-4111-8111-111111111111"},
                   "grafana": {"primary": "SPAYPRI", "secondary": "SPAYSEC"}}},
        {"id": "platform-daily", "team": "platform", "every": "day", "handoff": ["07:00", "19:00"],
         "timezone": "Europe/Budapest",
         "pager": {"pagerduty": "PPLATFO", "opsgenie": "2f1b7c4e-0000-4000-8000-000000000001",
                   "goalert": "22222222-2222-4222-8222-222222222222", "grafana": "SPLATFO"}},
    ],
}


def roster_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(ROSTER)
    data.update(changes)
    return data


def reassign(schedule: Schedule, changes: dict[tuple[int, str], str]) -> Schedule:
    """A copy of ``schedule`` where ``changes[(shift index, role)]`` is the new engineer."""
    data = schedule.model_dump(mode="json")
    for (index, role), engineer in changes.items():
        for a in data["shifts"][index]["assignments"]:
            if a["role"] == role:
                a["engineer"] = engineer
    return Schedule.model_validate(data)


def seat_map(schedule: Schedule) -> dict[tuple[str, str, str], str]:
    """(rotation, start in UTC ISO, role) -> engineer, for one-seat roles (spelled out here)."""
    from datetime import UTC

    out = {}
    for s in schedule.shifts:
        for a in s.assignments:
            key = (s.rotation, s.start.astimezone(UTC).isoformat(), a.role)
            assert key not in out, f"two seats of one role: {key}"
            out[key] = a.engineer
    return out


CONTRACTS = Path(__file__).resolve().parent / "contracts"


def load_contract(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONTRACTS / name).read_text(encoding="utf-8"))
    return data
