"""Property tests of the rotation patterns (every N weeks, split weeks, ``until``, ``days``, many
handoffs a day) across the 2027 weeks when the US and the EU are out of step: the US changes on
2027-03-14 and 2027-11-07, the EU on 2027-03-28 and 2027-10-31.

The oracle is independent of :mod:`fairshift.domain.shifts`: it localizes every configured
(local date, wall time) with pytz (its own tz implementation), decides which dates have handoffs
from the pattern's definition, and ends each shift at the next handoff or the first ``until``
after its start, whichever is earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.domain.roster import Horizon, Rotation
from fairshift.domain.shifts import expand, handoff_problems
from fairshift.errors import TimeError

ZONES = ["Europe/Budapest", "America/New_York", "America/Los_Angeles"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# the DST changes of 2027 in these zones, and the weeks around them
CHANGES = [date(2027, 3, 14), date(2027, 3, 28), date(2027, 10, 31), date(2027, 11, 7)]


def _oracle(day: date, wall: time, name: str) -> datetime:
    """``wall`` on ``day`` in ``name`` as dst: resolve reads it (pytz): a skipped time moves forward
    by the gap, a repeated one is its first reading."""
    tz = pytz.timezone(name)
    naive = datetime.combine(day, wall)
    try:
        local = tz.localize(naive, is_dst=None)
    except pytz.NonExistentTimeError:
        local = tz.localize(naive, is_dst=False)
    except pytz.AmbiguousTimeError:
        local = tz.localize(naive, is_dst=True)
    return local.astimezone(pytz.utc).replace(tzinfo=UTC)


def _exact(day: date, wall: time, name: str) -> bool:
    try:
        pytz.timezone(name).localize(datetime.combine(day, wall), is_dst=None)
    except (pytz.NonExistentTimeError, pytz.AmbiguousTimeError):
        return False
    return True


@dataclass(frozen=True)
class Case:
    rotation: Rotation
    horizon: Horizon
    # the pattern restated for the oracle: (weekday or None, time) handoff points, N weeks, ...
    points: tuple[tuple[int | None, time], ...]
    weeks: int | None
    anchor: date | None
    on_days: frozenset[int]
    until: tuple[int | None, time] | None


clock = st.builds(time, st.sampled_from([*range(24), 1, 2, 2, 2, 3]), st.sampled_from([0, 0, 15, 30, 45]))


@st.composite
def horizons(draw: st.DrawFn) -> Horizon:
    near = draw(st.sampled_from(CHANGES))
    start = near - timedelta(days=draw(st.integers(-3, 24)))
    return Horizon(start=start, end=start + timedelta(days=draw(st.integers(1, 70))))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from(ZONES))
    dst = draw(st.sampled_from(["reject", "resolve", "resolve"]))
    horizon = draw(horizons())
    kind = draw(st.sampled_from(["weeks", "split", "business", "many", "weekend"]))
    base = {"id": "r", "members": ["a"], "timezone": name, "dst": dst}
    weeks: int | None = None
    anchor: date | None = None
    on_days = frozenset(range(7))
    until: tuple[int | None, time] | None = None
    if kind == "weeks":  # every N weeks from an anchor anywhere in 2026-2028
        weeks = draw(st.integers(2, 6))
        wd, t = draw(st.integers(0, 6)), draw(clock)
        some = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
        anchor = some + timedelta(days=(wd - some.weekday()) % 7)
        points: tuple[tuple[int | None, time], ...] = ((wd, t),)
        data = {**base, "every": f"{weeks}w", "handoff": f"{DAYS[wd]} {t:%H:%M}", "anchor": anchor}
    elif kind in ("split", "weekend"):  # several handoffs a week; "weekend": one, with until
        weeks = 1
        chosen = sorted(draw(st.sets(st.tuples(st.integers(0, 6), clock), min_size=1,
                                     max_size=1 if kind == "weekend" else 4)))
        points = tuple(chosen)
        data = {**base, "every": "week", "handoff": [f"{DAYS[d]} {t:%H:%M}" for d, t in chosen]}
        if kind == "weekend":
            ud, ut = draw(st.tuples(st.integers(0, 6), clock).filter(lambda p: p not in chosen))
            until = (ud, ut)
            data["until"] = f"{DAYS[ud]} {ut:%H:%M}"
    else:  # daily: business hours (one handoff, until, some days) or many handoffs a day
        times = sorted(draw(st.sets(clock, min_size=1 if kind == "business" else 3, max_size=6)))
        points = tuple((None, t) for t in times)
        data = {**base, "every": "day", "handoff": [f"{t:%H:%M}" for t in times]}
        if kind == "business" or draw(st.booleans()):
            chosen_days = sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=7)))
            on_days = frozenset(chosen_days)
            data["days"] = [DAYS[d] for d in chosen_days]
        if kind == "business":
            ut = draw(clock.filter(lambda c: c not in times))
            until = (None, ut)
            data["until"] = f"{ut:%H:%M}"
    return Case(Rotation.model_validate(data), horizon, points, weeks, anchor, on_days, until)


def _handoff_dates(case: Case, first: date, last: date) -> list[tuple[date, time]]:
    out = []
    day = first
    while day < last:
        for wd, t in case.points:
            if wd is None and day.weekday() not in case.on_days:
                continue
            if wd is not None and day.weekday() != wd:
                continue
            if case.weeks and case.weeks > 1 and case.anchor is not None and \
                    (day - case.anchor).days % (7 * case.weeks) != 0:
                continue
            out.append((day, t))
        day += timedelta(days=1)
    return out


def _first_until_after(case: Case, begin: datetime, name: str) -> datetime | None:
    if case.until is None:
        return None
    wd, wall = case.until
    day = begin.astimezone(pytz.timezone(name)).date() - timedelta(days=1)
    for _ in range(10):
        if wd is None or day.weekday() == wd:
            at = _oracle(day, wall, name)
            if at > begin:
                return at
        day += timedelta(days=1)
    raise AssertionError("no until")


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_patterns_match_the_oracle(case: Case) -> None:
    rot, horizon, name = case.rotation, case.horizon, case.rotation.timezone
    period = 7 * (case.weeks or 1) + 8
    handoffs = _handoff_dates(case, horizon.start, horizon.end + timedelta(days=period))
    inside = [(d, t) for d, t in handoffs if horizon.start <= d < horizon.end]
    troubled_inside = sorted({d for d, t in inside if not _exact(d, t, name)})
    problems = handoff_problems(rot, horizon)
    if rot.dst == "resolve":
        assert problems == []
    else:
        for d in troubled_inside:  # a skipped or repeated handoff in the horizon is never accepted
            assert any(p.startswith("handoff") and f"on {d.isoformat()} in {name}" in p for p in problems)
    try:
        shifts = expand(rot, horizon)
    except TimeError as exc:
        # only dst: reject refuses, and the roster check has reported the same time already
        assert rot.dst == "reject" and problems
        assert any(str(exc) in p for p in problems)
        return
    assert not (rot.dst == "reject" and problems)

    lo, hi = _oracle(horizon.start, time(0), name), _oracle(horizon.end, time(0), name)
    instants = sorted({_oracle(d, t, name) for d, t in handoffs})
    expected = [s for s in instants if lo <= s < hi]
    assert [s.start for s in shifts] == expected
    assert [s.index for s in shifts] == list(range(len(shifts)))
    for s in shifts:
        nxt = instants[instants.index(s.start) + 1]
        stop = _first_until_after(case, s.start, name)
        assert s.end == (min(nxt, stop) if stop is not None else nxt), str(s)
        assert s.start < s.end
        # at the configured local date and wall time, unless a resolved gap moved it forward
        local = s.start.astimezone(pytz.timezone(name))
        made_by = [(d, t) for d, t in handoffs if _oracle(d, t, name) == s.start]
        assert any((local.date(), local.time().replace(tzinfo=None)) == (d, t) for d, t in made_by) or (
            rot.dst == "resolve" and all(not _exact(d, t, name) for d, t in made_by))
        # a shift's length is its wall-clock length less the change of UTC offset on the way
        wall_hours = (s.local_end.replace(tzinfo=None) - s.local_start.replace(tzinfo=None)).total_seconds()
        offset = (s.local_end.utcoffset() or timedelta()) - (s.local_start.utcoffset() or timedelta())
        assert s.hours * 3600 == wall_hours - offset.total_seconds()
    for a, b in pairwise(shifts):
        assert not a.overlaps(b)
        if case.until is None:
            assert a.end == b.start  # contiguous patterns tile time: no gap, no overlap


@settings(max_examples=120, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    weeks=st.integers(2, 8),
    wd=st.integers(0, 6),
    t=st.builds(time, st.sampled_from([0, 9, 12, 17, 23]), st.sampled_from([0, 30])),
    shift_by=st.integers(-40, 40),
    first=horizons(),
    second=horizons(),
)
def test_every_n_weeks_keeps_its_phase_in_any_horizon(name: str, weeks: int, wd: int, t: time,
                                                      shift_by: int, first: Horizon, second: Horizon) -> None:
    """Shifts start on the anchor plus a whole number of periods, in every horizon; two horizons
    agree on every shift they share; with a wall time that always exists, each shift lasts N weeks
    of wall-clock time, so N * 168 h, one hour less or more across a change."""
    anchor = date(2027, 1, 4) + timedelta(days=wd + 7 * shift_by)  # 2027-01-04 is a Monday
    rot = Rotation(id="n", members=("a",), every=f"{weeks}w", handoff=f"{DAYS[wd]} {t:%H:%M}",
                   anchor=anchor, timezone=name)
    a, b = expand(rot, first), expand(rot, second)
    for s in (*a, *b):
        assert (s.local_start.date() - anchor).days % (7 * weeks) == 0
        assert s.local_start.time().replace(tzinfo=None) == t
        assert s.local_end.replace(tzinfo=None) - s.local_start.replace(tzinfo=None) == timedelta(weeks=weeks)
        assert s.hours in {168.0 * weeks - 1, 168.0 * weeks, 168.0 * weeks + 1}
    shared = {(s.start, s.end) for s in a} & {(s.start, s.end) for s in b}
    for s in a:
        day = s.local_start.date()
        if first.start <= day < first.end and second.start <= day < second.end:
            assert (s.start, s.end) in shared
            assert s.key in {x.key for x in b}


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    hours=st.tuples(st.integers(6, 11), st.integers(13, 20)),
    horizon=horizons(),
)
def test_business_hours_cover_only_working_time(name: str, hours: tuple[int, int], horizon: Horizon) -> None:
    """A Monday-to-Friday rotation with until: each shift is one local working day's hours, the
    same wall-clock times every day across the changes; nothing covers nights or weekends."""
    start, end = time(hours[0]), time(hours[1])
    rot = Rotation(id="b", members=("a",), every="day", handoff=f"{start:%H:%M}", until=f"{end:%H:%M}",
                   days=("mon", "tue", "wed", "thu", "fri"), timezone=name)
    shifts = expand(rot, horizon)
    workdays = [horizon.start + timedelta(days=i) for i in range(horizon.days)]
    assert [s.local_start.date() for s in shifts] == [d for d in workdays if d.weekday() < 5]
    for s in shifts:
        assert s.local_start.time().replace(tzinfo=None) == start
        assert s.local_end.date() == s.local_start.date()
        assert s.local_end.time().replace(tzinfo=None) == end
        assert s.hours == hours[1] - hours[0]  # the changes happen at night, never inside
    for a, b in pairwise(shifts):
        assert (b.start - a.end).total_seconds() / 3600 >= 24 - (hours[1] - hours[0]) - 1
