"""Rule ``public_holidays`` (hard with ``mode: avoid``): nobody on call on their own public holiday.

Holidays come from the engineer's ``country`` (and ``subdivision``) and are their own local
dates. Magnitude: holidays the shift touches. ``weigh`` and ``ignore`` are never violations.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from rulekit import (
    PROPERTY,
    Case,
    assert_hard_agrees,
    cases,
    eng,
    make_roster,
    pinned_feasible,
    plan_with,
    rot,
)
from rulekit import violations as found

from fairshift.domain.instance import Instance

ID = "public_holidays"


def _instance(mode: str = "avoid") -> Instance:
    engineers = [eng("hu", "Europe/Budapest", country="HU"), eng("us", "America/Los_Angeles", country="US"),
                 eng("nobody", "Europe/Budapest")]
    return make_roster(date(2027, 3, 12), 19, engineers, [
        rot("d", ["hu", "us", "nobody"]),
        rot("w", ["hu", "us", "nobody"], every="week", handoff="fri 09:00", tz="Europe/Budapest"),
    ], rules={"public_holidays": {"mode": mode}})


@PROPERTY
@given(case=cases(ID))
def test_encoder_agrees_with_checker(case: Case) -> None:
    assert_hard_agrees(case.plan, ID)


@pytest.mark.parametrize(("who", "rid", "start", "days", "name"), [
    ("hu", "d", "2027-03-14 09:00", 1, "National Day"),   # Budapest Sun 10:00 -> Mon 15th 10:00
    ("hu", "d", "2027-03-15 09:00", 1, "National Day"),
    ("hu", "d", "2027-03-16 09:00", 0, None),
    ("us", "d", "2027-03-15 09:00", 0, None),             # not a US holiday
    ("nobody", "d", "2027-03-15 09:00", 0, None),         # no country, no holidays
    ("hu", "w", "2027-03-26 09:00", 3, "Good Friday"),     # Good Friday, Easter, Easter Monday
    ("us", "w", "2027-03-26 09:00", 0, None),
])
def test_own_holidays_in_own_zone(who: str, rid: str, start: str, days: int, name: str | None) -> None:
    plan = plan_with(_instance(), {(rid, start): {"primary": (who,)}})
    vs = found(plan, ID)
    assert [(v.engineers, v.magnitude) for v in vs] == ([((who,), float(days))] if days else [])
    if name is not None:
        assert f"is a public holiday for {who} ({name})" in vs[0].message
    assert pinned_feasible(plan, ID) == (days == 0)


@pytest.mark.parametrize("mode", ["weigh", "ignore"])
def test_other_modes_are_never_violations(mode: str) -> None:
    plan = plan_with(_instance(mode), {("d", "2027-03-15 09:00"): {"primary": ("hu",)},
                                       ("w", "2027-03-26 09:00"): {"primary": ("hu",)}})
    assert found(plan, ID) == []
    assert pinned_feasible(plan, ID)


# --- per-rotation and per-engineer modes; prefer_avoid --------------------------------------
def _season(mode: str | None = "prefer_avoid", org: str = "avoid", **own: str) -> Instance:
    """Two Budapest and two New York engineers on a weekly rotation, late October 2027 to early
    January 2028 (ten weeks, Monday 09:00 Budapest)."""
    people = [eng(e, "Europe/Budapest", country="HU") for e in ("hu1", "hu2")]
    people += [eng(e, "America/New_York", country="US") for e in ("us1", "us2")]
    people = [{**p, "public_holidays": own[p["id"]]} if p["id"] in own else p for p in people]
    week = rot("w", ["hu1", "hu2", "us1", "us2"], every="week", handoff="mon 09:00", tz="Europe/Budapest")
    if mode is not None:
        week["public_holidays"] = mode
    return make_roster(date(2027, 10, 25), 70, people, [week], rules={"public_holidays": {"mode": org}})


def test_org_wide_avoid_leaves_the_christmas_weeks_with_nobody() -> None:
    from fairshift.check.precheck import shortages

    short = shortages(_season(mode=None))
    assert [s.shift for s in short] == ["w Mon 2027-12-20 09:00 Europe/Budapest",
                                        "w Mon 2027-12-27 09:00 Europe/Budapest"]
    assert all("public holiday" in why for s in short for why in s.unavailable.values())
    assert shortages(_season()) == []


def test_prefer_avoid_costs_each_holiday_and_the_engineers_own_mode_wins() -> None:
    inst = _season(us1="avoid", hu2="ignore")
    # Christmas week: Dec 24 and 25 for New York (2 days), Dec 24-26 for Budapest (3)
    plan = plan_with(inst, {("w", "2027-12-20 09:00"): {"primary": ("us2",)},
                            ("w", "2027-10-25 09:00"): {"primary": ("hu2",)},   # Nov 1, ignored
                            ("w", "2027-11-08 09:00"): {"primary": ("us1",)}})  # Veterans Day, avoid
    vs = found(plan, ID)
    assert [(v.engineers, v.hard, v.magnitude) for v in vs] == [(("us1",), True, 1.0), (("us2",), False, 2.0)]
    assert not pinned_feasible(plan, ID)
    assert inst.away("us1", "w") and not inst.away("us2", "w") and not inst.away("hu1", "w")


def test_prefer_avoid_avoids_every_holiday_that_coverage_allows() -> None:
    from ortools.sat.python import cp_model

    from fairshift.solver.model import Encoding, add_constraints

    inst = _season()
    enc = Encoding(inst, ("w",))
    add_constraints(enc, only=("coverage", "no_overlap", "public_holidays"))
    enc.model.minimize(sum(p.magnitude for p in enc.penalties))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(enc.model) == cp_model.OPTIMAL
    # only the two Christmas weeks must touch someone's holiday: New York's two days in the
    # first, Budapest's New Year's Day in the second (New York has Dec 31 and Jan 1)
    assert solver.objective_value == 3


def test_holiday_hours_weigh_where_the_seat_is_not_ignored() -> None:
    inst = _season(hu2="ignore")
    xmas = inst.shifts["w"][8]
    assert xmas.local_start.isoformat() == "2027-12-20T09:00:00+01:00"
    # Dec 24, 25 and 26 are 72 h, each weighing rules.burden.holiday (1.0) on top: 7200 hundredths
    assert inst.burden("hu1", xmas) - inst.burden("hu2", xmas) == 7200
