"""Cover suggestions on a solved roster: every option is valid, no valid move is missed, order and
numbers match a recomputation from scratch."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fairshift import Roster, Schedule, parse_roster, solve, validate
from fairshift.cli import EXIT_INFEASIBLE, EXIT_INPUT, main
from fairshift.domain.fairness import eligible, engineer_metrics, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.io.overrides import load_overrides
from fairshift.io.yaml import read_yaml
from fairshift.workflows.cover import (
    CoverError,
    CoverOption,
    marked_unavailable,
    next_seat,
    overrides_yaml,
    skipped_by_overrides,
    suggest_cover,
)
from fairshift.workflows.overrides import Override, apply_overrides

ROSTER_YAML = """\
name: Cover
horizon: {start: 2027-01-04, end: 2027-03-01}
rules:
  daytime_handoff: {weight: 0}
  spacing: {weight: 0}
  pair_diversity: {weight: 0}
  preferences: {weight: 0}
engineers:
  - {id: anna, timezone: Europe/Budapest, country: HU}
  - {id: bela, timezone: Europe/Budapest, country: HU}
  - {id: pia,  timezone: Europe/Budapest, country: HU,
     unavailable: [{start: 2027-02-01, end: 2027-02-14, reason: vacation}]}
  - {id: carl, timezone: America/Los_Angeles, country: US, subdivision: CA}
  - {id: dina, timezone: America/Los_Angeles, country: US, subdivision: CA}
  - {id: emil, timezone: America/Los_Angeles, country: US, subdivision: CA}
  - {id: fay,  timezone: Europe/Budapest, country: HU}
  - {id: gus,  timezone: America/New_York, country: US}
teams:
  - {id: t, members: [anna, bela, pia, carl, dina, emil, fay, gus]}
rotations:
  - {id: week, team: t, every: week, handoff: "mon 09:00", timezone: Europe/Budapest,
     roles: {primary: 1, secondary: 1}}
  - {id: ops, members: [anna, bela, carl, emil], members_mode: replace, every: day, handoff: "09:00",
     timezone: Europe/Budapest}
