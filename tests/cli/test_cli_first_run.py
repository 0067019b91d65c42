"""What a new user sees: solve's summary in hours and its "what next", the replan warning with the
cost of --order fair_first, and the small things of `check`, `explain` and `validate`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fairshift.cli import EXIT_INFEASIBLE, EXIT_INPUT, main
from fairshift.cli.summary import default_workers, no_schedule

WEEKLY = """\
name: Small
horizon: {start: 2027-01-04, end: 2027-03-29}
rules: {daytime_handoff: {weight: 0}, spacing: {weight: 0}}
engineers:
  - {id: will, name: William Brown, timezone: Europe/Budapest}
  - {id: ottilia, name: Ottilia Kane, timezone: Europe/Budapest}
  - {id: cy, timezone: America/Los_Angeles, country: US, subdivision: CA}
teams:
  - {id: t, members: [will, ottilia, cy]}
rotations:
  - {id: w, team: t, every: week, handoff: "mon 09:00", timezone: Europe/Budapest}
"""


def write(tmp_path: Path, text: str, name: str = "roster.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_solve_prints_stages_in_hours_fairness_in_words_and_what_next(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = write(tmp_path, WEEKLY)
    out = tmp_path / "s.json"
    assert main(["solve", str(roster), "--out", str(out), "--time-limit", "20", "--workers", "1"]) == 0
    text = capsys.readouterr().out
    stages = json.loads(out.read_text())["stages"]
    excess = next(s for s in stages if s["name"] == "max_excess")
    assert f"{excess['step']} max_excess: {excess['value'] / 100:.2f} h" in text
    assert re.search(r"component 1 \(w\) counts: 0 seats {2}\(proven|not proven", text)
    assert re.search(r"^fairness: (proven|not proven) \(", text, flags=re.M)
    assert json.loads(out.read_text())["fairness_status"] in ("optimal", "feasible")
    assert f"fairshift validate {roster} {out}" in text
    assert f"fairshift report {out} --roster {roster} --out report.html" in text
    assert "--format ics" in text


def test_default_workers_fit_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, jobs, expected in ((2, 1, 2), (16, 1, 8), (16, 2, 4), (2, 4, 1), (None, 1, 1)):
        monkeypatch.setattr("os.cpu_count", lambda cores=cores: cores)
        assert default_workers(jobs) == expected


def test_no_schedule_says_what_to_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    text = no_schedule(30, 8, 1, Path("r.yaml"))
    assert "raise --time-limit (e.g. --time-limit 60)" in text
    assert "--jobs 2" in text and "--workers 2" in text and "fairshift explain r.yaml" in text


def test_replan_warns_of_broken_bands_with_the_cost_of_fair_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = write(tmp_path, WEEKLY)
    published = tmp_path / "s.json"
    assert main(["solve", str(roster), "--out", str(published), "--time-limit", "20", "-q"]) == 0
    # a new hire joins the team: keeping every published seat gives them none, below their band
    hired = write(tmp_path, WEEKLY.replace("teams:", "  - {id: nia, timezone: Europe/Budapest}\nteams:")
                  .replace("[will, ottilia, cy]", "[will, ottilia, cy, nia]"), "hired.yaml")
    capsys.readouterr()
    v2 = tmp_path / "v2.json"
    assert main(["replan", str(hired), "--published", str(published), "--freeze-until", "2027-01-18",
                 "--out", str(v2), "--time-limit", "20"]) == 0
    captured = capsys.readouterr()
    assert "largest excess over fair share:" in captured.out
    assert re.search(r"seats outside their fair band: \d+ -> [1-9]", captured.out)
    assert "now outside" not in captured.out or "nia w: 0 seat(s)" in captured.out
    warning = re.search(r"warning: this re-plan leaves .* --order fair_first (keeps every band|leaves \d+ "
                        r"seat\(s\) out of band) \(largest excess [\d.]+ h\) and changes (\d+) seat\(s\) "
                        r"instead of 0\.", captured.err)
    assert warning is not None and int(warning.group(2)) > 0
    record = json.loads(v2.read_text())["replan"]
    assert record["order"] == "minimal_change" and record["changed_seats"] == 0
    assert record["fairness"]["after"]["seats_out_of_band"] > 0
    assert any(b["engineer"] == "nia" for b in record["fairness"]["after"]["out_of_band"])


def test_check_prints_handoffs_as_text_and_the_pool_after_the_skill_filter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WEEKLY.replace("{id: cy,", "{id: cy, skills: [ic],").replace(
        "rotations:\n", "rotations:\n  - {id: d, team: t, every: day, handoff: ['07:00', '19:00'], "
                        "timezone: Europe/Budapest}\n  - {id: ic, team: t, every: week, "
                        "handoff: 'wed 09:00', timezone: Europe/Budapest, requires_skills: [ic]}\n")
    assert main(["check", str(write(tmp_path, text))]) == 0
    out = capsys.readouterr().out
    assert "d: every day at 07:00 and 19:00 Europe/Budapest;" in out and "('07:00'" not in out
    assert "ic: every week at wed 09:00 Europe/Budapest; 12 shifts; 1 primary; pool of 1 (3 members; " \
           "without ic: will, ottilia)" in out
    assert "note: ic: the horizon starts Mon 2027-01-04 but its first handoff is Wed 2027-01-06 09:00" in out


def test_a_quarter_starting_on_a_friday_says_who_has_its_first_days(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    friday = WEEKLY.replace("start: 2027-01-04", "start: 2027-01-01")
    assert main(["check", str(write(tmp_path, friday))]) == 0
    assert ("note: w: the horizon starts Fri 2027-01-01 but its first handoff is Mon 2027-01-04 09:00 "
            "Europe/Budapest; the 3.4 day(s) before it are left to the previous schedule's last shift"
            in capsys.readouterr().out)


def test_every_shift_nobody_can_take_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    away = WEEKLY.replace("{id: ottilia, name: Ottilia Kane, timezone: Europe/Budapest}",
                          "{id: ottilia, timezone: Europe/Budapest, unavailable: [{start: 2027-01-01, "
                          "end: 2027-04-01}]}").replace(
        "{id: cy, timezone: America/Los_Angeles, country: US, subdivision: CA}",
        "{id: cy, timezone: America/Los_Angeles, unavailable: [{start: 2027-01-01, end: 2027-04-01}]}")
    away = away.replace("roles: {primary: 1}", "").replace('timezone: Europe/Budapest}\n"""', "")
    away = away.replace('handoff: "mon 09:00", timezone: Europe/Budapest}',
                        'handoff: "mon 09:00", timezone: Europe/Budapest, roles: {primary: 2}}')
    path = write(tmp_path, away)
    assert main(["check", str(path)]) == EXIT_INFEASIBLE
    out = capsys.readouterr().out
    assert "12 shift(s) cannot be staffed" in out
    assert len(re.findall(r"^    w, week of ", out, flags=re.M)) == 12 and "more" not in out
    assert main(["explain", str(path)]) == EXIT_INFEASIBLE
    assert len(re.findall(r"^    w, week of ", capsys.readouterr().out, flags=re.M)) == 12


