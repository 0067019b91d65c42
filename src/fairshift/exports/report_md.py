"""The report (:mod:`fairshift.exports.report`) as GitHub-flavoured Markdown.

The same sections in the same order as the HTML; the bars are text (``█`` for burden, ``│`` at
the fair share) in a code block, so they line up in any viewer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fairshift.exports.calendar import CalendarView, Day, Entry
from fairshift.exports.report_data import ReportData
from fairshift.exports.svg import Bar

__all__ = ["md", "render_markdown", "text_bars"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str) -> str:
    """Escape user text for Markdown (tables included).

    >>> md("<script>a|b</script> *x*")
    '&lt;script&gt;a\\\\|b&lt;/script&gt; \\\\*x\\\\*'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.splitlines())


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right_from: int = 1) -> list[str]:
    align = tuple("---" if i < right_from else "---:" for i in range(len(header)))
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def text_bars(bars: list[Bar], width: int = 40) -> list[str]:
    """One line per person: a bar of their burden with ``│`` at their fair share.

    >>> text_bars([Bar("a", "Ann", (("hours", 30.0),), 20.0), Bar("b", "Bo", (("hours", 10.0),), 20.0)], 6)
    ['Ann  ████│█   30 / 20 h (+10)', 'Bo   ██  │    10 / 20 h (-10)']
    """
    top = max([b.burden for b in bars] + [b.fair_share for b in bars] + [1.0])
    label = max((len(b.name) for b in bars), default=0)
    out = []
    for b in bars:
        filled, tick = round(b.burden / top * width), min(round(b.fair_share / top * width), width)
        cells = ["█" if i < filled else " " for i in range(width + 1)]
        cells[tick] = "│"
        out.append(f"{b.name.ljust(label)}  {''.join(cells)}  {b.burden:.0f} / {b.fair_share:.0f} h "
                   f"({b.burden - b.fair_share:+.0f})")
    return out


def _verdict(data: ReportData) -> list[str]:
    v = data.verdict
    out = [f"## {v.headline}", "", *[md(s) for s in data.verdict_text], "",
           f"- Horizon: {md(data.horizon)}", f"- Solver status: **{md(data.status)}**"]
    if v.fairness_status is not None:
        out.append(f"- Fairness status: **{md(v.fairness_status)}**")
    out += [f"- {md(k)}: {md(val)}" for k, val in data.solver]
    return out + [f"- Note: {md(n)}" for n in data.notes]


def _people(data: ReportData) -> list[str]:
    out = ["", "## Per person: load against fair share", "",
           "Hours on each person's own clock; burden = on-call hours plus the extra weight of weekend, own "
           "public holiday, off-hours and night hours; `│` marks the fair share.", ""]
    if data.people:
        bars = text_bars([p.bar for p in data.people])
        fence = "`" * max([3, *(len(run) + 1 for line in bars for run in re.findall("`+", line))])
        out += [f"{fence}text", *bars, fence, ""]  # a fence no name can close
        header = ("Person", "Time zone", "Shifts", "Hours", "Night h", "Weekend h", "Own holiday h",
                  "Off-hours h", "Burden", "Fair share", "Excess")
        rows = [(f"{md(p.name)} ({md(p.id)})", md(p.timezone), str(p.metrics.shifts),
                 *(f"{v:.1f}" for v in (p.metrics.hours, p.metrics.night_hours, p.metrics.weekend_hours,
                                         p.metrics.holiday_hours, p.metrics.off_hours, p.metrics.burden,
                                         p.metrics.fair_share)), f"{p.metrics.excess:+.1f}")
                for p in data.people]
        out += _table(header, rows, right_from=2)
        out += [f"- {md(p.name)} is on call on their own public holidays: {md(', '.join(p.holidays))}"
                for p in data.people if p.holidays]
    if data.left_out:
        out += ["", f"Left out (in no rotation): {md(', '.join(data.left_out))}."]
    return out


def _budgets(data: ReportData) -> list[str]:
    if not data.budgets:
        return []
    rows = [(f"{md(b.name)} ({md(b.team)})", f"{b.oncall_hours:.0f}", f"{b.working_hours:.0f}",
             f"{b.share:.1%}", f"{b.budget:.0%}", "**over budget**" if b.over else "within budget")
            for b in data.budgets]
    return ["", "## Team on-call budgets", "",
            "On-call hours inside the team's working time, against its working hours.", "",
            *_table(("Team", "On call in working time (h)", "Working hours", "Share", "Budget", ""), rows)]


def _names(e: Entry) -> str:
    return md(", ".join(e.names)) if e.names else "—"


def _cell(d: Day, view: CalendarView) -> str:
    if not d.in_horizon:
        return ""
    items = [f"{e.time}{' ' + md(e.role) if len(view.roles) > 1 else ''} {_names(e)}" for e in d.entries]
    return f"**{d.day:%d %b}**" + "".join(f"<br>{i}" for i in items)


def _calendar(view: CalendarView) -> list[str]:
    out = ["", f"### {md(view.name)}", "",
           f"Every {md(view.every)}, handoff {md(view.handoff)}; times in **{md(view.timezone)}**: "
           f"{md(view.zones)}. A holder in another zone has their own local start time in brackets.", ""]
    if view.rows:
        rows = [(md(r.label), md(r.start), md(r.end), *(_names(c) for c in r.cells)) for r in view.rows]
        return out + _table(("Week", "Start", "End", *(md(r) for r in view.roles)), rows, right_from=99)
    rows = [tuple(_cell(d, view) for d in week) for week in view.weeks]
    return out + _table(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), rows, right_from=99)


def _shifts(data: ReportData) -> list[str]:
    out = ["", "## Shifts by person (each on their own clock)"]
    for p in data.people:
        out += ["", f"### {md(p.name)} ({md(p.id)}, {md(p.timezone)})", ""]
        out += [f"- {md(s)}" for s in p.shifts] or ["- no shifts"]
    return out


def _stages(data: ReportData) -> list[str]:
    if not data.stages:
        return []
    rows = [(("whole " if s.whole else "") + md(s.component), md(s.name),
             "proven" if s.status == "optimal" else md(s.status), md(s.value), md(s.bound))
            for s in data.stages]
    return ["", "## Solver stages", "",
            "Seats outside the fair bands, then the largest excess, then the total cost, each kept while "
            "the next is solved; proven: nothing better exists.", "",
            *_table(("Component", "Stage", "Status", "Value", "Bound"), rows, right_from=3)]


def render_markdown(data: ReportData) -> str:
    """The whole report."""
    lines = [f"# On-call report: {md(data.title)}", "", *_verdict(data), *_people(data), *_budgets(data),
             "", "## Calendar: who is on call when"]
    for view in data.calendars:
        lines += _calendar(view)
    lines += _shifts(data) + _stages(data)
    return "\n".join(lines) + "\n"
