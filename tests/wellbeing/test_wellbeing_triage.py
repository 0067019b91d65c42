"""The daily triage slot for Budapest + Los Angeles + New York across March 2027, when the US
(from 03-14) and the EU (from 03-28) are out of step; the example of docs/wellbeing.md.

anna works 09:00-18:00 in Budapest, ben 09:00-17:00 in New York, dan 08:00-17:00 in Los Angeles.
In UTC: until 03-13, anna 08-17, ben 14-22, dan 16-01: the common time is 16:00-17:00 UTC, 17:00
in Budapest. From 03-14 ben is 13-21 and dan 15-24 while anna is still 08-17: 15:00-17:00 UTC,
and the earliest window starts at 16:00 in Budapest (08:00 in Los Angeles). From 03-28 anna is
07-16: 15:00-16:00 UTC, 17:00 in Budapest again. Hungary's National Day (03-15), Good Friday
(03-26) and Easter Monday (03-29), and California's Cesar Chavez Day (03-31) leave no common
slot: the least-bad window has one person outside for the whole meeting.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.domain.roster import Engineer
from fairshift.errors import FairshiftError
from fairshift.exports.triage import triage_markdown, verdict
from fairshift.workflows.triage import TriageDay, best_slot, on_call_by_day, runs, triage_slots

DOC = Path(__file__).resolve().parents[2] / "docs" / "wellbeing.md"
ANNA = Engineer(id="anna", timezone="Europe/Budapest", country="HU", working_hours="09:00-18:00")
BEN = Engineer(id="ben", timezone="America/New_York", country="US", subdivision="NY")
DAN = Engineer(id="dan", timezone="America/Los_Angeles", country="US", subdivision="CA",
               working_hours="08:00-17:00")
BUDAPEST = ZoneInfo("Europe/Budapest")
MARCH = [date(2027, 3, 1) + timedelta(days=i) for i in range(33)]
WEEKDAYS = [d for d in MARCH if d.weekday() < 5]


def _march() -> tuple[TriageDay, ...]:
    return triage_slots({d: [ANNA, BEN, DAN] for d in WEEKDAYS}, minutes=30, timezone="Europe/Budapest")


def test_the_slot_moves_by_an_hour_while_the_us_and_the_eu_are_out_of_step() -> None:
    result = {d.day: d for d in _march()}
    for day, d in result.items():
        budapest = d.start.astimezone(BUDAPEST).strftime("%H:%M")
        out_of_step = date(2027, 3, 14) <= day < date(2027, 3, 28)
        holidays = {date(2027, 3, 15), date(2027, 3, 26), date(2027, 3, 29), date(2027, 3, 31)}
        assert d.common == (day not in holidays), day
        if day == date(2027, 3, 31):  # dan's holiday: the earliest window for anna and ben
            assert (budapest, [a.local_start.strftime("%H:%M") for a in d.attendees]) == (
                "15:00", ["15:00", "09:00", "06:00"])
            continue
        assert budapest == ("16:00" if out_of_step else "17:00"), day
        # Los Angeles and New York see the same local time all month
        assert [a.local_start.strftime("%H:%M") for a in d.attendees[1:]] == ["11:00", "08:00"]
    assert result[date(2027, 3, 15)].outside[0].reason == "public holiday (National Day)"
    assert verdict(result[date(2027, 3, 26)]) == (
        "no common slot: anna outside (public holiday (Good Friday), 30 min)")
    assert [(r.first.isoformat(), r.last.isoformat(), f"{r.start:%H:%M}", r.common)
            for r in runs(_march(), "Europe/Budapest")] == [
        ("2027-03-01", "2027-03-12", "17:00", True), ("2027-03-15", "2027-03-15", "16:00", False),
        ("2027-03-16", "2027-03-25", "16:00", True), ("2027-03-26", "2027-03-26", "16:00", False),
        ("2027-03-29", "2027-03-29", "17:00", False), ("2027-03-30", "2027-03-30", "17:00", True),
        ("2027-03-31", "2027-03-31", "15:00", False), ("2027-04-01", "2027-04-02", "17:00", True)]


def test_the_docs_example_is_what_the_code_computes() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Triage slot", 1)[1].split("\n## ", 1)[0]
    table = re.search(r"<!-- triage-example -->\n(.*?)<!-- /triage-example -->", section, flags=re.S)
    assert table is not None, "docs/wellbeing.md lost its triage example"
    assert table.group(1) == triage_markdown(_march(), "Europe/Budapest")


def _outside_oracle(eng: Engineer, start: datetime, minutes: int) -> int:
    """Minutes of the window outside eng's working time, minute by minute (independent of the code)."""
    tz = ZoneInfo(eng.timezone)
    out = 0
    for k in range(minutes):
        local = (start + timedelta(minutes=k)).astimezone(tz)
        wall = local.time().replace(tzinfo=None)
        working = (local.weekday() in eng.working_weekdays and not eng.calendar.is_holiday(local.date())
                   and eng.hours[0] <= wall < eng.hours[1])
        out += not working
    return out


