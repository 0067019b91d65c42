"""Triage slots (:mod:`fairshift.workflows.triage`) as table rows, Markdown and JSON.

One row per day: the date, the window in the reference zone, each person's local start time
(``anna 17:00``), and the verdict: ``common slot``, or ``no common slot: <who> outside (<why>,
<minutes> min)`` for the least-bad window.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from fairshift.exports.report_md import md
from fairshift.time.tz import zone
from fairshift.workflows.triage import TriageDay, runs

__all__ = ["TRIAGE_HEADER", "triage_json", "triage_markdown", "triage_rows", "verdict"]

TRIAGE_HEADER = ("Date", "Window", "Local start", "Verdict")


def verdict(day: TriageDay) -> str:
    """``common slot`` or ``no common slot: ...`` naming who is outside, why and for how long."""
    if day.common:
        return "common slot"
    who = "; ".join(f"{a.engineer} outside ({a.reason}, {a.outside_minutes} min)" for a in day.outside)
    return f"no common slot: {who}"


def triage_rows(days: Sequence[TriageDay], timezone: str) -> list[tuple[str, str, str, str]]:
    """(date, window in ``timezone``, local starts, verdict) for each day."""
    tz = zone(timezone)
    rows = []
    for d in days:
        a, b = d.start.astimezone(tz), d.end.astimezone(tz)
        people = ", ".join(f"{x.engineer} {x.local_start:%H:%M}" for x in d.attendees)
        rows.append((f"{d.day:%a %Y-%m-%d}", f"{a:%H:%M}-{b:%H:%M}", people, verdict(d)))
    return rows


def triage_markdown(days: Sequence[TriageDay], timezone: str) -> str:
    """A Markdown table of the days, then the runs of days with the same window."""
    lines = [f"Windows in {md(timezone)}; each person's start on their own clock.", "",
             "| " + " | ".join(TRIAGE_HEADER) + " |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in triage_rows(days, timezone)]
    lines += ["", "Runs:", ""]
    for r in runs(days, timezone):
        span = r.first.isoformat() if r.first == r.last else f"{r.first.isoformat()} .. {r.last.isoformat()}"
        lines.append(f"- {span}: {r.start:%H:%M} {md(timezone)}, "
                     f"{'common slot' if r.common else 'no common slot'} ({r.days} day{'s' * (r.days != 1)})")
    return "\n".join(lines) + "\n"


def triage_json(days: Sequence[TriageDay]) -> str:
    """The days as JSON: instants in UTC, local starts with their offsets."""
    data = [{"date": d.day.isoformat(), "start": d.start.isoformat(), "end": d.end.isoformat(),
             "common": d.common, "outside_minutes": d.outside_minutes,
             "attendees": [{"engineer": a.engineer, "timezone": a.timezone,
                            "local_start": a.local_start.isoformat(), "local_end": a.local_end.isoformat(),
                            "outside_minutes": a.outside_minutes, "reason": a.reason} for a in d.attendees]}
            for d in days]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