def test_did_you_mean_uses_names_and_subdivision_names(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    typo = WEEKLY.replace("members: [will, ottilia, cy]", "members: [wiliam, ottilia, cy]")
    assert main(["check", str(write(tmp_path, typo))]) == EXIT_INPUT
    assert "'wiliam' is not a known engineer (did you mean 'will'?)" in capsys.readouterr().err
    state = WEEKLY.replace("subdivision: CA", "subdivision: California")
    assert main(["check", str(write(tmp_path, state))]) == EXIT_INPUT
    assert "'California' is not a subdivision of US (did you mean 'CA'?)" in capsys.readouterr().err


def test_validate_names_the_rule_and_the_holiday(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hu = WEEKLY.replace("{id: will, name: William Brown, timezone: Europe/Budapest}",
                        "{id: will, name: William Brown, timezone: Europe/Budapest, country: HU}")
    hu = hu.replace("start: 2027-01-04, end: 2027-03-29", "start: 2027-03-01, end: 2027-03-29")
    hu = hu.replace('handoff: "mon 09:00"', 'handoff: "mon 10:00"')
    hu = hu.replace("daytime_handoff: {weight: 0}, ", "")
    roster = write(tmp_path, hu)
    schedule = {"name": "Small", "status": "hand", "horizon": {"start": "2027-03-01", "end": "2027-03-29"},
                "shifts": [{"rotation": "w", "start": f"2027-03-{d:02d}T10:00:00+01:00",
                            "end": f"2027-03-{d + 7:02d}T10:00:00+01:00",
                            "assignments": [{"role": "primary", "engineer": who}]}
                           for d, who in ((1, "ottilia"), (8, "cy"), (15, "will"), (22, "ottilia"))]}
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(schedule))
    assert main(["validate", str(roster), str(path)]) == 0
    out = capsys.readouterr().out  # Mon 2027-03-15 is Hungary's National Day
    assert ("[daytime_handoff, soft] handoff w Mon 2027-03-15 10:00 Europe/Budapest is at Mon 10:00 for "
            "will, on their public holiday National Day") in out
