"""The report (:mod:`fairshift.exports.report`) as one standalone HTML file.

Inline CSS and inline SVG, no scripts, no links to other files: it opens offline and makes no
request. Elements carry ``data-`` attributes for tools (and the browser test): every person's row
and bar ``data-engineer``, every calendar entry ``data-rotation``, ``data-start`` (UTC),
``data-role`` and ``data-engineers``.
"""

from __future__ import annotations

import html

from fairshift.exports.calendar import CalendarView, Day, Entry
from fairshift.exports.report_data import Person, ReportData
from fairshift.exports.svg import burden_bars

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d232a;max-width:84rem}
h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem}
th{background:#f3f5f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.over,.over{color:#b42318;font-weight:600}.empty{color:#b42318}
.verdict{border-left:6px solid #8c959f;padding:.4rem 1rem;background:#f6f8fa}
.verdict.proven{border-color:#1a7f37}.verdict.not-proven{border-color:#bf8700}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}
details{margin:.3rem 0}summary{cursor:pointer}svg.bars{max-width:100%;height:auto;font-family:inherit}
table.calendar td{vertical-align:top;min-width:8.5rem;font-size:.85rem}td.pad{background:#f6f8fa}
.date{font-weight:600;color:#57606a}.zone{color:#57606a}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _table(header: tuple[str, ...], rows: list[str], *, cls: str = "") -> list[str]:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    attr = f' class="{cls}"' if cls else ""
    return [f"<table{attr}>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


def _verdict(data: ReportData) -> list[str]:
    v = data.verdict
    cls = "unchecked" if v.proven is None else "proven" if v.proven else "not-proven"
    out = [f'<section id="verdict" class="verdict {cls}">', f"<h2>{_e(v.headline)}</h2>"]
    out += [f"<p>{_e(s)}</p>" for s in data.verdict_text]
    out += ["<dl>", f"<dt>Horizon</dt><dd>{_e(data.horizon)}</dd>",
            f"<dt>Solver status</dt><dd>{_e(data.status)}</dd>"]
    if v.fairness_status is not None:
        out.append(f"<dt>Fairness status</dt><dd>{_e(v.fairness_status)}</dd>")
    out += [f"<dt>{_e(k)}</dt><dd>{_e(val)}</dd>" for k, val in data.solver]
    out += [f"<dt>Note</dt><dd>{_e(n)}</dd>" for n in data.notes]
    return [*out, "</dl>", "</section>"]


_PEOPLE = ("Person", "Time zone", "Rotations", "Shifts", "Hours", "Night h", "Weekend h", "Own holiday h",
           "Off-hours h", "Burden", "Fair share", "Excess")


def _person_row(p: Person) -> str:
    m = p.metrics
    over = " over" if m.excess > 0.05 else ""
    holidays = f' title="{_e("; ".join(p.holidays))}"' if p.holidays else ""
    cells = [f"<td>{_e(p.name)} ({_e(p.id)})</td>", f"<td>{_e(p.timezone)}</td>",
             f"<td>{_e(', '.join(p.rotations))}</td>", f'<td class="n">{m.shifts}</td>',
             *(f'<td class="n">{v:.1f}</td>' for v in (m.hours, m.night_hours, m.weekend_hours)),
             f'<td class="n"{holidays}>{m.holiday_hours:.1f}</td>',
             *(f'<td class="n">{v:.1f}</td>' for v in (m.off_hours, m.burden, m.fair_share)),
             f'<td class="n{over}">{m.excess:+.1f}</td>']
    return f'<tr data-engineer="{_e(p.id)}">' + "".join(cells) + "</tr>"


def _people(data: ReportData) -> list[str]:
    out = ['<section id="people">', "<h2>Per person: load against fair share</h2>",
           "<p>Hours on each person's own clock. A person's burden is their on-call hours plus the extra "
           "weight of weekend, own public holiday, off-hours and night hours; the black tick is their "
           "fair share of what their rotations need, by their availability. Red: above fair share.</p>"]
    if data.people:
        out.append(burden_bars([p.bar for p in data.people]))
        out += _table(_PEOPLE, [_person_row(p) for p in data.people], cls="people")
        worked = [p for p in data.people if p.holidays]
        if worked:
            out.append("<p>On call on their own public holidays:</p><ul>"
                       + "".join(f"<li>{_e(p.name)}: {_e(', '.join(p.holidays))}</li>" for p in worked)
                       + "</ul>")
    if data.left_out:
        out.append(f"<p>Left out (in no rotation): {_e(', '.join(data.left_out))}.</p>")
    return [*out, "</section>"]


def _budgets(data: ReportData) -> list[str]:
    if not data.budgets:
        return []
    rows = [f"<tr><td>{_e(b.name)} ({_e(b.team)})</td><td class=\"n\">{b.oncall_hours:.0f}</td>"
            f"<td class=\"n\">{b.working_hours:.0f}</td><td class=\"n{' over' if b.over else ''}\">"
            f"{b.share:.1%}</td><td class=\"n\">{b.budget:.0%}</td>"
            f"<td>{'over budget' if b.over else 'within budget'}</td></tr>" for b in data.budgets]
    return ['<section id="budgets">', "<h2>Team on-call budgets</h2>",
            "<p>On-call hours that fall inside the team's working time, against the team's working hours "
            "(working days, minus public holidays and time off).</p>",
            *_table(("Team", "On call in working time (h)", "Working hours", "Share", "Budget", ""), rows),
            "</section>"]


def _entry(e: Entry, rotation: str, tag: str = "span") -> str:
    names = ", ".join(e.names) if e.names else "unfilled"
    cls = "cal" if e.names else "cal empty"
    return (f'<{tag} class="{cls}" data-rotation="{_e(rotation)}" data-start="{e.start.isoformat()}" '
            f'data-role="{_e(e.role)}" data-engineers="{_e(" ".join(e.engineers))}">'
            f"{_e(names)}</{tag}>")


def _day(d: Day, view: CalendarView) -> str:
    if not d.in_horizon:
        return f'<td class="pad">{d.day:%d %b}</td>'
    many = len(view.roles) > 1
    items = "".join(f"<div>{_e(e.time)}{f' {_e(e.role)}:' if many else ''} {_entry(e, view.rotation)}</div>"
                    for e in d.entries)
    return (f'<td class="day" data-date="{d.day.isoformat()}"><div class="date">{d.day:%a %d %b}</div>'
            f"{items}</td>")


def _calendar(view: CalendarView) -> list[str]:
    out = [f'<h3 id="cal-{_e(view.rotation)}">{_e(view.name)}</h3>',
           f'<p class="zone">Every {_e(view.every)}, handoff {_e(view.handoff)}; times in '
           f"<strong>{_e(view.timezone)}</strong>: {_e(view.zones)}. A holder in another zone has their "
           "own local start time in brackets.</p>"]
    if view.rows:
        rows = [f"<tr><td>{_e(r.label)}</td><td>{_e(r.start)}</td><td>{_e(r.end)}</td>"
                + "".join(_entry(c, view.rotation, "td") for c in r.cells) + "</tr>" for r in view.rows]
        return out + _table(("Week", "Start", "End", *view.roles), rows, cls="calendar weekly")
    rows = ["<tr>" + "".join(_day(d, view) for d in week) + "</tr>" for week in view.weeks]
    return out + _table(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), rows, cls="calendar daily")


def _shifts(data: ReportData) -> list[str]:
    out = ['<section id="shifts">', "<h2>Shifts by person (each on their own clock)</h2>"]
    for p in data.people:
        items = "".join(f"<li>{_e(s)}</li>" for s in p.shifts) or "<li>no shifts</li>"
        out.append(f"<details><summary>{_e(p.name)} ({_e(p.id)}, {_e(p.timezone)}): "
                   f"{len(p.shifts)} shift(s)</summary><ul>{items}</ul></details>")
    return [*out, "</section>"]


def _stages(data: ReportData) -> list[str]:
    if not data.stages:
        return []
    rows = [f"<tr><td>{'whole ' if s.whole else ''}{_e(s.component)}</td><td>{_e(s.name)}</td>"
            f"<td>{_e('proven' if s.status == 'optimal' else s.status)}</td>"
            f"<td class=\"n\">{_e(s.value)}</td><td class=\"n\">{_e(s.bound)}</td></tr>" for s in data.stages]
    return ['<section id="stages">', "<h2>Solver stages</h2>",
            "<p>The solver works in stages, each kept while the next is solved: seats outside the fair "
            "bands, then the largest excess, then the total cost. A stage is proven when the solver "
            "showed nothing better exists; the bound is the best it could still hope for.</p>",
            *_table(("Component", "Stage", "Status", "Value", "Bound"), rows), "</section>"]


def render_html(data: ReportData) -> str:
    """The whole page."""
    title = f"On-call report: {data.title}"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{_e(title)}</h1>"]
    parts += _verdict(data) + _people(data) + _budgets(data)
    parts += ['<section id="calendar">', "<h2>Calendar: who is on call when</h2>"]
    for view in data.calendars:
        parts += _calendar(view)
    parts += ["</section>", *_shifts(data), *_stages(data), "</body>", "</html>"]
    return "\n".join(parts) + "\n"
