"""The ``fairshift`` command line.

Exit codes: 0 ok; 1 invalid input (roster, schedule, tickets, policy); 2 usage error;
3 infeasible roster or a schedule with hard violations; 4 no solution within the time limit;
70 internal error (a bug: the traceback is printed).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from fairshift.errors import (
    FairshiftError,
    InfeasibleError,
    InternalError,
    RosterError,
    SolverError,
)
from fairshift.io import atomic_write_text
from fairshift.roster.loader import load_roster
from fairshift.roster.model import Roster, quarter_bounds

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_INTERNAL = 0, 1, 2, 3, 4, 70


@click.group(help="Fair on-call rotations, solved with CP-SAT and independently validated.",
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="fairshift")
def app() -> None:
    """The command group."""


_TTY = sys.stdout.isatty()
out = Console(highlight=False, width=None if _TTY else 160, soft_wrap=not _TTY)
err = Console(stderr=True, highlight=False, soft_wrap=True)

_roster_arg = click.argument("roster", type=click.Path(path_type=Path))


def _horizon(roster: Roster, quarter: str | None, start: datetime | None,
             end: datetime | None) -> Roster:
    if quarter and (start or end):
        raise click.UsageError("give --quarter or --start/--end, not both")
    if quarter:
        try:
            a, b = quarter_bounds(quarter)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        return roster.with_horizon(a, b)
    if start or end:
        a = start.date() if start else roster.horizon.start
        b = end.date() if end else roster.horizon.end
        return roster.with_horizon(a, b)
    return roster


@app.command()
@_roster_arg
def check(roster: Path) -> None:
    """Validate a roster and print a summary of what it describes."""
    from fairshift.instance import Instance

    r = load_roster(roster)
    inst = Instance(r)
    out.print(f"{r.name}: roster OK")
    out.print(f"horizon {r.horizon.start} .. {r.horizon.end} (end exclusive, {r.horizon.days} days)")
    out.print(f"{len(r.engineers)} engineers, {len(r.teams)} teams, {len(r.rotations)} rotations")
    for rot in r.rotations:
        roles = ", ".join(f"{n} {role}" for role, n in rot.roles.items())
        out.print(f"  {rot.id}: every {rot.every} at {rot.handoff} {rot.timezone}; "
                  f"{len(inst.shifts[rot.id])} shifts; {roles}; pool of {len(inst.pools[rot.id])}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the roster format."""
    from fairshift.roster.model import Roster as _Roster

    try:
        from fairshift.roster.schema import roster_json_schema

        data = roster_json_schema()
    except ImportError:  # pragma: no cover - schema module ships with the package
        data = _Roster.model_json_schema()
    out.print_json(json.dumps(data)) if out.is_terminal else print(json.dumps(data, indent=2))


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
@_roster_arg
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
    from fairshift.progress import run_solve, wants_live
    from fairshift.solver import SolveStatus
    from fairshift.solver import solve as _solve
    from fairshift.solver.pool import process_pool

    workers = workers if workers is not None else max(1, 8 // jobs)
    r = _horizon(load_roster(roster), quarter, start, end)
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


@app.command()
@_roster_arg
@click.argument("schedule", type=click.Path(path_type=Path))
def validate(roster: Path, schedule: Path) -> None:
    """Check a schedule (solved or hand-edited) against a roster; exit 3 on hard violations."""
    from fairshift.schedule import load_schedule
    from fairshift.validate import validate as _validate

    r = load_roster(roster)
    report = _validate(r, load_schedule(schedule))
    for v in report.violations:
        out.print(str(v))
    out.print(f"{len(report.hard)} hard and {len(report.soft)} soft violation(s)")
    if report.hard:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)


