"""The rule catalogue on the new rotation patterns: shifts with gaps (``until``), split weeks,
every N weeks, many handoffs a day.

Every checker and its encoder still agree (the double-entry property of ``rulekit``, on random
rosters whose rotations are redrawn with the new patterns), and the rules that look at
consecutive shifts read gaps as gaps: ``min_rest`` counts from a shift's real end, a business
day's shift is "consecutive" to the next business day's (``no_back_to_back``), and nothing
overlaps that does not.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rulekit import (
    PROPERTY,
    assert_hard_agrees,
    assert_soft_agrees,
    eng,
    make_roster,
    plan_with,
    plans,
    roster_dicts,
    rot,
)
from rulekit import violations as found

from fairshift import parse_roster
from fairshift.domain.instance import Instance
from fairshift.errors import RosterError
from fairshift.rules import RULES

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HARD = tuple(rid for rid, r in RULES.items() if r.kind == "hard")
SOFT = tuple(rid for rid, r in RULES.items() if r.kind == "soft")


@st.composite
def patterns(draw: st.DrawFn, start: date) -> dict[str, Any]:
    """The timing fields of a rotation in one of the new patterns."""
    kind = draw(st.sampled_from(["business", "night", "split", "weekend", "weeks", "many"]))
    if kind == "business":
        return {"every": "day", "handoff": "09:00", "until": draw(st.sampled_from(["13:00", "17:00"])),
                "days": ["mon", "tue", "wed", "thu", "fri"]}
    if kind == "night":
        return {"every": "day", "handoff": "22:00", "until": "06:00"}
    if kind == "split":
        return {"every": "week", "handoff": ["mon 09:00", draw(st.sampled_from(["wed 13:00", "fri 18:00"]))]}
    if kind == "weekend":
        return {"every": "week", "handoff": "fri 18:00", "until": "mon 09:00"}
    if kind == "weeks":
        anchor = start + timedelta(days=draw(st.integers(-20, 20)))
        return {"every": "2w", "handoff": f"{WEEKDAYS[anchor.weekday()]} 10:00", "anchor": anchor}
    return {"every": "day", "handoff": ["00:00", "06:00", "12:00", "18:00"]}


@st.composite
def pattern_cases(draw: st.DrawFn) -> Any:
    data = draw(roster_dicts(None))
    start = data["horizon"]["start"]
    for r in data["rotations"]:
        for key in ("every", "handoff", "anchor", "until", "days"):
            r.pop(key, None)
        r.update(draw(patterns(start)))
        r["dst"] = "resolve"
    try:
        roster = parse_roster(data)
    except RosterError:
        from hypothesis import assume

        assume(False)
        raise  # pragma: no cover
    inst = Instance(roster)
    return draw(plans(inst))


@PROPERTY
@given(plan=pattern_cases())
def test_every_rule_agrees_with_its_encoder_on_the_new_patterns(plan: Any) -> None:
    for rid in HARD:
        assert_hard_agrees(plan, rid)
    for rid in SOFT:
        assert_soft_agrees(plan, rid)


# --- what the rules make of gaps ------------------------------------------------------------------

def _business(rules: dict[str, Any]) -> Instance:
    # Monday 2027-03-15 .. Friday 2027-03-19, 09:00-17:00 in Budapest; ann in Budapest, bob in New York
    return make_roster(date(2027, 3, 15), 5, [eng("ann", "Europe/Budapest"), eng("bob", "America/New_York")],
                       [rot("biz", ["ann", "bob"], handoff="09:00", tz="Europe/Budapest", until="17:00",
                            days=["mon", "tue", "wed", "thu", "fri"])], rules=rules)


def test_min_rest_counts_from_the_end_of_a_business_day() -> None:
    # Monday 17:00 to Tuesday 09:00 is 16 h of rest: enough for 11 h, 1 h short of 17 h
    seats = {("biz", "2027-03-15 09:00"): {"primary": ("ann",)},
             ("biz", "2027-03-16 09:00"): {"primary": ("ann",)}}
    relaxed = plan_with(_business({"min_rest": {"hours": 11}, "no_back_to_back": {"enabled": False}}), seats)
    assert found(relaxed, "min_rest") == []
    strict = plan_with(_business({"min_rest": {"hours": 17}, "no_back_to_back": {"enabled": False}}), seats)
    (v,) = found(strict, "min_rest")
    assert v.magnitude == 1.0 and "rests 16 h" in v.message
    assert assert_hard_agrees(strict, "min_rest") is False


def test_business_days_in_a_row_are_consecutive_shifts() -> None:
    inst = _business({})
    in_a_row = plan_with(inst, {("biz", 0): {"primary": ("ann",)}, ("biz", 1): {"primary": ("ann",)}})
    assert [v.engineers for v in found(in_a_row, "no_back_to_back")] == [("ann",)]
    apart = plan_with(inst, {("biz", 0): {"primary": ("ann",)}, ("biz", 2): {"primary": ("ann",)}})
    assert found(apart, "no_back_to_back") == []
    assert found(apart, "no_overlap") == []


def test_daytime_handoff_on_a_business_day_rotation() -> None:
    # 09:00 in Budapest is 04:00 in New York (EDT from 03-14, while Budapest is still on CET):
    # bob taking over then is outside his working hours; ann taking over from bob is not.
    inst = _business({"no_back_to_back": {"enabled": False}})
    plan = plan_with(inst, {("biz", 0): {"primary": ("ann",)}, ("biz", 1): {"primary": ("bob",)},
                            ("biz", 2): {"primary": ("ann",)}})
    messages = [v.message for v in found(plan, "daytime_handoff")]
    assert any("bob" in m and "04:00" in m for m in messages)
    assert assert_soft_agrees(plan, "daytime_handoff") == len(messages)
