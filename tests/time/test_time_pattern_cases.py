"""Hand-computed cases of the rotation patterns: exact UTC instants, lengths, errors.

2027 facts (IANA rules): Budapest is UTC+1 until 2027-03-28 01:00 UTC and from 2027-10-31
01:00 UTC, UTC+2 between; New York is UTC-5 until 2027-03-14 07:00 UTC and from 2027-11-07
06:00 UTC, UTC-4 between. So Budapest is 6 hours ahead of New York, except 5 hours from
2027-03-14 to 2027-03-28 and from 2027-10-31 to 2027-11-07.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from fairshift.domain.roster import Engineer, Horizon, Roster, Rotation
from fairshift.domain.shifts import expand, handoff_problems, time_problems
from fairshift.errors import RosterError, TimeError
from fairshift.io.roster import load_roster
from fairshift.time.tz import zone

NY = zone("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rotation(**fields: Any) -> Rotation:
    data = {"id": "r", "members": ["a"], "timezone": "Europe/Budapest", **fields}
    return Rotation.model_validate(data)


# --- every N weeks ----------------------------------------------------------------------------

def test_two_weeks_from_the_anchor_across_both_changes() -> None:
    rot = rotation(every="2w", handoff="mon 09:00", anchor="2027-01-04")
    spring = expand(rot, Horizon(start=date(2027, 3, 8), end=date(2027, 4, 5)))
    # 2027-01-04 + 5 * 14 days = 2027-03-15: the first start in the horizon (not 03-08)
    assert [(s.start, s.hours) for s in spring] == [(utc(2027, 3, 15, 8), 335.0),
                                                    (utc(2027, 3, 29, 7), 336.0)]
    autumn = expand(rot, Horizon(start=date(2027, 10, 18), end=date(2027, 11, 8)))
    assert [(s.start, s.hours) for s in autumn] == [(utc(2027, 10, 25, 7), 337.0)]
    assert [s.key for s in spring] == ["r@2027-03-15T09:00", "r@2027-03-29T09:00"]


def test_the_anchor_may_lie_outside_the_horizon_either_way() -> None:
    horizon = Horizon(start=date(2027, 3, 1), end=date(2027, 5, 1))
    before = expand(rotation(every="3w", handoff="wed 10:00", anchor="2026-12-30"), horizon)
    after = expand(rotation(every="3w", handoff="wed 10:00", anchor="2028-06-07"), horizon)
    # 2026-12-30 + 63 days = 2027-03-03; 2028-06-07 - 66 weeks = 2027-03-03 as well
    assert [s.local_start.date() for s in before] == [date(2027, 3, 3), date(2027, 3, 24), date(2027, 4, 14)]
    assert [s.start for s in after] == [s.start for s in before]


# --- weekday / weekend split ------------------------------------------------------------------

def test_split_week_in_budapest_seen_from_new_york() -> None:
    rot = rotation(every="week", handoff=["mon 09:00", "fri 18:00"])
    shifts = expand(rot, Horizon(start=date(2027, 3, 8), end=date(2027, 4, 5)))
    local = [(s.local_start.strftime("%a %m-%d %H:%M"), s.hours) for s in shifts]
    assert local == [("Mon 03-08 09:00", 105.0), ("Fri 03-12 18:00", 63.0), ("Mon 03-15 09:00", 105.0),
                     ("Fri 03-19 18:00", 63.0), ("Mon 03-22 09:00", 105.0), ("Fri 03-26 18:00", 62.0),
                     ("Mon 03-29 09:00", 105.0), ("Fri 04-02 18:00", 63.0)]
    fridays = {s.local_start.date(): s.start.astimezone(NY).strftime("%H:%M") for s in shifts[1::2]}
    assert fridays == {date(2027, 3, 12): "12:00", date(2027, 3, 19): "13:00", date(2027, 3, 26): "13:00",
                       date(2027, 4, 2): "12:00"}
    assert all(a.end == b.start for a, b in pairwise(shifts))


def test_a_weekend_rotation_with_until_leaves_the_week_to_another_rotation() -> None:
    weekend = rotation(every="week", handoff="fri 18:00", until="mon 09:00")
    weekday = rotation(id="w", every="week", handoff="mon 09:00", until="fri 18:00")
    horizon = Horizon(start=date(2027, 10, 25), end=date(2027, 11, 8))
    both = sorted([*expand(weekend, horizon), *expand(weekday, horizon)], key=lambda s: s.start)
    assert [s.hours for s in both] == [105.0, 64.0, 105.0, 63.0]  # Budapest falls back on 10-31
    assert all(a.end == b.start for a, b in pairwise(both))  # together they tile the weeks


# --- until: business hours and night shifts -----------------------------------------------------

def test_business_hours_in_new_york_across_the_change() -> None:
    rot = rotation(every="day", handoff="09:00", until="17:00", days=["mon", "tue", "wed", "thu", "fri"],
                   timezone="America/New_York")
    shifts = expand(rot, Horizon(start=date(2027, 3, 12), end=date(2027, 3, 16)))
    assert [(s.start, s.end) for s in shifts] == [
        (utc(2027, 3, 12, 14), utc(2027, 3, 12, 22)),  # Friday, EST
        (utc(2027, 3, 15, 13), utc(2027, 3, 15, 21)),  # Monday, EDT; nothing on the weekend
    ]


@pytest.mark.parametrize(("day", "hours"), [(date(2027, 3, 27), 7.0), (date(2027, 10, 30), 9.0),
                                            (date(2027, 3, 20), 8.0)])
def test_a_night_shift_until_the_morning(day: date, hours: float) -> None:
    rot = rotation(every="day", handoff="22:00", until="06:00")
    (shift,) = expand(rot, Horizon(start=day, end=date.fromordinal(day.toordinal() + 1)))
    assert shift.local_start.strftime("%H:%M") == "22:00" and shift.local_end.strftime("%H:%M") == "06:00"
    assert shift.hours == hours


def test_three_handoffs_a_day_the_last_shift_crosses_midnight() -> None:
    rot = rotation(every="day", handoff=["06:00", "14:00", "22:00"])
    shifts = expand(rot, Horizon(start=date(2027, 3, 27), end=date(2027, 3, 29)))
    assert [s.hours for s in shifts] == [8.0, 8.0, 7.0, 8.0, 8.0, 8.0]
    assert shifts[2].start == utc(2027, 3, 27, 21) and shifts[2].end == utc(2027, 3, 28, 4)
    assert all(a.end == b.start for a, b in pairwise(shifts))


def test_until_in_a_skipped_hour_is_rejected_or_resolved() -> None:
    horizon = Horizon(start=date(2027, 3, 26), end=date(2027, 3, 30))
    rot = rotation(every="day", handoff="20:00", until="02:30")
    assert time_problems(rot, horizon) == [(
        "until", "until 02:30 does not exist on 2027-03-28 in Europe/Budapest (clocks jump forward); "
        "move the until time or set dst: resolve on this rotation")]
    with pytest.raises(TimeError, match="02:30 does not exist on 2027-03-28"):
        expand(rot, horizon)
    resolved = expand(rotation(every="day", handoff="20:00", until="02:30", dst="resolve"), horizon)
    assert [s.local_end.strftime("%m-%d %H:%M") for s in resolved] == [
        "03-27 02:30", "03-28 03:30", "03-29 02:30", "03-30 02:30"]
    assert [s.hours for s in resolved] == [6.5, 6.5, 6.5, 6.5]


def test_a_skipped_until_in_a_roster_points_at_until(tmp_path: Path) -> None:
    with pytest.raises(RosterError) as info:
        Roster(horizon=Horizon(start=date(2027, 3, 26), end=date(2027, 3, 30)),
               engineers=(Engineer(id="a", timezone="Europe/Budapest"),),
               rotations=(rotation(every="day", handoff="20:00", until="02:30"),))
    (problem,) = info.value.problems
    assert problem.path == "rotations[0].until" and "2027-03-28" in problem.message


# --- validation, located in the file --------------------------------------------------------------

ROSTER = """\
horizon: {start: 2027-03-01, end: 2027-04-05}
engineers:
  - {id: a, timezone: Europe/Budapest}
