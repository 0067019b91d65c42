"""The independent comparison models of benchmarks/independent.py (issue #12).

Double entry, as for fairshift's own rules: a plan pinned into the model is accepted exactly when
:func:`fairshift.validate` finds no hard violation, and the stage values of a pinned plan are the
plan's own count deviation, burden, largest excess and shortfall as fairshift's domain measures
them. With every seat pinned there is nothing to search; no test needs a proof within a time.
"""

from __future__ import annotations

import math
import random
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

import fairshift
import fairshift.solver.events
from fairshift.domain.fairness import engineer_metrics, fair_shares, held_seats

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import baselines  # noqa: E402
import independent  # noqa: E402
import shapes  # noqa: E402

BACKENDS = sorted(independent.BACKENDS)


# shadow seats required (every shift fills its shadow role), so that mutations break the other
# rules alone; the optional seats are in OPTIONAL
STRICT = {"min_rest": {"hours": 12}, "max_consecutive": {"days": 9}, "max_weekends": {"count": 2},
          "max_shifts": {"default": 7}, "shadowing": {"shadow_shifts": 2, "seats": "required"}}
#: no rest, run or weekend limits, a tighter cap: what breaks alone here differs from STRICT
LOOSE = {"max_shifts": {"default": 6}, "shadowing": {"shadow_shifts": 2, "seats": "required"}}



def _every_rule(rules: dict[str, object] = STRICT) -> fairshift.Roster:
    """Eight people, three weeks, two rotations (one with a shadow role), a new engineer, PTO."""
    people: list[dict[str, object]] = [
        {"id": f"p{i}", "timezone": "Europe/Budapest" if i < 5 else "America/New_York", "skills": ["esc"]}
        for i in range(8)]
    people[7]["new"] = True
    people[7]["skills"] = []
    people[2]["unavailable"] = [{"start": "2027-01-12", "end": "2027-01-13"}]
    return fairshift.parse_roster({
        "horizon": {"start": "2027-01-04", "end": "2027-01-25"},
        "rules": rules,
        "engineers": people,
        "teams": [{"id": "ops", "members": [p["id"] for p in people]}],
        "rotations": [
            {"id": "ops-daily", "team": "ops", "every": "day", "handoff": "09:00",
             "timezone": "Europe/Budapest", "roles": {"primary": 1, "shadow": 1}},
            {"id": "esc-weekly", "members": ["p0", "p1", "p3", "p4"], "every": "week",
             "handoff": "wed 18:00", "timezone": "Europe/Budapest", "requires_skills": ["esc"]}]})


@pytest.fixture(scope="module")
def every_rule() -> tuple[fairshift.Roster, fairshift.Plan]:
    """The roster and a schedule of it without hard violations: fairshift's first schedule (the
    search is stopped as soon as it has one)."""
    roster = _every_rule()
    stop = threading.Event()

    def first(event: fairshift.solver.events.SolveEvent) -> None:
        if event.kind == "schedule":
            stop.set()

    result = fairshift.solve(roster, time_limit=120, workers=1, seed=0, stop=stop, on_event=first)
    assert result.schedule is not None
    return roster, fairshift.Plan.from_schedule(fairshift.Instance(roster), result.schedule)
    return fairshift.Plan.from_schedule(fairshift.Instance(roster), result.schedule)


def _mutate(plan: fairshift.Plan, rng: random.Random, changes: int) -> fairshift.Plan:
    """``plan`` with ``changes`` seats given to another available pool member (maybe a holder)."""
    inst = plan.instance
    out = fairshift.Plan(inst, {k: dict(v) for k, v in plan.holders.items()})
    for _ in range(changes):
        (rid, start), roles = rng.choice(sorted(out.holders.items(), key=lambda kv: (kv[0][0], kv[0][1])))
        shift = inst.by_key[(rid, start)]
        role = rng.choice(sorted(roles))
        pool = [e for e in inst.eligible(inst.rotation(rid)) if inst.available(e, shift)]
        roles[role] = (rng.choice(pool),)
    return out


def _shadow_first(plan: fairshift.Plan) -> fairshift.Plan:
    """``plan`` with the new engineer's first shadow seat swapped with that shift's primary: the
    same people on call, but a new engineer as primary before shadowing twice."""
    inst = plan.instance
    first = next(s for s, role in plan.by_engineer["p7"] if role == "shadow")
    out = fairshift.Plan(inst, {k: dict(v) for k, v in plan.holders.items()})
    roles = out.holders[(first.rotation, first.start)]
    roles["primary"], roles["shadow"] = roles["shadow"], roles["primary"]
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("rules", "alone"), [
    (STRICT, {"no_overlap", "min_rest", "max_consecutive", "max_weekends"}),
    (LOOSE, {"no_overlap", "no_back_to_back", "max_shifts", "shadowing"})], ids=["strict", "loose"])
