"""Team on-call budgets: on-call hours inside working time against a team's working hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fairshift.domain.fairness import EngineerMetrics
from fairshift.domain.instance import Plan
from fairshift.domain.roster import Engineer, Horizon
from fairshift.time.tz import wall_clock

__all__ = ["TeamShare", "team_shares", "working_hours"]


@dataclass(frozen=True)
class TeamShare:
    """A team's on-call share: on-call hours inside working time over total working hours."""

    team: str
    oncall_working_hours: float
    working_hours: float
    budget: float

    @property
    def share(self) -> float:
        return self.oncall_working_hours / self.working_hours if self.working_hours else 0.0

    @property
    def over_budget(self) -> bool:
        return self.share > self.budget


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


