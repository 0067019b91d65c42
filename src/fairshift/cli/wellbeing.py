"""What people live with: ``fairshift pay``, ``fairshift triage-slot`` and ``fairshift handoff``."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import click
from rich.table import Table

from fairshift.cli.base import app, err, instant_option, out, roster_arg
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _emit(text: str, out_file: Path | None, what: str) -> None:
    if out_file is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out_file, text)
        err.print(f"{what} written to {out_file}", markup=False)


def _format(fmt: str | None, out_file: Path | None, default: str) -> str:
    if fmt is not None:
        return fmt
    if out_file is not None:
        suffix = out_file.suffix.lower()
        return {".csv": "csv", ".html": "html", ".htm": "html", ".json": "json"}.get(suffix, default)
    return default


@app.command()
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--roster", "roster_file", required=True, type=click.Path(path_type=Path), help="Roster YAML.")
@click.option("--rates", "rates_file", required=True, type=click.Path(path_type=Path),
              help="Pay rates YAML (see docs/wellbeing.md).")
@click.option("--format", "fmt", type=click.Choice(["csv", "markdown", "html"]),
              help="Output format (default: from --out's suffix, else markdown).")
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write here (atomically); default: standard output.")
@click.option("--start", type=_DATE, help="Pay period start, YYYY-MM-DD (each engineer's local date).")
@click.option("--end", type=_DATE, help="Pay period end (exclusive).")
@click.option("--role", "roles", multiple=True, help="Only seats of this role (repeatable; default: all).")
@click.option("--engineer", help="Only this engineer.")
def pay(schedule: Path, roster_file: Path, rates_file: Path, fmt: str | None, out_file: Path | None,
        start: datetime | None, end: datetime | None, roles: tuple[str, ...], engineer: str | None) -> None:
    """On-call hours by category on each person's own clock, and what they earn."""
    from fairshift.exports.pay import render_pay
    from fairshift.io.pay import load_pay_rates
    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.pay import pay_report

    if (start is None) != (end is None):
        raise click.UsageError("give both --start and --end (a pay period), or neither")
    period = (start.date(), end.date()) if start is not None and end is not None else None
    if period is not None and period[1] <= period[0]:
        raise click.UsageError(f"--end {period[1]} must be after --start {period[0]}")
    r = load_roster(roster_file)
    if engineer is not None and engineer not in r.engineers_by_id:
        from fairshift.text import unknown

        raise click.UsageError(unknown("engineer", engineer, r.engineer_aliases))
    report = pay_report(r, load_schedule(schedule), load_pay_rates(rates_file, r), period=period,
                        roles=roles or None, engineer=engineer)
    _emit(render_pay(report, _format(fmt, out_file, "markdown")), out_file, "pay report")


def _weekdays(text: str) -> frozenset[int]:
    from fairshift.time.timeparse import WEEKDAYS

    days = [d.strip().lower()[:3] for d in text.split(",") if d.strip()]
    bad = [d for d in days if d not in WEEKDAYS]
    if bad or not days:
        raise click.UsageError(f"--days {text!r}: write weekdays like mon,tue,wed,thu,fri")
    return frozenset(WEEKDAYS.index(d) for d in days)


@app.command("triage-slot")
@roster_arg
@click.option("--schedule", "schedule_file", type=click.Path(path_type=Path),
              help="Schedule JSON: each day's people are those on call that day.")
@click.option("--engineer", "engineers", multiple=True, help="A named person (repeatable), instead of or "
              "besides the schedule's.")
@click.option("--rotation", "rotations", multiple=True,
              help="With --schedule: only this rotation (repeatable).")
@click.option("--role", "roles", multiple=True, help="With --schedule: only this role (repeatable).")
@click.option("--start", type=_DATE, help="First date, YYYY-MM-DD (default: the horizon's).")
@click.option("--end", type=_DATE, help="Date after the last one (default: the horizon's end).")
@click.option("--minutes", type=click.IntRange(1, 1440), default=30, show_default=True,
              help="Meeting length.")
@click.option("--step", type=click.IntRange(1, 1440), default=15, show_default=True,
              help="Candidate starts every this many minutes from local midnight.")
@click.option("--timezone", "tz", default="UTC", show_default=True,
              help="Zone of the dates and of the window shown.")
