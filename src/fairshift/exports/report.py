"""A report of a schedule for a team lead to show the team, as Markdown or as one HTML file.

In this order:

1. **the verdict**: whether the solver proved the schedule fair, in words (from the
   ``status``/``fairness_status`` the schedule JSON carries, see :mod:`fairshift.exports.stages`),
   with the largest burden above anyone's fair share and the seats outside their fair bands;
2. **per person**: on-call hours, night, weekend and own-holiday hours, burden against fair share,
   as bars (inline SVG in HTML, text bars in Markdown) and as a table. People in no rotation are
   left out (and counted);
3. **team on-call budgets**: on-call hours inside working time against the team's budget;
4. **the calendar**: who is on call each day (daily rotations) or week (weekly ones), per
   rotation, in the rotation's zone with its UTC offsets (see :mod:`fairshift.exports.calendar`);
5. **each person's shifts** on their own clock;
6. **the solver's stages**, in hours (seats for the count stage).

Every piece of user text is escaped: ``html.escape`` in HTML; in Markdown, ``<``, ``>`` and ``&``
become entities and Markdown punctuation is backslash-escaped. The HTML has no scripts and makes
no requests: styles and pictures are inline.
"""

from __future__ import annotations

from typing import Any

from fairshift.check.horizon import lead_in
from fairshift.domain.budget import team_shares
from fairshift.domain.fairness import EngineerMetrics, engineer_metrics, fair_shares
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.calendar import calendar_views
from fairshift.exports.common import check_filters, display_names, fit_roster
from fairshift.exports.report_data import Budget, Person, ReportData, StageRow
from fairshift.exports.report_html import render_html
from fairshift.exports.report_md import render_markdown
from fairshift.exports.stages import stage_amount, stage_rows, verdict
from fairshift.exports.svg import Bar
from fairshift.time.tz import zone
from fairshift.workflows.compare import plan_fairness

__all__ = ["Budget", "Person", "ReportData", "StageRow", "build_report", "to_html", "to_markdown"]

_DAY = "%a %Y-%m-%d %H:%M"


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


_HIDDEN = frozenset({"stages", "whole_components", "fairness_status", "replan", "fairness_change"})


def _solver_figures(schedule: Schedule) -> tuple[tuple[str, str], ...]:
    extra = schedule.model_extra or {}
    return tuple((k, _fmt(v)) for k, v in extra.items()
                 if k not in _HIDDEN and isinstance(v, str | int | float | bool))


def _stages(schedule: Schedule) -> tuple[StageRow, ...]:
    stages, whole = stage_rows(schedule)
    out = []
    for rows, is_whole in ((stages, False), (whole, True)):
        for r in rows:
            name = str(r.get("name", "?"))
            value, bound = r.get("value"), r.get("bound")
            out.append(StageRow(
                str(r.get("component", "")), name, str(r.get("status", "")),
                stage_amount(name, value) if isinstance(value, int | float) else "",
                stage_amount(name, bound) if isinstance(bound, int | float) else "", is_whole))
    return tuple(out)


def _parts(plan: Plan, m: EngineerMetrics) -> tuple[tuple[str, float], ...]:
    rules = plan.instance.roster.rules
    w = rules.burden
    holiday = w.holiday * m.holiday_hours if rules.public_holidays.mode == "weigh" else 0.0
    return (("hours", m.hours), ("weekend", w.weekend * m.weekend_hours), ("holiday", holiday),
            ("off_hours", w.off_hours * m.off_hours), ("night", w.night * m.night_hours))


def _holidays(plan: Plan, e: str) -> tuple[str, ...]:
    inst = plan.instance
    cal = inst.engineer(e).calendar
    days = sorted({d for s, _ in plan.by_engineer.get(e, []) for d in inst.holidays(e, s)})
    return tuple(f"{d.isoformat()} {cal.name(d) or 'holiday'}" for d in days)


def _people(plan: Plan, names: dict[str, str], metrics: dict[str, EngineerMetrics], keep: set[str] | None,
            rotations_of: dict[str, tuple[str, ...]]) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    people, left_out = [], []
    for eng in plan.instance.roster.engineers:
        if keep is not None and eng.id not in keep:
            continue
        mine = plan.by_engineer.get(eng.id, [])
        if not rotations_of.get(eng.id) and not mine:
            left_out.append(eng.id)
            continue
        ez = zone(eng.timezone)
        lines = tuple(f"{s.rotation} {role}: {s.start.astimezone(ez).strftime(_DAY)} – "
                      f"{s.end.astimezone(ez).strftime(_DAY)}" for s, role in mine)
        m = metrics[eng.id]
        name = names.get(eng.id, eng.id)
        bar = Bar(eng.id, name, _parts(plan, m), m.fair_share)
        people.append(Person(eng.id, name, eng.timezone, rotations_of.get(eng.id, ()), m, bar,
                             _holidays(plan, eng.id), lines))
    return tuple(people), tuple(left_out)


def _shown_team(roster: Roster, team: str, keep: set[str] | None) -> bool:
    return keep is None or bool(keep & set(roster.teams_by_id[team].members))


def build_report(schedule: Schedule, roster: Roster, *, engineer: str | None = None,
                 rotation: str | None = None) -> ReportData:
    """Collect the report's content (metrics from :func:`fairshift.domain.fairness.engineer_metrics`)."""
    check_filters(schedule, roster, engineer=engineer, rotation=rotation)
    r = fit_roster(roster, schedule)
    inst = Instance(r)
    plan = Plan.from_schedule(inst, schedule)
    shares = fair_shares(inst)
    metrics = engineer_metrics(plan, shares)
    fairness = plan_fairness(plan, shares)
    names = display_names(schedule, r)
    notes = [f"{x}" for x in lead_in(inst) if rotation is None or x.rotation == rotation]
    if plan.unknown:
        notes.append(f"{len(plan.unknown)} scheduled shift(s) match no shift of the roster and are "
                     "left out of the metrics")
    keep: set[str] | None = None
    if rotation is not None and rotation in r.rotations_by_id:
        keep = set(r.pool(rotation))
    if engineer is not None:
        keep = {engineer} if keep is None else keep & {engineer}
    rotations_of = {e.id: shares.rotations_of(e.id) for e in r.engineers}
    people, left_out = _people(plan, names, metrics, keep, rotations_of)
    budgets = tuple(Budget(t.team, r.teams_by_id[t.team].name or t.team, t.oncall_working_hours,
                           t.working_hours, t.share, t.budget)
                    for t in team_shares(plan, metrics) if _shown_team(r, t.team, keep))
    h = schedule.horizon
    return ReportData(
        title=schedule.name or r.name,
        horizon=f"{h.start.isoformat()} .. {h.end.isoformat()} (end exclusive)",
        status=schedule.status, verdict=verdict(schedule), max_excess=fairness.max_excess,
        out_of_band=fairness.out_of_band, solver=_solver_figures(schedule), people=people,
        left_out=left_out, budgets=budgets, calendars=calendar_views(plan, names, rotation),
        stages=_stages(schedule), notes=tuple(notes))


def to_html(data: ReportData) -> str:
    """The report as one standalone HTML file (see :mod:`fairshift.exports.report_html`)."""
    return render_html(data)


def to_markdown(data: ReportData) -> str:
    """The report as GitHub-flavoured Markdown (see :mod:`fairshift.exports.report_md`)."""
    return render_markdown(data)
