"""iCalendar import: fairshift's own export comes back seat for seat; other pagers' feeds are
matched by e-mail, tool id or name; unknown people, gaps and overlaps are reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import vobject
from kit import ROSTER, reassign, seat_map

from fairshift.check.validate import validate
from fairshift.cli import main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import to_ics
from fairshift.integrations import import_schedule
from fairshift.io.schedule import load_schedule

ROOT = Path(__file__).resolve().parents[2]


def test_fairshifts_own_calendar_comes_back_seat_for_seat(roster: Roster, schedule: Schedule) -> None:
    text = to_ics(schedule, roster=roster)
    result = import_schedule("ics", text, roster)
    assert result.problems == ()
    assert seat_map(result.schedule) == seat_map(schedule)
    assert validate(roster, result.schedule).ok == validate(roster, schedule).ok


def test_the_round_trip_through_the_cli_gives_a_schedule_validate_and_ledger_accept(
        files: tuple[Path, Path], schedule: Schedule, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    roster_file, schedule_file = files
    ics = tmp_path / "oncall.ics"
    assert main(["export", str(schedule_file), "--roster", str(roster_file), "--format", "ics",
                 "--out", str(ics), "--stamp", "2027-01-01T00:00Z"]) == 0
    imported = tmp_path / "imported.json"
    assert main(["import", "ics", str(ics), "--roster", str(roster_file), "--out", str(imported)]) == 0
    assert seat_map(load_schedule(imported)) == seat_map(schedule)
    capsys.readouterr()
    assert main(["validate", str(roster_file), str(imported)]) == 0
    assert main(["ledger", str(roster_file), str(imported)]) == 0
    assert main(["report", str(imported), "--roster", str(roster_file)]) == 0
    assert "anna" in capsys.readouterr().out


def test_one_role_of_one_rotation_can_be_imported_alone(roster: Roster, schedule: Schedule) -> None:
    text = to_ics(schedule, roster=roster, rotation="payments-weekly", role="secondary")
    result = import_schedule("ics", text, roster, rotation="payments-weekly", role="secondary")
    want = {k: v for k, v in seat_map(schedule).items() if k[0] == "payments-weekly" and k[2] == "secondary"}
    assert seat_map(result.schedule) == want
    # the primary seats are missing, so validate finds them unfilled: never silently filled
    assert any(v.rule == "coverage" for v in validate(roster, result.schedule).hard)


def _event(uid: str, start: str, end: str, summary: str, extra: str = "") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
            f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\n")


def _calendar(*events: str) -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + "".join(events) + "END:VCALENDAR\r\n"


WEEKS = [("20270104T170000Z", "20270111T170000Z"), ("20270111T170000Z", "20270118T170000Z"),
         ("20270118T170000Z", "20270125T170000Z")]


def _import(text: str, roster: Roster) -> object:
    return import_schedule("ics", text, roster, rotation="payments-weekly", start=_d("2027-01-04"),
                           end=_d("2027-01-25"))


def _d(text: str) -> object:
    from datetime import date

    return date.fromisoformat(text)


@pytest.mark.parametrize(("summary", "extra"), [
    ("On Call - Bob Stone - Payments", "ATTENDEE;CN=Bob Stone:mailto:bob@example.com\r\n"),  # PagerDuty
    ("On-Call (GoAlert): Bob Stone", ""),  # GoAlert
    ("[L1] bob.grafana", ""),  # Grafana OnCall: the username, with a level marker
    ("bob@example.com", ""),  # Opsgenie
    ("On call", "DESCRIPTION:Responder PBOB002\r\n"),  # a PagerDuty user id in the text
])
def test_other_pagers_feeds_are_matched_by_email_tool_id_or_name(roster: Roster, summary: str,
                                                                  extra: str) -> None:
    text = _calendar(*(_event(f"e{i}", a, b, summary, extra) for i, (a, b) in enumerate(WEEKS)))
    result = _import(text, roster)
    assert result.problems == ()
    assert [s.engineers("primary") for s in result.schedule.shifts] == [("bob",)] * 3


def test_unknown_people_gaps_and_overlaps_are_reported_not_dropped(roster: Roster) -> None:
    text = _calendar(
        _event("a", *WEEKS[0], "Zed Unknown", "ATTENDEE:mailto:zed@elsewhere.example\r\n"),
        _event("b", "20270111T170000Z", "20270114T170000Z", "Bob Stone"),  # half a week: a gap after it
        _event("c", *WEEKS[2], "Cara Diaz"),
        _event("d", "20270120T170000Z", "20270121T170000Z", "Dan Evans"),  # on top of Cara
    )
    result = _import(text, roster)
    kinds = {p.kind for p in result.problems}
    assert {"unknown_person", "gap", "overlap", "unmapped", "split"} <= kinds
    unknown = result.by_kind("unknown_person")
    assert len(unknown) == 1 and "zed@elsewhere.example" in unknown[0].message
    gap = result.by_kind("gap")
    assert len(gap) == 1 and "Thu 2027-01-14 09:00" in gap[0].message and "96 h" in gap[0].message
    assert "Wed 2027-01-20 09:00" in result.by_kind("overlap")[0].message
    # the unknown person's week is left empty, not given to someone else
    assert [s.engineers("primary") for s in result.schedule.shifts] == [(), ("bob",), ("cara",)]
    stored = result.schedule.model_extra["imported"]["problems"]
    assert len(stored) == len(result.problems)


def test_recurring_events_are_expanded(roster: Roster) -> None:
    text = _calendar(_event("r", *WEEKS[0], "[L0] bob.grafana", "RRULE:FREQ=WEEKLY;COUNT=3\r\n"))
    result = _import(text, roster)
    assert result.problems == ()
    assert [s.engineers("primary") for s in result.schedule.shifts] == [("bob",)] * 3


def test_a_name_with_a_line_break_never_forges_an_event(roster: Roster, schedule: Schedule) -> None:
    forged = "Anna\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged\r\nSUMMARY:forged"
    data = {**ROSTER, "name": "Org\r\nBEGIN:VEVENT\r\nUID:x\r\n"}
    data["engineers"] = [dict(e, name=forged) if e["id"] == "anna" else e for e in ROSTER["engineers"]]
    code = (
        "import json, sys\n"
        "from fairshift import parse_roster, Schedule\n"
        "from fairshift.exports import to_ics\n"
        "data = json.loads(sys.argv[1]); sched = Schedule.model_validate_json(sys.argv[2])\n"
        # the loader refuses control characters in names; a roster built in Python can still carry
        # them (model_copy does not validate), so the exporter must escape them itself
        "clean = {**data, 'name': 'Org', 'engineers': [dict(e, name='Anna') if e['id'] == 'anna' else e\n"
        "                                        for e in data['engineers']]}\n"
        "r = parse_roster(clean)\n"
        "evil = next(e['name'] for e in data['engineers'] if e['id'] == 'anna')\n"
        "anna = r.engineers_by_id['anna'].model_copy(update={'name': evil})\n"
        "r = r.model_copy(update={'name': data['name'], 'engineers': tuple(anna if e.id == 'anna' else e\n"
        "                                                                 for e in r.engineers)})\n"
        "r.__dict__.pop('engineers_by_id', None)\n"
        "sched = sched.model_copy(update={'name': data['name']})\n"
        "for kw in ({}, {'engineer': 'anna'}, {'rotation': 'platform-daily', 'role': 'primary'}):\n"
        "    sys.stdout.write(to_ics(sched, roster=r, **kw) + '\\n=====\\n')\n")
    import json

    for optimize in ("", "1"):
        env = {**os.environ, "PYTHONOPTIMIZE": optimize}
        done = subprocess.run([sys.executable, "-c", code, json.dumps(data), schedule.to_json()], cwd=ROOT,
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        for text in done.stdout.split("\n=====\n")[:-1]:
            lines = text.split("\r\n")
            assert not any(line.startswith(("UID:forged", "UID:x", "SUMMARY:forged")) for line in lines)
            cal = vobject.readOne(text)  # a second, independent parser sees no extra event
            uids = [ev.uid.value for ev in cal.vevent_list]
            assert "forged" not in uids and len(uids) == len(set(uids))
            assert all("\n" not in ev.summary.value for ev in cal.vevent_list)


def test_reassigned_seats_come_back_too(roster: Roster, schedule: Schedule) -> None:
    other = "dan" if "dan" not in schedule.shifts[0].engineers() else "anna"
    changed = reassign(schedule, {(0, "primary"): other})
    result = import_schedule("ics", to_ics(changed, roster=roster, previous=schedule), roster)
    assert seat_map(result.schedule) == seat_map(changed)
