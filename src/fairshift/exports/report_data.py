"""What a report shows (:mod:`fairshift.exports.report` builds it, ``report_html`` and
``report_md`` render it): plain, unescaped text and numbers."""

from __future__ import annotations

from dataclasses import dataclass

from fairshift.domain.fairness import EngineerMetrics
from fairshift.exports.calendar import CalendarView
from fairshift.exports.stages import Verdict
from fairshift.exports.svg import Bar

__all__ = ["Budget", "Person", "ReportData", "StageRow"]


@dataclass(frozen=True)
class Person:
    """One person of the fairness table (hours on their own clock)."""

    id: str
    name: str
    timezone: str
    rotations: tuple[str, ...]
    metrics: EngineerMetrics
    bar: Bar
    holidays: tuple[str, ...]  # their own public holidays they are on call on: "2027-01-18 <name>"
    shifts: tuple[str, ...]


@dataclass(frozen=True)
class Budget:
    """A team's on-call share of its working hours against its budget."""

    team: str
    name: str
    oncall_hours: float
    working_hours: float
    share: float
    budget: float

    @property
    def over(self) -> bool:
        return self.share > self.budget


@dataclass(frozen=True)
class StageRow:
    """One solver stage, in hours or seats (``whole``: a whole-component certificate)."""

    component: str
    name: str
    status: str
    value: str
    bound: str
    whole: bool


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, as plain (unescaped) text and numbers."""

    title: str
    horizon: str
    status: str
    verdict: Verdict
    max_excess: float
    out_of_band: int
    solver: tuple[tuple[str, str], ...]
    people: tuple[Person, ...]
    left_out: tuple[str, ...]
    budgets: tuple[Budget, ...]
    calendars: tuple[CalendarView, ...]
    stages: tuple[StageRow, ...]
    notes: tuple[str, ...]

    @property
    def verdict_text(self) -> list[str]:
        return self.verdict.sentences(self.max_excess, self.out_of_band)
