"""Follow-the-sun falls out of fairness: Budapest days to Budapest, the other half to Los Angeles,
also in 2027-03-14..2027-03-28 when US daylight saving has started and the EU's has not."""

from __future__ import annotations

from datetime import date

import fairshift
from fairshift import SolveStatus, parse_roster, solve, validate
from fairshift.time.tz import zone

BUDAPEST = zone("Europe/Budapest")


def _roster(with_countries: bool) -> fairshift.Roster:
    hu = {"country": "HU"} if with_countries else {}
    us = {"country": "US"} if with_countries else {}
    bud = [{"id": f"bud{i}", "timezone": "Europe/Budapest", **hu} for i in range(3)]
    lax = [{"id": f"lax{i}", "timezone": "America/Los_Angeles", **us} for i in range(3)]
    return parse_roster({
        "horizon": {"start": date(2027, 3, 14), "end": date(2027, 3, 28)},
        "engineers": bud + lax,
        "teams": [{"id": "sun", "members": [e["id"] for e in bud + lax]}],
        "rotations": [{"id": "fts", "team": "sun", "every": "day", "handoff": ["07:00", "19:00"],
                       "timezone": "Europe/Budapest"}],
    })


def _holders(result: fairshift.SolveResult) -> dict[tuple[date, int], str]:
    assert result.schedule is not None
    out = {}
    for shift in result.schedule.shifts:
        (holder,) = [a.engineer for a in shift.assignments]
        local = shift.start.astimezone(BUDAPEST)
        out[(local.date(), local.hour)] = holder
    return out


def test_follow_the_sun_across_the_dst_mismatch_weeks() -> None:
    roster = _roster(with_countries=False)
    result = solve(roster, time_limit=600, seed=3)
    assert result.status == SolveStatus.OPTIMAL
    assert result.schedule is not None and validate(roster, result.schedule).ok
    holders = _holders(result)
    assert len(holders) == 28
    assert {hour for _, hour in holders} == {7, 19}
    for (day, hour), holder in holders.items():
        assert holder.startswith("bud" if hour == 7 else "lax"), (day, hour, holder)
    # the mismatch is real: the 19:00 Budapest handoff is 11:00 in Los Angeles on 2027-03-20
    evening = next(s for s in result.schedule.shifts
                   if s.start.astimezone(BUDAPEST).date() == date(2027, 3, 20)
                   and s.start.astimezone(BUDAPEST).hour == 19)
    assert evening.start.astimezone(zone("America/Los_Angeles")).hour == 11


def test_own_public_holidays_weigh_on_the_day_shift() -> None:
    # 2027-03-15 is Hungary's National Day and 2027-03-26 Good Friday: with countries set, those
    # Budapest day shifts cost a Budapest engineer more than a Los Angeles one, and the balance
    # stage spreads own-holiday hours within the pool: both days go to Los Angeles, so no Budapest
    # engineer works a holiday of their own. 28 shifts over 6 people is [4, 5] each, so the three
    # Los Angeles engineers hold at most 15: the two holiday days and 13 of the 14 nights; one
    # Budapest night is the price, and it stays within the burden budget.
    roster = _roster(with_countries=True)
    result = solve(roster, time_limit=600, seed=3, workers=1)
    assert result.schedule is not None and validate(roster, result.schedule).ok
    holders = _holders(result)
    days = [holders[(date(2027, 3, 15), 7)], holders[(date(2027, 3, 26), 7)]]
    assert all(h.startswith("lax") for h in days)
    assert sum(result.metrics[f"bud{i}"].holiday_hours for i in range(3)) == 0
    assert sum(result.metrics[f"lax{i}"].shifts for i in range(3)) == 15
    assert sum(1 for (d, hour), h in holders.items() if hour == 19 and h.startswith("bud")) == 1