rotations:
  - id: r
    members: [a]
    timezone: Europe/Budapest
"""


@pytest.mark.parametrize(
    ("extra", "line", "field", "needle"),
    [
        ('    every: 2w\n    handoff: "mon 09:00"\n', 5, "rotations[0].anchor",
         "an every: 2w rotation needs an anchor: a local date on which one of its shifts starts (a Monday)"),
        ('    every: 2w\n    handoff: "mon 09:00"\n    anchor: 2027-01-05\n', 10, "rotations[0].anchor",
         "anchor 2027-01-05 is a Tuesday, but the handoff is on Mondays"),
        ('    every: week\n    handoff: "mon 09:00"\n    anchor: 2027-01-04\n', 10, "rotations[0].anchor",
         "anchor is for every: Nw rotations"),
        ('    every: 2w\n    handoff: ["mon 09:00", "fri 18:00"]\n    anchor: 2027-01-04\n', 9,
         "rotations[0].handoff", "an every: 2w rotation has one handoff"),
        ('    every: week\n    handoff: ["fri 18:00", "mon 09:00"]\n', 9, "rotations[0].handoff",
         'Monday first; write ["mon 09:00", "fri 18:00"]'),
        ('    every: day\n    handoff: "09:00"\n    until: "09:00"\n', 10, "rotations[0].until",
         "until 09:00 is also a handoff time"),
        ('    every: week\n    handoff: "fri 18:00"\n    until: "09:00"\n', 10, "rotations[0].until",
         'e.g. until: "fri 18:00"'),
        ('    every: week\n    handoff: "mon 09:00"\n    days: [mon]\n', 10, "rotations[0].days",
         "days is for every: day rotations"),
        ('    every: 53w\n    handoff: "mon 09:00"\n', 8, "rotations[0].every", "'53w' is not a period"),
    ],
)
def test_pattern_errors_are_located(tmp_path: Path, extra: str, line: int, field: str, needle: str) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(ROSTER + extra, encoding="utf-8")
    with pytest.raises(RosterError) as info:
        load_roster(path)
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == (field, line), str(problem)
    assert needle in problem.message


def test_patterns_are_described_in_words() -> None:
    assert rotation(every="2w", handoff="mon 09:00", anchor="2027-01-04").pattern == (
        "every 2w at mon 09:00 from 2027-01-04")
    assert rotation(every="day", handoff="09:00", until="17:00", days=["mon", "fri"]).pattern == (
        "every day at 09:00 on mon, fri until 17:00")
    assert handoff_problems(rotation(every="week", handoff=["mon 09:00", "fri 18:00"]),
                            Horizon(start=date(2027, 3, 1), end=date(2027, 4, 1))) == []


def test_the_patterns_example() -> None:
    roster = load_roster(Path(__file__).resolve().parents[2] / "examples" / "patterns.yaml")
    shifts = {r.id: expand(r, roster.horizon) for r in roster.rotations}
    assert [s.key for s in shifts["sprint-primary"]] == [
        "sprint-primary@2027-03-01T09:00", "sprint-primary@2027-03-15T09:00",
        "sprint-primary@2027-03-29T09:00"]
    assert {s.hours for s in shifts["split-week"]} == {105.0, 63.0, 62.0}  # 62: across 03-14 in New York
    assert len(shifts["support-hours"]) == 25 and {s.hours for s in shifts["support-hours"]} == {8.0}
    assert len(shifts["three-shifts"]) == 3 * 35
