"""Solving: ``fairshift solve`` and ``fairshift replan``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from rich.table import Table

from fairshift.cli.base import app, err, out, roster_arg, with_horizon
from fairshift.errors import InfeasibleError, SolverError, TimeError
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster
from fairshift.solver.events import stage_text
from fairshift.solver.result import SolveResult
from fairshift.time.instants import parse_instant


def _stage_lines(result: SolveResult) -> list[str]:
    out = []
    for st in result.stages:
        proof = "proven optimal" if st.proven else f"best bound {stage_text(st.name, st.bound)}"
        where = f"{st.step}: " if st.step else ""
        out.append(f"  {where}{st.name} {stage_text(st.name, st.value)} ({proof})")
    return out


def _fairness_line(result: SolveResult) -> str:
    names = ", ".join(result.fairness_stages)
    if result.fairness_status.value == "optimal":
        return f"fairness: optimal (proven: {names})"
    why = ("solved in steps, not proven for the whole organisation" if result.stepwise
           else "not every fairness stage was proven in the time limit")
    return f"fairness: feasible, {why} (largest excess {result.max_excess:.2f} h)"


def _summary(result: SolveResult, quiet: bool) -> None:
    parts = f"{result.components} component(s), {result.tasks} model(s), {result.workers} workers"
    parts += f" x {result.jobs} jobs" if result.jobs > 1 else ""
    out.print(f"status: {result.status.value}  ({result.seconds:.1f} s; {parts})", markup=False)
    for line in _stage_lines(result):
        out.print(line, markup=False)
    out.print(_fairness_line(result), markup=False)
    out.print(f"balance: {result.balance_status.value}", markup=False)
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
    out.print(f"largest excess over fair share: {result.max_excess:.2f} h; largest shortfall: "
              f"{result.max_shortfall:.2f} h", markup=False)
    for t in result.teams:
        flag = "  OVER BUDGET" if t.over_budget else ""
        out.print(f"team {t.team}: on call {t.share:.1%} of working hours "
                  f"(budget {t.budget:.0%}){flag}", markup=False)
    soft = {k: v for k, v in result.rule_scores.items() if v}
    if soft:
        out.print("soft rule scores (weight x magnitude): "
                  + ", ".join(f"{k} {v:g}" for k, v in soft.items()), markup=False)


def infeasible_message(result: SolveResult, head: str) -> str:
    """The error of a solve that found the roster infeasible: the conflicts, or why there are none."""
    why = result.explanation
    if why is None:
        return head + " (no explanation was computed)"
    if why.status == "conflicts":
        return head + ":\n" + "\n".join(f"  {line}" for line in str(why).splitlines())
    return (head + "; the explanation search did not finish (" + str(why).splitlines()[0]
            + "); run `fairshift explain` with a longer --time-limit")


@app.command()
@roster_arg
@click.option("--quarter", help="Horizon as a quarter, e.g. 2027Q1.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="Horizon start date.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Horizon end date (exclusive).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the schedule JSON here.")
@click.option("--time-limit", type=float, default=30.0, show_default=True, help="Seconds for the solve.")
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
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
    from fairshift.cli.progress import Session, wants_live
    from fairshift.solver.facade import solve as _solve
    from fairshift.solver.pool import process_pool
    from fairshift.solver.result import SolveStatus

    workers = workers if workers is not None else max(1, 8 // jobs)
    r = with_horizon(load_roster(roster), quarter, start, end)
    live = out if wants_live(out) and not (quiet or as_json) else None

    def log(line: str) -> None:
        err.print(line, markup=False, highlight=False)

    if live is None and not quiet:
        log(f"solving {r.name}: {r.horizon.start} .. {r.horizon.end}, time limit {time_limit:g} s "
            "(Ctrl-C stops and keeps the best schedule found)")
    with process_pool(jobs) as executor, Session(
            time_limit=time_limit, live=live, log=None if (live is not None or quiet) else log,
            title=f"solving {r.name}") as session:
        result, progress = session.run(
            # CP-SAT's own SIGINT handler would take Ctrl-C away from ours (and abort the process)
            lambda on_progress, on_event, stop: _solve(
                r, time_limit=time_limit, workers=workers, seed=seed, executor=executor,
                on_progress=on_progress, on_event=on_event, stop=stop,
                solver_params={"catch_sigint_signal": False}))
        if progress.stopping:
            err.print(f"interrupted after {result.seconds:.1f} s: "
                      + ("keeping the best schedule found" if result.schedule is not None
                         else "no schedule found yet"), markup=False)
        if result.status == SolveStatus.INFEASIBLE:
            raise InfeasibleError(infeasible_message(result, "the roster cannot be scheduled"))
        if result.schedule is None:
            if progress.stopping:
                raise SolverError(f"stopped after {result.seconds:.1f} s before every part had a "
                                  "schedule; nothing written")
            raise SolverError(f"no schedule within {time_limit:g} s ({result.note}); raise "
                              "--time-limit, or solve parts in parallel with --jobs")
        text = result.schedule.to_json()
        with session.writing():
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
@click.option("--time-limit", type=float, default=30.0, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def replan_cmd(roster: Path, published: Path, freeze_until: str, out_file: Path, order: str,
               time_limit: float, workers: int, seed: int) -> None:
    """Re-plan after a roster change, keeping frozen shifts and changing as few seats as possible."""
    from datetime import date as _date

    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.replan import replan

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
        if result.status.value == "infeasible":
            raise InfeasibleError(infeasible_message(
                result, "the changed roster cannot be scheduled with the frozen shifts"))
        raise SolverError(f"no schedule found within {time_limit:g} s; raise --time-limit")
    atomic_write_text(out_file, result.schedule.to_json())
    out.print(f"status: {result.status.value}; {done.frozen} frozen shift(s); "
              f"{len(done.changes)} seat(s) changed")
    for change in done.changes:
        out.print(f"  {change}", markup=False)
    for note in done.ignored:
        out.print(f"  ignored (no such shift in the roster): {note}", markup=False)
    out.print(f"schedule written to {out_file}")

