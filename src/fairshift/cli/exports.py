"""Exports and reports: ``fairshift export`` and ``fairshift report``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from fairshift.cli.base import app, err, instant_option, out_path
from fairshift.io.roster import load_roster


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
@click.option("--role", help="ics/csv/json/pagerduty: only this role's seats.  [default: all; pagerduty: "
                             "primary]")
@click.option("--user-map", type=click.Path(path_type=Path),
              help="pagerduty: YAML of engineer id -> PagerDuty user id (default: the engineer id).")
@click.option("--raw", is_flag=True, help="csv: do not neutralise formula-like cells.")
@click.option("--stamp", help="ics: DTSTAMP as an ISO 8601 instant (default: now).")
def export(schedule: Path, roster_file: Path | None, fmt: str, out_file: Path | None, engineer: str | None,
           rotation: str | None, previous: Path | None, role: str | None, user_map: Path | None, raw: bool,
           stamp: str | None) -> None:
    """Export a schedule as iCalendar, CSV, JSON, PagerDuty overrides, Markdown or HTML.

    An option that the format does not use is refused (exit 2) rather than ignored.
    """
    from datetime import UTC

    from fairshift.exports import NEEDS_ROSTER, OPTION_FORMATS, export_schedule, load_user_map
    from fairshift.io.schedule import load_schedule

    given = {"previous": previous, "role": role, "user_map": user_map, "raw": raw or None, "stamp": stamp}
    for name, value in given.items():
        if value is not None and fmt not in OPTION_FORMATS[name]:
            raise click.UsageError(f"--{name.replace('_', '-')} is not used by --format {fmt} "
                                   f"(only by {', '.join(OPTION_FORMATS[name])})")
    if fmt in NEEDS_ROSTER and roster_file is None:
        raise click.UsageError(f"--format {fmt} needs --roster")
    out_path(out_file)
    when = (instant_option(stamp, "--stamp") or datetime.now(UTC)) if fmt == "ics" else None
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
    from fairshift.io.schedule import load_schedule

    out_path(out_file)
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

