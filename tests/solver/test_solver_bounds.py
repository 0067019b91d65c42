"""The redundant cost bounds: least costs, the largest-excess floor and the stepwise certificate.

Each bound is checked against something computed without it: brute force over subsets, and the
optimum of the model built *without* the bounds.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from orgkit import commander_org
from ortools.sat.python import cp_model

from fairshift import SolveStatus, parse_roster, solve, validate
from fairshift.burden import SCALE
from fairshift.fairness import components, excess_floor, fair_shares
from fairshift.instance import Instance
from fairshift.precheck import shortages
from fairshift.roster.model import Roster
from fairshift.rules import RULES
from fairshift.solver.encoders import add_constraints
from fairshift.solver.model import Encoding
from fairshift.solver.objective import build_objectives

ZONES = ("Europe/Budapest", "America/New_York", "America/Los_Angeles")


def _roster(people: int, every: str, weeks: int, pto: list[tuple[int, int, int]], zones: list[int],
            seats: int = 1) -> Roster:
    start = date(2027, 3, 1)  # the US/EU daylight-saving mismatch weeks are inside
    engineers = []
    for i in range(people):
        off = [{"start": start + timedelta(days=d), "end": start + timedelta(days=d + n)}
               for who, d, n in pto if who == i]
        engineers.append({"id": f"e{i}", "timezone": ZONES[zones[i % len(zones)]],
                          "country": ("HU", "US", "US")[zones[i % len(zones)]], "unavailable": off})
    roles = {"primary": 1} if seats == 1 else {"primary": 1, "secondary": 1}
    return parse_roster({
        "horizon": {"start": start, "end": start + timedelta(weeks=weeks)},
        "engineers": engineers,
        "teams": [{"id": "t", "members": [e["id"] for e in engineers]}],
        "rotations": [{"id": "r", "team": "t", "every": every, "timezone": "Europe/Budapest",
                       "handoff": "mon 10:00" if every == "week" else "10:00", "roles": roles}],
    })


def _optimum(roster: Roster, *, bounds: bool) -> tuple[int, int] | None:
    """(count deviation, largest excess) of the model, each stage proven, with or without bounds;
    None when the roster has no schedule at all."""
    inst = Instance(roster)
    shares = fair_shares(inst)
    (comp,) = components(inst)
    enc = Encoding(inst, comp)
    add_constraints(enc, only=tuple(r for r, rule in RULES.items() if rule.kind == "hard"))
    stages = dict(build_objectives(enc, shares, symmetry=False, bounds=bounds).stages)
    values = []
    for name in ("counts", "max_excess"):
        expr = stages[name]()
        enc.model.minimize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 8
        solver.parameters.max_time_in_seconds = 60
        status = solver.solve(enc.model)
        if status == cp_model.INFEASIBLE and name == "counts":
            return None
        assert status == cp_model.OPTIMAL, name
        value = round(solver.objective_value)
        enc.model.add(expr <= value)
        values.append(value)
    return values[0], values[1]


def test_least_costs_are_the_cheapest_k_shifts_by_brute_force() -> None:
    roster = _roster(4, "day", 2, [(0, 3, 2)], [0, 1, 2])
    inst = Instance(roster)
    for e in ("e0", "e1", "e2"):
        m = inst.least_costs(e, "r")
        open_shifts = [s for s in inst.shifts["r"] if s.start not in inst.away(e, "r")]
        assert len(m) == len(open_shifts) + 1
        for k in range(len(open_shifts) + 1):
            brute = min(sum(inst.burden(e, s) for s in combo)
                        for combo in itertools.combinations(open_shifts, k))
            assert m[k] == brute
        steps = [b - a for a, b in itertools.pairwise(m)]
        assert steps == sorted(steps)  # convex: the tangent bounds rest on this


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.integers(3, 6), weekly=st.booleans(),
       pto=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 20), st.integers(0, 6)), max_size=4),
       zones=st.lists(st.integers(0, 2), min_size=1, max_size=3))
def test_bounds_never_cut_off_the_optimum_and_the_floor_is_below_it(
        people: int, weekly: bool, pto: list[tuple[int, int, int]], zones: list[int]) -> None:
    roster = _roster(people, "week" if weekly else "day", 4 if weekly else 3, pto, zones)
    inst = Instance(roster)
    if shortages(inst):
        return
    plain = _optimum(roster, bounds=False)
    bounded = _optimum(roster, bounds=True)
    assert bounded == plain  # the redundant bounds removed no optimal schedule (nor made one up)
    if plain is None:
        return
    shares = fair_shares(inst)
    fair = {e.id: round(shares.share(e.id, ("r",)) * SCALE) for e in roster.engineers}
    floor = excess_floor(inst, shares, ("r",), fair)
    if plain[0] == 0:  # the floor speaks of schedules within the count bands
        assert 0 <= floor <= plain[1]


def test_floor_is_exact_when_one_expensive_week_must_go_to_someone() -> None:
    # 5 weeks over 4 identical people: one of them takes two weeks, so the largest excess is at
    # least two weeks' cost minus the fair share of 1.25 weeks, and the floor says exactly that
    roster = _roster(4, "week", 5, [], [0])
    inst = Instance(roster)
    shares = fair_shares(inst)
    fair = {e.id: round(shares.share(e.id, ("r",)) * SCALE) for e in roster.engineers}
    m = {e: inst.least_costs(e, "r") for e in fair}
    expected = min(m[e][2] - fair[e] for e in fair)
    assert excess_floor(inst, shares, ("r",), fair) == max(expected, max(m[e][1] - fair[e] for e in fair))
    plain = _optimum(roster, bounds=False)
    assert plain is not None and plain[1] >= excess_floor(inst, shares, ("r",), fair)


def test_stepwise_certificate_matches_the_schedule_and_only_claims_what_it_proves() -> None:
    roster = commander_org(country="HU")
    result = solve(roster, time_limit=30, seed=1)
    assert result.decomposed == 1 and result.schedule is not None
    assert validate(roster, result.schedule).ok
    counts, excess = result.whole
    assert (counts.name, excess.name) == ("counts", "max_excess")
    # the certificate's largest excess is the schedule's, measured independently (in hours,
    # fair shares unrounded: within half a hundredth of an hour per engineer)
    assert excess.value / SCALE == pytest.approx(max(0.0, result.max_excess), abs=0.01)
    assert excess.bound <= excess.value
    proven = counts.status == SolveStatus.OPTIMAL and excess.status == SolveStatus.OPTIMAL
    assert proven == (counts.value == 0 and excess.value == excess.bound)
    assert result.fairness_status == (SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE)
    # and a joint solve, proven, can do no better than the certified value
    joint = solve(roster, time_limit=60, seed=1, decompose=False)
    if proven and joint.fairness_status == SolveStatus.OPTIMAL:
        assert joint.max_excess == pytest.approx(result.max_excess, abs=0.02)