def test_bench_model_accepts_a_plan_exactly_when_the_validator_does(
        backend: str, rules: dict[str, object], alone: set[str],
        every_rule: tuple[fairshift.Roster, fairshift.Plan]) -> None:
    roster = _every_rule(rules)
    base = fairshift.Plan(fairshift.Instance(roster), every_rule[1].holders)  # valid under both
    rng = random.Random(7)
    broken_alone: set[str] = set()
    verdicts: Counter[bool] = Counter()
    plans = [base, _shadow_first(base)] + [_mutate(base, rng, 1 + i % 4 // 3) for i in range(300)]
    for plan in plans:
        report = fairshift.validate(roster, plan.to_schedule(status="mutated"))
        rules_broken = {v.rule for v in report.hard}
        if len(rules_broken) == 1:
            broken_alone |= rules_broken
        accepted = independent.pinned(roster, plan, backend) is not None
        assert accepted == report.ok, [str(v) for v in report.hard]
        verdicts[accepted] += 1
    assert verdicts[True] >= 3 and verdicts[False] >= 10
    # each rule of ``alone`` was the only one broken by some plan, so the model states it itself
    # (eligibility and unavailability hold by construction: a mutation never breaks them)
    assert alone <= broken_alone, broken_alone


def _deviation(plan: fairshift.Plan) -> int:
    inst = plan.instance
    shares = fair_shares(inst)
    total = 0
    for rot in inst.roster.rotations:
        held = held_seats(plan, rot)
        for e in inst.eligible(rot):
            lo, hi = shares.count_band(e, rot.id)
            total += max(lo - held[e], held[e] - hi, 0)
    return total


def _steps(hours: float, step: int = 25) -> tuple[int, int]:
    """The stage value (hundredths, rounded up to the step) of ``hours``, give or take the
    rounding of history corrections to a hundredth of an hour."""
    return (math.ceil((hours * 100 - 0.5) / step) * step, math.ceil((hours * 100 + 0.5) / step) * step)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", ["small-fair4", "fts2", "site40", "tiny"])
def test_bench_pinned_stage_values_are_the_plans_own(case: str, backend: str) -> None:
    roster = fairshift.parse_roster(shapes.case_data(case, 5 if case == "tiny" else 1))
    plan, _ = baselines.greedy_plan(roster)
    assert fairshift.validate(roster, plan.to_schedule(status="greedy")).ok  # greedy gave up nothing here
    got = independent.pinned(roster, plan, backend)
    assert got is not None
    m = engineer_metrics(plan)
    assert got["counts"] == _deviation(plan)
    assert got["cost"] == pytest.approx(sum(x.burden for x in m.values()) * 100, abs=0.5)
    lo, hi = _steps(max(max(x.excess for x in m.values()), 0.0))
    assert lo <= got["max_excess"] <= hi
    lo, hi = _steps(max(max(-x.excess for x in m.values()), 0.0))
    assert lo <= got["max_shortfall"] <= hi


@pytest.mark.parametrize("backend", BACKENDS)
def test_bench_independent_solve_returns_a_valid_schedule(backend: str) -> None:
    roster = fairshift.parse_roster(shapes.case_data("small-daily3"))
    result = independent.solve_independent(roster, backend, time_limit=30, workers=1)
    assert result.plan is not None and result.planned == ("counts", "cost", "max_excess", "max_shortfall")
    assert [s.name for s in result.stages] == list(result.planned)
    assert fairshift.validate(roster, result.plan.to_schedule(status=result.status)).ok
    proven = [s for s in result.stages if s.proven]
    assert all(s.value == s.bound for s in proven)  # a proven stage is at its bound
    assert result.status in ("optimal", "feasible") and result.fairness_status in ("optimal", "feasible")


def test_bench_independent_models_never_import_the_solver() -> None:
    text = (BENCH / "independent.py").read_text(encoding="utf-8")
    assert "fairshift.solver" not in text.replace("``fairshift.solver``", "")


@pytest.mark.parametrize("backend", BACKENDS)
def test_bench_model_knows_optional_shadow_seats(
        backend: str, every_rule: tuple[fairshift.Roster, fairshift.Plan]) -> None:
    # the default seats: optional. An empty shadow seat is fine; an experienced engineer in one,
    # or the new engineer once done shadowing, is not: both models say the same
    roster = _every_rule({"shadowing": {"shadow_shifts": 2, "seats": "optional"}})
    inst = fairshift.Instance(roster)
    learning = sorted(k for k, roles in every_rule[1].holders.items() if roles.get("shadow") == ("p7",))[:2]
    base = fairshift.Plan(inst, {k: {r: v for r, v in roles.items() if r != "shadow" or k in learning}
                                 for k, roles in every_rule[1].holders.items()})
    shadow_shift = next(k for k, roles in base.holders.items()
                        if "shadow" in inst.rotation(k[0]).roles and "shadow" not in roles
                        and "p0" not in [e for names in roles.values() for e in names])
    filled = fairshift.Plan(inst, {k: dict(v) for k, v in base.holders.items()})
    filled.holders[shadow_shift]["shadow"] = ("p0",)  # experienced: not allowed
    for plan, ok in ((base, True), (filled, False)):
        report = fairshift.validate(roster, plan.to_schedule(status="hand-made"))
        assert report.ok == ok, [str(v) for v in report.hard]
        assert (independent.pinned(roster, plan, backend) is not None) == ok