@app.command()
@click.argument("tickets", type=click.Path(path_type=Path))
@click.option("--policy", type=click.Path(path_type=Path), help="SLA policy YAML (default policy if absent).")
@click.option("--now", required=True, help="The reference instant, e.g. 2027-02-01T09:00Z.")
@click.option("--team", help="Only this team's tickets.")
def sla(tickets: Path, policy: Path | None, now: str, team: str | None) -> None:
    """SLA dashboard and priority queue for a CSV of tickets (``now`` is required)."""
    from fairshift.incidents.cli_support import run_sla_cli

    try:
        instant = datetime.fromisoformat(now.replace("Z", "+00:00"))
    except ValueError:
        raise click.UsageError(f"--now {now!r} is not an ISO 8601 instant") from None
    out.print(run_sla_cli(tickets, policy, instant, team=team), markup=False)


@app.command()
@_roster_arg
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--overrides", "overrides_file", required=True, type=click.Path(path_type=Path),
              help="Overrides YAML (see docs/changes.md).")
@click.option("--out", "out_file", required=True, type=click.Path(path_type=Path),
              help="Write the final schedule JSON here.")
@click.option("--strict", is_flag=True, help="Write nothing if an override breaks a hard rule.")
def override(roster: Path, schedule: Path, overrides_file: Path, out_file: Path, strict: bool) -> None:
    """Apply manual overrides to a schedule (with provenance) and re-validate it.

    Exit 3 when the overrides break a hard rule that the schedule did not break (the final
    schedule is still written unless --strict).
    """
    from fairshift.overrides import apply_overrides, load_overrides
    from fairshift.schedule import load_schedule
    from fairshift.tz import zone

    r = load_roster(roster)
    result = apply_overrides(r, load_schedule(schedule), load_overrides(overrides_file), strict=strict)
    for c in result.changes:
        rot = r.rotations_by_id[c.rotation]
        when = c.start.astimezone(zone(rot.timezone)).strftime("%a %Y-%m-%d %H:%M")
        out.print(f"#{c.override + 1} {c.rotation} {when} {rot.timezone} {c.role}: "
                  f"{c.replaces or '(empty)'} -> {c.engineer} (sequence {c.sequence})", markup=False)
    atomic_write_text(out_file, result.schedule.to_json())
    out.print(f"{len(result.changes)} seat(s) changed; schedule written to {out_file}", markup=False)
    for p in result.problems():
        out.print(str(p), markup=False)
    if not result.ok:
        out.print(f"{len(result.new_hard)} new hard violation(s)", markup=False)
        raise click.exceptions.Exit(EXIT_INFEASIBLE)


@app.command()
@_roster_arg
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--engineer", required=True, help="Whose seat needs cover.")
@click.option("--shift", "shift_start", required=True,
              help="The shift's start, e.g. 2027-02-15T09:00 (no offset: the rotation's local time).")
@click.option("--rotation", help="The rotation, when the engineer holds two shifts starting then.")
@click.option("--limit", type=click.IntRange(1, None), default=10, show_default=True,
              help="How many options to show.")
def cover(roster: Path, schedule: Path, engineer: str, shift_start: str, rotation: str | None,
          limit: int) -> None:
    """Who could take (or trade for) an engineer's shift without breaking a hard rule, fairest first."""
    from fairshift.cover import find_seat, suggest_cover
    from fairshift.instance import Instance, Plan
    from fairshift.schedule import load_schedule

    r = load_roster(roster)
    sched = load_schedule(schedule)
    shift, role = find_seat(Plan.from_schedule(Instance(r), sched), engineer, shift_start, rotation)
    options = suggest_cover(r, sched, engineer, shift.start, rotation=shift.rotation, limit=limit)
    out.print(f"{engineer} holds {role} of {shift} (until "
              f"{shift.local_end.strftime('%a %Y-%m-%d %H:%M')})", markup=False)
    if not options:
        out.print("nobody in the pool can take or trade this seat without breaking a hard rule",
                  markup=False)
        return
    table = Table(title="Cover options, fairest first (burden hours on each person's own clock)")
    for col in ("#", "kind", "candidate", f"{engineer} takes", f"Δ {engineer}", "Δ candidate",
                f"excess {engineer}", "excess cand.", "pool max excess", "pool spread"):
        table.add_column(col, justify="left" if col in ("kind", "candidate") or "takes" in col else "right")
    for i, o in enumerate(options, 1):
        traded = f"{o.traded_role} {o.traded_shift.local_start.strftime('%a %m-%d %H:%M')}" \
            if o.traded_shift is not None else "-"
        table.add_row(str(i), o.kind, o.candidate, traded, f"{o.engineer_delta:+.1f}",
                      f"{o.candidate_delta:+.1f}", f"{o.engineer_excess:+.1f}", f"{o.candidate_excess:+.1f}",
                      f"{o.pool_max_excess:+.1f}", f"{o.pool_spread:.1f}")
    out.print(table)


