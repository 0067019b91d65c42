"""The benchmark's named cases (issue #12): deterministic, and each has the shape it claims.

Fast: no solving; every roster is built from its data and checked with fairshift's domain layer.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import fairshift
from fairshift.domain.fairness import components, fair_shares

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import metrics  # noqa: E402
import orggen  # noqa: E402
import shapes  # noqa: E402

GENERATED = [n for n, c in shapes.CASES.items() if c.build is not None and n not in ("L", "XL")]
SEEDED = ("cross200", "fts2", "mixed", "site40")


def _roster(name: str, seed: int = 1) -> fairshift.Roster:
    return fairshift.parse_roster(shapes.case_data(name, seed))


@pytest.mark.parametrize("name", GENERATED)
def test_bench_case_is_deterministic_and_round_trips_through_yaml(name: str, tmp_path: Path) -> None:
    a, b = shapes.case_data(name, 1), shapes.case_data(name, 1)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    roster = fairshift.parse_roster(a)
    path = tmp_path / f"{name}.yaml"
    path.write_text(orggen.yaml_text(a), encoding="utf-8")
    assert fairshift.load_roster(path).model_dump_json() == roster.model_dump_json()


@pytest.mark.parametrize("name", SEEDED)
def test_bench_seeded_cases_change_with_the_seed(name: str) -> None:
    assert json.dumps(shapes.case_data(name, 1)) != json.dumps(shapes.case_data(name, 2))


def test_bench_case_groups_expand_in_order() -> None:
    assert shapes.expand_cases("small") == ["small-fair4", "small-fts6", "small-weekly7", "small-daily3",
                                            "small-linked10"]
    assert shapes.expand_cases("site40,S,small-fts6,small")[:3] == ["site40", "S", "small-fts6"]
    assert len(shapes.expand_cases("small,small-fts6")) == 5  # no case twice
    with pytest.raises(ValueError, match=r"unknown case 'crosss200'.*cross200"):
        shapes.expand_cases("crosss200")


def test_bench_cross200_shape() -> None:
    roster = _roster("cross200")
    inst = fairshift.Instance(roster)
    assert (len(roster.engineers), len(roster.teams), len(roster.rotations)) == (200, 20, 20)
    assert (roster.horizon.start, roster.horizon.end) == (date(2027, 1, 1), date(2027, 4, 1))
    assert all(r.team is not None and not r.members for r in roster.rotations)  # no org-wide rotation
    assert all(r.every == "day" and r.roles == {"primary": 1, "secondary": 1} for r in roster.rotations)
    teams_of = Counter(m for t in roster.teams for m in t.members)
    cross = [e for e, n in teams_of.items() if n > 1]
    assert len(cross) == 20 and max(teams_of.values()) == 2  # 10 %, each in exactly two teams
    for rot in roster.rotations:  # every team lends one member and receives one, who is eligible
        pool = set(inst.eligible(rot))
        assert pool == set(roster.pool(rot))
        assert sum(1 for e in pool if e in cross) >= 1
    for team in roster.teams:  # 6-12 people of its own, and one lent in by another team
        assert teams_of[team.members[-1]] == 2 and 7 <= len(team.members) <= 13
    comps = components(inst)
    assert 1 <= len(comps) < 20 and all(len(c) >= 2 for c in comps)  # cross members link every team


def test_bench_fts2_shape() -> None:
    roster = _roster("fts2")
    inst = fairshift.Instance(roster)
    assert roster.horizon.start <= date(2027, 3, 14) and roster.horizon.end >= date(2027, 3, 29)
    assert metrics.follow_the_sun(inst) == ["sre-follow-the-sun", "edge-follow-the-sun"]
    zones = {r.id: Counter(inst.engineer(e).timezone for e in inst.eligible(r)) for r in roster.rotations}
    assert zones["sre-follow-the-sun"] == {"Europe/Budapest": 4, "America/Los_Angeles": 4}
    assert zones["edge-follow-the-sun"] == {"America/New_York": 4, "Asia/Tokyo": 4}
    for rot in roster.rotations:  # every shift has exactly one side of the world in daylight
        for shift in inst.shifts[rot.id]:
            sides = {tz for tz in zones[rot.id] if metrics.daylight_hours(shift, tz) > shift.hours / 2}
            assert len(sides) == 1, shift
    assert len(components(inst)) == 2


def test_bench_mixed_shape() -> None:
    roster = _roster("mixed")
    inst = fairshift.Instance(roster)
    every = Counter(r.every for r in roster.rotations if r.team is not None)
    assert every == {"week": 3, "day": 3}
    sparse = {r.id: inst.eligible(r) for r in roster.rotations if r.team is None}
    assert set(sparse) == {"postgres-escalation", "network-escalation", "security-review"}
    for rid, pool in sparse.items():
        assert len(roster.pool(roster.rotations_by_id[rid])) == 48  # everybody listed ...
        assert 3 <= len(pool) <= 5  # ... a few skilled
    assert len(inst.eligible(roster.rotations_by_id["platform-weekly"])) == 5  # prod-access: 5 of 8


def test_bench_readme_case_is_what_the_readme_solves() -> None:
    case = shapes.CASES["readme"]
    assert case.source == ROOT / "examples" / "roster.yaml"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'fairshift.load_roster("examples/roster.yaml")' in readme
    assert fairshift.parse_roster(case.data()).model_dump_json() == \
        fairshift.load_roster(case.source).model_dump_json()


def test_bench_small_fair4_is_the_worked_example_of_the_docs() -> None:
    text = (ROOT / "docs" / "fairness.md").read_text(encoding="utf-8")
    block = re.search(r"## A worked example.*?```yaml\n(.*?)```", text, re.S)
    assert block is not None
    documented = fairshift.parse_roster(YAML(typ="safe").load(block.group(1)))
    roster = _roster("small-fair4")
    assert roster.model_dump_json() == documented.model_dump_json()
    shares = fair_shares(fairshift.Instance(roster))
    available = [shares.availability[(e, "core-daily")] for e in ("anna", "ben", "cara", "dan")]
    assert available == [28, 28, 20, 28]


def test_bench_small_rosters_shapes() -> None:
    rosters = {n: _roster(n) for n in shapes.GROUPS["small"]}
    assert all(len(r.engineers) <= 10 for r in rosters.values())
    fts = rosters["small-fts6"]
    rot = fts.rotations[0]
    assert (rot.handoff, rot.timezone, str(fts.horizon.start), str(fts.horizon.end)) == (
        ("07:00", "19:00"), "Europe/Budapest", "2027-03-07", "2027-04-04")
    assert Counter(e.timezone for e in fts.engineers) == {"Europe/Budapest": 3, "America/Los_Angeles": 3}
    assert all(e.country is None for e in fts.engineers)
    weekly = rosters["small-weekly7"]
    inst = fairshift.Instance(weekly)
    seats = sum(len(inst.shifts[r.id]) * r.seats for r in weekly.rotations)
    assert len(weekly.engineers) == 7 and weekly.rules.max_shifts.default == 4 and seats <= 7 * 4
    assert seats > 6 * 4  # the cap binds: six people could not cover it
    assert len(rosters["small-daily3"].engineers) == 3 and rosters["small-daily3"].rotations[0].every == "day"
    linked = rosters["small-linked10"]
    assert len(linked.engineers) == 10 and len(components(fairshift.Instance(linked))) == 1


def test_bench_site40_shape() -> None:
    roster = _roster("site40")
    inst = fairshift.Instance(roster)
    assert 40 <= len(roster.engineers) <= 42 and len(roster.teams) == 5
    assert {e.timezone for e in roster.engineers} == {"Europe/Budapest", "America/Los_Angeles",
                                                      "America/New_York"}
    ic = roster.rotations_by_id["incident-commander"]
    assert ic.team is None and ic.every == "day"
    team_of = {m: t.id for t in roster.teams for m in t.members}
    assert {team_of[e] for e in inst.eligible(ic)} == {t.id for t in roster.teams}  # drawn from every team
    assert metrics.follow_the_sun(inst) == ["sre-follow-the-sun"]
    new = [e for e in roster.engineers if e.new]
    assert len(new) == 2 and not any(e.unavailable for e in new)
    for eng in new:  # each new hire's team rotation has a shadow role; nobody new commands incidents
        rot = next(r for r in roster.rotations if r.team == team_of[eng.id])
        assert "shadow" in rot.roles and eng.id not in inst.eligible(ic)
    days = roster.horizon.days
    pto = sum((u.end - u.start).days + 1 for e in roster.engineers for u in e.unavailable)
    assert 0.04 <= pto / (days * len(roster.engineers)) <= 0.12
