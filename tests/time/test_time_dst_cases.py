"""Hand-computed DST cases of shift expansion: exact UTC instants, durations and error texts.

2027 facts used below (IANA rules): the EU changes on the last Sundays of March and October
(2027-03-28, 2027-10-31) at 01:00 UTC; the US on the second Sunday of March (2027-03-14) and the
first Sunday of November (2027-11-07) at 02:00 local; Lord Howe (+10:30 / +11:00, a 30-minute
step) on the first Sundays of April (2027-04-04) and October (2027-10-03) at 02:00 local.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from fairshift.domain.roster import Engineer, Horizon, Roster, Rotation
from fairshift.domain.shifts import expand, handoff_instant, handoff_problems
from fairshift.errors import RosterError, TimeError
from fairshift.time.tz import zone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rotation(handoff: str | tuple[str, ...], tz: str, *, every: str = "day", dst: str = "reject") -> Rotation:
    return Rotation.model_validate(
        {"id": "r", "members": ["a"], "every": every, "handoff": handoff, "timezone": tz, "dst": dst}
    )


# --- a Budapest 09:00 handoff seen from Los Angeles while the US and the EU disagree ---------------

LA = zone("America/Los_Angeles")
SPRING = Horizon(start=date(2027, 3, 12), end=date(2027, 3, 30))
FALL = Horizon(start=date(2027, 10, 29), end=date(2027, 11, 10))


def test_budapest_morning_handoff_in_los_angeles_spring_2027() -> None:
    shifts = expand(rotation("09:00", "Europe/Budapest"), SPRING)
    starts = {s.local_start.date(): s.start for s in shifts}
    # CET (+1) until 2027-03-28 01:00 UTC: 09:00 Budapest is 08:00 UTC; CEST (+2) after: 07:00 UTC.
    for day in range(12, 28):
        assert starts[date(2027, 3, day)] == utc(2027, 3, day, 8)
    assert starts[date(2027, 3, 28)] == utc(2027, 3, 28, 7)
    assert starts[date(2027, 3, 29)] == utc(2027, 3, 29, 7)
    assert len(shifts) == 18

    la = {d: s.astimezone(LA).strftime("%Y-%m-%d %H:%M %Z") for d, s in starts.items()}
    # PST (-8) before 2027-03-14 10:00 UTC: 08:00 UTC is midnight in LA.
    assert la[date(2027, 3, 13)] == "2027-03-13 00:00 PST"
    # The 2027-03-14 handoff (08:00 UTC) comes two hours before LA springs forward.
    assert la[date(2027, 3, 14)] == "2027-03-14 00:00 PST"
    # 2027-03-15 .. 2027-03-27: LA on PDT (-7), Budapest still on CET: 01:00 in LA.
    for day in range(15, 28):
        assert la[date(2027, 3, day)] == f"2027-03-{day:02d} 01:00 PDT"
    # From 2027-03-28 both are on summer time again: midnight in LA.
    assert la[date(2027, 3, 28)] == "2027-03-28 00:00 PDT"
    assert la[date(2027, 3, 29)] == "2027-03-29 00:00 PDT"

    hours = {s.local_start.date(): s.hours for s in shifts}
    assert hours[date(2027, 3, 27)] == 23.0  # the night Budapest springs forward
    assert all(h == 24.0 for d, h in hours.items() if d != date(2027, 3, 27))


def test_budapest_morning_handoff_in_los_angeles_fall_2027() -> None:
    shifts = expand(rotation("09:00", "Europe/Budapest"), FALL)
    starts = {s.local_start.date(): s.start for s in shifts}
    assert starts[date(2027, 10, 30)] == utc(2027, 10, 30, 7)  # CEST
    assert starts[date(2027, 10, 31)] == utc(2027, 10, 31, 8)  # CET from 2027-10-31 01:00 UTC
    for day in range(1, 10):
        assert starts[date(2027, 11, day)] == utc(2027, 11, day, 8)

    la = {d: s.astimezone(LA).strftime("%Y-%m-%d %H:%M %Z") for d, s in starts.items()}
    assert la[date(2027, 10, 30)] == "2027-10-30 00:00 PDT"
    # 2027-10-31 .. 2027-11-06: Budapest on CET, LA still on PDT: 01:00 in LA.
    for d in [date(2027, 10, 31)] + [date(2027, 11, n) for n in range(1, 7)]:
        assert la[d] == f"{d.isoformat()} 01:00 PDT"
    # 2027-11-07: 08:00 UTC is 01:00 PDT, the first of LA's two 01:00s (it falls back at 09:00 UTC).
    assert la[date(2027, 11, 7)] == "2027-11-07 01:00 PDT"
    assert la[date(2027, 11, 8)] == "2027-11-08 00:00 PST"

    hours = {s.local_start.date(): s.hours for s in shifts}
    assert hours[date(2027, 10, 30)] == 25.0
    assert all(h == 24.0 for d, h in hours.items() if d != date(2027, 10, 30))


# --- weekly shifts across the changes ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("tz", "handoff", "start", "end", "expected"),
    [
        # Budapest: Mon 09:00 CET 2027-03-22 (08:00 UTC) -> Mon 09:00 CEST 2027-03-29 (07:00 UTC)
        ("Europe/Budapest", "mon 09:00", date(2027, 3, 22), date(2027, 4, 5),
         [(utc(2027, 3, 22, 8), 167.0), (utc(2027, 3, 29, 7), 168.0)]),
        ("Europe/Budapest", "mon 09:00", date(2027, 10, 25), date(2027, 11, 8),
         [(utc(2027, 10, 25, 7), 169.0), (utc(2027, 11, 1, 8), 168.0)]),
        # New York: Sun 12:00 EST 2027-03-07 (17:00 UTC) -> EDT 2027-03-14 (16:00 UTC)
        ("America/New_York", "sun 12:00", date(2027, 3, 7), date(2027, 3, 15),
         [(utc(2027, 3, 7, 17), 167.0), (utc(2027, 3, 14, 16), 168.0)]),
        ("America/Los_Angeles", "wed 09:00", date(2027, 11, 3), date(2027, 11, 11),
         [(utc(2027, 11, 3, 16), 169.0), (utc(2027, 11, 10, 17), 168.0)]),
        # Lord Howe: Mon 09:00 +10:30 2027-09-27 (22:30 UTC the day before) -> +11:00 2027-10-04
        ("Australia/Lord_Howe", "mon 09:00", date(2027, 9, 27), date(2027, 10, 5),
         [(utc(2027, 9, 26, 22, 30), 167.5), (utc(2027, 10, 3, 22), 168.0)]),
        ("Australia/Lord_Howe", "mon 09:00", date(2027, 3, 29), date(2027, 4, 6),
         [(utc(2027, 3, 28, 22), 168.5), (utc(2027, 4, 4, 22, 30), 168.0)]),
        ("UTC", "mon 09:00", date(2027, 3, 22), date(2027, 4, 5),
         [(utc(2027, 3, 22, 9), 168.0), (utc(2027, 3, 29, 9), 168.0)]),
    ],
)
def test_weekly_shift_lengths(tz: str, handoff: str, start: date, end: date,
                              expected: list[tuple[datetime, float]]) -> None:
    shifts = expand(rotation(handoff, tz, every="week"), Horizon(start=start, end=end))
    assert [(s.start, s.hours) for s in shifts] == expected
    assert {s.local_start.strftime("%a %H:%M").lower() for s in shifts} == {handoff}


def test_shift_key_and_text() -> None:
    (first, _) = expand(rotation("mon 09:00", "Europe/Budapest", every="week"),
                        Horizon(start=date(2027, 3, 22), end=date(2027, 4, 5)))
    assert first.key == "r@2027-03-22T09:00"
    assert str(first) == "r Mon 2027-03-22 09:00 Europe/Budapest"


def test_horizon_bounds_are_local_midnights() -> None:
    # A daily 00:00 handoff in Lord Howe: horizon [2027-04-03, 2027-04-05) holds exactly the
    # 2027-04-03 and 2027-04-04 midnights, both at +11:00 (the change is at 02:00 on the 4th);
    # the second shift ends at midnight of the 5th at +10:30, 24.5 hours later.
    horizon = Horizon(start=date(2027, 4, 3), end=date(2027, 4, 5))
    shifts = expand(rotation("00:00", "Australia/Lord_Howe"), horizon)
    assert [s.start for s in shifts] == [utc(2027, 4, 2, 13), utc(2027, 4, 3, 13)]
    assert [s.hours for s in shifts] == [24.0, 24.5]
    assert shifts[-1].end == utc(2027, 4, 4, 13, 30)


# --- dst: reject -------------------------------------------------------------------------------------

GAP_HORIZON = Horizon(start=date(2027, 3, 26), end=date(2027, 3, 31))


def test_reject_gap_handoff_names_the_date() -> None:
    rot = rotation("02:30", "Europe/Budapest")
    assert handoff_problems(rot, GAP_HORIZON) == [
        "handoff 02:30 does not exist on 2027-03-28 in Europe/Budapest (clocks jump forward); "
        "move the handoff or set dst: resolve on this rotation"
    ]
    with pytest.raises(TimeError, match="02:30 does not exist on 2027-03-28 in Europe/Budapest"):
        expand(rot, GAP_HORIZON)


def test_reject_repeated_handoff_names_the_date() -> None:
    rot = rotation("01:30", "America/New_York")
    horizon = Horizon(start=date(2027, 11, 1), end=date(2027, 11, 10))
    assert [p.split(";")[0] for p in handoff_problems(rot, horizon)] == [
        "handoff 01:30 happens twice on 2027-11-07 in America/New_York (clocks go back)"
    ]
    with pytest.raises(TimeError, match="happens twice on 2027-11-07"):
        expand(rot, horizon)


def test_reject_in_a_roster_is_a_roster_error() -> None:
    with pytest.raises(RosterError) as info:
        Roster(
            horizon=GAP_HORIZON,
            engineers=(Engineer(id="a", timezone="Europe/Budapest"),),
            rotations=(rotation("02:30", "Europe/Budapest"),),
        )
    (problem,) = info.value.problems
    assert problem.path == "rotations[0].handoff"
    assert "2027-03-28" in problem.message and problem.file is None


# --- dst: resolve -------------------------------------------------------------------------------------

def test_resolve_gap_moves_the_handoff_forward_by_the_gap() -> None:
    shifts = expand(rotation("02:30", "Europe/Budapest", dst="resolve"), GAP_HORIZON)
    local = [s.local_start.strftime("%m-%d %H:%M %Z") for s in shifts]
    assert local == ["03-26 02:30 CET", "03-27 02:30 CET", "03-28 03:30 CEST", "03-29 02:30 CEST",
                     "03-30 02:30 CEST"]
    assert shifts[2].start == utc(2027, 3, 28, 1, 30)
    assert [s.hours for s in shifts] == [24.0, 24.0, 23.0, 24.0, 24.0]


def test_resolve_gap_in_lord_howe_moves_by_thirty_minutes() -> None:
    rot = rotation("sun 02:15", "Australia/Lord_Howe", every="week", dst="resolve")
    shifts = expand(rot, Horizon(start=date(2027, 9, 26), end=date(2027, 10, 11)))
    local = [s.local_start.strftime("%m-%d %H:%M") for s in shifts]
    assert local == ["09-26 02:15", "10-03 02:45", "10-10 02:15"]
    assert [s.start for s in shifts] == [
        utc(2027, 9, 25, 15, 45), utc(2027, 10, 2, 15, 45), utc(2027, 10, 9, 15, 15),
    ]
    assert [s.hours for s in shifts] == [168.0, 167.5, 168.0]


def test_resolve_repeated_time_takes_the_first_reading() -> None:
    rot = rotation("02:30", "Europe/Budapest", dst="resolve")
    shifts = expand(rot, Horizon(start=date(2027, 10, 30), end=date(2027, 11, 1)))
    assert [s.start for s in shifts] == [utc(2027, 10, 30, 0, 30), utc(2027, 10, 31, 0, 30)]  # both CEST
    assert [s.hours for s in shifts] == [24.0, 25.0]
    assert handoff_instant(rot, date(2027, 10, 31), rot.handoff_times[0]) == utc(2027, 10, 31, 0, 30)


def test_resolve_daily_times_inside_and_after_the_gap_stay_ordered() -> None:
    # 02:00 moves to 03:00, which is also a configured handoff: one shift starts there, not two.
    rot = rotation(("02:00", "03:00"), "Europe/Budapest", dst="resolve")
    shifts = expand(rot, Horizon(start=date(2027, 3, 28), end=date(2027, 3, 29)))
    assert [s.start for s in shifts] == [utc(2027, 3, 28, 1)]
    assert shifts[0].end == utc(2027, 3, 29, 0)  # 02:00 CEST on the 29th
    assert all(a.end == b.start for a, b in pairwise(shifts))
    assert timedelta(hours=shifts[0].hours) == timedelta(hours=23)


def test_a_skipped_handoff_the_day_before_the_horizon_is_not_read() -> None:
    # Regression: the expansion used to localize the handoffs of the day before horizon.start
    # too, so this roster passed the check but its expansion raised for 2027-03-28.
    rot = rotation("sun 02:30", "Europe/Budapest", every="week")
    horizon = Horizon(start=date(2027, 3, 29), end=date(2027, 4, 12))
    assert handoff_problems(rot, horizon) == []
    shifts = expand(rot, horizon)
    assert [s.start for s in shifts] == [utc(2027, 4, 4, 0, 30), utc(2027, 4, 11, 0, 30)]
