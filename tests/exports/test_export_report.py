"""Markdown and HTML reports: metrics from engineer_metrics, solver figures, escaping."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from exportkit import FORMULA, SCRIPT

from fairshift.cli import EXIT_USAGE, main
from fairshift.domain.fairness import engineer_metrics
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import ExportError, export_schedule

STAGES = [
    {"component": 0, "name": "counts", "status": "optimal", "value": 0, "bound": 0, "seconds": 0.1},
    {"component": 0, "name": "max_excess", "status": "feasible", "value": 13225, "bound": 12000.5,
     "seconds": 2.5},
]


def with_solver_figures(schedule: Schedule) -> Schedule:
    return Schedule.model_validate({**schedule.model_dump(mode="json"), "stages": STAGES,
                                    "solver": "<cp-sat>", "seconds": 3.25})


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_metrics_tables_and_stages(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(with_solver_figures(schedule), "markdown", roster=roster)
    metrics = engineer_metrics(Plan.from_schedule(Instance(roster), schedule))
    lines = text.splitlines()
    assert "- Status: **optimal**" in lines
    assert "- solver: &lt;cp-sat&gt;" in lines and "- seconds: 3.25" in lines
    assert "| 0 | max\\_excess | feasible | 13225 | 12000.5 | 2.5 |" in lines
    for eng in roster.engineers:
        m = metrics[eng.id]
        row = next(line for line in lines if line.startswith("| ") and f"({eng.id}) |" in line)
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1:] == [str(m.shifts), f"{m.hours:.1f}", f"{m.weekend_hours:.1f}",
                             f"{m.holiday_hours:.1f}", f"{m.off_hours:.1f}", f"{m.night_hours:.1f}",
                             f"{m.burden:.1f}", f"{m.fair_share:.1f}", f"{m.excess:+.1f}"]
    assert sum(m.shifts for m in metrics.values()) == 80
    # One table row per shift, each with as many cells as the header.
    weekly = [line for line in lines if line.startswith("| 2027-W")]
    assert len(weekly) == 5 and all(line.count(" | ") == 4 for line in weekly)
    assert "| 2027-W10 | Mon 2027-03-08 09:00 | Mon 2027-03-15 09:00 |" in text  # local, across US DST
    assert sum(1 for line in lines if line.startswith("| 2027-0")) == 70
    # Hostile names: no raw HTML, no broken table.
    assert SCRIPT not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert FORMULA in text  # harmless in Markdown


def test_html_is_standalone_and_escapes_every_name(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(with_solver_figures(schedule), "html", roster=roster)
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Export Org &lt;&amp;&gt;" in text and "&lt;cp-sat&gt;" in text
    parser = Tags()
    parser.feed(text)
    assert "script" not in parser.tags and not {"link", "img", "iframe"} & set(parser.tags)
    assert not [a for a in parser.attrs if a[0] in ("src", "href")]  # no external assets
    body = "".join(parser.text)
    assert SCRIPT in body  # the name itself is shown, as text
    metrics = engineer_metrics(Plan.from_schedule(Instance(roster), schedule))
    for eid, m in metrics.items():
        assert f'<td class="n">{m.burden:.1f}</td><td class="n">{m.fair_share:.1f}</td>' in text, eid
    assert parser.tags.count("table") == 2 + 1 + 1  # two rotations, engineers, stages


def test_filters_and_errors(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(schedule, "markdown", roster=roster, rotation="payments-weekly")
    assert "## Rotation payments-weekly" in text and "platform-daily" not in text
    assert "(eve)" not in text and "(anna)" in text
    one = export_schedule(schedule, "markdown", roster=roster, engineer="gus")
    assert "### gus (gus, Europe/Budapest)" in one and "### Anna" not in one
    with pytest.raises(ExportError, match="needs the roster"):
        export_schedule(schedule, "html")


def test_report_over_a_quarter_roster_uses_the_schedules_horizon(schedule: Schedule, roster: Roster) -> None:
    wider = roster.with_horizon(roster.horizon.start, roster.horizon.end.replace(month=6))
    text = export_schedule(schedule, "markdown", roster=wider)
    assert "Note:" not in text
    assert text == export_schedule(schedule, "markdown", roster=roster)


def test_unknown_shifts_are_noted(schedule: Schedule, roster: Roster) -> None:
    data = schedule.model_dump(mode="json")
    data["shifts"][0]["start"] = "2027-03-01T10:00:00-08:00"
    text = export_schedule(Schedule.model_validate(data), "markdown", roster=roster)
    assert "- Note: 1 scheduled shift(s) match no shift of the roster" in text


def test_cli_report_formats(files: tuple[Path, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    roster_file, schedule_file = files
    out = tmp_path / "report.html"
    assert main(["report", str(schedule_file), "--roster", str(roster_file), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out.strip() == str(out)
    assert main(["report", str(schedule_file), "--roster", str(roster_file)]) == 0
    assert capsys.readouterr().out.startswith("# On-call report: Export Org &lt;&amp;&gt;")
    md = tmp_path / "r.md"
    assert main(["export", str(schedule_file), "--roster", str(roster_file), "--format", "markdown",
                 "--out", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# On-call report")
    assert main(["report", str(schedule_file)]) == EXIT_USAGE