@settings(max_examples=60, deadline=None)
@given(day=st.sampled_from(MARCH + [date(2027, 10, 25) + timedelta(days=i) for i in range(16)]),
       minutes=st.sampled_from([15, 30, 45, 60, 90]), tz=st.sampled_from(["UTC", "Europe/Budapest",
                                                                         "America/Los_Angeles"]),
       people=st.lists(st.sampled_from([ANNA, BEN, DAN]), min_size=1, max_size=3, unique_by=lambda e: e.id))
def test_the_best_window_is_the_least_bad_of_all_candidates(day: date, minutes: int, tz: str,
                                                            people: list[Engineer]) -> None:
    """Against a minute-by-minute oracle: the chosen window's figures are right, and no candidate
    (every 15 minutes of the local day) leaves fewer people outside, or as few with fewer minutes."""
    best = best_slot(people, day, minutes=minutes, timezone=tz)
    zi = ZoneInfo(tz)
    assert best.start.astimezone(zi).date() == day
    for a, e in zip(best.attendees, people, strict=True):
        assert a.outside_minutes == _outside_oracle(e, best.start, minutes)
    key = (len(best.outside), best.outside_minutes)
    start = datetime.combine(day, datetime.min.time(), tzinfo=zi).astimezone(UTC)
    stop = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zi).astimezone(UTC)
    while start < stop:
        figures = [_outside_oracle(e, start, minutes) for e in people]
        other = (sum(1 for f in figures if f), sum(figures))
        assert other >= key, (start, other, key)
        if other == key:
            assert start >= best.start  # ties go to the earliest
        start += timedelta(minutes=15)


def test_bad_requests_are_clear_errors() -> None:
    with pytest.raises(FairshiftError, match="no people to meet on 2027-03-01"):
        best_slot([], date(2027, 3, 1), minutes=30)
    with pytest.raises(FairshiftError, match="minutes from 1 to 1440"):
        best_slot([ANNA], date(2027, 3, 1), minutes=0)


def test_the_people_on_call_each_day_come_from_the_schedule() -> None:
    from fairshift import parse_roster
    from fairshift.domain.instance import Instance, Plan

    roster = parse_roster({"horizon": {"start": "2027-03-01", "end": "2027-03-15"},
                           "engineers": [ANNA.model_dump(), BEN.model_dump(), DAN.model_dump()],
                           "rotations": [{"id": "w", "members": ["anna", "ben", "dan"], "every": "week",
                                          "handoff": "mon 09:00", "timezone": "Europe/Budapest"}]})
    inst = Instance(roster)
    plan = Plan(inst)
    for shift, who in zip(inst.shifts["w"], ["anna", "ben"], strict=True):
        plan.holders[("w", shift.start)] = {"primary": (who,)}
    found = on_call_by_day(roster, plan.to_schedule(status="x"), [date(2027, 3, 5), date(2027, 3, 8)],
                           timezone="Europe/Budapest")
    assert {d: [e.id for e in es] for d, es in found.items()} == {
        date(2027, 3, 5): ["anna"], date(2027, 3, 8): ["anna", "ben"]}  # Monday: both, the handoff day