"""
PTO = (datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 2, 15, tzinfo=UTC))


@pytest.fixture(scope="module")
def roster() -> Roster:
    data, positions = read_yaml(ROSTER_YAML)
    return parse_roster(data, positions=positions)


@pytest.fixture(scope="module")
def schedule(roster: Roster) -> Schedule:
    result = solve(roster, time_limit=10)
    assert result.schedule is not None
    assert validate(roster, result.schedule).ok
    return result.schedule


def _seats(roster: Roster, schedule: Schedule) -> list[tuple[str, str, datetime]]:
    """(engineer, rotation, start) of every seat."""
    return [(a.engineer, ss.rotation, ss.start) for ss in schedule.shifts for a in ss.assignments]


def _requests(roster: Roster, schedule: Schedule) -> list[tuple[str, str, datetime]]:
    """Every weekly seat, and the ops seats of one week in the middle (with PTO next to them)."""
    seats = _seats(roster, schedule)
    weekly = [s for s in seats if s[1] == "week"]
    ops = [s for s in seats if s[1] == "ops"
           and datetime(2027, 1, 29, tzinfo=UTC) <= s[2] < datetime(2027, 2, 4, tzinfo=UTC)]
    return weekly + ops


def _apply(roster: Roster, schedule: Schedule, option: CoverOption) -> Schedule:
    return apply_overrides(roster, schedule, option.overrides("cover test")).schedule


def test_every_option_applied_breaks_no_hard_rule(roster: Roster, schedule: Schedule) -> None:
    seen: list[str] = []
    for engineer, rotation, start in _requests(roster, schedule):
        for option in suggest_cover(roster, schedule, engineer, start, rotation=rotation, limit=None):
            final = _apply(roster, schedule, option)
            report = validate(roster, final)
            assert report.ok, (option, [str(v) for v in report.hard])
            seen.append(option.kind)
    # the property is checked on many options of both kinds (about 60 on this roster)
    assert len(seen) >= 25 and set(seen) == {"take", "trade"}


def _moves(roster: Roster, schedule: Schedule, engineer: str, rotation: str,
           start: datetime) -> set[tuple[str, str, datetime | None]]:
    """Every (kind, candidate, traded start) that a full re-validation accepts: brute force."""
    inst = Instance(roster)
    rot = inst.rotation(rotation)
    shift_map = schedule.shift_map()
    key = (rotation, start.astimezone(UTC))
    role = next(a.role for a in shift_map[key].assignments if a.engineer == engineer)
    out: set[tuple[str, str, datetime | None]] = set()
    for cand in eligible(inst, rot):
        if cand == engineer:
            continue
        take = Override(rotation=rotation, shift=start, role=role, engineer=cand, replaces=engineer,
                        reason="x")
        if validate(roster, apply_overrides(roster, schedule, [take]).schedule).ok:
            out.add(("take", cand, None))
        for ss in schedule.shifts:
            if ss.rotation != rotation or ss.key == key or engineer in ss.engineers():
                continue
            for a in ss.assignments:
                if a.engineer != cand:
                    continue
                back = Override(rotation=rotation, shift=ss.start, role=a.role, engineer=engineer,
                                replaces=cand, reason="x")
                final = apply_overrides(roster, schedule, [take, back]).schedule
                if validate(roster, final).ok:
                    out.add(("trade", cand, ss.start.astimezone(UTC)))
    return out


def test_no_valid_move_is_missed_and_no_invalid_one_offered(roster: Roster, schedule: Schedule) -> None:
    """The incremental check agrees exactly with re-validating the whole schedule."""
    requests = _requests(roster, schedule)
    for engineer, rotation, start in requests[::3]:
        offered = {(o.kind, o.candidate, o.traded_shift.start if o.traded_shift else None)
                   for o in suggest_cover(roster, schedule, engineer, start, rotation=rotation, limit=None)}
        assert offered == _moves(roster, schedule, engineer, rotation, start), (engineer, rotation, start)


def test_the_engineer_on_pto_never_appears_during_their_pto(roster: Roster, schedule: Schedule) -> None:
    during = [r for r in _requests(roster, schedule)
              if r[0] != "pia" and r[2] < PTO[1] and r[2] + timedelta(days=7) > PTO[0] and r[1] == "week"]
    assert during
    for engineer, rotation, start in during:
        options = suggest_cover(roster, schedule, engineer, start, rotation=rotation, limit=None)
        assert "pia" not in {o.candidate for o in options}
    # teeth: outside her PTO pia is offered for some weekly seat
    elsewhere = {o.candidate for r in _requests(roster, schedule) if r[1] == "week" and r[0] != "pia"
                 and (r[2] >= PTO[1] or r[2] + timedelta(days=8) <= PTO[0])
                 for o in suggest_cover(roster, schedule, r[0], r[2], rotation=r[1], limit=None)}
    assert "pia" in elsewhere


def test_options_are_sorted_by_the_stated_keys_and_limited(roster: Roster, schedule: Schedule) -> None:
    for engineer, rotation, start in _requests(roster, schedule)[:8]:
        options = suggest_cover(roster, schedule, engineer, start, rotation=rotation, limit=None)
        never = datetime.min.replace(tzinfo=UTC)
        keys = [(round(o.pool_max_excess, 6), round(o.pool_spread, 6), round(o.total_delta, 6), o.candidate,
                 o.kind != "take", o.traded_shift.start if o.traded_shift else never)
                for o in options]
        assert keys == sorted(keys)
        assert len(set(keys)) == len(keys)  # fully determined order
        assert suggest_cover(roster, schedule, engineer, start, rotation=rotation, limit=3) == options[:3]


def test_burden_deltas_and_excesses_equal_a_recomputation(roster: Roster, schedule: Schedule) -> None:
    inst = Instance(roster)
    shares = fair_shares(inst)
    before = engineer_metrics(Plan.from_schedule(inst, schedule), shares)
    checked = 0
    for engineer, rotation, start in _requests(roster, schedule)[::2]:
        pool = {*eligible(inst, inst.rotation(rotation)), engineer}
        for o in suggest_cover(roster, schedule, engineer, start, rotation=rotation, limit=None):
            after = engineer_metrics(Plan.from_schedule(inst, _apply(roster, schedule, o)), shares)
            assert o.engineer_delta == pytest.approx(after[engineer].burden - before[engineer].burden,
                                                     abs=1e-6)
            assert o.candidate_delta == pytest.approx(after[o.candidate].burden - before[o.candidate].burden,
                                                      abs=1e-6)
            assert o.engineer_excess == pytest.approx(after[engineer].excess, abs=1e-6)
            assert o.candidate_excess == pytest.approx(after[o.candidate].excess, abs=1e-6)
            assert o.pool_max_excess == pytest.approx(max(after[e].excess for e in pool), abs=1e-6)
            assert o.pool_abs_excess == pytest.approx(sum(abs(after[e].excess) for e in pool), abs=1e-6)
            unchanged = set(after) - {engineer, o.candidate}
            assert all(after[e].burden == before[e].burden for e in unchanged)
            checked += 1
    assert checked >= 10


def test_naive_and_aware_starts_find_the_same_seat(roster: Roster, schedule: Schedule) -> None:
    engineer, rotation, start = next(r for r in _requests(roster, schedule) if r[1] == "week")
    local = start.replace(tzinfo=None)  # the schedule's times are in the rotation's zone
    a = suggest_cover(roster, schedule, engineer, local, limit=None)
    b = suggest_cover(roster, schedule, engineer, start.astimezone(UTC), limit=None)
    c = suggest_cover(roster, schedule, engineer, local.isoformat(timespec="minutes"), rotation=rotation,
                      limit=None)
    assert a == b == c


def test_unknown_engineer_and_missing_shift_are_clear_errors(roster: Roster, schedule: Schedule) -> None:
    with pytest.raises(CoverError, match="'ana' is not a known engineer \\(did you mean 'anna'\\?\\)"):
        suggest_cover(roster, schedule, "ana", "2027-01-04T09:00")
    with pytest.raises(CoverError, match=r"holds no shift starting at 2027-01-04T10:00.*nearest shifts"):
        suggest_cover(roster, schedule, "anna", "2027-01-04T10:00")
    with pytest.raises(CoverError, match="not an ISO 8601 time"):
        suggest_cover(roster, schedule, "anna", "next monday")


def test_fast_enough_for_a_twenty_engineer_quarter() -> None:
    """A hand-made, valid schedule (no solver): 20 engineers, a quarter of 12-hour shifts, two roles."""
    zones = ["Europe/Budapest", "America/Los_Angeles"]
    roster = parse_roster({
        "horizon": {"quarter": "2027Q1"},
        "engineers": [{"id": f"e{i:02d}", "timezone": zones[i % 2]} for i in range(20)],
        "teams": [{"id": "t", "members": [f"e{i:02d}" for i in range(20)]}],
        "rotations": [{"id": "d", "team": "t", "every": "day", "handoff": ["07:00", "19:00"],
                       "timezone": "Europe/Budapest", "roles": {"primary": 1, "secondary": 1}}],
    })
    inst = Instance(roster)
    plan = Plan(inst)
    for i, shift in enumerate(inst.shifts["d"]):
        plan.holders[("d", shift.start)] = {"primary": (f"e{(2 * i) % 20:02d}",),
                                            "secondary": (f"e{(2 * i + 1) % 20:02d}",)}
    sched = plan.to_schedule(status="hand-made")
    assert validate(roster, sched).ok
    start = next(ss.start for ss in sched.shifts
                 if ss.start.date() >= datetime(2027, 2, 15).date() and "e04" in ss.engineers())
    started = time.perf_counter()
    options = suggest_cover(roster, sched, "e04", start, limit=None)
    seconds = time.perf_counter() - started
    assert len(options) > 150  # 19 takes and some 170 trades are checked
    assert seconds >= 0  # timing lives in docs/changes.md, not in tests


def test_cli_cover_prints_a_table(tmp_path: Path, roster: Roster, schedule: Schedule,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    roster_file = tmp_path / "roster.yaml"
    roster_file.write_text(ROSTER_YAML)
    sched_file = tmp_path / "schedule.json"
    sched_file.write_text(schedule.to_json())
    ss = next(s for s in schedule.shifts if s.rotation == "week")
    who = ss.assignments[0].engineer
    assert main(["cover", str(roster_file), str(sched_file), "--engineer", who, "--shift", "2027-01-04T09:00",
                 "--rotation", "week", "--limit", "3", "--now", "2027-01-01T00:00Z"]) == 0
    text = capsys.readouterr().out
    assert f"{who} holds primary of week Mon 2027-01-04 09:00 Europe/Budapest" in text
    expected = suggest_cover(roster, schedule, who, ss.start, limit=3)
    cells = [line.split("│") for line in text.splitlines() if line.startswith("│")]
    assert [c[2].strip() for c in cells if c[1].strip()] == [o.kind for o in expected]
    assert [c[3].strip() for c in cells if c[1].strip()] == [o.candidate for o in expected]
    assert main(["cover", str(roster_file), str(sched_file), "--engineer", who, "--shift", "2027-01-05T09:00",
                 "--rotation", "week"]) == EXIT_INPUT


def _week_seats(schedule: Schedule) -> list[tuple[str, str, datetime]]:
    return [(a.engineer, a.role, ss.start) for ss in schedule.shifts if ss.rotation == "week"
            for a in ss.assignments]


def _with_option(roster: Roster, schedule: Schedule, kind: str, role: str = "primary",
                 **limits: object) -> tuple[str, datetime, CoverOption]:
    """The first weekly seat of ``role`` with an option of ``kind`` (a solved schedule differs run to run)."""
    for who, r, start in _week_seats(schedule):
        if r != role:
            continue
        found = [o for o in suggest_cover(roster, schedule, who, start, rotation="week", limit=None,
                                          **limits)  # type: ignore[arg-type]
                 if o.kind == kind]
        if found:
            return who, start, found[0]
    raise AssertionError(f"no weekly {role} seat has a {kind} option")


def test_an_override_marks_the_person_it_took_off_unavailable(roster: Roster, schedule: Schedule) -> None:
    # take the primary of one week away from its holder ("ill"), then ask cover for the secondary
    who, start, take = _with_option(roster, schedule, "take")
    other = next(e for e, r, s in _week_seats(schedule) if s == start and r == "secondary")
    ill = apply_overrides(roster, schedule, [Override(rotation="week", shift=start, role="primary",
                                                      engineer=take.candidate, replaces=who,
                                                      reason=f"{who} is ill")]).schedule
    assert set(marked_unavailable(ill)) == {who}
    before = {o.candidate for o in suggest_cover(roster, schedule, other, start, rotation="week", limit=None)}
    after = suggest_cover(roster, ill, other, start, rotation="week", limit=None)
    assert who not in {o.candidate for o in after}
    assert skipped_by_overrides(roster, ill, other, start, rotation="week") == {who: f"{who} is ill"}
    assert {o.candidate for o in after} >= before - {who, take.candidate}


def test_a_trade_marks_nobody(roster: Roster, schedule: Schedule) -> None:
    _, _, trade = _with_option(roster, schedule, "trade")
    swapped = apply_overrides(roster, schedule, trade.overrides("swap")).schedule
    assert marked_unavailable(swapped) == {}


def test_trades_are_kept_to_the_window_and_to_now_on(roster: Roster, schedule: Schedule) -> None:
    for who, _, start in _week_seats(schedule)[4:10]:
        every = suggest_cover(roster, schedule, who, start, rotation="week", limit=None)
        near = suggest_cover(roster, schedule, who, start, rotation="week", limit=None,
                             within=timedelta(days=14))
        later = suggest_cover(roster, schedule, who, start, rotation="week", limit=None, not_before=start)
        assert near == [o for o in every if o.traded_shift is None
                        or abs(o.traded_shift.start - start) <= timedelta(days=14)]
        assert later == [o for o in every if o.traded_shift is None or o.traded_shift.start >= start]


def test_next_seat_is_the_first_from_now(roster: Roster, schedule: Schedule) -> None:
    plan = Plan.from_schedule(Instance(roster), schedule)
    who = _week_seats(schedule)[0][0]
    mine = [s for s, _ in plan.by_engineer[who]]
    for now in (mine[0].start, mine[0].start + timedelta(seconds=1), mine[-1].start):
        shift, _ = next_seat(plan, who, now)
        assert shift == min((s for s in mine if s.start >= now), key=lambda s: s.start)
    with pytest.raises(CoverError, match="holds no seat starting at or after"):
        next_seat(plan, who, mine[-1].start + timedelta(seconds=1))


def test_written_overrides_read_back_as_the_same(tmp_path: Path, roster: Roster, schedule: Schedule) -> None:
    who, _, start = _week_seats(schedule)[3]
    for o in suggest_cover(roster, schedule, who, start, rotation="week", limit=4):
        path = tmp_path / "o.yaml"
        path.write_text(overrides_yaml(o.overrides('cover "quoted": yes'), comment="a\nb"), encoding="utf-8")
        assert [x.model_dump() for x in load_overrides(path)] == [x.model_dump() for x in o.overrides(
            'cover "quoted": yes')]


def test_cli_cover_next_writes_overrides_that_override_applies(tmp_path: Path, schedule: Schedule,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    roster_file = tmp_path / "roster.yaml"
    roster_file.write_text(ROSTER_YAML)
    sched_file = tmp_path / "schedule.json"
    sched_file.write_text(schedule.to_json())
    roster = parse_roster(read_yaml(ROSTER_YAML)[0])
    who, start, _ = _with_option(roster, schedule, "take")  # "next" from its start is that seat
    overrides = tmp_path / "cover.yaml"
    args = ["cover", str(roster_file), str(sched_file), "--engineer", who, "--shift", "next", "--rotation",
            "week", "--now", start.isoformat(), "--within", "14d"]
    assert main([*args, "--write", str(overrides)]) == 0
    text = capsys.readouterr().out
    assert "option #1" in text and "largest excess over fair share:" in text
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["engineer"] == who and data["options"][0]["fairness"]["after"]["max_excess"] >= 0
    final = tmp_path / "final.json"
    assert main(["override", str(roster_file), str(sched_file), "--overrides", str(overrides),
                 "--out", str(final)]) == 0
    change = json.loads(final.read_text())["fairness_change"]
    assert change["command"] == "override" and change == {"command": "override",
                                                          **data["options"][0]["fairness"]}
    assert main([*args, "--pick", "99", "--write", str(tmp_path / "none.yaml")]) == EXIT_INFEASIBLE
    assert not (tmp_path / "none.yaml").exists()

