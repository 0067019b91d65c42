"""Pager tools: ``fairshift import``, ``fairshift audit`` and ``fairshift push``."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from fairshift.cli.base import EXIT_INPUT, app, err, instant_option, out
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster

IMPORT_FORMATS = ("ics", "pagerduty", "opsgenie", "goalert", "grafana")
PUSH_TARGETS = ("pagerduty", "opsgenie", "goalert", "grafana")
_DATE = click.DateTime(["%Y-%m-%d"])


def _read(source: str) -> str:
    """A file, ``-`` for standard input, or an http(s) URL (an iCalendar feed: no token is sent)."""
    if source == "-":
        return sys.stdin.read()
    if source.startswith(("https://", "http://")):
        from fairshift.integrations.http import ApiClient, ApiRequest

        with ApiClient(source) as api:
            body = api.send(ApiRequest("GET", "")).body
        return body if isinstance(body, str) else json.dumps(body)
    from fairshift.io.files import read_text_file

    return read_text_file(source, "import source")


@app.command("import")
@click.argument("format", metavar="FORMAT", type=click.Choice(IMPORT_FORMATS))
@click.argument("source")
@click.option("--roster", "roster_file", required=True, type=click.Path(path_type=Path), help="Roster YAML.")
@click.option("--rotation", help="The rotation the source is for (fairshift's own calendar names it).")
@click.option("--role", default="primary", show_default=True, help="The role the source is for.")
@click.option("--start", type=_DATE, help="First local date to import (default: the roster's horizon).")
@click.option("--end", type=_DATE, help="Local date after the last one to import (exclusive).")
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write the schedule JSON here (atomically); default: standard output.")
@click.option("--strict", is_flag=True, help="Exit 1 (and write nothing) if any problem was found.")
def import_cmd(format: str, source: str, roster_file: Path, rotation: str | None, role: str,
               start: datetime | None, end: datetime | None, out_file: Path | None, strict: bool) -> None:
    """Read who was on call when from a pager tool into a fairshift schedule JSON.

    SOURCE is a file, - (standard input) or an iCalendar feed URL. Every unknown person, gap,
    overlap and split shift is printed on standard error and kept in the schedule.
    """
    from fairshift.integrations.sources import import_schedule

    if start and end and end <= start:
        raise click.UsageError("--end must be after --start")
    roster = load_roster(roster_file)
    result = import_schedule(format, _read(source), roster, rotation=rotation, role=role, source=source,
                             start=start.date() if start else None, end=end.date() if end else None)
    for note in result.notes:
        err.print(f"note: {note}", markup=False, highlight=False)
    for p in result.problems:
        err.print(f"{p.kind}: {p.message}", markup=False, highlight=False)
    assigned = sum(len(s.assignments) for s in result.schedule.shifts)
    err.print(f"imported {assigned} seat(s) on {len(result.schedule.shifts)} shift(s); "
              f"{len(result.problems)} problem(s)", markup=False)
    if strict and result.problems:
        raise click.exceptions.Exit(EXIT_INPUT)
    text = result.schedule.to_json()
    if out_file is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out_file, text)
        err.print(f"schedule written to {out_file}", markup=False)


@app.command("audit")
@click.argument("roster", type=click.Path(path_type=Path))
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds for fairshift's own solve of the same period.")
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True, help="CP-SAT workers.")
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
@click.option("--no-solve", is_flag=True, help="Only the audit of the schedule, no side-by-side solve.")
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write the Markdown page here (atomically); default: standard output.")
def audit_cmd(roster: Path, schedule: Path, time_limit: float, workers: int, seed: int, no_solve: bool,
              out_file: Path | None) -> None:
    """How fair is a schedule (e.g. one imported from a pager tool), next to what solve would give."""
    from fairshift.exports.common import fit_roster
    from fairshift.integrations.audit import audit, to_markdown
    from fairshift.io.schedule import load_schedule

    r = load_roster(roster)
    sched = load_schedule(schedule)
    proposed, status = None, ""
    if not no_solve:
        from fairshift.solver import solve

        err.print(f"solving the same period for comparison (time limit {time_limit:g} s)", markup=False)
        result = solve(fit_roster(r, sched), time_limit=time_limit, workers=workers, seed=seed)
        proposed, status = result.schedule, str(result.status.value)
        if proposed is None:
            err.print(f"no fairshift schedule to compare with (status {status})", markup=False)
    text = to_markdown(audit(r, sched, proposed=proposed, proposed_status=status))
    if out_file is None:
        out.print(text, markup=False, highlight=False, end="")
    else:
        atomic_write_text(out_file, text)
        err.print(f"audit written to {out_file}", markup=False)


@app.command("push")
@click.argument("tool", type=click.Choice(PUSH_TARGETS))
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--roster", "roster_file", required=True, type=click.Path(path_type=Path),
              help="Roster YAML with the tool's user ids and schedules (rotations[].pager).")
@click.option("--rotation", help="Only this rotation.")
@click.option("--role", help="Only this role.")
@click.option("--dry-run", is_flag=True, help="Print exactly the requests (or files) and send nothing.")
@click.option("--state", "state_file", type=click.Path(path_type=Path),
              help="pagerduty/opsgenie: the JSON file of overrides fairshift created (required unless "
                   "--dry-run).")
@click.option("--now", help="Seats ending before this instant are left alone (default: now).")
@click.option("--api-url", help="The API's base URL (goalert: required, your GoAlert's address).")
@click.option("--region", type=click.Choice(["us", "eu"]),
              help="opsgenie: the API host's region.  [default: us]")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              help="grafana: write one .ics per rotation and role here.")
def push_cmd(tool: str, schedule: Path, roster_file: Path, rotation: str | None, role: str | None,
             dry_run: bool, state_file: Path | None, now: str | None, api_url: str | None, region: str | None,
             out_dir: Path | None) -> None:
    """Push a solved schedule into a pager tool (overrides, a temporary schedule, or iCal files).

    Tokens come only from the environment: PAGERDUTY_TOKEN, OPSGENIE_API_KEY, GOALERT_TOKEN.
    """
    from fairshift.integrations import goalert, grafana, opsgenie, pagerduty
    from fairshift.integrations.push import PushReport, PushState
    from fairshift.io.schedule import load_schedule

    _refuse_unused(tool, state_file=state_file, api_url=api_url, region=region, out_dir=out_dir)
    if tool in ("pagerduty", "opsgenie") and state_file is None and not dry_run:
        raise click.UsageError(f"push {tool} needs --state FILE: it remembers the overrides fairshift "
                               "created, so that a push never stacks them or touches anyone else's")
    if tool == "goalert" and api_url is None:
        raise click.UsageError("push goalert needs --api-url, your GoAlert's address")
    if tool == "grafana" and out_dir is None:
        raise click.UsageError("push grafana needs --out-dir, where to write the calendars")
    when = instant_option(now, "--now") or datetime.now(UTC)
    r = load_roster(roster_file)
    sched = load_schedule(schedule)
    report: PushReport
    if tool == "grafana":
        assert out_dir is not None
        report = grafana.push(sched, r, out_dir=out_dir, now=when, dry_run=dry_run, rotation=rotation,
                              role=role, stamp=when)
    elif tool == "goalert":
        assert api_url is not None
        with goalert.client(api_url) as api:
            report = goalert.push(sched, r, now=when, api=api, dry_run=dry_run, rotation=rotation, role=role)
    else:
        state = PushState.load(state_file, tool)
        module = pagerduty if tool == "pagerduty" else opsgenie
        api = (pagerduty.client(api_url or pagerduty.API_URL) if tool == "pagerduty"
               else opsgenie.client(region or "us", api_url))
        with api:
            try:
                report = module.push(sched, r, now=when, state=state, api=api, dry_run=dry_run,
                                     rotation=rotation, role=role)
            finally:
                if state_file is not None and not dry_run:
                    state.save(state_file)
        if dry_run:
            for request in report.requests:
                out.print(api.describe(request) + "\n", markup=False, highlight=False)
    if tool == "goalert" and dry_run:
        for request in report.requests:
            out.print(api.describe(request) + "\n", markup=False, highlight=False)
    for note in report.notes:
        err.print(f"note: {note}", markup=False)
    for failure in report.failures:
        err.print(f"error: {failure}", markup=False)
    err.print(report.summary() if tool != "grafana" or report.dry_run else
              f"grafana: wrote {len(report.files)} calendar(s)", markup=False)
    if report.failures:
        raise click.exceptions.Exit(EXIT_INPUT)


def _refuse_unused(tool: str, **given: object) -> None:
    uses = {"state_file": ("pagerduty", "opsgenie"), "api_url": ("pagerduty", "opsgenie", "goalert"),
            "region": ("opsgenie",), "out_dir": ("grafana",)}
    for name, value in given.items():
        if value is not None and tool not in uses[name]:
            flag = "--" + name.replace("_file", "").replace("_", "-")
            raise click.UsageError(f"{flag} is not used by push {tool} (only by {', '.join(uses[name])})")
