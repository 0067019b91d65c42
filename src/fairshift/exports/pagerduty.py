"""PagerDuty export: the body of REST API v2 ``POST /schedules/{id}/overrides``. No network calls.

::

    {"overrides": [{"start": "2027-01-04T09:00:00-08:00", "end": "2027-01-11T09:00:00-08:00",
                    "user": {"id": "PABC123", "type": "user_reference"}}]}

One override per assigned seat of one role (``primary`` by default) of one rotation: a PagerDuty
schedule is one rotation, so a schedule with several rotations needs ``rotation``. User ids come
from a mapping (engineer id -> PagerDuty user id, see :func:`load_user_map`); without one the
engineer id is used. With a mapping, every exported engineer must be in it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import check_filters, local_time, seats, select
from fairshift.exports.errors import ExportError
from fairshift.io.files import read_text_file

__all__ = ["load_user_map", "overrides_body", "to_pagerduty"]


def load_user_map(path: str | Path) -> dict[str, str]:
    """Read ``engineer id: PagerDuty user id`` pairs from a YAML (or JSON) file.

    The mapping may be the whole file or under a top-level ``users:`` key.
    """
    from fairshift.errors import RosterError
    from fairshift.io.yaml import read_yaml

    p = Path(path)
    text = read_text_file(p, "user map", lambda problem: ExportError(str(problem)))
    try:  # the guarded reader: bounded aliases and nesting, located errors
        data, _positions = read_yaml(text, str(p))
    except RosterError as exc:
        raise ExportError("\n".join(str(problem) for problem in exc.problems)) from None
    if isinstance(data, Mapping) and set(data) == {"users"}:
        data = data["users"]
    if not isinstance(data, Mapping):
        raise ExportError(f"{p}: expected a mapping of engineer id to PagerDuty user id")
    out: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ExportError(f"{p} {key}: the PagerDuty user id must be a non-empty string, got {value!r}")
        out[str(key)] = value.strip()
    return out


def overrides_body(schedule: Schedule, *, roster: Roster | None = None, rotation: str | None = None,
                   engineer: str | None = None, role: str = "primary",
                   user_map: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The request body as a dict."""
    check_filters(schedule, roster, engineer=engineer, rotation=rotation)
    chosen = select(seats(schedule), engineer=engineer, rotation=rotation, role=role)
    rotations = sorted({s.rotation for s in chosen})
    if len(rotations) > 1:
        raise ExportError("a PagerDuty override body is for one PagerDuty schedule; pick one rotation "
                          f"with --rotation ({', '.join(rotations)})")
    if not chosen:
        roles = sorted({s.role for s in select(seats(schedule), rotation=rotation)})
        if roles and role not in roles:
            raise ExportError(f"no seat has the role {role!r}; roles: {', '.join(roles)}")
    if user_map is not None:
        missing = sorted({s.engineer for s in chosen} - set(user_map))
        if missing:
            raise ExportError("no PagerDuty user id in the user map for: " + ", ".join(missing))
    overrides = []
    for seat in sorted(chosen, key=lambda s: (s.start_utc, s.index)):
        user = user_map[seat.engineer] if user_map is not None else seat.engineer
        overrides.append({
            "start": local_time(seat.start, seat.rotation, roster).isoformat(),
            "end": local_time(seat.end, seat.rotation, roster).isoformat(),
            "user": {"id": user, "type": "user_reference"},
        })
    return {"overrides": overrides}


def to_pagerduty(schedule: Schedule, *, roster: Roster | None = None, rotation: str | None = None,
                 engineer: str | None = None, role: str = "primary",
                 user_map: Mapping[str, str] | None = None) -> str:
    """The request body as JSON text."""
    body = overrides_body(schedule, roster=roster, rotation=rotation, engineer=engineer, role=role,
                          user_map=user_map)
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
