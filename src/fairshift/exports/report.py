"""A human report of a schedule, as Markdown or as one standalone HTML file.

Contents: the solver's status and any solver figures found in the schedule JSON (extra top-level
keys, e.g. ``stages``: a list of ``{component, name, status, value, bound, seconds}``); per rotation
a table of shifts (week or day, local start and end, assignees by role); per engineer the
fairness metrics of :func:`fairshift.domain.fairness.engineer_metrics` (shifts, hours, weekend, holiday,
off-hours and night hours, burden, fair share, excess) and their shifts on their own clock.

Every piece of user text is escaped: ``html.escape`` in HTML; in Markdown, ``<``, ``>`` and ``&``
become entities and Markdown punctuation is backslash-escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from fairshift.domain.fairness import EngineerMetrics, engineer_metrics
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import check_filters, display_names, fit_roster
from fairshift.time.tz import zone

__all__ = ["EngineerSection", "ReportData", "RotationSection", "ShiftRow", "build_report", "to_html",
           "to_markdown"]

_STAGE_COLUMNS = ("task", "step", "component", "name", "status", "value", "bound", "seconds")
_METRIC_COLUMNS = ("Engineer", "Shifts", "Hours", "Weekend h", "Holiday h", "Off-hours h", "Night h",
                   "Burden", "Fair share", "Excess")
_DAY = "%a %Y-%m-%d %H:%M"


@dataclass(frozen=True)
class ShiftRow:
    label: str
    start: str
    end: str
    assignees: tuple[str, ...]  # one cell per role: names joined by ", "; "" when unfilled


@dataclass(frozen=True)
class RotationSection:
    id: str
    name: str
    timezone: str
    every: str
    roles: tuple[str, ...]
    rows: tuple[ShiftRow, ...]


@dataclass(frozen=True)
class EngineerSection:
    id: str
    name: str
    timezone: str
    metrics: EngineerMetrics
    shifts: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, as plain (unescaped) text and numbers."""

    title: str
    horizon: str
    status: str
    solver: tuple[tuple[str, str], ...]
    stages: tuple[dict[str, str], ...]
    rotations: tuple[RotationSection, ...]
    engineers: tuple[EngineerSection, ...]
    notes: tuple[str, ...]

    @property
    def max_excess(self) -> float:
        return max((e.metrics.excess for e in self.engineers), default=0.0)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _solver_figures(schedule: Schedule) -> tuple[tuple[tuple[str, str], ...], tuple[dict[str, str], ...]]:
    extra = schedule.model_extra or {}
    figures = tuple((k, _fmt(v)) for k, v in extra.items()
                    if k != "stages" and isinstance(v, str | int | float | bool))
    stages: list[dict[str, str]] = []
    raw = extra.get("stages")
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict):
                stages.append({k: _fmt(v) for k, v in item.items()
                               if isinstance(v, str | int | float | bool)})
    return figures, tuple(stages)


