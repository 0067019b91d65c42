"""Solving: ``fairshift solve`` and ``fairshift replan``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from fairshift.cli.base import SECONDS, SEED, app, err, out, out_path, roster_arg, with_horizon
from fairshift.cli.summary import (
    default_workers,
    fair_first_warning,
    lead_in_notes,
    no_schedule,
    recorded,
    summary,
    what_next,
    why_infeasible,
    with_extra,
)
from fairshift.errors import InfeasibleError, SolverError, TimeError
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster
from fairshift.time.instants import parse_instant


@app.command()
@roster_arg
@click.option("--quarter", help="Horizon as a quarter, e.g. 2027Q1.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="Horizon start date.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Horizon end date (exclusive).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the schedule JSON here.")
@click.option("--time-limit", **SECONDS, default=30.0, show_default=True, help="Seconds for the solve.")
@click.option("--seed", type=SEED, default=0, show_default=True, help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="CP-SAT workers per search (1 with a seed: deterministic).  [default: the "
                   "machine's cores, at most 8, divided by --jobs]")
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

    workers = workers if workers is not None else default_workers(jobs)
    out_path(out_file)
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
            raise InfeasibleError("the roster cannot be scheduled:\n" + why_infeasible(r, result))
        if result.schedule is None:
            if progress.stopping:
                raise SolverError(f"stopped after {result.seconds:.1f} s before every part had a "
                                  "schedule; nothing written")
            raise SolverError(no_schedule(time_limit, workers, jobs, roster, result.note))
        text = recorded(result).to_json()
        with session.writing():
            if out_file is not None:
                atomic_write_text(out_file, text)
            if as_json:
                sys.stdout.write(text)
                return
            summary(result, quiet)
            lead_in_notes(r, quiet)
            if out_file is not None:
                out.print(f"schedule written to {out_file}")
                if not quiet:
                    what_next(roster, out_file, next(iter(result.metrics), None))



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
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="CP-SAT workers per search.  [default: the machine's cores, at most 8]")
@click.option("--seed", type=SEED, default=0, show_default=True)
def replan_cmd(roster: Path, published: Path, freeze_until: str, out_file: Path, order: str,
               time_limit: float, workers: int | None, seed: int) -> None:
    """Re-plan after a roster change, keeping frozen shifts and changing as few seats as possible.

    Prints the fairness before and after; when the new plan breaks a fair band, it also solves
    with --order fair_first and says what that would cost in changed seats.
    """
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
    workers = workers if workers is not None else default_workers()
    r, sched = load_roster(roster), load_schedule(published)
    done = replan(r, sched, freeze_until=when, order=order,  # type: ignore[arg-type]
                  time_limit=time_limit, workers=workers, seed=seed)
    result = done.result
    if result.schedule is None:
        if result.status.value == "infeasible":
            raise InfeasibleError("the changed roster cannot be scheduled with the frozen shifts:\n"
                                  + why_infeasible(r, result))
        raise SolverError(no_schedule(time_limit, workers, 1, roster, result.note))
    other = None
    if done.fairness is not None and done.fairness.after.out_of_band and order == "minimal_change":
        other = replan(r, sched, freeze_until=when, order="fair_first", time_limit=time_limit,
                       workers=workers, seed=seed)
    record = {"order": order, "frozen_shifts": done.frozen, "changed_seats": len(done.changes),
              "fairness": done.fairness.as_dict() if done.fairness is not None else None}
    written = with_extra(recorded(result), "replan", record)
    atomic_write_text(out_file, written.to_json())
    out.print(f"status: {result.status.value}; {done.frozen} frozen shift(s); "
              f"{len(done.changes)} seat(s) changed", markup=False)
    for change in done.changes:
        out.print(f"  {change}", markup=False)
    for note in done.ignored:
        out.print(f"  ignored (no such shift in the roster): {note}", markup=False)
    for line in done.fairness.lines() if done.fairness is not None else ():
        out.print(line, markup=False)
    if other is not None:
        err.print(fair_first_warning(done, other), markup=False)
    out.print(f"schedule written to {out_file}", markup=False)
