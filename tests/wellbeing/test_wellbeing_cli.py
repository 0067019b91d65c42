"""``fairshift pay``, ``fairshift triage-slot`` and ``fairshift handoff`` on examples/patterns.yaml
with a hand-built schedule: outputs, files written atomically, exit codes for bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fairshift.cli import main
from fairshift.domain.instance import Instance, Plan
from fairshift.io.roster import load_roster

ROOT = Path(__file__).resolve().parents[2]
ROSTER = ROOT / "examples" / "patterns.yaml"
RATES = ROOT / "examples" / "pay-rates.yaml"
TICKETS = ROOT / "examples" / "tickets.csv"


@pytest.fixture(scope="module")
def schedule(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each rotation's pool in turn, shift by shift (no solver: pay and messages need no fairness)."""
    roster = load_roster(ROSTER)
    inst = Instance(roster)
    plan = Plan(inst)
    for rot in roster.rotations:
        pool = inst.pools[rot.id]
        for i, shift in enumerate(inst.shifts[rot.id]):
            plan.holders[(rot.id, shift.start)] = {"primary": (pool[i % len(pool)],)}
    path = tmp_path_factory.mktemp("cli") / "schedule.json"
    path.write_text(plan.to_schedule(status="hand-made").to_json(), encoding="utf-8")
    return path


def test_pay_writes_csv_by_suffix(schedule: Path, tmp_path: Path) -> None:
    out = tmp_path / "pay.csv"
    assert main(["pay", str(schedule), "--roster", str(ROSTER), "--rates", str(RATES), "--out", str(out),
                 "--start", "2027-03-01", "--end", "2027-04-01"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by = {r["engineer"]: r for r in rows}
    assert by["anna"]["currency"] == "HUF" and by["dan"]["currency"] == "USD"
    assert by["dan"]["rates"] == "country US-CA" and by["ben"]["rates"] == "country US"
    for r in rows:  # base categories add up to the total, and the amount to its parts within a cent
        base = sum(float(r[f"hours_{c}"]) for c in ("weekday", "off_hours", "weekend", "holiday"))
        assert base == pytest.approx(float(r["hours_total"]))
        parts = sum(float(r[f"amount_{c}"]) for c in ("weekday", "off_hours", "weekend", "holiday", "night"))
        assert abs(parts - float(r["amount_total"])) <= 0.025


def test_pay_markdown_to_stdout_and_errors(schedule: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    common = ["pay", str(schedule), "--roster", str(ROSTER)]
    assert main([*common, "--rates", str(RATES), "--engineer", "dora"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# On-call pay: Patterns Org") and "Dora Szabo" in text and "Anna" not in text
    assert main([*common, "--rates", str(RATES), "--start", "2027-03-01"]) == 2
    bad = tmp_path / "rates.yaml"
    bad.write_text("currency: EUR\nsites:\n  hq: {weekday: 0, off_hours: 1, weekend: 1, holiday: 1, "
                   "night: 0}\n", encoding="utf-8")
    out = tmp_path / "never.csv"
    assert main(["pay", str(schedule), "--roster", str(ROSTER), "--rates", str(bad), "--out", str(out)]) == 1
    assert f"{bad}:3:3 sites.hq: 'hq' is not a known site" in capsys.readouterr().err
    assert not out.exists()


def test_triage_slot_for_a_named_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage-slot", str(ROSTER), "--engineer", "anna", "--engineer", "ben",
                 "--start", "2027-03-08", "--end", "2027-03-20", "--timezone", "Europe/Budapest",
                 "--format", "json"]) == 0
    days = json.loads(capsys.readouterr().out)
    assert len(days) == 10  # two working weeks
    starts = {d["date"]: d["attendees"][0]["local_start"][11:16] for d in days}
    # anna works 09:00-18:00 in Budapest, ben 09:00-17:00 in New York: 15:00 in Budapest, then
    # 14:00 once the US has sprung forward (03-14); 03-15 is Hungary's National Day
    assert starts["2027-03-12"] == "15:00" and starts["2027-03-16"] == "14:00"
    assert [d["common"] for d in days if d["date"] == "2027-03-15"] == [False]


def test_triage_slot_from_the_schedule(schedule: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage-slot", str(ROSTER), "--schedule", str(schedule), "--rotation", "sprint-primary",
                 "--rotation", "split-week", "--days", "mon,tue", "--start", "2027-03-01",
                 "--end", "2027-03-10",
                 "--format", "markdown", "--minutes", "45", "--step", "30"]) == 0
    text = capsys.readouterr().out
    assert "| Mon 2027-03-01 |" in text and "| Tue 2027-03-09 |" in text and "Wed" not in text
    assert main(["triage-slot", str(ROSTER)]) == 2
    assert main(["triage-slot", str(ROSTER), "--engineer", "anne"]) == 2
    assert main(["triage-slot", str(ROSTER), "--engineer", "anna", "--timezone", "Europe/Budapets"]) == 2
    assert main(["triage-slot", str(ROSTER), "--engineer", "anna", "--days", "mon,funday"]) == 2


def test_handoff_prints_slack_and_markdown(schedule: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handoff", str(schedule), "--roster", str(ROSTER), "--at", "2027-03-15T09:00+01:00",
                 "--tickets", str(TICKETS), "--format", "slack"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["blocks"][0]["type"] == "header" and "sprint-primary" in payload["text"]
    assert any("SEC-11" in b.get("text", {}).get("text", "") for b in payload["blocks"])
    assert main(["handoff", str(schedule), "--roster", str(ROSTER), "--at", "2027-03-15T09:00+01:00",
                 "--rotation", "support-hours"]) == 0
    text = capsys.readouterr().out
    assert "## Hand-off: support-hours" in text and "**No open incidents**" in text
    assert main(["handoff", str(schedule), "--at", "2027-03-15T09:05+01:00"]) == 1
    assert ("no shift starts at 2027-03-15T09:05:00+01:00; the nearest hand-offs are at "
            "2027-03-15T09:00:00+01:00 and 2027-03-15T14:00:00+01:00") in capsys.readouterr().err
    assert main(["handoff", str(schedule), "--at", "2027-03-15T09:00"]) == 2  # no offset
