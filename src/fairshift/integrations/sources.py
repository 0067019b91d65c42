"""``fairshift import``: one function from a source's text to an :class:`ImportResult`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

from fairshift.domain.roster import Roster
from fairshift.integrations import goalert, grafana, opsgenie, pagerduty
from fairshift.integrations.entries import ImportResult, OnCallEntry, build_schedule
from fairshift.integrations.errors import ImportFormatError, IntegrationError
from fairshift.integrations.ical import read_ics
from fairshift.time.tz import wall_clock

__all__ = ["IMPORT_FORMATS", "import_schedule"]

Reader = Callable[..., tuple[list[OnCallEntry], list[str]]]
_JSON_READERS: dict[str, Reader] = {
    "pagerduty": pagerduty.read_schedule,
    "opsgenie": opsgenie.read_timeline,
    "goalert": goalert.read_shifts,
    "grafana": grafana.read_final_shifts,
}
IMPORT_FORMATS = ("ics", *_JSON_READERS)


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise ImportFormatError(f"{source}: the JSON is nested too deeply") from None


def import_schedule(fmt: str, text: str, roster: Roster, *, rotation: str | None = None,
                    role: str = "primary", source: str = "source", start: date | None = None,
                    end: date | None = None) -> ImportResult:
    """Read ``text`` (format ``fmt``: one of :data:`IMPORT_FORMATS`) into a fairshift schedule."""
    if fmt not in IMPORT_FORMATS:
        raise IntegrationError(f"unknown import format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")
    if fmt == "ics":
        rot = roster.rotations_by_id.get(rotation) if rotation else None
        tz = rot.timezone if rot is not None else "UTC"
        lo = wall_clock(start or roster.horizon.start, time(0), tz)
        hi = wall_clock(end or roster.horizon.end, time(0), tz)
        # a week more on both sides: a shift that straddles the window still counts in full
        entries, notes = read_ics(text, source=source, tz=tz, start=lo - timedelta(days=8),
                                  end=hi + timedelta(days=8))
        tool = None
    else:
        entries, notes = _JSON_READERS[fmt](_json(text, source), source=source)
        tool = fmt
    result = build_schedule(roster, entries, rotation=rotation, role=role, tool=tool, source=source,
                            start=start, end=end)
    return ImportResult(result.schedule, result.problems, (*notes, *result.notes))