@app.command("ledger")
@_roster_arg
@click.argument("past", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write the history YAML snippet here (default: print it).")
def ledger_cmd(roster: Path, past: tuple[Path, ...], out_file: Path | None) -> None:
    """Carry past schedules into next quarter's history (balance = burden - fair share)."""
    from fairshift.ledger import apply_ledger, history_yaml, ledger
    from fairshift.schedule import load_schedule

    r = load_roster(roster)
    book = ledger(r, [load_schedule(p) for p in past])
    for w in book.warnings:
        err.print(f"warning: {w}", markup=False)
    nxt = apply_ledger(r, book)
    table = Table(title="Fairness ledger (hours on each person's own clock)")
    for col in ("engineer", "seats", "shadow", "burden", "fair share", "balance", "history now",
                "history next"):
        table.add_column(col, justify="left" if col == "engineer" else "right")
    for eng in nxt.engineers:
        rows = [en for en in book.entries if en.engineer == eng.id]
        now = r.engineers_by_id[eng.id].history.burden
        table.add_row(eng.id, str(sum(en.shifts for en in rows)), str(sum(en.shadow_shifts for en in rows)),
                      f"{sum(en.burden for en in rows):.1f}", f"{sum(en.fair_share for en in rows):.1f}",
                      f"{book.balance.get(eng.id, 0.0):+.1f}" if rows else "-",
                      f"{now:.1f}", f"{eng.history.burden:.1f}")
    out.print(table)
    snippet = history_yaml(nxt, comment="history for the next quarter: fairshift ledger "
                           + " ".join(str(p) for p in past))
    if out_file is None:
        out.print(snippet, markup=False, end="")
    else:
        atomic_write_text(out_file, snippet)
        out.print(f"history written to {out_file}", markup=False)


def _instant(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.UsageError(f"{option} {value!r} is not an ISO 8601 instant") from None
    if parsed.tzinfo is None:
        raise click.UsageError(f"{option} {value!r} needs a UTC offset, e.g. 2027-01-01T00:00Z")
    return parsed


@app.command("export")
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--roster", "roster_file", type=click.Path(path_type=Path),
              help="Roster YAML (names, zones, metrics); required for csv, markdown and html.")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ics", "csv", "json", "pagerduty", "markdown", "html"]),
              help="Output format.")
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write here (atomically); default: standard output.")
@click.option("--engineer", help="Only this engineer's seats.")
@click.option("--rotation", help="Only this rotation.")
@click.option("--previous", type=click.Path(path_type=Path),
              help="ics/json: the previously exported schedule; SEQUENCE grows where the assignee changed.")
@click.option("--role", default="primary", show_default=True, help="pagerduty: the role to export.")
@click.option("--user-map", type=click.Path(path_type=Path),
              help="pagerduty: YAML of engineer id -> PagerDuty user id (default: the engineer id).")
