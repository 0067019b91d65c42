"""Presets (``rules: {preset: ...}``): what they fill in, how a roster overrides them, where their
errors point, what ``fairshift check`` says, and a solved quarter under ``eu-wtd`` confirmed by
an independent check written here (rest, weekly rest, the 48-hour average and monthly stand-by
hours recomputed from the schedule's instants and the roster, not from solver data)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fairshift import parse_roster
from fairshift.cli import EXIT_INPUT, main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.errors import RosterError
from fairshift.io.roster import load_roster
from fairshift.rules.presets import PRESETS, report
from fairshift.rules.settings import RuleSettings

HOUR = timedelta(hours=1)


def _rules(**data: Any) -> RuleSettings:
    return RuleSettings.model_validate(data)


def test_each_preset_fills_in_its_documented_figures() -> None:
    wtd = _rules(preset="eu-wtd")
    assert (wtd.min_rest.hours, wtd.weekly_rest.hours, wtd.average_week.hours, wtd.average_week.weeks) == (
        11, 35, 48, 17)
    assert wtd.weekly_rest.hard and wtd.average_week.hard
    hu = _rules(preset="hu-labour-code")
    assert (hu.min_rest.hours, hu.max_hours.month, hu.max_rest_days.count, hu.max_rest_days.day) == (
        11, 168, 4, "sun")
    assert hu.weekly_rest.hours is None  # stand-by limits of its own, no weekly rest
    assert _rules(preset="google-sre").max_oncall_share.share == 0.25
    assert RuleSettings().weekly_rest.hours is None and RuleSettings().preset == ()
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in PRESETS:
        assert f"| `{name}` |" in docs


def test_settings_written_win_field_by_field() -> None:
    r = _rules(preset=["eu-wtd", "google-sre"], weekly_rest={"mode": "soft"}, min_rest={"hours": 13},
               max_oncall_share={"share": 0.3})
    assert (r.weekly_rest.hours, r.weekly_rest.mode) == (35, "soft")
    assert (r.min_rest.hours, r.max_oncall_share.share, r.average_week.hours) == (13, 0.3, 48)
    assert r.preset == ("eu-wtd", "google-sre")
    assert RuleSettings.model_validate(r.model_dump()) == r  # a dump reads back the same


def test_a_later_preset_wins_and_a_preset_is_no_mapping_error() -> None:
    both = _rules(preset=["hu-labour-code", "eu-wtd"])
    assert (both.max_hours.month, both.weekly_rest.hours, both.max_rest_days.count) == (168, 35, 4)
    with pytest.raises(ValueError, match="'eu-wdt' is not a preset \\(did you mean 'eu-wtd'\\?\\)"):
        _rules(preset="eu-wdt")


def test_check_says_what_a_preset_turned_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(_YAML.format(rules="{preset: [eu-wtd, google-sre], average_week: {weeks: 26}, "
                                       "weekly_rest: {mode: soft}}"))
    assert main(["check", str(path)]) == 0
    text = capsys.readouterr().out
    assert ("preset eu-wtd (EU Working Time Directive): min_rest.hours 11, weekly_rest.hours 35, "
            "average_week.hours 48") in text
    assert "average_week.weeks is 26 (the preset's 17 is overridden)" in text
    assert "weekly_rest is soft (weight 20)" in text
    assert "preset google-sre (Google SRE book, Being On-Call): max_oncall_share.share 0.25" in text
    assert report(RuleSettings()) == []


_YAML = """\
name: presets
horizon: {{start: 2027-01-04, end: 2027-01-18}}
rules: {rules}
engineers:
  - {{id: a, timezone: Europe/Budapest}}
  - {{id: b, timezone: Europe/Budapest}}
rotations:
  - {{id: r, members: [a, b], every: day, handoff: "09:00", timezone: Europe/Budapest}}
