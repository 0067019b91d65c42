"""Solving: ``fairshift solve`` and ``fairshift replan``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from rich.table import Table

from fairshift.cli.base import SECONDS, SEED, app, err, out, out_path, roster_arg, with_horizon
from fairshift.errors import InfeasibleError, SolverError, TimeError
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster
from fairshift.time.instants import parse_instant


def _summary(result: object, quiet: bool) -> None:
    from fairshift.solver.result import SolveResult

    assert isinstance(result, SolveResult)
    out.print(f"status: {result.status.value}  ({result.seconds:.1f} s, {result.components} "
              f"model(s), {result.workers} workers"
              + (f" x {result.jobs} jobs)" if result.jobs > 1 else ")"))
    for st in result.stages:
        gap = "" if st.status.value == "optimal" else f"  (bound {st.bound:g})"
        out.print(f"  component {st.component} {st.name}: {st.value:g}{gap}")
    for st in result.whole:  # a component solved in steps, as a whole (solver.certify)
        proof = "proven optimal" if st.status.value == "optimal" else f"bound {st.bound:g}"
        out.print(f"  whole component {st.component} {st.name}: {st.value:g}  ({proof})")
    out.print(f"fairness: {result.fairness_status.value}")
    if quiet or not result.metrics:
        return
    table = Table(title="Fairness per engineer (hours on their own clock)")
    for col in ("engineer", "shifts", "hours", "weekend", "holiday", "off-hours", "night",
                "burden", "fair share", "excess"):
        table.add_column(col, justify="left" if col == "engineer" else "right")
    for e, m in result.metrics.items():
        table.add_row(e, str(m.shifts), f"{m.hours:.0f}", f"{m.weekend_hours:.0f}",
                      f"{m.holiday_hours:.0f}", f"{m.off_hours:.0f}", f"{m.night_hours:.0f}",
                      f"{m.burden:.1f}", f"{m.fair_share:.1f}", f"{m.excess:+.1f}")
    out.print(table)
    out.print(f"largest excess over fair share: {result.max_excess:.1f} h")
    for t in result.teams:
        flag = "  OVER BUDGET" if t.over_budget else ""
        out.print(f"team {t.team}: on call {t.share:.1%} of working hours "
                  f"(budget {t.budget:.0%}){flag}")
    soft = {k: v for k, v in result.rule_scores.items() if v}
    if soft:
        out.print("soft rule scores (weight x magnitude): "
                  + ", ".join(f"{k} {v:g}" for k, v in soft.items()))


@app.command()
@roster_arg
@click.option("--quarter", help="Horizon as a quarter, e.g. 2027Q1.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="Horizon start date.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Horizon end date (exclusive).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the schedule JSON here.")
@click.option("--time-limit", **SECONDS, default=30.0, show_default=True, help="Seconds for the solve.")
@click.option("--seed", type=SEED, default=0, show_default=True, help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="CP-SAT workers per search (1 with a seed: deterministic).  [default: 8, or 8 / "
                   "jobs with --jobs]")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Solve independent parts (teams, components) in this many processes.")
@click.option("--quiet", "-q", is_flag=True, help="Only the status lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the schedule JSON to stdout.")
def solve(roster: Path, quarter: str | None, start: datetime | None, end: datetime | None,
          out_file: Path | None, time_limit: float, seed: int, workers: int | None, jobs: int,
          quiet: bool, as_json: bool) -> None:
    """Solve a roster for the fairest rotation and write the schedule.

    On a terminal a live display shows the stage, the best objective, the bound and the gap.
    Ctrl-C stops the search and keeps the best schedule found so far (exit 0, or 4 if none);
    with --jobs the parts already running in other processes finish first (within the limit).
    """
    from fairshift.cli.progress import run_solve, wants_live
    from fairshift.solver import SolveStatus
    from fairshift.solver import solve as _solve
    from fairshift.solver.pool import process_pool

    workers = workers if workers is not None else max(1, 8 // jobs)
    out_path(out_file)
    r = with_horizon(load_roster(roster), quarter, start, end)
    live = out if wants_live(out) and not (quiet or as_json) else None

    def log(line: str) -> None:
        err.print(line, markup=False, highlight=False)

    if live is None and not quiet:
        log(f"solving {r.name}: {r.horizon.start} .. {r.horizon.end}, time limit {time_limit:g} s "
            "(Ctrl-C stops and keeps the best schedule found)")
    with process_pool(jobs) as executor:
        result, progress = run_solve(
            # CP-SAT's own SIGINT handler would take Ctrl-C away from ours (and abort the process)
            lambda on_progress, stop: _solve(r, time_limit=time_limit, workers=workers, seed=seed,
                                             executor=executor, on_progress=on_progress, stop=stop,
                                             solver_params={"catch_sigint_signal": False}),
            time_limit=time_limit, live=live, log=None if (live is not None or quiet) else log,
            title=f"solving {r.name}")
    if progress.stopping:
        err.print(f"interrupted after {progress.elapsed:.1f} s: "
                  + ("keeping the best schedule found" if result.schedule is not None
                     else "no schedule found yet"), markup=False)
    if result.status == SolveStatus.INFEASIBLE:
        lines = "\n".join(f"  {c}" for c in (result.explanation or ()))  # type: ignore[attr-defined]
        raise InfeasibleError("the roster cannot be scheduled" + (f":\n{lines}" if lines else ""))
    if result.schedule is None:
        if progress.stopping:
            raise SolverError(f"stopped after {progress.elapsed:.1f} s before any schedule was found")
        raise SolverError(f"no schedule found within {time_limit:g} s; raise --time-limit")
    text = result.schedule.to_json()
    if out_file is not None:
        atomic_write_text(out_file, text)
    if as_json:
        sys.stdout.write(text)
        return
    _summary(result, quiet)
    if out_file is not None:
        out.print(f"schedule written to {out_file}")



@app.command("replan")
@roster_arg
@click.option("--published", type=click.Path(path_type=Path), required=True,
              help="The schedule already published (JSON).")
@click.option("--freeze-until", required=True,
              help="Shifts starting before this date (local midnight) or instant stay as published.")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True, help="The new schedule.")
@click.option("--order", type=click.Choice(["minimal_change", "fair_first"]), default="minimal_change",
              show_default=True, help="Minimise changes before fairness, or after it.")
@click.option("--time-limit", **SECONDS, default=30.0, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--seed", type=SEED, default=0, show_default=True)
def replan_cmd(roster: Path, published: Path, freeze_until: str, out_file: Path, order: str,
               time_limit: float, workers: int, seed: int) -> None:
    """Re-plan after a roster change, keeping frozen shifts and changing as few seats as possible."""
    from datetime import date as _date

    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.replan import replan

    out_path(out_file)
    when: _date | datetime
    try:
        when = (parse_instant(freeze_until, "--freeze-until") if "T" in freeze_until
                else _date.fromisoformat(freeze_until))
    except (TimeError, ValueError) as exc:
        detail = str(exc) if isinstance(exc, TimeError) else f"--freeze-until {freeze_until!r} is not a date"
        raise click.UsageError(f"{detail} (write a date such as 2027-02-01 or an instant such as "
                               "2027-02-01T09:00Z)") from None
    done = replan(load_roster(roster), load_schedule(published), freeze_until=when,
                  order=order, time_limit=time_limit, workers=workers, seed=seed)  # type: ignore[arg-type]
    result = done.result
    if result.schedule is None:
        lines = "\n".join(f"  {c}" for c in (result.explanation or ()))  # type: ignore[attr-defined]
        if result.status.value == "infeasible":
            raise InfeasibleError("the changed roster cannot be scheduled with the frozen shifts"
                                  + (f":\n{lines}" if lines else ""))
        raise SolverError(f"no schedule found within {time_limit:g} s; raise --time-limit")
    atomic_write_text(out_file, result.schedule.to_json())
    out.print(f"status: {result.status.value}; {done.frozen} frozen shift(s); "
              f"{len(done.changes)} seat(s) changed")
    for change in done.changes:
        out.print(f"  {change}", markup=False)
    for note in done.ignored:
        out.print(f"  ignored (no such shift in the roster): {note}", markup=False)
    out.print(f"schedule written to {out_file}")

