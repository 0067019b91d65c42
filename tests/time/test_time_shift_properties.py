"""Property tests of ``fairshift.domain.shifts.expand`` against an independent oracle (pytz).

Random weekly and daily rotations in five zones (one with a 30-minute DST shift), over random
horizons in 2026-2028 that often straddle a DST change. The oracle localizes every configured
(local date, wall time) with pytz, which has its own tz implementation: a time skipped by the
spring-forward gap is read with the offset before the gap (so it moves forward by the gap), a
repeated time takes its first reading, exactly what ``dst: resolve`` promises.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.domain.roster import Horizon, Rotation
from fairshift.domain.shifts import Shift, expand, handoff_problems
from fairshift.errors import TimeError

ZONES = ["Europe/Budapest", "America/New_York", "America/Los_Angeles", "Australia/Lord_Howe", "UTC"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# Local dates of the DST changes in 2026-2028 (EU: last Sunday of March/October; US: second
# Sunday of March / first Sunday of November; Lord Howe: first Sunday of April/October).
EU = [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31), date(2028, 3, 26),
      date(2028, 10, 29)]
US = [date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7), date(2028, 3, 12),
      date(2028, 11, 5)]
LORD_HOWE = [date(2026, 4, 5), date(2026, 10, 4), date(2027, 4, 4), date(2027, 10, 3), date(2028, 4, 2),
             date(2028, 10, 1)]
TRANSITIONS = {
    "Europe/Budapest": EU, "America/New_York": US, "America/Los_Angeles": US,
    "Australia/Lord_Howe": LORD_HOWE, "UTC": EU + US,
}

WEEKLY_HOURS = {
    "Australia/Lord_Howe": {167.5, 168.0, 168.5},
    "UTC": {168.0},
}


def _oracle(day: date, wall: time, name: str) -> datetime:
    """The UTC instant of ``wall`` on ``day`` in ``name``, as dst: resolve defines it (via pytz)."""
    tz = pytz.timezone(name)
    naive = datetime.combine(day, wall)
    try:
        local = tz.localize(naive, is_dst=None)
    except pytz.NonExistentTimeError:
        local = tz.localize(naive, is_dst=False)  # the offset before the gap: moved forward
    except pytz.AmbiguousTimeError:
        local = tz.localize(naive, is_dst=True)  # the first of the two readings
    return local.astimezone(pytz.utc).replace(tzinfo=UTC)


def _exact(day: date, wall: time, name: str) -> bool:
    """True when ``wall`` happens exactly once on ``day`` in ``name`` (pytz's opinion)."""
    try:
        pytz.timezone(name).localize(datetime.combine(day, wall), is_dst=None)
    except (pytz.NonExistentTimeError, pytz.AmbiguousTimeError):
        return False
    return True


def _expected_handoffs(weekday: int | None, times: list[time], name: str,
                       first: date, last: date) -> list[datetime]:
    out = []
    day = first
    while day < last:
        if weekday is None or day.weekday() == weekday:
            out.extend(_oracle(day, t, name) for t in times)
        day += timedelta(days=1)
    return sorted(set(out))


# Hours 1 and 2 (where the DST changes of these zones happen) and Sundays (the day they happen
# on) are drawn more often, so that gaps and repeated hours are hit often.
clock = st.builds(
    time,
    st.sampled_from(list(range(24)) + [1, 2] * 6),
    st.sampled_from([0, 0, 0, 15, 30, 45, 1, 59]),
)
weekday = st.sampled_from([*WEEKDAYS, "sun", "sun", "sun"])


@st.composite
def horizons(draw: st.DrawFn, name: str) -> Horizon:
    if draw(st.booleans()):
        # near one of the zone's DST changes: starting on it or the day after is drawn more often
        near = draw(st.sampled_from(TRANSITIONS[name]))
        start = near - timedelta(days=draw(st.sampled_from([-1, -1, 0, 0, *range(1, 22)])))
    else:
        start = draw(st.dates(date(2026, 1, 1), date(2028, 10, 31)))
    length = draw(st.integers(1, 100))
    return Horizon(start=start, end=start + timedelta(days=length))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rotation, Horizon]:
    """A random rotation and a horizon, often around a DST change of the rotation's zone."""
    name = draw(st.sampled_from(ZONES))
    dst = draw(st.sampled_from(["reject", "resolve"]))
    horizon = draw(horizons(name))
    if draw(st.booleans()):
        wd = draw(weekday)
        t = draw(clock)
        rot = Rotation(id="r", members=("a",), every="week", handoff=f"{wd} {t:%H:%M}",
                       timezone=name, dst=dst)
        return rot, horizon
    times = sorted(draw(st.sets(clock, min_size=1, max_size=3)))
    handoff = tuple(f"{t:%H:%M}" for t in times)
    rot = Rotation(id="r", members=("a",), every="day", handoff=handoff if len(handoff) > 1 else handoff[0],
                   timezone=name, dst=dst)
    return rot, horizon


