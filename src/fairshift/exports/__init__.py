"""Exports of a schedule: iCalendar, CSV, JSON, PagerDuty overrides, Markdown/HTML reports, plots.

>>> from fairshift.exports import FORMATS
>>> FORMATS
('ics', 'csv', 'json', 'pagerduty', 'markdown', 'html')

Optional dependencies are imported lazily: ``icalendar`` for ``ics`` (``pip install fairshift[ics]``)
and ``matplotlib`` for plots (``pip install fairshift[plots]``); without them the other exports work
and these raise :class:`MissingDependencyError` with the install hint. See ``docs/exports.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import Seat, event_uid, seats
from fairshift.exports.csv_export import neutralise, to_csv
from fairshift.exports.errors import ExportError, MissingDependencyError
from fairshift.exports.handoff import handoff_markdown, handoff_slack, slack_escape
from fairshift.exports.ics import to_ics
from fairshift.exports.pagerduty import load_user_map, overrides_body, to_pagerduty
from fairshift.exports.pay import pay_csv, pay_html, pay_markdown
from fairshift.exports.plots import PlotFile, offhours_by_local_hour, render_plots, write_plots
from fairshift.exports.report import build_report, to_html, to_markdown
from fairshift.exports.schedule_json import to_schedule_json, with_sequences
from fairshift.exports.triage import triage_markdown
from fairshift.io.files import atomic_write_text

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "MissingDependencyError",
    "OPTION_FORMATS",
    "PlotFile",
    "Seat",
    "event_uid",
    "export_schedule",
    "handoff_markdown",
    "handoff_slack",
    "load_user_map",
    "neutralise",
    "offhours_by_local_hour",
    "overrides_body",
    "pay_csv",
    "pay_html",
    "pay_markdown",
    "render",
    "render_plots",
    "seats",
    "slack_escape",
    "to_csv",
    "to_html",
    "to_ics",
    "to_markdown",
    "to_pagerduty",
    "to_schedule_json",
    "triage_markdown",
    "with_sequences",
    "write_plots",
]

ExportFormat = Literal["ics", "csv", "json", "pagerduty", "markdown", "html"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
NEEDS_ROSTER = frozenset({"csv", "markdown", "html"})
#: The formats that use each option of :func:`render` (another format refuses it).
OPTION_FORMATS: dict[str, tuple[str, ...]] = {
    "previous": ("ics", "json"),
    "role": ("ics", "csv", "json", "pagerduty"),
    "user_map": ("pagerduty",),
    "raw": ("csv",),
    "stamp": ("ics",),
}


def render(schedule: Schedule, fmt: str, *, roster: Roster | None = None, engineer: str | None = None,
           rotation: str | None = None, previous: Schedule | None = None, role: str | None = None,
           user_map: Mapping[str, str] | None = None, raw: bool = False,
           stamp: datetime | None = None) -> str:
    """The export as text; nothing is written. An option the format does not use is an ExportError.

    ``role`` keeps one role's seats (pagerduty: default ``primary``, the others: every role).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    given = {"previous": previous, "role": role, "user_map": user_map, "raw": raw or None, "stamp": stamp}
    unused = [k for k, v in given.items() if v is not None and fmt not in OPTION_FORMATS[k]]
    if unused:
        raise ExportError(f"the {fmt} export does not use {', '.join(unused)}")
    if fmt in ("markdown", "html"):
        if roster is None:
            raise ExportError(f"the {fmt} report needs the roster (names, fair shares)")
        data = build_report(schedule, roster, engineer=engineer, rotation=rotation)
        return to_markdown(data) if fmt == "markdown" else to_html(data)
    if fmt == "ics":
        return to_ics(schedule, roster=roster, engineer=engineer, rotation=rotation, previous=previous,
                      stamp=stamp, role=role)
    if fmt == "csv":
        return to_csv(schedule, roster=roster, engineer=engineer, rotation=rotation, raw=raw, role=role)
    if fmt == "pagerduty":
        return to_pagerduty(schedule, roster=roster, rotation=rotation, engineer=engineer,
                            role=role or "primary",
                            user_map=user_map)
    return to_schedule_json(schedule, roster=roster, previous=previous, engineer=engineer, rotation=rotation,
                            role=role)


def export_schedule(schedule: Schedule, fmt: str, *, out: str | Path | None = None,
                    roster: Roster | None = None, engineer: str | None = None, rotation: str | None = None,
                    previous: Schedule | None = None, role: str | None = None,
                    user_map: Mapping[str, str] | None = None, raw: bool = False,
                    stamp: datetime | None = None) -> str:
    """Render ``schedule`` as ``fmt`` and, with ``out``, write it atomically; returns the text.

    The whole text is rendered before the file is touched, and the file is replaced by an atomic
    rename, so a failure never leaves a half-written (or any new) file behind.
    """
    text = render(schedule, fmt, roster=roster, engineer=engineer, rotation=rotation, previous=previous,
                  role=role, user_map=user_map, raw=raw, stamp=stamp)
    if out is not None:
        atomic_write_text(out, text)
    return text