def build_report(schedule: Schedule, roster: Roster, *, engineer: str | None = None,
                 rotation: str | None = None) -> ReportData:
    """Collect the report's content (metrics from :func:`fairshift.domain.fairness.engineer_metrics`)."""
    check_filters(schedule, roster, engineer=engineer, rotation=rotation)
    r = fit_roster(roster, schedule)
    plan = Plan.from_schedule(Instance(r), schedule)
    metrics = engineer_metrics(plan)
    names = display_names(schedule, r)
    notes: list[str] = []
    if plan.unknown:
        notes.append(f"{len(plan.unknown)} scheduled shift(s) match no shift of the roster and are "
                     "left out of the metrics")

    rotations: list[RotationSection] = []
    ids = [x.id for x in r.rotations] + sorted({s.rotation for s in schedule.shifts} - set(r.rotations_by_id))
    for rid in ids:
        if rotation is not None and rid != rotation:
            continue
        rot = r.rotations_by_id.get(rid)
        shifts = sorted((s for s in schedule.shifts if s.rotation == rid), key=lambda s: s.key[1])
        roles = list(rot.roles) if rot is not None else []
        for s in shifts:
            roles += [a.role for a in s.assignments if a.role not in roles]
        tz = zone(rot.timezone) if rot is not None else None
        every = rot.every if rot is not None else "shift"
        rows = []
        for s in shifts:
            start = s.start.astimezone(tz) if tz is not None else s.start
            end = s.end.astimezone(tz) if tz is not None else s.end
            iso = start.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}" if every == "week" else start.date().isoformat()
            cells = tuple(", ".join(names.get(e, e) for e in s.engineers(role)) for role in roles)
            rows.append(ShiftRow(label, start.strftime(_DAY), end.strftime(_DAY), cells))
        rotations.append(RotationSection(
            rid, (rot.name if rot is not None and rot.name else rid),
            rot.timezone if rot is not None else "as scheduled", every, tuple(roles), tuple(rows)))

    pool = set(r.pool(rotation)) if rotation is not None and rotation in r.rotations_by_id else None
    engineers: list[EngineerSection] = []
    for eng in r.engineers:
        if (engineer is not None and eng.id != engineer) or (pool is not None and eng.id not in pool):
            continue
        ez = zone(eng.timezone)
        lines = tuple(
            f"{s.rotation} {role}: {s.start.astimezone(ez).strftime(_DAY)} – "
            f"{s.end.astimezone(ez).strftime(_DAY)}"
            for s, role in plan.by_engineer.get(eng.id, []))
        engineers.append(EngineerSection(eng.id, names.get(eng.id, eng.id), eng.timezone, metrics[eng.id],
                                         lines))

    figures, stages = _solver_figures(schedule)
    if rotation is not None or engineer is not None:  # the stages speak of whole models
        stages = ()
    h = schedule.horizon
    return ReportData(
        title=schedule.name or r.name,
        horizon=f"{h.start.isoformat()} .. {h.end.isoformat()} (end exclusive)",
        status=schedule.status, solver=figures, stages=stages, rotations=tuple(rotations),
        engineers=tuple(engineers), notes=tuple(notes))


def _metric_cells(e: EngineerSection) -> tuple[str, ...]:
    m = e.metrics
    return (str(m.shifts), f"{m.hours:.1f}", f"{m.weekend_hours:.1f}", f"{m.holiday_hours:.1f}",
            f"{m.off_hours:.1f}", f"{m.night_hours:.1f}", f"{m.burden:.1f}", f"{m.fair_share:.1f}",
            f"{m.excess:+.1f}")