@click.option("--days", "days_text", default="mon,tue,wed,thu,fri", show_default=True,
              help="Weekdays (of --timezone) to plan a meeting on.")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table",
              show_default=True, help="Output format.")
def triage_slot(roster: Path, schedule_file: Path | None, engineers: tuple[str, ...],
                rotations: tuple[str, ...], roles: tuple[str, ...], start: datetime | None,
                end: datetime | None, minutes: int, step: int, tz: str, days_text: str, fmt: str) -> None:
    """The best daily meeting window inside everyone's working hours, on their own clocks.

    Exit 0 also when some days have no common slot: they are listed with the least-bad window.
    """
    from fairshift.errors import TimeError
    from fairshift.exports.triage import TRIAGE_HEADER, triage_json, triage_markdown, triage_rows
    from fairshift.text import unknown
    from fairshift.time.tz import zone
    from fairshift.workflows.triage import on_call_by_day, runs, triage_slots

    if schedule_file is None and not engineers:
        raise click.UsageError("give --schedule (the people on call) or --engineer (a named set)")
    try:
        zone(tz)
    except TimeError as exc:
        raise click.UsageError(f"--timezone: {exc}") from None
    r = load_roster(roster)
    for e in engineers:
        if e not in r.engineers_by_id:
            raise click.UsageError(f"--engineer: {unknown('engineer', e, r.engineer_aliases)}")
    first = start.date() if start else r.horizon.start
    stop = end.date() if end else r.horizon.end
    wanted = _weekdays(days_text)
    days = [first + timedelta(days=i) for i in range((stop - first).days)]
    days = [d for d in days if d.weekday() in wanted]
    people: dict[date, list[str]] = {d: list(engineers) for d in days}
    if schedule_file is not None:
        from fairshift.io.schedule import load_schedule

        found = on_call_by_day(r, load_schedule(schedule_file), days, timezone=tz, roles=roles or None,
                               rotations=rotations or None)
        for d, engs in found.items():
            people[d] += [e.id for e in engs if e.id not in people[d]]
    result = triage_slots({d: [r.engineer(e) for e in ids] for d, ids in people.items()},
                          minutes=minutes, timezone=tz, step=step)
    if fmt == "json":
        sys.stdout.write(triage_json(result))
    elif fmt == "markdown":
        sys.stdout.write(triage_markdown(result, tz))
    else:
        table = Table(title=f"Triage slot, {minutes} min (windows in {tz})")
        for col in TRIAGE_HEADER:
            table.add_column(col)
        for row in triage_rows(result, tz):
            table.add_row(*row)
        out.print(table)
        for run in runs(result, tz):
            verdict = "common slot" if run.common else "no common slot"
            out.print(f"{run.first} .. {run.last}: {run.start:%H:%M} {tz}, {verdict}", markup=False)


@app.command()
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--roster", "roster_file", type=click.Path(path_type=Path),
              help="Roster YAML (names, zones, the order of roles).")
@click.option("--at", "at_text", required=True, help="The hand-off instant, ISO 8601 with an offset.")
@click.option("--tickets", "tickets_file", type=click.Path(path_type=Path),
              help="Tickets CSV: the ones open at --at are passed on.")
@click.option("--rotation", help="Only this rotation.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "slack"]), default="markdown",
              show_default=True, help="markdown, or slack (Block Kit JSON payload).")
def handoff(schedule: Path, roster_file: Path | None, at_text: str, tickets_file: Path | None,
            rotation: str | None, fmt: str) -> None:
    """The hand-off message at an instant: who hands over to whom, open incidents, local start times."""
    from fairshift.exports.handoff import handoff_markdown, handoff_slack_json
    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.handoff import Incident
    from fairshift.workflows.handoff import handoff as build

    at = instant_option(at_text, "--at")
    assert at is not None
    incidents: list[Incident] = []
    if tickets_file is not None:
        from fairshift.incidents import load_tickets_csv

        for t in load_tickets_csv(tickets_file):
            if t.is_open(at):
                extra = [f"team {t.team}"] if t.team else []
                extra += sorted(t.labels)
                incidents.append(Incident(t.id, ", ".join([t.kind.value, *extra])))
    r = load_roster(roster_file) if roster_file is not None else None
    h = build(r, load_schedule(schedule), at, incidents=incidents, rotation=rotation)
    sys.stdout.write(handoff_slack_json(h) if fmt == "slack" else handoff_markdown(h))
