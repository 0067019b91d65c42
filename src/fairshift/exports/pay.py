"""The pay report (:func:`fairshift.workflows.pay.pay_report`) as CSV, Markdown or HTML.

CSV columns: ``engineer, name, currency, rates, seats``, then ``hours_<category>`` for
``weekday, off_hours, weekend, holiday, night`` and ``hours_total`` (two decimals), then
``amount_<category>`` and ``amount_total`` (cents), then ``holidays`` (``date name (hours h)``
separated by ``; ``). Cells that a spreadsheet would evaluate are neutralised, as in the schedule
CSV. Markdown and HTML show the same table, the totals per currency and the holidays by name.
"""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal

from fairshift.exports.csv_export import neutralise
from fairshift.exports.errors import ExportError
from fairshift.exports.report_md import md
from fairshift.workflows.pay import CATEGORIES, PayLine, PayReport

__all__ = ["PAY_COLUMNS", "PAY_FORMATS", "pay_csv", "pay_html", "pay_markdown", "render_pay"]

PAY_FORMATS = ("csv", "markdown", "html")
PAY_COLUMNS = ("engineer", "name", "currency", "rates", "seats",
               *(f"hours_{c}" for c in CATEGORIES), "hours_total",
               *(f"amount_{c}" for c in CATEGORIES), "amount_total", "holidays")
_LABELS = {"weekday": "weekday", "off_hours": "off-hours", "weekend": "weekend", "holiday": "holiday",
           "night": "night (+)"}


def _h(value: Decimal) -> str:
    return f"{value:.2f}"


def _holidays(line: PayLine) -> str:
    return "; ".join(f"{d.isoformat()} {name} ({_h(hours)} h)" for d, name, hours in line.holidays)


def _cells(line: PayLine) -> list[str]:
    return [line.engineer, line.name, line.currency, ", ".join(line.rates), str(line.seats),
            *(_h(line.hours[c]) for c in CATEGORIES), _h(line.total_hours),
            *(str(line.amounts[c]) for c in CATEGORIES), str(line.total), _holidays(line)]


def pay_csv(report: PayReport, *, raw: bool = False) -> str:
    """The CSV text (RFC 4180: CRLF line ends, header row first, one row per engineer and currency)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(PAY_COLUMNS)
    for line in report.lines:
        cells = _cells(line)
        writer.writerow(cells if raw else [neutralise(c) for c in cells])
    return buf.getvalue()


def _period(report: PayReport) -> str:
    if report.period is None:
        return "whole seats of the schedule"
    a, b = report.period
    return f"{a.isoformat()} .. {b.isoformat()} (end exclusive, each engineer's local dates)"


_NOTE = ("Hours on each engineer's own clock. Each hour is paid at one base rate (holiday, else "
         "weekend, else off-hours, else weekday); night hours add the night supplement on top. "
         "Amounts are rounded half-up to cents; a total is rounded from the exact sum.")


def pay_markdown(report: PayReport) -> str:
    """The report as GitHub-flavoured Markdown."""
    head = ("Engineer", "Currency", "Rates", "Seats", *(f"{_LABELS[c]} h" for c in CATEGORIES), "Total h",
            *(_LABELS[c] for c in CATEGORIES), "Amount")
    lines = [f"# On-call pay: {md(report.name)}", "", f"- Period: {md(_period(report))}"]
    lines += [f"- Total {md(cur)}: {amount}" for cur, amount in report.totals().items()]
    lines += ["", md(_NOTE), "", "| " + " | ".join(head) + " |",
              "| --- | --- | --- | " + " | ".join("---:" for _ in head[3:]) + " |"]
    for ln in report.lines:
        cells = [f"{md(ln.name)} ({md(ln.engineer)})", md(ln.currency), md(", ".join(ln.rates)),
                 str(ln.seats),
                 *(_h(ln.hours[c]) for c in CATEGORIES), _h(ln.total_hours),
                 *(str(ln.amounts[c]) for c in CATEGORIES), f"**{ln.total}**"]
        lines.append("| " + " | ".join(cells) + " |")
    holidays = [(ln, d, n, h) for ln in report.lines for d, n, h in ln.holidays]
    if holidays:
        lines += ["", "## Public holidays on call", ""]
        lines += [f"- {md(ln.name)}: {d.isoformat()} {md(n)}, {_h(h)} h" for ln, d, n, h in holidays]
    return "\n".join(lines) + "\n"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_CSS = ("body{font-family:system-ui,sans-serif;margin:2rem;color:#1d232a}table{border-collapse:collapse}"
        "th,td{border:1px solid #d0d7de;padding:.25rem .6rem}th{background:#f3f5f7;text-align:left}"
        "td.n{text-align:right;font-variant-numeric:tabular-nums}")


def pay_html(report: PayReport) -> str:
    """The report as one standalone HTML file (inline CSS, no scripts, no external assets)."""
    title = f"On-call pay: {report.name}"
    head = ("Engineer", "Currency", "Rates", "Seats", *(f"{_LABELS[c]} h" for c in CATEGORIES), "Total h",
            *(_LABELS[c] for c in CATEGORIES), "Amount")
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{_e(title)}</h1>", f"<p>Period: {_e(_period(report))}</p>", "<ul>"]
    parts += [f"<li>Total {_e(cur)}: {amount}</li>" for cur, amount in report.totals().items()]
    parts += ["</ul>", f"<p>{_e(_NOTE)}</p>", "<table>",
              "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    for ln in report.lines:
        text = [f"{ln.name} ({ln.engineer})", ln.currency, ", ".join(ln.rates)]
        numbers = [str(ln.seats), *(_h(ln.hours[c]) for c in CATEGORIES), _h(ln.total_hours),
                   *(str(ln.amounts[c]) for c in CATEGORIES), str(ln.total)]
        parts.append("<tr>" + "".join(f"<td>{_e(t)}</td>" for t in text)
                     + "".join(f'<td class="n">{_e(n)}</td>' for n in numbers) + "</tr>")
    parts += ["</tbody>", "</table>"]
    holidays = [(ln, d, n, h) for ln in report.lines for d, n, h in ln.holidays]
    if holidays:
        parts += ["<h2>Public holidays on call</h2>", "<ul>"]
        parts += [f"<li>{_e(ln.name)}: {d.isoformat()} {_e(n)}, {_h(h)} h</li>" for ln, d, n, h in holidays]
        parts.append("</ul>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def render_pay(report: PayReport, fmt: str) -> str:
    """The report in ``fmt`` (``csv``, ``markdown`` or ``html``)."""
    if fmt == "csv":
        return pay_csv(report)
    if fmt == "markdown":
        return pay_markdown(report)
    if fmt == "html":
        return pay_html(report)
    raise ExportError(f"unknown pay format {fmt!r}; use one of {', '.join(PAY_FORMATS)}")
