"""iCalendar export: parsed back with icalendar, every event checked against the schedule."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from exportkit import SEPARATORS, reassign
from icalendar import Calendar

from fairshift.cli import main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Assignment, Schedule, ScheduledShift, ScheduleHorizon
from fairshift.exports import MissingDependencyError, export_schedule, seats, to_ics, to_schedule_json
from fairshift.exports.errors import ExportError


def events(text: str) -> dict[str, Any]:
    cal = Calendar.from_ical(text.encode("utf-8"))
    out = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["UID"])
        assert uid not in out, f"duplicate UID {uid}"
        out[uid] = ev
    return out


def _uid(shift: ScheduledShift, role: str) -> str:
    return f"{shift.rotation}-{shift.start.astimezone(UTC):%Y%m%dT%H%M%SZ}-{role}@fairshift"


def expected(schedule: Schedule) -> dict[str, tuple[ScheduledShift, Assignment]]:
    """UID -> (shift, assignment), the UID spelled out here independently of the exporter."""
    out = {}
    for s in schedule.shifts:
        for a in s.assignments:
            out[_uid(s, a.role)] = (s, a)
    return out


def test_every_event_matches_the_schedule(schedule: Schedule, roster: Roster) -> None:
    text = to_ics(schedule, roster=roster)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    found = events(text)
    want = expected(schedule)
    assert len(want) == sum(len(s.assignments) for s in schedule.shifts) == 80
    assert set(found) == set(want)
    names = {e.id: e.name or e.id for e in roster.engineers}
    for uid, ev in found.items():
        shift, a = want[uid]
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert start.utcoffset() == timedelta(0) and end.utcoffset() == timedelta(0)
        assert start == shift.start and end == shift.end
        assert ev.to_ical().decode().count(f"DTSTART:{shift.start.astimezone(UTC):%Y%m%dT%H%M%S}Z") == 1
        assert str(ev["SUMMARY"]) == f"On call: {shift.rotation} {a.role} — {names[a.engineer]}"
        assert int(ev["SEQUENCE"]) == 0
        assert str(ev["TRANSP"]) == "TRANSPARENT"
        assert str(ev["STATUS"]) == "CONFIRMED"
    # A weekly shift across the US change lasts 167 hours, handoff at 09:00 local on both sides.
    dst = next(s for s in schedule.shifts if s.start.date().isoformat() == "2027-03-08"
               and s.rotation == "payments-weekly")
    assert dst.end.astimezone(UTC) - dst.start.astimezone(UTC) == timedelta(hours=167)


def test_text_is_escaped_by_the_library(schedule: Schedule, roster: Roster) -> None:
    text = to_ics(schedule, roster=roster, engineer="fay")
    assert "Doe\\, Jane\\; " in text  # RFC 5545 TEXT escaping on the wire
    summaries = {str(ev["SUMMARY"]) for ev in events(text).values()}
    assert summaries == {f"On call: platform-daily primary — {SEPARATORS}"}


def test_filters(schedule: Schedule, roster: Roster) -> None:
    want = expected(schedule)
    mine = events(to_ics(schedule, roster=roster, engineer="anna"))
    assert mine and set(mine) == {u for u, (_, a) in want.items() if a.engineer == "anna"}
    daily = events(to_ics(schedule, roster=roster, rotation="platform-daily"))
    assert set(daily) == {u for u, (s, _) in want.items() if s.rotation == "platform-daily"}
    both = events(to_ics(schedule, roster=roster, rotation="platform-daily", engineer="anna"))
    assert both == {}
    with pytest.raises(ExportError, match="did you mean 'anna'"):
        to_ics(schedule, roster=roster, engineer="ana")
    with pytest.raises(ExportError, match="is not a known rotation"):
        to_ics(schedule, roster=roster, rotation="nope")


def _changes(schedule: Schedule) -> dict[tuple[int, str], str]:
    """Swap the primary of shifts 1 and 3 of the weekly rotation for someone else of the team."""
    out = {}
    for i in (1, 3):
        shift = schedule.shifts[i]
        assert shift.rotation == "payments-weekly"
        old = shift.engineers("primary")[0]
        out[(i, "primary")] = next(e for e in ("anna", "bob", "cara", "dan") if e not in shift.engineers()
                                   and e != old)
    return out


def test_reexport_keeps_uids_and_bumps_sequence_exactly_where_the_assignee_changed(
        schedule: Schedule, roster: Roster) -> None:
    changed = reassign(schedule, _changes(schedule))
    changed_uids = {uid for uid, (s, a) in expected(changed).items()
                    if a.engineer != expected(schedule)[uid][1].engineer}
    assert len(changed_uids) == 2
    old = events(to_ics(schedule, roster=roster))
    new = events(to_ics(changed, roster=roster, previous=schedule))
    assert set(new) == set(old)
    for uid, ev in new.items():
        assert int(ev["SEQUENCE"]) == (1 if uid in changed_uids else 0), uid
        assert ev.decoded("DTSTART") == old[uid].decoded("DTSTART")
    assert all(str(ev["STATUS"]) == "CONFIRMED" for ev in new.values())

    # The sequences travel in the JSON export; a second change of one seat bumps it to 2.
    stored = Schedule.from_json(to_schedule_json(changed, previous=schedule))
    seqs = {s.uid: s.sequence for s in seats(stored)}
    assert {u for u, n in seqs.items() if n} == changed_uids and set(seqs.values()) == {0, 1}
    holder = stored.shifts[1].engineers("primary")[0]
    other = next(e for e in ("anna", "bob", "cara", "dan") if e not in stored.shifts[1].engineers())
    assert other != holder
    again = reassign(stored, {(1, "primary"): other})
    first = _uid(stored.shifts[1], "primary")
    assert first in changed_uids
    third = events(to_ics(again, roster=roster, previous=stored))
    assert set(third) == set(old)
    assert {uid: int(ev["SEQUENCE"]) for uid, ev in third.items() if int(ev["SEQUENCE"])} == {
        first: 2, **{u: 1 for u in changed_uids - {first}}}
    # Re-exporting the stored schedule on its own keeps its sequences.
    alone = events(to_ics(stored, roster=roster))
    assert {u for u, ev in alone.items() if int(ev["SEQUENCE"]) == 1} == changed_uids


def test_a_seat_given_away_is_cancelled_in_the_old_holders_calendar(schedule: Schedule,
                                                                    roster: Roster) -> None:
    changes = _changes(schedule)
    (index, role), newcomer = next(iter(changes.items()))
    loser = schedule.shifts[index].engineers(role)[0]
    changed = reassign(schedule, changes)
    uid = _uid(schedule.shifts[index], "primary")
    lost = events(to_ics(changed, roster=roster, engineer=loser, previous=schedule))
    assert str(lost[uid]["STATUS"]) == "CANCELLED" and int(lost[uid]["SEQUENCE"]) == 1
    before, after = expected(schedule), expected(changed)
    assert {u for u, ev in lost.items() if str(ev["STATUS"]) == "CANCELLED"} == {
        u for u in before if before[u][1].engineer == loser and after[u][1].engineer != loser}
    assert {u for u, ev in lost.items() if str(ev["STATUS"]) == "CONFIRMED"} == {
        u for u in after if after[u][1].engineer == loser}
    gained = events(to_ics(changed, roster=roster, engineer=newcomer, previous=schedule))
    assert str(gained[uid]["STATUS"]) == "CONFIRMED" and int(gained[uid]["SEQUENCE"]) == 1
    # Shifts that are not in the new schedule (e.g. last quarter's) are never cancelled.
    later = Schedule.model_validate({**changed.model_dump(mode="json"), "shifts": []})
    assert events(to_ics(later, roster=roster, engineer=loser, previous=schedule)) == {}


def _two_seat(engineers: list[str], sequences: list[int] | None = None) -> Schedule:
    tz = timezone(timedelta(hours=1))
    seqs = sequences or [0] * len(engineers)
    return Schedule(horizon=ScheduleHorizon(start="2027-01-04", end="2027-01-11"), shifts=(ScheduledShift(
        rotation="r", start=datetime(2027, 1, 4, 9, tzinfo=tz), end=datetime(2027, 1, 11, 9, tzinfo=tz),
        assignments=tuple(Assignment(role="secondary", engineer=e, sequence=n)
                          for e, n in zip(engineers, seqs, strict=True))),))


def test_seats_of_a_role_keep_their_uid_when_only_one_person_changes() -> None:
    before = _two_seat(["x", "y"], [3, 5])
    after = _two_seat(["a", "x"])  # y left, a came; x keeps seat 1 whatever the list order
    got = {s.uid: (s.engineer, s.sequence) for s in seats(after, before)}
    assert got == {"r-20270104T080000Z-secondary@fairshift": ("x", 3),
                   "r-20270104T080000Z-secondary+2@fairshift": ("a", 6)}
    text = to_ics(after, previous=before)
    assert {uid: int(ev["SEQUENCE"]) for uid, ev in events(text).items()} == {
        "r-20270104T080000Z-secondary@fairshift": 3, "r-20270104T080000Z-secondary+2@fairshift": 6}


def test_a_bad_stored_sequence_is_an_input_error() -> None:
    with pytest.raises(ExportError, match="sequence -1"):
        seats(_two_seat(["x"], [-1]))


def test_output_is_reproducible_and_dtstamp_is_a_parameter(schedule: Schedule) -> None:
    assert to_ics(schedule) == to_ics(schedule)
    stamp = datetime(2027, 2, 1, 12, tzinfo=UTC)
    ev = next(iter(events(to_ics(schedule, stamp=stamp)).values()))
    assert ev.decoded("DTSTAMP") == stamp


def test_missing_icalendar_says_what_to_install(schedule: Schedule, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(MissingDependencyError, match=r"pip install fairshift\[ics\]"):
        to_ics(schedule)
    assert export_schedule(schedule, "json")  # the other exports do not need it


def test_cli_export_ics_with_previous(files: tuple[Path, Path], schedule: Schedule, tmp_path: Path) -> None:
    roster_file, schedule_file = files
    new_file = tmp_path / "new.json"
    new_file.write_text(reassign(schedule, _changes(schedule)).to_json())
    out = tmp_path / "cal" / "oncall.ics"
    assert main(["export", str(new_file), "--roster", str(roster_file), "--format", "ics", "--previous",
                 str(schedule_file), "--out", str(out), "--stamp", "2027-02-01T00:00Z"]) == 0
    found = events(out.read_text(encoding="utf-8"))
    assert sorted(int(ev["SEQUENCE"]) for ev in found.values()).count(1) == 2
    assert all(ev.decoded("DTSTAMP") == datetime(2027, 2, 1, tzinfo=UTC) for ev in found.values())
    assert main(["export", str(new_file), "--format", "ics", "--stamp", "yesterday"]) == 2