"""


@pytest.mark.parametrize(("rules", "at", "field", "message"), [
    ("{preset: eu-wdt}", "eu-wdt", "rules.preset", "'eu-wdt' is not a preset (did you mean 'eu-wtd'?)"),
    ("{preset: eu-wtd, weekly_rest: {hours: -5}}", "-5", "rules.weekly_rest.hours", "greater than 0"),
    ("{preset: eu-wtd, weekly_rest: 35}", "35", "rules.weekly_rest", "valid dictionary"),
    ("{preset: eu-wtd, average_week: {weekz: 3}}", "weekz", "rules.average_week.weekz", "unknown field"),
])
def test_errors_in_a_preset_field_point_at_the_roster(tmp_path: Path, rules: str, at: str, field: str,
                                                      message: str) -> None:
    path = tmp_path / "roster.yaml"
    text = _YAML.format(rules=rules)
    path.write_text(text)
    with pytest.raises(RosterError) as err:
        load_roster(path)
    line = text.splitlines()[2]
    where = f"{path}:3:{line.index(at) + 1} {field}: "
    assert where in str(err.value) and message in str(err.value), str(err.value)
    assert main(["check", str(path)]) == EXIT_INPUT


# --- a solved quarter under eu-wtd, checked independently ---------------------------------------
BUDAPEST, NEW_YORK = "Europe/Budapest", "America/New_York"


def _quarter() -> Roster:
    """Eight engineers in Budapest and four in New York over 2027Q1 (both DST starts): a daily
    24-hour Budapest rotation for all of them and a weekly New York rotation, handed over on
    Wednesdays at noon, for the New Yorkers and four of Budapest. The EU preset, with the
    Hungarian monthly stand-by cap of 168 hours written in the roster next to it."""
    bud = [f"b{i}" for i in range(8)]
    ny = [f"n{i}" for i in range(4)]
    engineers = [{"id": e, "timezone": BUDAPEST, "country": "HU"} for e in bud]
    engineers += [{"id": e, "timezone": NEW_YORK, "country": "US"} for e in ny]
    return parse_roster({
        "name": "eu-wtd quarter", "horizon": {"quarter": "2027Q1"}, "engineers": engineers,
        "rotations": [
            {"id": "platform", "members": bud + ny, "every": "day", "handoff": "09:00", "timezone": BUDAPEST},
            {"id": "payments", "members": ny + bud[:4], "every": "week", "handoff": "wed 12:00",
             "timezone": NEW_YORK},
        ],
        "rules": {"preset": "eu-wtd", "max_hours": {"month": 168}}})


def _held(roster: Roster, schedule: Schedule) -> dict[str, list[tuple[datetime, datetime]]]:
    """Each engineer's on-call intervals, from the schedule's instants alone."""
    out: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for s in schedule.shifts:
        for a in s.assignments:
            out[a.engineer].append((s.start, s.end))
    return {e: sorted(v) for e, v in out.items()}


def _local_midnight(day: date, tz: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))  # never skipped in these zones


def _inside(spans: list[tuple[datetime, datetime]], lo: datetime, hi: datetime) -> timedelta:
    return sum((min(b, hi) - max(a, lo) for a, b in spans if a < hi and lo < b), timedelta())


def _longest_free(spans: list[tuple[datetime, datetime]], lo: datetime, hi: datetime) -> timedelta:
    """The longest stretch of ``[lo, hi)`` outside every span (spans sorted by start)."""
    free_from, longest = lo, timedelta()
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        longest = max(longest, start - free_from)
        free_from = max(free_from, end)
    return max(longest, hi - free_from)


def independent_breaches(roster: Roster, schedule: Schedule) -> list[str]:
    """Every breach of the quarter's limits, recomputed from the schedule and the roster."""
    breaches: list[str] = []
    zones = {e.id: e.timezone for e in roster.engineers}
    first, last = roster.horizon.start, roster.horizon.end
    for e, spans in _held(roster, schedule).items():
        tz = zones[e]
        for (_, end), (start, _) in itertools.pairwise(spans):
            if start - end < 11 * HOUR:
                breaches.append(f"{e}: {(start - end) / HOUR:g} h of rest before {start}")
        monday = first - timedelta(days=first.weekday())
        while monday < last + timedelta(days=7):
            lo, hi = _local_midnight(monday, tz), _local_midnight(monday + timedelta(days=7), tz)
            if _longest_free(spans, lo, hi) < 35 * HOUR:
                breaches.append(f"{e}: no 35 h off call in the week of {monday}")
            monday += timedelta(days=7)
        horizon = _inside(spans, _local_midnight(first, tz), _local_midnight(last, tz))
        if horizon > 48 * HOUR * (last - first).days / 7:
            breaches.append(f"{e}: {horizon / HOUR:g} h in the quarter, above a 48-hour average week")
        for month in (date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 1)):
            following = date(month.year, month.month + 1, 1)
            hours = _inside(spans, _local_midnight(month, tz), _local_midnight(following, tz))
            if hours > 168 * HOUR:
                breaches.append(f"{e}: {hours / HOUR:g} h of stand-by in {month:%Y-%m}")
    return breaches


