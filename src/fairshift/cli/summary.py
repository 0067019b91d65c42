"""What ``fairshift solve`` and ``fairshift replan`` print around a solve: the summary in hours, the
fairness verdict in words, what to change when no schedule was found, and what to do next."""

from __future__ import annotations

import os
from pathlib import Path

from rich.table import Table

from fairshift.cli.base import out
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.solver.result import SolveResult

__all__ = ["default_workers", "fair_first_warning", "lead_in_notes", "no_schedule", "recorded", "summary",
           "what_next", "why_infeasible", "with_extra"]


def default_workers(jobs: int = 1) -> int:
    """CP-SAT workers per search when not given: the machine's cores (at most 8), shared by ``jobs``."""
    return max(1, min(8, os.cpu_count() or 1) // jobs)


def _stage_lines(result: SolveResult) -> list[str]:
    from fairshift.exports.stages import stage_line

    stages = result.stages
    lines = []
    for i, st in enumerate(stages):
        line = stage_line({"step": st.step, "task": st.task, "name": st.name, "value": st.value,
                           "bound": st.bound, "status": st.status.value}, prefix="  ")
        if any(later.task == st.task and later.name == st.name for later in stages[i + 1:]):
            line += "  not imposed: solved again after the excess stages (docs/fairness.md)"
        lines.append(line)
    return lines


def _fairness_words(result: SolveResult) -> str:
    from fairshift.solver.result import SolveStatus

    step = result.schedule and (result.schedule.model_extra or {}).get("resolution")
    within = f" (to {step:g} h)" if isinstance(step, int | float) else ""
    if result.fairness_status == SolveStatus.OPTIMAL:
        return ("fairness: proven (no schedule within the fair count bands and the burden budgets has "
                "smaller spreads of weekend days, nights and holidays, nor then a smaller largest excess "
                f"or largest shortfall{within})")
    if result.stepwise:
        return ("fairness: not proven (solved in steps, org-wide rotations first: each step is proven "
                "on its own, the whole organisation is not)")
    return ("fairness: not proven (the fairest schedule found in the time; "
            "a longer --time-limit may find a fairer one or prove this one)")


def summary(result: SolveResult, quiet: bool) -> None:
    parts = f"{result.components} component(s), {result.tasks} model(s), {result.workers} workers"
    parts += f" x {result.jobs} jobs" if result.jobs > 1 else ""
    out.print(f"status: {result.status.value}  ({result.seconds:.1f} s; {parts})", markup=False)
    for line in _stage_lines(result):
        out.print(line, markup=False)
    out.print(_fairness_words(result), markup=False)
    if quiet or not result.metrics:
        return
    table = Table(title="Fairness per engineer (hours on their own clock)")
    for col in ("engineer", "shifts", "hours", "weekend", "weekend days", "holiday", "off-hours",
                "night", "burden", "fair share", "excess"):
        table.add_column(col, justify="left" if col == "engineer" else "right")
    for e, m in result.metrics.items():
        table.add_row(e, str(m.shifts), f"{m.hours:.0f}", f"{m.weekend_hours:.0f}", str(m.weekend_days),
                      f"{m.holiday_hours:.0f}", f"{m.off_hours:.0f}", f"{m.night_hours:.0f}",
                      f"{m.burden:.1f}", f"{m.fair_share:.1f}", f"{m.excess:+.1f}")
    out.print(table)
    out.print(f"largest excess over fair share: {result.max_excess:.1f} h; largest shortfall: "
              f"{result.max_shortfall:.1f} h", markup=False)
    for t in result.teams:
        flag = ": over budget" if t.over_budget else ""
        out.print(f"team {t.team}: on call {t.share:.1%} of its working hours "
                  f"(budget {t.budget:.0%}){flag}", markup=False)
    if any(t.over_budget for t in result.teams):
        out.print("  (a team's share is what its rotations need from its people: add people to the "
                  "pool, or raise teams[].oncall_budget / rules.oncall_budget where this is expected)",
                  markup=False)
    soft = {k: v for k, v in result.rule_scores.items() if v}
    if soft:
        out.print("soft rule scores (weight x magnitude): "
                  + ", ".join(f"{k} {v:g}" for k, v in soft.items()))


def recorded(result: SolveResult) -> Schedule:
    """The result's schedule with its fairness verdict recorded (``fairness_status``)."""
    assert result.schedule is not None
    extra = result.schedule.model_extra or {}
    if "fairness_status" in extra:
        return result.schedule
    data = result.schedule.model_dump(mode="json")
    return Schedule.model_validate({**data, "fairness_status": result.fairness_status.value})


def why_infeasible(roster: Roster, result: SolveResult) -> str:
    """Every shift nobody can take when that is the reason, else the solver's explanation."""
    from fairshift.cli.notes import shortage_lines

    why = result.explanation
    if shortage_lines(roster):
        return "\n".join(shortage_lines(roster))
    if why is None:
        return "  (no explanation was computed)"
    text = [f"  {line}" for line in str(why).splitlines()]
    if why.status != "conflicts":
        text.append("  the explanation search did not finish: run `fairshift explain` with a longer "
                    "--time-limit")
    return "\n".join(text)


def lead_in_notes(roster: Roster, quiet: bool) -> None:
    from fairshift.cli.notes import lead_in_lines

    for line in [] if quiet else lead_in_lines(roster):
        out.print(line, markup=False)


def what_next(roster: Path, out_file: Path, engineer: str | None) -> None:
    out.print("what next:", markup=False)
    for cmd, why in (
            (f"fairshift validate {roster} {out_file}", "re-check it without the solver"),
            (f"fairshift report {out_file} --roster {roster} --out report.html",
             "the fairness report to show the team"),
            (f"fairshift export {out_file} --roster {roster} --format ics"
             + (f" --engineer {engineer} --out {engineer}.ics" if engineer else " --out oncall.ics"),
             "calendars (pip install 'fairshift[ics]')")):
        out.print(f"  {cmd}   # {why}", markup=False, soft_wrap=True)


def no_schedule(time_limit: float, workers: int, jobs: int, roster: Path, note: str = "") -> str:
    """What to change when a solve ended without a schedule (and without proving it impossible)."""
    cores = os.cpu_count() or 1
    hints = [f"raise --time-limit (e.g. --time-limit {max(2 * time_limit, 60):g})"]
    if jobs == 1 and cores > 1:
        hints.append(f"solve independent teams in parallel with --jobs {min(cores, 4)}")
    if workers * jobs > cores:
        hints.append(f"use fewer workers ({workers} x {jobs} on {cores} core(s) compete for the CPU: "
                     f"--workers {max(1, cores // jobs)})")
    hints.append(f"run `fairshift explain {roster}` to see whether it can be scheduled at all")
    why = f"; {note}" if note else ""
    return (f"no schedule found within {time_limit:g} s ({workers} worker(s) x {jobs} job(s) on {cores} "
            f"core(s){why}); " + "; or ".join(hints))


def with_extra(schedule: object, key: str, value: object) -> Schedule:
    """``schedule`` with one more top-level key in its JSON."""
    assert isinstance(schedule, Schedule)
    return Schedule.model_validate({**schedule.model_dump(mode="json"), key: value})


def fair_first_warning(done: object, other: object) -> str:
    """The warning for a re-plan that broke fair bands, with what ``--order fair_first`` costs."""
    from fairshift.workflows.replan import ReplanResult

    assert isinstance(done, ReplanResult) and isinstance(other, ReplanResult)
    assert done.fairness is not None
    after = done.fairness.after
    head = (f"warning: this re-plan leaves {len(after.bands)} seat count(s) outside their fair band "
            f"({after.out_of_band} seat(s) out of band; largest excess {after.max_excess:.1f} h).")
    if other.fairness is None:
        return head + " --order fair_first found no schedule within the time limit either."
    f = other.fairness.after
    keeps = ("keeps every band" if f.out_of_band == 0 else f"leaves {f.out_of_band} seat(s) out of band")
    return (f"{head} --order fair_first {keeps} (largest excess {f.max_excess:.1f} h) and changes "
            f"{len(other.changes)} seat(s) instead of {len(done.changes)}.")
