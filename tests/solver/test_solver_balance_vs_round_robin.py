"""The balance stage is never beaten by a round robin (issue #12, item 6).

Wherever a round robin of the pool is a valid schedule (no hard rule broken), within the fair
count bands and within the burden budget the cost stage sets, it is one of the schedules the
``balance`` stage chooses from. So the proven optimum of that stage is at most the round robin's
weighted spread, computed here from docs/fairness.md ("Balance") on the round robin's plan,
without the solver. The test waits for the proof (the rosters are tiny): no wall-clock limit
decides the outcome.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fairshift import validate
from fairshift.domain.burden import SCALE
from fairshift.domain.fairness import FairShares, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.solver.component import ComponentRun, ComponentTask

ZONES = ("Europe/Budapest", "America/Los_Angeles")
COUNTRIES = {"Europe/Budapest": "HU", "America/Los_Angeles": "US"}
#: a day and a week around the weeks when US and EU daylight saving differ, and Easter 2027
STARTS = (date(2027, 3, 8), date(2027, 3, 22), date(2027, 3, 29))
NO_DEADLINE = 100_000.0  # seconds: the proof decides, not the clock


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    n = draw(st.integers(2, 4))
    engineers = []
    for i in range(n):
        zone = draw(st.sampled_from(ZONES))
        eng: dict[str, object] = {"id": f"e{i}", "timezone": zone}
        if draw(st.booleans()):
            eng["country"] = COUNTRIES[zone]
        engineers.append(eng)
    daily = draw(st.booleans())
    start = draw(st.sampled_from(STARTS))
    days = draw(st.integers(5, 9)) if daily else 7 * draw(st.integers(2, 4))
    rotation: dict[str, object] = {
        "id": "r", "members": [e["id"] for e in engineers], "every": "day" if daily else "week",
        "handoff": "09:00" if daily else "mon 09:00",
        "timezone": draw(st.sampled_from(ZONES))}
    return Roster.model_validate({
        "horizon": {"start": start, "end": start + timedelta(days=days)},
        "engineers": engineers, "rotations": [rotation],
        "rules": {"public_holidays": {"mode": "weigh"}}})


def round_robin(inst: Instance) -> Plan:
    """The member list repeated in order, one seat per shift."""
    plan = Plan(inst)
    members = [e.id for e in inst.roster.engineers]
    for i, shift in enumerate(inst.shifts["r"]):
        plan.holders[("r", shift.start)] = {"primary": (members[i % len(members)],)}
    return plan


def weighted_spread(inst: Instance, plan: Plan, shares: FairShares) -> int:
    """The balance stage's objective for ``plan``, from docs/fairness.md: per category, the
    values compared as if everyone had the pool's mean availability, in R-ths, high - low."""
    pool = [e.id for e in inst.roster.engineers if shares.availability.get((e.id, "r"), 0) > 0]
    if len(pool) < 2:
        return 0
    mean = max(round(shares.totals["r"] / len(pool)), 1)
    weekend: dict[str, set[date]] = {e: set() for e in pool}
    night = dict.fromkeys(pool, 0)
    holiday = dict.fromkeys(pool, 0)
    for shift in inst.shifts["r"]:
        for e in plan.engineers(shift):
            weekend[e].update(d for d in inst.days(e, shift) if d.weekday() >= 5)
            night[e] += round(inst.load(e, shift).night * SCALE)
            holiday[e] += round(inst.load(e, shift).holiday * SCALE)
    total = 0
    for values, resolution, weight in (({e: len(d) for e, d in weekend.items()}, 10, 80),
                                       (night, 1, 1), (holiday, 1, 1)):
        if not any(values.values()):
            continue
        scaled = {e: (resolution * mean * v, shares.availability[(e, "r")]) for e, v in values.items()}
        high = max(-(-num // den) for num, den in scaled.values())
        low = min(num // den for num, den in scaled.values())
        total += weight * (high - low)
    return total


def carried(inst: Instance, plan: Plan) -> int:
    return sum(inst.burden(e, s) for s in inst.shifts["r"] for e in plan.engineers(s))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rosters())
def test_the_proven_balance_is_no_wider_than_a_valid_round_robin(roster: Roster) -> None:
    inst = Instance(roster)
    shares = fair_shares(inst)
    robin = round_robin(inst)
    assume(not validate(roster, robin.to_schedule(status="feasible")).hard)
    counts = {e.id: sum(1 for s in inst.shifts["r"] if e.id in robin.engineers(s))
              for e in roster.engineers}
    assume(all(lo <= counts[e] <= hi for e in counts
               for lo, hi in [shares.count_band(e, "r")]))
    run = ComponentRun(ComponentTask(roster, 0, ("r",), shares, NO_DEADLINE, workers=1))
    assert [s.name for s in run.stages[:3]] == ["counts", "cost", "balance"]
    run.run(NO_DEADLINE, upto=3)
    counts_stage, cost, balance = run.results
    assert counts_stage.proven and cost.proven and balance.proven
    budget = math.floor(cost.value * (1 + roster.rules.fairness.extra_burden))
    assume(carried(inst, robin) <= budget)
    assert balance.value <= weighted_spread(inst, robin, shares)
