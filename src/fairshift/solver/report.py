"""Scores and shares reported next to a solved schedule."""

from __future__ import annotations

from datetime import timedelta

from fairshift.fairness import EngineerMetrics
from fairshift.instance import Plan
from fairshift.roster.model import Engineer, Horizon, Roster
from fairshift.rules import RULES
from fairshift.solver.result import TeamShare
from fairshift.tz import wall_clock
from fairshift.validate import ValidationReport

__all__ = ["rule_scores", "team_shares", "working_hours"]


def rule_scores(roster: Roster, report: ValidationReport) -> dict[str, float]:
    """Per rule: total magnitude of its violations (soft rules weighted by the roster)."""
    scores: dict[str, float] = {}
    for rid, rule in RULES.items():
        mag = report.magnitude(rid)
        weight = getattr(roster.rules, rid).weight if rule.kind == "soft" else 1
        scores[rid] = mag * weight
    return scores


def working_hours(eng: Engineer, horizon: Horizon) -> float:
    """The engineer's working hours in the horizon (local working days minus holidays and PTO)."""
    total = 0.0
    day = horizon.start
    start, end = eng.hours
    while day < horizon.end:
        if (day.weekday() in eng.working_weekdays and not eng.calendar.is_holiday(day)
                and eng.unavailable_on(day) is None):
            a = wall_clock(day, start, eng.timezone)
            b = wall_clock(day, end, eng.timezone)
            total += (b - a).total_seconds() / 3600
        day += timedelta(days=1)
    return total


def team_shares(plan: Plan, metrics: dict[str, EngineerMetrics]) -> tuple[TeamShare, ...]:
    """Per team: on-call hours inside working time against the team's working hours."""
    roster = plan.instance.roster
    out = []
    for team in roster.teams:
        members = [roster.engineer(m) for m in team.members]
        total = sum(working_hours(m, roster.horizon) for m in members)
        on = sum(metrics[m.id].hours - metrics[m.id].off_hours for m in members)
        budget = team.oncall_budget or roster.rules.oncall_budget
        out.append(TeamShare(team.id, on, total, budget))
    return tuple(out)


