"""Before/after fairness of a change (workflows/compare.py), checked against independent counts:
a move of one seat changes exactly two people's burden by that shift's burden on their clocks,
seats out of band are counted from the plan's seats and the count bands, and a plan compared
with itself changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fairshift
from fairshift.domain.burden import SCALE
from fairshift.domain.fairness import fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.workflows.compare import compare, plan_fairness

ROSTER = {
    "name": "compare", "horizon": {"start": "2027-03-01", "end": "2027-04-26"},
    "engineers": [{"id": "ann", "timezone": "Europe/Budapest", "country": "HU"},
                  {"id": "bob", "timezone": "America/Los_Angeles", "country": "US"},
                  {"id": "cy", "timezone": "Europe/Budapest"},
                  {"id": "dee", "timezone": "America/Los_Angeles",
                   "unavailable": [{"start": "2027-03-29", "end": "2027-04-09"}]},
                  {"id": "eve", "timezone": "Europe/Budapest"}],
    "teams": [{"id": "t", "members": ["ann", "bob", "cy", "dee"]}],
    "rotations": [{"id": "w", "team": "t", "every": "week", "handoff": "mon 09:00",
                   "timezone": "America/Los_Angeles"}],
}
INST = Instance(fairshift.parse_roster(ROSTER))
SHIFTS = INST.shifts["w"]
PEOPLE = ("ann", "bob", "cy", "dee")


def plan_of(holders: list[str]) -> Plan:
    return Plan(INST, {("w", s.start): {"primary": (e,)} for s, e in zip(SHIFTS, holders, strict=True)})


holders = st.lists(st.sampled_from(PEOPLE), min_size=len(SHIFTS), max_size=len(SHIFTS))


@settings(max_examples=40, deadline=None)
@given(before=holders, index=st.integers(0, len(SHIFTS) - 1), to=st.sampled_from(PEOPLE))
def test_moving_one_seat_moves_exactly_its_burden(before: list[str], index: int, to: str) -> None:
    after = list(before)
    after[index] = to
    c = compare(plan_of(before), plan_of(after), top=5)
    old = before[index]
    if old == to:
        assert c.movers == () and not c.broken and not c.mended
        assert c.before == c.after
        return
    shift = SHIFTS[index]
    deltas = {m.engineer: m.delta for m in c.movers}
    assert set(deltas) == {old, to}
    assert round(deltas[old] * SCALE) == -INST.burden(old, shift)
    assert round(deltas[to] * SCALE) == INST.burden(to, shift)
    assert "eve" not in {b.engineer for b in c.after.bands}  # in no rotation: no band


@settings(max_examples=40, deadline=None)
@given(seats=holders)
def test_seats_out_of_band_are_counted_from_the_seats(seats: list[str]) -> None:
    shares = fair_shares(INST)
    f = plan_fairness(plan_of(seats), shares)
    expected = 0
    for e in PEOPLE:
        lo, hi = shares.count_band(e, "w")
        n = seats.count(e)
        expected += max(lo - n, n - hi, 0)
    assert f.out_of_band == expected == sum(b.outside for b in f.bands)
    fair = shares.of(plan_of(seats))  # relative shares: a part of what the pool carries
    assert f.max_excess == pytest.approx(max(0.0, *(f.burden[e] - fair[e] for e in PEOPLE)))
    assert sum(fair[e] for e in PEOPLE) == pytest.approx(sum(f.burden[e] for e in PEOPLE))


def test_an_optional_shadow_seat_is_not_counted_against_the_fair_band() -> None:
    # the count share is of required seats (docs/fairness.md): the same primary seats with a new
    # engineer shadowing every week are exactly as far from the bands as without
    data = {**ROSTER, "engineers": [*ROSTER["engineers"], {"id": "neo", "timezone": "Europe/Budapest",
                                                          "new": True}],
            "teams": [{"id": "t", "members": [*PEOPLE, "neo"]}],
            "rotations": [{**ROSTER["rotations"][0], "roles": {"primary": 1, "shadow": 1}}]}
    inst = Instance(fairshift.parse_roster(data))
    shifts = inst.shifts["w"]
    primaries = [PEOPLE[i % len(PEOPLE)] for i in range(len(shifts))]
    alone = Plan(inst, {("w", s.start): {"primary": (e,)} for s, e in zip(shifts, primaries, strict=True)})
    shadowed = Plan(inst, {("w", s.start): {"primary": (e,), "shadow": ("neo",)}
                           for s, e in zip(shifts, primaries, strict=True)})
    shares = fair_shares(inst)
    before, after = plan_fairness(alone, shares), plan_fairness(shadowed, shares)
    assert after.out_of_band == before.out_of_band
    assert "neo" not in {b.engineer for b in after.bands if b.seats > 0}  # shadowed 8 times


def test_lines_and_json_name_the_figures() -> None:
    fair = ["ann", "bob", "cy", "dee", "ann", "bob", "cy", "ann"]
    unfair = ["ann"] * 4 + fair[4:]
    c = compare(plan_of(fair), plan_of(unfair))
    text = "\n".join(c.lines())
    assert f"seats outside their fair band: {c.before.out_of_band} -> {c.after.out_of_band}" in text
    assert c.broken and any(b.engineer == "ann" for b in c.broken) and c.worse
    assert "now outside: ann w: 6 seat(s)" in text
    data = c.as_dict()
    assert data["after"]["seats_out_of_band"] == c.after.out_of_band
    assert [m["engineer"] for m in data["changed_most"]] == [m.engineer for m in c.movers]
    assert date(2027, 3, 1) == INST.roster.horizon.start
