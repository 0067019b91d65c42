"""``fairshift audit``: how fair is the rotation a team has today, next to what fairshift would make.

The audit reads an imported schedule (``fairshift import``) against the roster and shows, per
person, shifts, hours, night, weekend and own-public-holiday hours, burden, fair share and excess
(the same measures as ``fairshift report``, :func:`fairshift.domain.fairness.engineer_metrics`);
the gaps, overlaps and unknown people found by the import; the rule violations found by
``validate``; and, when a solved schedule for the same period is given, the same measures for it
side by side, with a few totals (largest excess, spread of burden, hard violations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fairshift.check.validate import ValidationReport, validate
from fairshift.domain.fairness import EngineerMetrics, engineer_metrics
from fairshift.domain.identities import control_free
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import fit_roster
from fairshift.exports.report_md import md

__all__ = ["Audit", "Side", "audit", "to_markdown"]

_LISTED = 40  # violations and problems listed before "... and N more"


@dataclass(frozen=True)
class Side:
    """One schedule's measures: per-engineer metrics and its validation."""

    label: str
    metrics: Mapping[str, EngineerMetrics]
    report: ValidationReport
    unknown_shifts: int

    @property
    def max_excess(self) -> float:
        return max((m.excess for m in self.metrics.values()), default=0.0)

    @property
    def spread(self) -> float:
        burdens = [m.burden for m in self.metrics.values()]
        return max(burdens) - min(burdens) if burdens else 0.0


@dataclass(frozen=True)
class Audit:
    title: str
    horizon: str
    current: Side
    proposed: Side | None
    problems: tuple[Mapping[str, Any], ...]
    names: Mapping[str, str]
    proposed_status: str = ""


def _side(label: str, roster: Roster, schedule: Schedule) -> Side:
    plan = Plan.from_schedule(Instance(roster), schedule)
    return Side(label, engineer_metrics(plan), validate(roster, schedule), len(plan.unknown))


def audit(roster: Roster, schedule: Schedule, *, proposed: Schedule | None = None,
          proposed_status: str = "") -> Audit:
    """Measure ``schedule`` (and ``proposed``, fairshift's schedule for the same period)."""
    r = fit_roster(roster, schedule)
    imported = (schedule.model_extra or {}).get("imported")
    problems = tuple(p for p in (imported.get("problems", []) if isinstance(imported, Mapping) else [])
                     if isinstance(p, Mapping))
    h = schedule.horizon
    return Audit(
        title=schedule.name or r.name, horizon=f"{h.start} .. {h.end} (end exclusive)",
        current=_side("today", r, schedule),
        proposed=_side("fairshift", r, proposed) if proposed is not None else None,
        problems=problems, names={e.id: e.name or e.id for e in r.engineers},
        proposed_status=proposed_status)


def _cells(m: EngineerMetrics) -> list[str]:
    return [str(m.shifts), f"{m.hours:.0f}", f"{m.night_hours:.0f}", f"{m.weekend_hours:.0f}",
            f"{m.holiday_hours:.0f}", f"{m.burden:.1f}", f"{m.fair_share:.1f}", f"{m.excess:+.1f}"]


def _listed(lines: Sequence[str]) -> list[str]:
    out = [f"- {md(line)}" for line in lines[:_LISTED]]
    if len(lines) > _LISTED:
        out.append(f"- ... and {len(lines) - _LISTED} more")
    return out


def to_markdown(a: Audit) -> str:
    """The audit as a Markdown page (every user-given text escaped)."""
    cur, new = a.current, a.proposed
    lines = [f"# Fairness audit: {md(a.title)}", "", f"- Period: {md(a.horizon)}"]
    head = ["Engineer", "Shifts", "Hours", "Night h", "Weekend h", "Own holidays h", "Burden", "Fair share",
            "Excess"]
    if new is not None:
        head += ["fairshift: Shifts", "Burden", "Excess"]
    lines += ["", "## Per person", "", "Hours on each person's own clock; burden and fair share in weighted "
              "hours; excess = burden − fair share (positive: more than their share).", "",
              "| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for eid, m in cur.metrics.items():
        row = [f"{md(a.names.get(eid, eid))} ({md(eid)})", *_cells(m)]
        if new is not None and eid in new.metrics:
            p = new.metrics[eid]
            row += [str(p.shifts), f"{p.burden:.1f}", f"{p.excess:+.1f}"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Side by side", "", "| | " + " | ".join(s.label for s in (cur, new) if s) + " |",
              "|---" + "|---:" * (2 if new else 1) + "|"]
    sides = [s for s in (cur, new) if s is not None]
    rows = (("Largest excess over fair share (h)", [f"{s.max_excess:+.1f}" for s in sides]),
            ("Spread of burden, most − least (h)", [f"{s.spread:.1f}" for s in sides]),
            ("Hard rule violations", [str(len(s.report.hard)) for s in sides]),
            ("Soft rule violations", [str(len(s.report.soft)) for s in sides]))
    for label, values in rows:
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    if new is not None and a.proposed_status:
        lines += ["", f"fairshift's schedule: solver status {md(a.proposed_status)}."]
    kinds = {"gap": "Gaps (fewer people on call than seats)", "overlap": "Overlaps (more people than seats)",
             "unknown_person": "People the roster does not know", "unmapped": "Seats held by unknown people",
             "split": "Shifts split between people", "not_in_pool": "People outside the rotation's pool"}
    lines += ["", "## Gaps, overlaps and people (from the import)", ""]
    if not a.problems:
        lines.append("- none")
    for kind, title in kinds.items():
        found = [control_free(str(p.get("message", ""))) for p in a.problems if p.get("kind") == kind]
        if found:
            lines += [f"### {title}: {len(found)}", "", *_listed(found), ""]
    lines += ["", "## Rule violations today", ""]
    lines += _listed([str(v) for v in cur.report.violations]) or ["- none"]
    if cur.unknown_shifts:
        lines.append(f"- {cur.unknown_shifts} shift(s) match no shift of the roster and are not measured")
    return "\n".join(lines).rstrip() + "\n"