@click.option("--raw", is_flag=True, help="csv: do not neutralise formula-like cells.")
@click.option("--stamp", help="ics: DTSTAMP as an ISO 8601 instant (default: now).")
def export(schedule: Path, roster_file: Path | None, fmt: str, out_file: Path | None, engineer: str | None,
           rotation: str | None, previous: Path | None, role: str, user_map: Path | None, raw: bool,
           stamp: str | None) -> None:
    """Export a schedule as iCalendar, CSV, JSON, PagerDuty overrides, Markdown or HTML."""
    from datetime import UTC

    from fairshift.exports import NEEDS_ROSTER, export_schedule, load_user_map
    from fairshift.schedule import load_schedule

    if fmt in NEEDS_ROSTER and roster_file is None:
        raise click.UsageError(f"--format {fmt} needs --roster")
    when = _instant(stamp, "--stamp") or datetime.now(UTC)
    text = export_schedule(
        load_schedule(schedule), fmt, out=out_file,
        roster=load_roster(roster_file) if roster_file is not None else None,
        engineer=engineer, rotation=rotation,
        previous=load_schedule(previous) if previous is not None else None, role=role,
        user_map=load_user_map(user_map) if user_map is not None else None, raw=raw, stamp=when)
    if out_file is None:
        sys.stdout.write(text)
    else:
        err.print(f"{fmt} written to {out_file}", markup=False)


@app.command()
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--roster", "roster_file", required=True, type=click.Path(path_type=Path), help="Roster YAML.")
@click.option("--plots", "plots_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write PNG plots into this folder.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), help="Report format.")
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write the report here (atomically); default: standard output.")
@click.option("--engineer", help="Only this engineer in the report.")
@click.option("--rotation", help="Only this rotation (and its pool) in the report.")
def report(schedule: Path, roster_file: Path, plots_dir: Path | None, fmt: str | None, out_file: Path | None,
           engineer: str | None, rotation: str | None) -> None:
    """A fairness report of a schedule (Markdown or HTML) and plots (PNG)."""
    from fairshift.exports import export_schedule, write_plots
    from fairshift.schedule import load_schedule

    sched = load_schedule(schedule)
    r = load_roster(roster_file)
    if fmt is None and out_file is not None:
        fmt = "html" if out_file.suffix.lower() in (".html", ".htm") else "markdown"
    if fmt is None and plots_dir is None:
        fmt = "markdown"
    if fmt is not None:
        text = export_schedule(sched, fmt, out=out_file, roster=r, engineer=engineer, rotation=rotation)
        if out_file is None:
            sys.stdout.write(text)
        else:
            print(out_file)
    if plots_dir is not None:
        for plot in write_plots(sched, r, plots_dir):
            print(plot.path)


@app.command("explain")
@_roster_arg
@click.option("--time-limit", type=float, default=60.0, show_default=True, help="Seconds for the search.")
def explain_cmd(roster: Path, time_limit: float) -> None:
    """Explain why a roster cannot be scheduled (exit 3 when it cannot, 0 when it can)."""
    from fairshift.solver.explain import explain

    why = explain(load_roster(roster), time_limit=time_limit)
    out.print(str(why), markup=False)
    if not why.feasible:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)


@app.command("replan")
@_roster_arg
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

    from fairshift.replan import replan
    from fairshift.schedule import load_schedule

    try:
        when: _date | datetime = (datetime.fromisoformat(freeze_until.replace("Z", "+00:00"))
                                  if "T" in freeze_until else _date.fromisoformat(freeze_until))
    except ValueError:
        raise click.UsageError(f"--freeze-until {freeze_until!r} is not a date or ISO instant") from None
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


def _exit_code(exc: FairshiftError) -> int:
    if isinstance(exc, InternalError):
        return EXIT_INTERNAL
    if isinstance(exc, InfeasibleError):
        return EXIT_INFEASIBLE
    if isinstance(exc, SolverError):
        return EXIT_NO_SOLUTION
    return EXIT_INPUT


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map errors to exit codes."""
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="fairshift")
    except click.exceptions.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        return 130
    except InternalError:
        raise
    except FairshiftError as exc:
        if isinstance(exc, RosterError):
            err.print(str(exc), markup=False)
        else:
            err.print(f"error: {exc}", markup=False)
        return _exit_code(exc)
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

