"""The benchmark's measurements (issue #12) on hand-built schedules: spreads raw and per
availability, the daylight share of follow-the-sun seats, excess and shortfall. No solving."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

import fairshift
from fairshift.domain.fairness import engineer_metrics, fair_shares

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import metrics  # noqa: E402
import shapes  # noqa: E402


def _plan(roster: fairshift.Roster, holders: list[str]) -> fairshift.Plan:
    """Shift i of the only rotation (one primary seat) goes to holders[i]."""
    inst = fairshift.Instance(roster)
    plan = fairshift.Plan(inst)
    for shift, e in zip(inst.shifts[roster.rotations[0].id], holders, strict=True):
        plan.holders[(shift.rotation, shift.start)] = {"primary": (e,)}
    return plan


def _fts6(countries: bool = False) -> fairshift.Roster:
    data = shapes.case_data("small-fts6")
    if countries:  # two weeks whose only public holiday is Hungary's 15 March
        data["horizon"] = {"start": "2027-03-08", "end": "2027-03-22"}
        for eng in data["engineers"]:
            eng["country"] = "HU" if eng["timezone"] == "Europe/Budapest" else "US"
    return fairshift.parse_roster(data)


def test_bench_daylight_hours_across_the_dst_mismatch() -> None:
    roster = _fts6()
    shifts = {s.local_start.strftime("%m-%d %H"): s for s in fairshift.Instance(roster).shifts["sre-fts"]}
    # 2027-03-07: Budapest UTC+1, Los Angeles UTC-8: 07:00-19:00 Budapest is 22:00-10:00 LA
    assert metrics.daylight_hours(shifts["03-07 07"], "America/Los_Angeles") == 3.0
    assert metrics.daylight_hours(shifts["03-07 19"], "America/Los_Angeles") == 12.0
    # 2027-03-14 (US on summer time, EU not yet): 07:00-19:00 Budapest is 23:00-11:00 LA
    assert metrics.daylight_hours(shifts["03-14 07"], "America/Los_Angeles") == 4.0
    assert metrics.daylight_hours(shifts["03-14 19"], "America/Los_Angeles") == 11.0
    # 2027-03-28, the EU change (a 23-hour day in Budapest): the night shift 19:00-07:00 is 11 h
    night = shifts["03-27 19"]
    assert night.hours == 11.0 and metrics.daylight_hours(night, "Europe/Budapest") == 3.0


def test_bench_daylight_share_counts_the_side_of_the_world() -> None:
    roster = _fts6()
    inst = fairshift.Instance(roster)
    n = len(inst.shifts["sre-fts"])
    right = [("bud1", "la1"), ("bud2", "la2"), ("bud3", "la3")]
    holders = [right[(i // 2) % 3][i % 2] for i in range(n)]  # days to Budapest, nights to LA
    sun = metrics.daylight(inst, _plan(roster, holders))
    assert sun is not None and (sun.seats, sun.daylight, sun.share) == (n, n, 1.0)
    holders[0], holders[1] = holders[1], holders[0]  # the first day and night swapped
    sun = metrics.daylight(inst, _plan(roster, holders))
    assert sun is not None and (sun.daylight, sun.share) == (n - 2, (n - 2) / n)


def test_bench_daylight_share_excepts_holidays_of_the_daylight_side() -> None:
    roster = _fts6(countries=True)  # 15 March is a Hungarian public holiday
    inst = fairshift.Instance(roster)
    shifts = inst.shifts["sre-fts"]
    holders = ["la1" if s.local_start.date() == date(2027, 3, 15) else "bud1" for s in shifts]
    sun = metrics.daylight(inst, _plan(roster, holders))
    assert sun is not None
    # only the shift whose daylight side is Budapest's and that touches 15 March there (its day
    # shift) is excepted; the night shifts into and out of it are Los Angeles' daylight
    touching = sum(1 for s in shifts if date(2027, 3, 15) in inst.days("bud1", s)
                   and metrics.daylight_hours(s, "Europe/Budapest") > s.hours / 2)
    assert touching == 1 and sun.holidays == 1
    # the other days by Budapest (daylight), nights by Budapest (not), but the night of 15 March by LA
    assert sun.seats == len(shifts) - 1 and sun.daylight == len(shifts) // 2


def test_bench_no_daylight_share_without_follow_the_sun() -> None:
    roster = fairshift.parse_roster(shapes.case_data("small-daily3"))
    inst = fairshift.Instance(roster)
    assert metrics.follow_the_sun(inst) == []
    assert metrics.daylight(inst, fairshift.Plan(inst)) is None


def _weekly(pto: bool) -> fairshift.Roster:
    """Three Budapest people, one weekly rotation, four weeks; c away the first week if ``pto``."""
    engineers: list[dict[str, object]] = [{"id": e, "timezone": "Europe/Budapest"} for e in "abc"]
    if pto:
        engineers[2]["unavailable"] = [{"start": "2027-01-04", "end": "2027-01-10"}]
    return fairshift.parse_roster({
        "horizon": {"start": "2027-01-04", "end": "2027-02-01"}, "engineers": engineers,
        "rotations": [{"id": "ops", "members": ["a", "b", "c"], "every": "week", "handoff": "mon 09:00",
                       "timezone": "Europe/Budapest"}]})


def test_bench_spreads_raw_and_per_availability() -> None:
    roster = _weekly(pto=True)  # availability a 4, b 4, c 3 weeks: mean 11/3
    inst = fairshift.Instance(roster)
    plan = _plan(roster, ["a", "b", "c", "a"])
    out = metrics.spreads(inst, plan, fair_shares(inst))
    # weekend days touched: a two weeks (2 + 2), b and c one week each (2)
    assert out["weekend_days_raw"] == 2
    per = {"a": 4 * (11 / 3) / 4, "b": 2 * (11 / 3) / 4, "c": 2 * (11 / 3) / 3}
    assert out["weekend_days_scaled"] == pytest.approx(max(per.values()) - min(per.values()))
    assert out["seat_raw"] == 1
    assert out["seat_dev"] == pytest.approx(2 - 4 * 4 / 11)  # a holds 2 of a fair 16/11


def test_bench_evaluate_reports_excess_and_shortfall_under_relative_shares() -> None:
    roster = _weekly(pto=False)
    schedule = _plan(roster, ["a", "b", "c", "a"]).to_schedule(status="hand-built")
    x = metrics.evaluate(roster, schedule)
    m = engineer_metrics(fairshift.Plan.from_schedule(fairshift.Instance(roster), schedule))
    total = sum(e.burden for e in m.values())
    assert sum(e.fair_share for e in m.values()) == pytest.approx(total)  # shares add up to burden
    assert x["max_excess"] == pytest.approx(m["a"].burden - total / 3)
    assert x["max_shortfall"] == pytest.approx(total / 3 - min(m["b"].burden, m["c"].burden))
    assert x["hard"] == 0
    assert x["daylight"] is None
