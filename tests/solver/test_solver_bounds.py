"""The redundant cost bounds (least-cost tangents, symmetry breaking) cut off no schedule.

Each bound is checked against something computed without it: brute force over subsets, the
model built *without* the bounds, and that model's schedules pinned into the bounded one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from fairshift import parse_roster
from fairshift.check.precheck import shortages
from fairshift.domain.fairness import components, fair_shares
from fairshift.domain.instance import Instance
from fairshift.domain.roster import Roster
from fairshift.rules import RULES
from fairshift.solver.model import Encoding, add_constraints
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


@dataclass
class _Stage:
    value: int
    bound: int
    proven: bool
    holders: dict[tuple[str, str, object, str], int]


def _model(roster: Roster, *, bounds: bool, symmetry: bool | None = None) -> tuple[Encoding, dict[str, Any]]:
    inst = Instance(roster)
    shares = fair_shares(inst)
    (comp,) = components(inst)
    enc = Encoding(inst, comp)
    add_constraints(enc, only=tuple(r for r, rule in RULES.items() if rule.kind == "hard"))
    symmetry = bounds if symmetry is None else symmetry
    stages = build_objectives(enc, shares, symmetry=symmetry, bounds=bounds).stages
    return enc, {s.name: s.build for s in stages}


def _stages(roster: Roster, *, bounds: bool) -> list[_Stage] | None:
    """The count and cost stages of the model, with or without the bounds; None when
    the roster has no schedule at all. A stage is searched for a fixed amount of *deterministic*
    time (work, not seconds: a busy machine only makes it slower), so it may end unproven; a
    later stage is searched only when the earlier one was proven (lexicographic order)."""
    enc, stages = _model(roster, bounds=bounds)
    out: list[_Stage] = []
    for name in ("counts", "cost"):
        expr = stages[name]()
        enc.model.minimize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 4
        solver.parameters.max_deterministic_time = 3.0
        status = solver.solve(enc.model)
        if status == cp_model.INFEASIBLE and name == "counts":
            return None
        assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE), (name, solver.status_name(status))
        value, bound = round(solver.objective_value), round(solver.best_objective_bound)
        out.append(_Stage(value, bound, status == cp_model.OPTIMAL,
                          {k: solver.value(v) for k, v in enc.x.items()}))
        if status != cp_model.OPTIMAL:
            break
        enc.model.add(expr <= value)
    return out


def _accepts(roster: Roster, holders: dict[tuple[str, str, object, str], int], counts: int) -> bool:
    """Whether the model *with* the cost bounds admits this exact assignment (with its count
    value). Symmetry breaking does cut off schedules (not values): it is left out here."""
    enc, stages = _model(roster, bounds=True, symmetry=False)
    for key, var in enc.x.items():
        enc.model.add(var == holders[key])
    enc.model.add(stages["counts"]() <= counts)
    stages["cost"]()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(enc.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


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
def test_bounds_never_cut_off_the_optimum(
        people: int, weekly: bool, pto: list[tuple[int, int, int]], zones: list[int]) -> None:
    # No wall-clock limit to miss: every claim below holds whether or not a stage was proven.
    roster = _roster(people, "week" if weekly else "day", 4 if weekly else 3, pto, zones)
    inst = Instance(roster)
    if shortages(inst):
        return
    plain = _stages(roster, bounds=False)
    bounded = _stages(roster, bounds=True)
    assert (plain is None) == (bounded is None)  # both models agree there is a schedule
    if plain is None or bounded is None:
        return
    for p, b in zip(plain, bounded, strict=False):
        assert b.bound <= p.value  # the bounds cut off no schedule the plain model found...
        assert p.bound <= b.value  # ...and made up none better than the plain model allows
        if p.proven and b.proven:
            assert p.value == b.value
        if not (p.proven and b.proven):
            break
    # the plain model's best schedule is admitted by the bounded model, exactly as it is
    assert _accepts(roster, plain[-1].holders, plain[0].value)
