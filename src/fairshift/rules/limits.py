"""An engineer's own working-time limits: ``engineers[].limits``.

Each field is named by a limit rule's id and holds that rule's figures and ``mode`` (not its
weight, which is the organisation's). A field the engineer writes replaces the ``rules:``
section's value for them alone, ``null`` included (``limits: {max_hours: {month: null}}`` lifts
the monthly cap for one person); fields left out keep the section's value.
"""

from __future__ import annotations

from fairshift.frozen import Frozen
from fairshift.rules.average_week import AverageWeekLimit
from fairshift.rules.max_hours import MaxHoursLimit
from fairshift.rules.max_oncall_share import MaxOncallShareLimit
from fairshift.rules.max_period_shifts import MaxPeriodShiftsLimit
from fairshift.rules.max_rest_days import MaxRestDaysLimit
from fairshift.rules.quiet_hours import QuietHoursLimit
from fairshift.rules.weekly_rest import WeeklyRestLimit

__all__ = ["Limits"]


class Limits(Frozen):
    """Per-engineer overrides of the working-time limits (see :func:`fairshift.rules.windows.limit_of`)."""

    max_hours: MaxHoursLimit | None = None
    max_period_shifts: MaxPeriodShiftsLimit | None = None
    max_rest_days: MaxRestDaysLimit | None = None
    max_oncall_share: MaxOncallShareLimit | None = None
    weekly_rest: WeeklyRestLimit | None = None
    average_week: AverageWeekLimit | None = None
    quiet_hours: QuietHoursLimit | None = None
