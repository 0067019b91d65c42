"""The pager commands end to end: import of each tool's JSON, audit, push --dry-run, refusals."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest
from kit import seat_map

from fairshift.cli import main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.io.schedule import load_schedule


def _utc(value: object) -> str:
    from datetime import datetime

    assert isinstance(value, datetime)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _sources(roster: Roster, schedule: Schedule) -> dict[str, object]:
    """Each tool's answer for the platform rotation, in the shape the tool documents."""
    people = {e.id: e for e in roster.engineers}
    seats = [(s, a.engineer) for s in schedule.shifts if s.rotation == "platform-daily"
             for a in s.assignments]
    return {
        "pagerduty": {"schedule": {"id": "PPLATFO", "time_zone": "Europe/Budapest", "final_schedule": {
            "rendered_schedule_entries": [
                {"start": s.start.isoformat(), "end": s.end.isoformat(),
                 "user": {"id": people[e].pager.pagerduty, "type": "user_reference",
                          "summary": people[e].name}}
                for s, e in seats]},
            "schedule_layers": [{"name": "Layer 1", "rotation_virtual_start": "2027-01-04T07:00:00+01:00",
                                 "rotation_turn_length_seconds": 86400, "users": []}]}},
        "opsgenie": {"data": {"finalTimeline": {"rotations": [{"name": "r", "periods": [
            {"startDate": _utc(s.start), "endDate": _utc(s.end), "type": "historical",
             "recipient": {"type": "user", "id": "x" + e, "name": people[e].email}} for s, e in seats]}]}}},
        "grafana": {"count": len(seats), "next": None, "results": [
            {"user_pk": "U" + e, "user_email": people[e].email, "user_username": people[e].pager.grafana,
             "shift_start": _utc(s.start), "shift_end": _utc(s.end)} for s, e in seats]},
    }


@pytest.mark.parametrize("tool", ["pagerduty", "opsgenie", "grafana"])
def test_each_tools_json_is_imported_and_accepted_by_validate_and_ledger(
        tool: str, roster: Roster, schedule: Schedule, files: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    roster_file, _ = files
    source = tmp_path / f"{tool}.json"
    source.write_text(json.dumps(_sources(roster, schedule)[tool]), encoding="utf-8")
    out = tmp_path / "imported.json"
    assert main(["import", tool, str(source), "--roster", str(roster_file), "--rotation", "platform-daily",
                 "--out", str(out)]) == 0
    got = load_schedule(out)
    assert seat_map(got) == {k: v for k, v in seat_map(schedule).items() if k[0] == "platform-daily"}
    err = capsys.readouterr().err
    assert "0 problem(s)" in err
    if tool == "pagerduty":
        assert 'every: day, handoff: "07:00", timezone: Europe/Budapest' in err
    assert main(["validate", str(roster_file), str(out)]) in (0, 3)
    assert main(["ledger", str(roster_file), str(out)]) == 0


def test_import_strict_refuses_a_source_with_problems(files: tuple[Path, Path], tmp_path: Path) -> None:
    roster_file, _ = files
    source = tmp_path / "grafana.json"
    source.write_text(json.dumps({"results": [{"user_username": "zed", "user_email": "zed@x.example",
                                               "shift_start": "2027-01-04T06:00:00Z",
                                               "shift_end": "2027-01-04T18:00:00Z"}]}), encoding="utf-8")
    out = tmp_path / "imported.json"
    assert main(["import", "grafana", str(source), "--roster", str(roster_file),
                 "--rotation", "platform-daily", "--out", str(out), "--strict"]) == 1
    assert not out.exists()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["import", "pagerduty", str(broken), "--roster", str(roster_file)]) == 1


def test_audit_shows_today_next_to_fairshift(files: tuple[Path, Path], tmp_path: Path) -> None:
    roster_file, schedule_file = files
    data = json.loads(schedule_file.read_text(encoding="utf-8"))
    for shift in data["shifts"]:  # an unfair "today": anna holds every payments primary she can
        for a in shift["assignments"]:
            if shift["rotation"] == "payments-weekly" and a["role"] == "primary":
                a["engineer"] = "anna"
    today = tmp_path / "today.json"
    today.write_text(json.dumps(data), encoding="utf-8")
    page = tmp_path / "audit.md"
    assert main(["audit", str(roster_file), str(today), "--time-limit", "20", "--workers", "2",
                 "--out", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "| Anna Kovacs (anna) |" in text and "fairshift: Shifts" in text
    row = next(line for line in text.splitlines() if line.startswith("| Largest excess"))
    today_excess, fair_excess = (float(c) for c in row.strip("|").split("|")[1:3])
    assert today_excess > fair_excess
    assert main(["audit", str(roster_file), str(today), "--no-solve", "--out", str(page)]) == 0
    assert "fairshift: Shifts" not in page.read_text(encoding="utf-8")


def test_push_dry_run_prints_the_requests_and_never_the_token(
        files: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    roster_file, schedule_file = files
    monkeypatch.setenv("PAGERDUTY_TOKEN", "s3cret-token")
    assert main(["push", "pagerduty", str(schedule_file), "--roster", str(roster_file), "--dry-run",
                 "--rotation", "payments-weekly", "--role", "primary", "--now", "2027-01-01T00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "s3cret-token" not in out
    assert out.startswith("POST https://api.pagerduty.com/schedules/PPAYPRI/overrides\n"
                          "Authorization: Token token=${PAGERDUTY_TOKEN}\n")
    body = json.loads(out[out.index("\n\n") + 2:out.index("\n\n", out.index("\n\n") + 2)])
    assert len(body["overrides"]) == 13 and body["overrides"][0]["user"]["type"] == "user_reference"


@pytest.mark.parametrize(("args", "message"), [
    (["push", "pagerduty", "S", "--roster", "R"], "needs --state"),
    (["push", "goalert", "S", "--roster", "R", "--dry-run"], "needs --api-url"),
    (["push", "grafana", "S", "--roster", "R", "--state", "x.json"], "--state is not used by push grafana"),
    (["push", "pagerduty", "S", "--roster", "R", "--region", "eu", "--dry-run"], "--region is not used"),
    (["export", "S", "--format", "pagerduty", "--previous", "S"], "--previous is not used by"),
    (["export", "S", "--format", "csv", "--roster", "R", "--stamp", "2027-01-01"], "--stamp is not used"),
    (["export", "S", "--format", "markdown", "--roster", "R", "--role", "primary"], "--role is not used"),
])
def test_options_a_format_or_tool_does_not_use_are_refused(
        args: list[str], message: str, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    roster_file, schedule_file = files
    argv = [str(roster_file) if a == "R" else str(schedule_file) if a == "S" else a for a in args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_export_role_is_honoured_for_ics(files: tuple[Path, Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    roster_file, schedule_file = files
    assert main(["export", str(schedule_file), "--roster", str(roster_file), "--format", "ics",
                 "--rotation", "payments-weekly", "--role", "secondary", "--stamp", "2027-01-01T00:00Z"]) == 0
    text = capsys.readouterr().out
    uids = [line for line in text.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == 13 and all("-secondary@fairshift" in u for u in uids)
    assert "METHOD:" not in text