# --- Markdown -------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str) -> str:
    """Escape user text for Markdown (tables included).

    >>> md("<script>a|b</script> *x*")
    '&lt;script&gt;a\\\\|b&lt;/script&gt; \\\\*x\\\\*'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.splitlines())


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]], right_from: int = 1) -> list[str]:
    align = tuple("---" if i < right_from else "---:" for i in range(len(header)))
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def to_markdown(data: ReportData) -> str:
    """The report as GitHub-flavoured Markdown."""
    lines = [f"# On-call report: {md(data.title)}", "",
             f"- Horizon: {md(data.horizon)}", f"- Status: **{md(data.status)}**"]
    lines += [f"- {md(k)}: {md(v)}" for k, v in data.solver]
    if data.engineers:
        lines.append(f"- Largest excess over fair share: {data.max_excess:.1f} h")
    lines += [f"- Note: {md(n)}" for n in data.notes]
    if data.stages:
        cols = tuple(c for c in _STAGE_COLUMNS if any(c in s for s in data.stages))
        cols += tuple(sorted({k for s in data.stages for k in s} - set(cols)))
        lines += ["", "## Solver stages", ""]
        lines += _md_table(tuple(md(c) for c in cols),
                           [tuple(md(s.get(c, "")) for c in cols) for s in data.stages], right_from=3)
    for rot in data.rotations:
        lines += ["", f"## Rotation {md(rot.name)}", "",
                  f"Every {md(rot.every)}, times in {md(rot.timezone)}.", ""]
        header = ("Week" if rot.every == "week" else "Day", "Start", "End", *(md(r) for r in rot.roles))
        rows = [(md(r.label), md(r.start), md(r.end), *(md(c) if c else "—" for c in r.assignees))
                for r in rot.rows]
        lines += _md_table(header, rows, right_from=len(header))
    if data.engineers:
        lines += ["", "## Engineers", "", "Hours on each engineer's own clock; burden and fair share in "
                  "weighted hours; excess = burden − fair share.", ""]
        lines += _md_table(_METRIC_COLUMNS,
                           [(f"{md(e.name)} ({md(e.id)})", *_metric_cells(e)) for e in data.engineers])
        lines += ["", "## Shifts by engineer"]
        for e in data.engineers:
            lines += ["", f"### {md(e.name)} ({md(e.id)}, {md(e.timezone)})", ""]
            lines += [f"- {md(s)}" for s in e.shifts] or ["- no shifts"]
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d232a;max-width:80rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem}
th{background:#f3f5f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.over{color:#b42318;font-weight:600}td.empty{color:#b42318}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}
details{margin:.3rem 0}summary{cursor:pointer}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    out = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(row) + "</tr>" for row in rows]
    out += ["</tbody>", "</table>"]
    return out


def to_html(data: ReportData) -> str:
    """The report as one standalone HTML file (inline CSS, no scripts, no external assets)."""
    title = f"On-call report: {data.title}"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{_e(title)}</h1>", "<dl>",
             f"<dt>Horizon</dt><dd>{_e(data.horizon)}</dd>", f"<dt>Status</dt><dd>{_e(data.status)}</dd>"]
    parts += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in data.solver]
    if data.engineers:
        parts.append(f"<dt>Largest excess</dt><dd>{data.max_excess:.1f} h over fair share</dd>")
    parts += [f"<dt>Note</dt><dd>{_e(n)}</dd>" for n in data.notes]
    parts.append("</dl>")
    if data.stages:
        cols = tuple(c for c in _STAGE_COLUMNS if any(c in s for s in data.stages))
        cols += tuple(sorted({k for s in data.stages for k in s} - set(cols)))
        parts.append("<h2>Solver stages</h2>")
        parts += _html_table(cols, [[f"<td>{_e(s.get(c, ''))}</td>" for c in cols] for s in data.stages])
    for rot in data.rotations:
        parts += [f"<h2>Rotation {_e(rot.name)}</h2>",
                  f"<p>Every {_e(rot.every)}, times in {_e(rot.timezone)}.</p>"]
        header = ("Week" if rot.every == "week" else "Day", "Start", "End", *rot.roles)
        rows = [[f"<td>{_e(r.label)}</td>", f"<td>{_e(r.start)}</td>", f"<td>{_e(r.end)}</td>",
                 *(f"<td>{_e(c)}</td>" if c else '<td class="empty">unfilled</td>' for c in r.assignees)]
                for r in rot.rows]
        parts += _html_table(header, rows)
    if data.engineers:
        parts += ["<h2>Engineers</h2>",
                  "<p>Hours on each engineer's own clock; burden and fair share in weighted hours; "
                  "excess = burden − fair share.</p>"]
        rows = []
        for e in data.engineers:
            cells = _metric_cells(e)
            over = ' over' if e.metrics.excess > 0.05 else ''
            rows.append([f"<td>{_e(e.name)} ({_e(e.id)})</td>",
                         *(f'<td class="n">{_e(c)}</td>' for c in cells[:-1]),
                         f'<td class="n{over}">{_e(cells[-1])}</td>'])
        parts += _html_table(_METRIC_COLUMNS, rows)
        parts.append("<h2>Shifts by engineer</h2>")
        for e in data.engineers:
            items = "".join(f"<li>{_e(s)}</li>" for s in e.shifts) or "<li>no shifts</li>"
            parts.append(f"<details><summary>{_e(e.name)} ({_e(e.id)}, {_e(e.timezone)}): "
                         f"{len(e.shifts)} shift(s)</summary><ul>{items}</ul></details>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