def test_the_independent_check_has_teeth() -> None:
    from fairshift.domain.instance import Instance, Plan

    roster = _quarter()
    inst = Instance(roster)
    plan = Plan(inst)
    # b0 on the first five daily shifts (Fri Jan 1 to Wed Jan 6, 09:00), then on the weekly
    # shift from Wed Jan 6 12:00 New York (18:00 in Budapest): 9 h off call in the week of Jan 4
    days = inst.shifts["platform"][:5]
    week = next(s for s in inst.shifts["payments"] if s.start >= days[-1].end)
    for shift in (*days, week):
        plan.holders[(shift.rotation, shift.start)] = {"primary": ("b0",)}
    found = independent_breaches(roster, plan.to_schedule(status="draft"))
    assert "b0: 0 h of rest before 2027-01-02 09:00:00+01:00" in found
    assert "b0: no 35 h off call in the week of 2027-01-04" in found
    assert any(b.startswith("b0: ") and b.endswith("of stand-by in 2027-01") for b in found)
    assert not any("48-hour" in b for b in found)  # 120 + 168 h in a quarter is within 617 h


def test_a_solved_quarter_under_eu_wtd_keeps_every_limit() -> None:
    import fairshift

    roster = _quarter()
    result = fairshift.solve(roster, time_limit=60, workers=2, seed=0)
    assert result.schedule is not None, (
        f"no schedule for the eu-wtd quarter ({result.status}); the roster is meant to be "
        "comfortably feasible: see fairshift explain")
    schedule = result.schedule
    assert all(len(s.engineers("primary")) == 1 for s in schedule.shifts)
    assert len(schedule.shifts) == 90 + 13
    assert independent_breaches(roster, schedule) == []
    held = _held(roster, schedule)
    # the limits are not idle: someone carries more than a hundred hours in a month
    zones = {e.id: e.timezone for e in roster.engineers}
    busiest = max(_inside(spans, _local_midnight(date(2027, 3, 1), zones[e]),
                          _local_midnight(date(2027, 4, 1), zones[e])) for e, spans in held.items())
    assert busiest > 100 * HOUR


def test_the_schema_admits_one_preset_or_a_list() -> None:
    import jsonschema

    from fairshift.io.schema import roster_json_schema

    schema = roster_json_schema()
    base = {"horizon": {"quarter": "2027Q1"}, "engineers": [{"id": "a", "timezone": "UTC"}],
            "rotations": [{"id": "r", "members": ["a"], "every": "day", "handoff": "09:00",
                           "timezone": "UTC"}]}
    for preset in ("eu-wtd", ["eu-wtd", "google-sre"]):
        jsonschema.validate({**base, "rules": {"preset": preset}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**base, "rules": {"preset": "eu-wdt"}}, schema)
