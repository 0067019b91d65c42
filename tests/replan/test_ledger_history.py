"""The fairness ledger: exact numbers on a hand-made quarter, warnings instead of crashes, the CLI
snippet, and the must-show round trip: an overloaded quarter is paid back in the next one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import fairshift
from fairshift import History, Plan, Roster, Schedule, parse_roster, solve, validate
from fairshift.cli import main
from fairshift.domain.fairness import engineer_metrics, fair_shares
from fairshift.domain.instance import Instance
from fairshift.io.yaml import read_yaml
from fairshift.workflows.ledger import apply_ledger, ledger
from fairshift.workflows.overrides import Override, apply_overrides

WEEK = 287.0  # burden of a Mon 09:00 weekly shift in Budapest: 168 h + 24 weekend + 32 off-hours + 63 night


def _weekly(people: list[str], start: date, end: date, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Ledger", "horizon": {"start": start, "end": end},
        "engineers": [{"id": p, "timezone": "Europe/Budapest"} for p in people],
        "teams": [{"id": "t", "members": people}],
        "rotations": [{"id": "w", "team": "t", "every": "week", "handoff": "mon 09:00",
                       "timezone": "Europe/Budapest"}],
        **extra,
    }


def _schedule(roster: Roster, holders: list[str], rotation: str = "w") -> Schedule:
    inst = Instance(roster)
    plan = Plan(inst)
    for shift, who in zip(inst.shifts[rotation], holders, strict=True):
        plan.holders[(rotation, shift.start)] = {"primary": (who,)}
    metrics = engineer_metrics(plan)
    return plan.to_schedule(status="past", engineers={e: m.as_dict() for e, m in metrics.items()})


Q1 = (date(2027, 1, 4), date(2027, 3, 1))  # 8 weeks
Q2 = (date(2027, 3, 1), date(2027, 4, 26))  # 8 weeks
PEOPLE = ["a", "b", "c", "x"]


@pytest.fixture(scope="module")
def q1() -> tuple[Roster, Schedule]:
    roster = parse_roster(_weekly(PEOPLE, *Q1))
    # x holds 4 weeks, a 2, b and c one each; the fair share is 2 weeks each
    schedule = _schedule(roster, ["x", "a", "x", "b", "x", "a", "x", "c"])
    assert validate(roster, schedule).ok
    return roster, schedule


def test_balance_is_burden_minus_fair_share_and_history_is_rebased(q1: tuple[Roster, Schedule]) -> None:
    roster, schedule = q1
    book = ledger(roster, [schedule])
    assert book.warnings == []
    assert {e: round(v, 6) for e, v in book.balance.items()} == {
        "a": 0.0, "b": -WEEK, "c": -WEEK, "x": 2 * WEEK}
    assert dict(book) == {
        "a": History(burden=WEEK, shifts=2), "b": History(burden=0.0, shifts=1),
        "c": History(burden=0.0, shifts=1), "x": History(burden=3 * WEEK, shifts=4)}
    (entry,) = [en for en in book.entries if en.engineer == "x"]
    assert (entry.burden, entry.fair_share, entry.shifts) == (4 * WEEK, 2 * WEEK, 4)


def test_rebased_history_pays_the_balance_back_exactly(q1: tuple[Roster, Schedule]) -> None:
    """The worked example of docs/changes.md: next quarter's fair share is its part of what the
    pool carries, minus the balance."""
    roster, schedule = q1
    book = ledger(roster, [schedule])
    assert sum(book.balance.values()) == pytest.approx(0.0)
    q2 = parse_roster(_weekly(PEOPLE, *Q2))
    assert fair_shares(Instance(q2)).history == {}  # no history: shares are a quarter each
    shares = fair_shares(Instance(apply_ledger(q2, book)))
    # equal availability: the correction is exactly minus the balance (x -574, a 0, b and c 287)
    assert shares.history == pytest.approx({e: -book.balance[e] for e in PEOPLE}, abs=1e-6)
    carried = {"w": 8 * WEEK}  # whatever Q2 carries, e.g. eight weeks
    q2_share = {e: shares.share(e, carried) for e in PEOPLE}
    assert sum(q2_share.values()) == pytest.approx(8 * WEEK)  # shares add up to what is carried
    # over both quarters everyone's fair share adds up to the same burden
    q1_burden = {en.engineer: en.burden for en in book.entries}
    both = {e: q1_burden[e] + q2_share[e] for e in PEOPLE}
    assert both == pytest.approx(dict.fromkeys(PEOPLE, 2 * WEEK + 2 * WEEK))
    # clipping at zero instead (history = max(0, balance)) pays back only part of x's debt
    clipped = parse_roster(_weekly(PEOPLE, *Q2) | {"engineers": [
        {"id": e, "timezone": "Europe/Budapest", "history": {"burden": max(0.0, book.balance[e])}}
        for e in PEOPLE]})
    lossy = fair_shares(Instance(clipped)).history
    assert lossy["x"] == pytest.approx(-2 * WEEK + 2 * WEEK / 4)  # 143.5 h too much for x
    assert lossy["b"] == pytest.approx(2 * WEEK / 4)  # 143.5 h too little for b


def test_apply_ledger_adds_to_existing_history_and_rebases() -> None:
    roster = parse_roster(_weekly(PEOPLE, *Q2) | {"engineers": [
        {"id": "a", "timezone": "UTC", "history": {"burden": 100.0, "shifts": 3}},
        {"id": "b", "timezone": "UTC", "history": {"burden": 40.0, "shadow_shifts": 1}},
        {"id": "c", "timezone": "UTC", "history": {"burden": 60.0}},
        {"id": "x", "timezone": "UTC"},
    ]})
    book = {"a": History(burden=0.0, shifts=2), "b": History(burden=10.0, shifts=1, shadow_shifts=2),
            "x": History(burden=80.0, shifts=4), "gone": History(burden=500.0)}
    nxt = apply_ledger(roster, book)
    got = {e.id: e.history for e in nxt.engineers}
    # sums 100, 50, 60, 80; the smallest (b, 50) becomes 0
    assert got == {"a": History(burden=50.0, shifts=5), "b": History(burden=0.0, shifts=1, shadow_shifts=3),
                   "c": History(burden=10.0), "x": History(burden=30.0, shifts=4)}
    assert roster.engineers_by_id["a"].history.burden == 100.0  # the input is not changed


def test_unknown_engineers_rotations_and_absentees_warn_instead_of_crashing(
        q1: tuple[Roster, Schedule]) -> None:
    schedule = q1[1]
    data = json.loads(schedule.to_json())
    data["shifts"][3]["assignments"][0]["engineer"] = "zed"  # left the company
    data["engineers"]["zed"] = data["engineers"].pop("b")  # b was not there that quarter
    old = dict(data["shifts"][0], rotation="legacy")
    data["shifts"].append(old)
    data["shifts"].append(dict(data["shifts"][1], start="2027-01-12T09:00:00+01:00"))  # handoff moved
    past = Schedule.model_validate(data)
    now = parse_roster(_weekly([*PEOPLE, "newbie"], *Q2))
    book = ledger(now.with_horizon(*Q1), [past])
    text = "\n".join(book.warnings)
    assert "rotation 'legacy' is not in the roster; its 1 shift(s) skipped" in text
    assert "engineer 'zed' is not in the roster; their 1 seat(s) skipped" in text
    assert "2027-01-12T09:00:00+01:00 matches no shift of the roster" in text
    assert len(book.warnings) == 3
    # b and newbie were not in that schedule: no entry, no balance; the others are measured
    assert set(book) == {"a", "c", "x"}
    assert book.balance["x"] > book.balance["a"] > book.balance["c"]
    nxt = apply_ledger(now, book)
    assert nxt.engineers_by_id["newbie"].history == History()
    assert nxt.engineers_by_id["b"].history == History()


def test_shadow_seats_are_counted_apart_and_unlock_the_shadowing_rule() -> None:
    data = _weekly(["a", "b", "n"], *Q1)
    data["engineers"][2]["new"] = True
    data["rotations"][0]["roles"] = {"primary": 1, "shadow": 1}
    data["rotations"][0]["members"] = []
    roster = parse_roster(data)
    inst = Instance(roster)
    plan = Plan(inst)
    for i, shift in enumerate(inst.shifts["w"]):
        plan.holders[("w", shift.start)] = {"primary": ("ab"[i % 2],), "shadow": ("n",) if i < 2 else ()}
    book = ledger(roster, [plan.to_schedule(status="past", engineers={"a": {}, "b": {}, "n": {}})])
    assert (book["n"].shifts, book["n"].shadow_shifts) == (0, 2)
    # next quarter n may hold primary right away: the two shadow shifts are in the history
    nxt = apply_ledger(parse_roster(_weekly(["a", "b", "n"], *Q2) | {"engineers": data["engineers"],
                                                                      "rotations": data["rotations"]}), book)
    inst2 = Instance(nxt)
    plan2 = Plan(inst2)
    for i, shift in enumerate(inst2.shifts["w"]):
        plan2.holders[("w", shift.start)] = {"primary": ("anb"[i % 3],), "shadow": ()}
    rules = {v.rule for v in validate(nxt, plan2.to_schedule(status="x")).hard}
    assert "shadowing" not in rules


def test_cli_ledger_prints_and_writes_a_pasteable_snippet(tmp_path: Path, q1: tuple[Roster, Schedule],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    schedule = q1[1]
    roster_file = tmp_path / "roster.yaml"
    roster_file.write_text(
        "name: Ledger\nhorizon: {start: 2027-01-04, end: 2027-03-01}\nengineers:\n"
        + "".join(f"  - {{id: {p}, timezone: Europe/Budapest}}\n" for p in PEOPLE)
        + "teams:\n  - {id: t, members: [a, b, c, x]}\nrotations:\n"
        "  - {id: w, team: t, every: week, handoff: mon 09:00, timezone: Europe/Budapest}\n")
    past = tmp_path / "q1.json"
    past.write_text(schedule.to_json())
    out = tmp_path / "history.yaml"
    assert main(["ledger", str(roster_file), str(past), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "+574.0" in printed and "861.0" in printed
    data, _ = read_yaml(out.read_text())
    assert data == {"engineers": [
        {"id": "a", "history": {"burden": 287.0, "shifts": 2, "shadow_shifts": 0}},
        {"id": "b", "history": {"burden": 0.0, "shifts": 1, "shadow_shifts": 0}},
        {"id": "c", "history": {"burden": 0.0, "shifts": 1, "shadow_shifts": 0}},
        {"id": "x", "history": {"burden": 861.0, "shifts": 4, "shadow_shifts": 0}}]}
    # pasted into the roster, it validates
    pasted = {e["id"]: e["history"] for e in data["engineers"]}
    parse_roster(_weekly(PEOPLE, *Q2) | {"engineers": [
        {"id": p, "timezone": "Europe/Budapest", "history": pasted[p]} for p in PEOPLE]})
    # without --out the snippet is printed
    assert main(["ledger", str(roster_file), str(past)]) == 0
    assert "- {id: x, history: {burden: 861.0, shifts: 4, shadow_shifts: 0}}" in capsys.readouterr().out


def test_cli_ledger_apply_writes_the_history_into_the_roster_keeping_its_text(
        tmp_path: Path, q1: tuple[Roster, Schedule], capsys: pytest.CaptureFixture[str]) -> None:
    past = tmp_path / "q1.json"
    past.write_text(q1[1].to_json())
    head = ("# next quarter\nname: Ledger   # keep this\n"
            "horizon: {start: 2027-04-05, end: 2027-05-31}\nengineers:\n")
    people = ("  - {id: a,   timezone: Europe/Budapest}   # Ann\n"
              "  - id: b\n    timezone: Europe/Budapest\n    history: {burden: 10.0, shifts: 1}\n"
              "  - {id: c,   timezone: Europe/Budapest,\n     history: {burden: 5.0}}\n"
              "  - id: x\n    timezone: Europe/Budapest  # the busy one\n")
    tail = ("teams:\n  - {id: t, members: [a, b, c, x]}\nrotations:\n"
            "  - {id: w, team: t, every: week, handoff: mon 09:00, timezone: Europe/Budapest}\n")
    nxt = tmp_path / "next.yaml"
    nxt.write_text(head + people + tail)
    before = fairshift.load_roster(nxt)
    assert main(["ledger", str(nxt), str(past), "--apply", str(nxt)]) == 0
    assert f"history of 4 engineer(s) written into {nxt}" in capsys.readouterr().out
    text = nxt.read_text()
    assert text.startswith(head) and text.endswith(tail)  # comments, layout and the rest untouched
    assert "  - {id: a,   timezone: Europe/Budapest, history: {burden: " in text and "}   # Ann\n" in text
    assert "    timezone: Europe/Budapest  # the busy one\n    history: {burden: " in text
    after = fairshift.load_roster(nxt)
    expected = apply_ledger(before, ledger(before, q1[1]))
    assert [e.history for e in after.engineers] == [e.history for e in expected.engineers]
    assert after.model_dump(exclude={"engineers"}) == before.model_dump(exclude={"engineers"})


# --- the round trip -------------------------------------------------------------------------------

def _daily(start: date, end: date) -> Roster:
    soft_off = {r: {"weight": 0} for r in ("daytime_handoff", "spacing", "pair_diversity", "preferences")}
    people = [f"e{i}" for i in range(5)]
    return parse_roster({
        "name": "Round trip", "rules": soft_off, "horizon": {"start": start, "end": end},
        "engineers": [{"id": p, "timezone": "Europe/Budapest", "country": "HU"} for p in people],
        "teams": [{"id": "t", "members": people}],
        "rotations": [{"id": "r", "team": "t", "every": "day", "handoff": "09:00",
                       "timezone": "Europe/Budapest"}],
    })


def test_round_trip_an_overloaded_engineer_carries_less_next_quarter() -> None:
    """Q1 solved, X gets two extra shifts by override, ledger, Q2 solved with and without it."""
    q1 = _daily(date(2027, 1, 4), date(2027, 2, 1))  # four weeks of 24-hour shifts, five people
    q2 = _daily(date(2027, 2, 1), date(2027, 3, 1))
    solved = solve(q1, time_limit=4)
    assert solved.schedule is not None
    shifts = list(solved.schedule.shifts)
    holders = [s.assignments[0].engineer for s in shifts]
    x = "e0"
    extra: list[int] = []  # two shifts of others, away from x's own (no back-to-back)
    for i in range(1, len(shifts) - 1):
        if x not in holders[i - 1:i + 2] and all(abs(i - j) > 1 for j in extra):
            extra.append(i)
        if len(extra) == 2:
            break
    final = apply_overrides(q1, solved.schedule, [
        Override(rotation="r", shift=shifts[i].start, engineer=x, reason="pager storm") for i in extra],
        strict=True).schedule
    book = ledger(q1, [final])
    assert book[x].shifts == holders.count(x) + 2
    assert book.balance[x] == max(book.balance.values()) and book[x].burden > 0
    assert min(h.burden for h in book.values()) == 0.0

    with_ledger = solve(apply_ledger(q2, book), time_limit=4)
    without = solve(q2, time_limit=4)
    assert with_ledger.schedule is not None and without.schedule is not None
    base = fair_shares(Instance(q2))  # Q2 shares without history, to compare both runs alike

    def q2_metrics(s: Schedule) -> dict[str, Any]:
        return engineer_metrics(Plan.from_schedule(Instance(q2), s), base)

    got, plain = q2_metrics(with_ledger.schedule), q2_metrics(without.schedule)
    others = [e for e in got if e != x]
    # with the ledger X carries strictly less burden in Q2 than anyone else, and no more shifts
    assert got[x].burden < min(got[e].burden for e in others)
    assert got[x].shifts <= min(got[e].shifts for e in others)
    # and X's excess over both quarters shrinks (by at least one 24-hour shift's worth)
    after_both = {e: book.balance[e] + got[e].excess for e in got}
    after_plain = {e: book.balance[e] + plain[e].excess for e in plain}
    assert after_both[x] < after_plain[x] - 24
    assert max(abs(v) for v in after_both.values()) < max(abs(v) for v in after_plain.values())
    overridden = [a for s in final.shifts for a in s.assignments if (a.model_extra or {}).get("replaces")]
    assert [a.engineer for a in overridden] == [x, x]