def _local_midnight(day: date, name: str) -> datetime:
    return _oracle(day, time(0, 0), name)


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_expand_matches_the_oracle(case: tuple[Rotation, Horizon]) -> None:
    rot, horizon = case
    name = rot.timezone
    weekday = rot.handoff_weekday
    times = list(rot.handoff_times)
    days = [horizon.start + timedelta(days=i) for i in range(-1, horizon.days + 9)]
    troubled = [
        d for d in days
        if (weekday is None or d.weekday() == weekday) and not all(_exact(d, t, name) for t in times)
    ]
    inside = [d for d in troubled if horizon.start <= d < horizon.end]
    problems = handoff_problems(rot, horizon)
    if rot.dst == "resolve" or not troubled:
        assert problems == []
    for d in inside if rot.dst == "reject" else []:
        assert any(f"on {d.isoformat()} in {name}" in p for p in problems), problems

    try:
        shifts = expand(rot, horizon)
    except TimeError as exc:
        # dst: reject refuses a skipped or repeated handoff the expansion reads, naming its date,
        # and the roster check (handoff_problems) has reported it already: a roster that loads
        # can always be expanded.
        assert rot.dst == "reject"
        assert any(d.isoformat() in str(exc) for d in troubled), str(exc)
        assert any(str(exc) in p for p in problems), (str(exc), problems)
        return
    # a handoff inside the horizon that is skipped or repeated is never silently accepted
    assert not (rot.dst == "reject" and inside)

    lo = _local_midnight(horizon.start, name)
    hi = _local_midnight(horizon.end, name)
    oracle = _expected_handoffs(weekday, times, name, horizon.start - timedelta(days=1),
                                horizon.end + timedelta(days=9))
    expected_starts = [s for s in oracle if lo <= s < hi]

    # every handoff in [local midnight of start, local midnight of end) and nothing else
    assert [s.start for s in shifts] == expected_starts
    assert [s.index for s in shifts] == list(range(len(shifts)))
    if not shifts:
        return
    assert lo <= shifts[0].start and shifts[-1].start < hi
    # tiling: no gap, no overlap; the last shift ends at the next handoff, past the horizon
    for a, b in pairwise(shifts):
        assert a.end == b.start
        assert not a.overlaps(b)
    assert shifts[-1].end == oracle[oracle.index(shifts[-1].start) + 1]
    assert all(s.start.tzinfo is not None and s.start.utcoffset() == timedelta(0) for s in shifts)
    assert all(s.rotation == "r" and s.timezone == name for s in shifts)

    tz = pytz.timezone(name)
    for s in shifts:
        local = s.start.astimezone(tz)
        # (compared field by field: an aware datetime inside a repeated hour never compares equal
        # to one in another tzinfo, see PEP 495)
        assert s.local_start.replace(tzinfo=None) == local.replace(tzinfo=None)
        assert s.local_start.utcoffset() == local.utcoffset()
        wall = local.time().replace(tzinfo=None)
        if _exact(local.date(), wall, name) and wall in times:
            pass  # at the configured wall time
        else:
            # only a resolved gap moves a handoff: forward by the size of the gap
            assert rot.dst == "resolve"
            moved = [t for t in times if not _exact(local.date(), t, name)]
            assert any(_oracle(local.date(), t, name) == s.start for t in moved)
        if weekday is not None:
            assert local.weekday() == weekday

    if rot.every == "week":
        allowed = WEEKLY_HOURS.get(name, {167.0, 168.0, 169.0})
        for s in shifts:
            assert s.hours in allowed, (str(s), s.hours)
            if rot.dst == "reject":
                # at the configured wall time on both ends: the same local time a week later
                assert s.local_end.replace(tzinfo=None) - s.local_start.replace(tzinfo=None) == timedelta(7)
    total = sum(s.hours for s in shifts)
    assert total == pytest.approx((shifts[-1].end - shifts[0].start).total_seconds() / 3600)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from([z for z in ZONES if z != "UTC"]),
    wd=st.integers(0, 6),
    t=st.builds(time, st.sampled_from([0, 6, 9, 12, 17, 23]), st.sampled_from([0, 30])),
    year=st.sampled_from([2026, 2027, 2028]),
)
def test_weekly_shifts_over_a_whole_year(name: str, wd: int, t: time, year: int) -> None:
    """A whole year of a weekly rotation at a wall time that always exists: exactly one short and
    one long week (by the zone's DST step), all others 168 h; the total is the year's length."""
    rot = Rotation(id="w", members=("a",), every="week", handoff=f"{WEEKDAYS[wd]} {t:%H:%M}", timezone=name)
    shifts = expand(rot, Horizon(start=date(year, 1, 1), end=date(year + 1, 1, 1)))
    step = 0.5 if name == "Australia/Lord_Howe" else 1.0
    hours = sorted(s.hours for s in shifts)
    assert hours[0] == 168 - step and hours[-1] == 168 + step
    assert hours[1:-1] == [168.0] * (len(hours) - 2)
    assert len(shifts) in (52, 53)
    assert all(isinstance(s, Shift) and s.local_start.strftime("%H:%M") == f"{t:%H:%M}" for s in shifts)
