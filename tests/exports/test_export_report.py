"""Markdown and HTML reports: the order of sections, the verdict, per-person figures against
engineer_metrics, budgets, the calendar against the schedule's seats, stages in hours, escaping."""

from __future__ import annotations

import re
from datetime import UTC
from html.parser import HTMLParser
from pathlib import Path

import pytest
from exportkit import FORMULA, ROSTER, SCRIPT

import fairshift
from fairshift.cli import EXIT_USAGE, main
from fairshift.domain.budget import team_shares
from fairshift.domain.fairness import engineer_metrics
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import ExportError, export_schedule
from fairshift.exports.report import build_report
from fairshift.time.tz import zone

STAGES = [
    {"component": 0, "name": "counts", "status": "optimal", "value": 0, "bound": 0, "seconds": 0.1},
    {"component": 0, "name": "max_excess", "status": "feasible", "value": 13225, "bound": 12050,
     "seconds": 2.5},
]
SECTIONS_MD = ["## Fairness", "## Per person", "## Team on-call budgets", "## Calendar",
               "## Shifts by person", "## Solver stages"]


def with_extra(schedule: Schedule, **extra: object) -> Schedule:
    return Schedule.model_validate({**schedule.model_dump(mode="json"), **extra})


def solver_figures(schedule: Schedule, **more: object) -> Schedule:
    return with_extra(schedule, stages=STAGES, solver="<cp-sat>", seconds=3.25, **more)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.cal: list[dict[str, str | None]] = []
        self.rows: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        a = dict(attrs)
        if "cal" in (a.get("class") or "").split():
            self.cal.append(a)
        if tag == "tr" and a.get("data-engineer"):
            self.rows.append(a["data-engineer"] or "")
        if tag == "section":
            self.sections.append(a.get("id") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    return parser


def test_markdown_sections_come_in_the_lead_s_order(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(solver_figures(schedule), "markdown", roster=roster)
    where = [text.find(s) for s in SECTIONS_MD]
    assert all(w >= 0 for w in where), dict(zip(SECTIONS_MD, where, strict=True))
    assert where == sorted(where)
    html = export_schedule(solver_figures(schedule), "html", roster=roster)
    assert parse(html).sections == ["verdict", "people", "budgets", "calendar", "shifts", "stages"]


def test_markdown_people_table_is_engineer_metrics(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(schedule, "markdown", roster=roster)
    metrics = engineer_metrics(Plan.from_schedule(Instance(roster), schedule))
    lines = text.splitlines()
    for eng in roster.engineers:
        m = metrics[eng.id]
        row = next(line for line in lines if line.startswith("| ") and f"({eng.id}) |" in line)
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[2:] == [str(m.shifts), f"{m.hours:.1f}", f"{m.night_hours:.1f}",
                             f"{m.weekend_hours:.1f}", f"{m.holiday_hours:.1f}", f"{m.off_hours:.1f}",
                             f"{m.burden:.1f}", f"{m.fair_share:.1f}", f"{m.excess:+.1f}"]
    bars = text.split("```text\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert len(bars) == len(roster.engineers) and all("│" in b for b in bars)


def test_stages_are_shown_in_hours_and_seats(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(solver_figures(schedule), "markdown", roster=roster)
    assert "| 0 | max\\_excess | feasible | 132.25 h | 120.50 h |" in text
    assert "| 0 | counts | proven | 0 seats | 0 seats |" in text
    assert "13225" not in text
    assert "- solver: &lt;cp-sat&gt;" in text and "- seconds: 3.25" in text


SOLVER_KEYS = ("stages", "fairness_status", "balance_status", "max_excess", "max_shortfall", "resolution",
               "stepwise")


def _bare(schedule: Schedule) -> Schedule:
    """The schedule without the solver's figures (as a hand-written or imported one)."""
    return Schedule.model_validate({k: v for k, v in schedule.model_dump(mode="json").items()
                                    if k not in SOLVER_KEYS})


@pytest.mark.parametrize(("extra", "status", "headline", "phrase"), [
    ({"fairness_status": "optimal"}, "feasible", "Fairness proven", "The solver proved"),
    ({"fairness_status": "feasible"}, "feasible", "Fairness not proven", "can do better than 120.5 h"),
    ({}, "optimal", "Fairness proven", "The solver proved"),
    ({}, "feasible", "Fairness not proven", "did not prove"),
])
def test_the_verdict_reads_the_recorded_fairness_status(schedule: Schedule, roster: Roster,
                                                        extra: dict[str, str], status: str, headline: str,
                                                        phrase: str) -> None:
    changed = solver_figures(_bare(schedule).model_copy(update={"status": status}), **extra)
    text = export_schedule(changed, "markdown", roster=roster)
    first = text.split("## Per person", 1)[0]
    assert f"## {headline}\n" in first and phrase in first


def test_a_schedule_without_solver_figures_claims_nothing(schedule: Schedule, roster: Roster) -> None:
    bare = _bare(schedule).model_copy(update={"status": "unknown"})
    text = export_schedule(bare, "markdown", roster=roster)
    assert "## Fairness not checked by the solver" in text and "## Solver stages" not in text


def test_overridden_seats_are_said_to_be_outside_the_proof(schedule: Schedule, roster: Roster) -> None:
    data = schedule.model_dump(mode="json")
    data["shifts"][0]["assignments"][0]["override_reason"] = "ill"
    text = export_schedule(Schedule.model_validate(data), "markdown", roster=roster)
    assert "1 seat(s) were changed by overrides after the solve" in text


def test_html_calendar_shows_every_seat_once_with_local_times(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(schedule, "html", roster=roster)
    tags = parse(text)
    shown = sorted((c["data-rotation"], c["data-start"], c["data-role"], c["data-engineers"])
                   for c in tags.cal)
    expected = sorted((s.rotation, s.start.astimezone(UTC).isoformat(), role,
                       " ".join(sorted(s.engineers(role))))
                      for s in schedule.shifts for role in roster.rotations_by_id[s.rotation].roles)
    assert shown == expected
    # anna (Budapest) on the Los Angeles rotation: her own start time is shown next to her name
    for s in schedule.shifts:
        if s.rotation == "payments-weekly" and "anna" in s.engineers():
            mine = s.start.astimezone(zone("Europe/Budapest"))
            assert f"Anna Kovacs ({mine:%H:%M} {mine.tzname()})" in text
    assert "UTC-08:00 (PST) until Sat 2027-03-13, then UTC-07:00 (PDT)" in text
    assert "UTC+01:00 (CET) until Sat 2027-03-27, then UTC+02:00 (CEST)" in text


def test_html_is_standalone_and_escapes_every_name(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(solver_figures(schedule), "html", roster=roster)
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower() and "http" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Export Org &lt;&amp;&gt;" in text and "&lt;cp-sat&gt;" in text
    tags = parse(text)
    assert "script" not in tags.tags and not {"link", "img", "iframe", "object", "embed"} & set(tags.tags)
    assert not [a for a in tags.attrs if a[0] in ("src", "href")]  # no external assets
    assert SCRIPT in "".join(tags.text)  # the name itself is shown, as text
    assert tags.rows == [e.id for e in roster.engineers]
    assert tags.tags.count("svg") == 1


def test_bars_add_up_to_each_burden(schedule: Schedule, roster: Roster) -> None:
    data = build_report(schedule, roster)
    for p in data.people:
        assert p.bar.burden == pytest.approx(p.metrics.burden, abs=0.01 * max(p.metrics.shifts, 1))
        assert p.bar.fair_share == p.metrics.fair_share


def test_budgets_are_team_shares(schedule: Schedule, roster: Roster) -> None:
    plan = Plan.from_schedule(Instance(roster), schedule)
    shares = team_shares(plan, engineer_metrics(plan))
    text = export_schedule(schedule, "markdown", roster=roster)
    budgets = text.split("## Team on-call budgets", 1)[1].split("## Calendar", 1)[0]
    for t in shares:
        row = (rf"^\| {t.team} \({t.team}\) \| {t.oncall_working_hours:.0f} \| {t.working_hours:.0f} \| "
               rf"{t.share:.1%} \| {t.budget:.0%} \|")
        assert re.search(row, budgets, flags=re.M), t


def test_people_in_no_rotation_are_left_out(schedule: Schedule) -> None:
    extra = {**ROSTER, "engineers": [*ROSTER["engineers"], {"id": "zed", "timezone": "Europe/Budapest"}]}
    roster = fairshift.parse_roster(extra)
    text = export_schedule(schedule, "markdown", roster=roster)
    assert "(zed)" not in text and "Left out (in no rotation): zed." in text


def test_filters_and_errors(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(schedule, "markdown", roster=roster, rotation="payments-weekly")
    assert "### payments-weekly" in text and "platform-daily" not in text
    assert "(eve)" not in text and "(anna)" in text
    one = export_schedule(schedule, "markdown", roster=roster, engineer="gus")
    assert "### gus (gus, Europe/Budapest)" in one and "### Anna" not in one
    with pytest.raises(ExportError, match="needs the roster"):
        export_schedule(schedule, "html")


def test_hostile_names_stay_text_in_markdown(schedule: Schedule, roster: Roster) -> None:
    text = export_schedule(schedule, "markdown", roster=roster)
    fence = re.search(r"^(`{3,})text\n(.*?)^\1$", text, flags=re.M | re.S)
    assert fence is not None and SCRIPT in fence.group(2)  # text bars: a code block shows names as they are
    outside = text.replace(fence.group(0), "")
    assert SCRIPT not in outside and "&lt;script&gt;alert(1)&lt;/script&gt;" in outside
    assert FORMULA in text  # harmless in Markdown
    for line in text.splitlines():
        if line.startswith("| 2027-W"):
            assert line.count(" | ") == 4  # week, start, end, primary, secondary: no broken table


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


def test_a_horizon_starting_between_handoffs_is_noted(schedule: Schedule, roster: Roster) -> None:
    friday = roster.with_horizon(roster.horizon.start.replace(day=5), roster.horizon.end)  # Fri 2027-03-05
    result = fairshift.solve(friday, time_limit=10, workers=2, seed=0)
    assert result.schedule is not None
    text = export_schedule(result.schedule, "markdown", roster=friday)
    assert ("payments-weekly: the horizon starts Fri 2027-03-05 but its first handoff is Mon 2027-03-08 "
            "09:00 America/Los\\_Angeles; the 3.4 day(s) before it are left to the previous schedule's last "
            "shift") in text
    assert "platform-daily: the horizon" not in text  # a daily 07:00 handoff leaves less than a day


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


def test_the_team_page_walks_through_the_sections_in_the_report_s_order(schedule: Schedule,
                                                                         roster: Roster) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "explain-to-your-team.md").read_text()
    headings = re.findall(r"^## (\d)\. (.+)$", page, flags=re.M)
    assert [int(n) for n, _ in headings] == list(range(1, 7))
    words = {"verdict": "verdict", "per person": "people", "budgets": "budgets", "calendar": "calendar",
             "shifts by person": "shifts", "stages": "stages"}
    named = [next(s for w, s in words.items() if w in title.lower()) for _, title in headings]
    html = export_schedule(solver_figures(schedule), "html", roster=roster)
    assert named == parse(html).sections

