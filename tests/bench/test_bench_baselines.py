"""The benchmark's generator, baselines and runner on a tiny generated organisation (issues #7, #12).

Fast: one 10 s solve; everything else is well under a second.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import fairshift
from fairshift.domain.fairness import components, eligible

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import baselines  # noqa: E402
import orggen  # noqa: E402
import run  # noqa: E402

SEED = 5  # a tiny org where the greedy never has to give up "no overlap" or "not on PTO"


@pytest.fixture(scope="module")
def tiny() -> fairshift.Roster:
    return orggen.generate("tiny", SEED)


def _three_people(pto: dict[str, tuple[str, str]]) -> fairshift.Roster:
    """Three people, one weekly rotation, four weeks (Jan 4, 11, 18, 25), PTO as given."""
    engineers = []
    for e in ("a", "b", "c"):
        eng: dict[str, object] = {"id": e, "timezone": "Europe/Budapest"}
        if e in pto:
            eng["unavailable"] = [{"start": pto[e][0], "end": pto[e][1], "reason": "vacation"}]
        engineers.append(eng)
    return fairshift.parse_roster({
        "horizon": {"start": "2027-01-04", "end": "2027-02-01"},
        "engineers": engineers,
        "rotations": [{"id": "ops", "members": ["a", "b", "c"], "every": "week", "handoff": "mon 09:00",
                       "timezone": "Europe/Budapest"}]})


def _holders(schedule: fairshift.Schedule) -> list[tuple[str, ...]]:
    return [s.engineers() for s in schedule.shifts]


# --------------------------------------------------------------------------- generator

def test_bench_generator_is_deterministic(tmp_path: Path) -> None:
    a, b = orggen.generate("tiny", SEED), orggen.generate("tiny", SEED)
    assert a.model_dump_json() == b.model_dump_json()
    assert orggen.generate("tiny", SEED + 1).model_dump_json() != a.model_dump_json()
    # the YAML written for the CLI path reads back as the same roster, byte for byte the same file
    p1 = orggen.write_yaml(tmp_path / "one.yaml", "tiny", SEED)
    p2 = orggen.write_yaml(tmp_path / "two.yaml", "tiny", SEED)
    assert p1.read_bytes() == p2.read_bytes()
    assert fairshift.load_roster(p1).model_dump_json() == a.model_dump_json()


@pytest.mark.parametrize("size", ["S", "M"])
def test_bench_generator_shapes(size: str) -> None:
    spec = orggen.SIZES[size]
    data = orggen.generate_data(size, 1)
    assert len(data["engineers"]) == spec.engineers and len(data["teams"]) == spec.teams
    assert all(6 <= len(t["members"]) <= 12 for t in data["teams"])
    sites = {(e["timezone"], e["country"], e.get("subdivision")) for e in data["engineers"]}
    assert sites == {("America/Los_Angeles", "US", "CA"), ("America/New_York", "US", "NY"),
                     ("Europe/Budapest", "HU", None)}
    blocks = [(date.fromisoformat(u["start"]), date.fromisoformat(u["end"]))
              for e in data["engineers"] for u in e.get("unavailable", [])]
    assert all(3 <= (end - start).days + 1 <= 10 for start, end in blocks)
    share = sum((end - start).days + 1 for start, end in blocks) / (spec.days * spec.engineers)
    assert 0.07 <= share <= 0.13
    every = {r["id"]: r["every"] for r in data["rotations"]}
    team_rots = [r for r in data["rotations"] if "team" in r]
    assert {r["every"] for r in team_rots} == {spec.team_every}
    assert all(r["roles"] == {"primary": 1, "secondary": 1} for r in team_rots)
    assert every["incident-commander"] == "day" and every["release-captain"] == "week"


def test_bench_coupling_rotations_share_engineers_with_teams(tiny: fairshift.Roster) -> None:
    ic = tiny.rotations_by_id["incident-commander"]
    rc = tiny.rotations_by_id["release-captain"]
    assert (ic.every, ic.requires_skills, ic.team) == ("day", ("incident-command",), None)
    assert (rc.every, rc.requires_skills, rc.team) == ("week", ("release",), None)
    team_of = {m: t.id for t in tiny.teams for m in t.members}
    for rot in (ic, rc):
        assert rot.members and set(rot.members) <= set(team_of)
        assert len({team_of[m] for m in rot.members}) >= 2  # spans teams
        inst = fairshift.Instance(tiny)
        assert set(eligible(inst, rot)) == set(rot.members)  # everyone listed has the skill
    # the org-wide rotations tie every team rotation into one component
    assert len(components(fairshift.Instance(tiny))) == 1


# --------------------------------------------------------------------------- baselines

@pytest.mark.parametrize("method", sorted(baselines.METHODS))
def test_bench_baselines_write_the_schedule_format(tiny: fairshift.Roster, method: str) -> None:
    schedule = baselines.METHODS[method](tiny)
    text = schedule.to_json()
    raw = json.loads(text)
    assert {"name", "status", "horizon", "shifts", "engineers"} <= set(raw)
    assert raw["status"] == method
    again = fairshift.Schedule.from_json(text)
    report = fairshift.validate(tiny, again)
    assert report.magnitude("coverage") == 0  # every seat of every shift filled, nothing extra
    assert report.magnitude("eligibility") == 0
    inst = fairshift.Instance(tiny)
    assert len(again.shifts) == sum(len(s) for s in inst.shifts.values())


def test_bench_round_robin_ignores_pto_exactly() -> None:
    roster = _three_people({"a": ("2027-01-26", "2027-01-26"), "b": ("2027-01-12", "2027-01-13"),
                            "c": ("2027-01-05", "2027-01-05")})
    schedule = baselines.round_robin(roster)
    assert _holders(schedule) == [("a",), ("b",), ("c",), ("a",)]
    report = fairshift.validate(roster, schedule)
    assert [(v.rule, v.engineers, v.shift, v.magnitude) for v in report.hard] == [
        ("unavailability", ("b",), "ops@2027-01-11T09:00", 2.0),
        ("unavailability", ("a",), "ops@2027-01-25T09:00", 1.0),
    ]


def test_bench_round_robin_on_tiny_breaks_exactly_the_pto_it_lands_on(tiny: fairshift.Roster) -> None:
    schedule = baselines.round_robin(tiny)
    expected = set()
    for ss in schedule.shifts:
        for e in ss.engineers():
            eng = tiny.engineers_by_id[e]
            tz = ZoneInfo(eng.timezone)
            first = ss.start.astimezone(tz).date()
            last = (ss.end - timedelta(microseconds=1)).astimezone(tz).date()
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            if any(u.start <= d <= u.end for u in eng.unavailable for d in days):
                expected.add((e, f"{ss.rotation}@{ss.start.strftime('%Y-%m-%dT%H:%M')}"))
    report = fairshift.validate(tiny, schedule)
    found = {(v.engineers[0], v.shift) for v in report.hard if v.rule == "unavailability"}
    assert expected and found == expected
    # and it stacks the org-wide rotations on top of team shifts
    assert any(v.rule == "no_overlap" for v in report.hard)


def test_bench_greedy_least_recently_on_call_skips_pto() -> None:
    roster = _three_people({"a": ("2027-01-26", "2027-01-26"), "b": ("2027-01-12", "2027-01-13"),
                            "c": ("2027-01-05", "2027-01-05")})
    schedule = baselines.greedy(roster)
    # week 1: nobody on call yet, ties by id -> a; week 2: b on PTO -> c; week 3: b never on
    # call; week 4: a least recent but on PTO -> c (b was on call later than c)
    assert _holders(schedule) == [("a",), ("c",), ("b",), ("c",)]
    assert fairshift.validate(roster, schedule).ok


def test_bench_greedy_has_no_unavailability_or_overlap(tiny: fairshift.Roster) -> None:
    _plan, fallbacks = baselines.greedy_plan(tiny)
    assert "overlap" not in fallbacks and "unavailable" not in fallbacks
    report = fairshift.validate(tiny, baselines.greedy(tiny))
    rules = Counter(v.rule for v in report.hard)
    assert rules["unavailability"] == 0 and rules["no_overlap"] == 0
    # what the greedy may still break is exactly what it reports having given up
    assert rules["no_back_to_back"] == fallbacks.get("previous_shift", 0)


def test_bench_fairshift_beats_greedy_on_tiny(tiny: fairshift.Roster) -> None:
    result = fairshift.solve(tiny, time_limit=10, workers=2, seed=0)
    assert result.schedule is not None
    ours = run.evaluate(tiny, result.schedule)
    theirs = run.evaluate(tiny, baselines.greedy(tiny))
    assert ours["hard"] == 0
    assert ours["max_excess"] == pytest.approx(result.max_excess, abs=0.01)
    assert ours["max_excess"] <= theirs["max_excess"]


# --------------------------------------------------------------------------- runner

def test_bench_runner_one_method_in_its_own_process(tmp_path: Path, tiny: fairshift.Roster) -> None:
    roster_yaml = orggen.write_yaml(tmp_path / "tiny.yaml", "tiny", SEED)
    out = tmp_path / "greedy.json"
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--one", "greedy", "--size", "tiny",
                           "--roster", str(roster_yaml), "--out", str(out)],
                          capture_output=True, text=True, timeout=120, check=True)
    meta = json.loads(next(line for line in proc.stdout.splitlines()
                           if line.startswith(run.META))[len(run.META):])
    assert meta["method"] == "greedy" and meta["maxrss_kib"] > 0
    assert set(meta["phases"]) == {"roster", "method", "write"}
    schedule = fairshift.load_schedule(out)
    assert schedule.to_json() == baselines.greedy(tiny).to_json()


def test_bench_evaluate_spreads_on_a_hand_built_schedule() -> None:
    roster = _three_people({})
    metrics = run.evaluate(roster, baselines.round_robin(roster))  # a, b, c, a
    assert metrics["hard"] == 0
    assert metrics["seat_raw"] == 1  # a holds 2 weeks, b and c one each
    assert metrics["seat_dev"] == pytest.approx(2 - 4 / 3)
    # a's two weeks touch 2 + 2 Budapest weekend days, b's and c's one week 2 each; everyone is
    # available for every week, so per availability it is the same
    assert metrics["weekend_days_raw"] == metrics["weekend_days_scaled"] == 2


def test_bench_runner_prints_one_table_per_group(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    run.main(["--cases", "small-daily3,small-fts6,tiny", "--methods", "round-robin", "--repeat", "1",
              "--workdir", str(tmp_path), "--markdown", str(out), "--seed", str(SEED)])
    text = out.read_text(encoding="utf-8")
    assert text.count(run.tables.HEADER) == 2  # the group "small", then "sizes"
    assert text.index("#### small") < text.index("#### sizes")
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in text.splitlines()
            if line.startswith("| small-") or line.startswith("| tiny")}
    assert set(rows) == {"small-daily3", "small-fts6", "tiny"}
    daylight = run.tables.HEADER.split(" | ").index("daylight share")
    assert rows["small-daily3"][daylight] == "—" and rows["small-fts6"][daylight].endswith("of 56")
    assert all(r[1] == "round robin" and r[4] == "—" for r in rows.values())


def test_bench_runner_refuses_an_unknown_case(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run.main(["--cases", "site41"])
    assert exc.value.code == 2
    assert "unknown case 'site41'" in capsys.readouterr().err
