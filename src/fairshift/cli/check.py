"""Commands about a roster and its schedules without solving: check, schema, validate, explain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from fairshift.cli.base import EXIT_INFEASIBLE, app, out, roster_arg
from fairshift.io.roster import load_roster

if TYPE_CHECKING:
    from fairshift.domain.roster import Roster


@app.command()
@roster_arg
def check(roster: Path) -> None:
    """Validate a roster and print a summary of what it describes."""
    from fairshift.domain.instance import Instance

    r = load_roster(roster)
    inst = Instance(r)
    out.print(f"{r.name}: roster OK")
    out.print(f"horizon {r.horizon.start} .. {r.horizon.end} (end exclusive, {r.horizon.days} days)")
    out.print(f"{len(r.engineers)} engineers, {len(r.teams)} teams, {len(r.rotations)} rotations")
    for rot in r.rotations:
        roles = ", ".join(f"{n} {role}" for role, n in rot.roles.items())
        out.print(f"  {rot.id}: every {rot.every} at {rot.handoff} {rot.timezone}; "
                  f"{len(inst.shifts[rot.id])} shifts; {roles}; pool of {len(inst.pools[rot.id])}")
    _presets(r)


def _presets(r: Roster) -> None:
    """What the roster's presets turned on (``rules.preset``), and what it overrode."""
    from fairshift.rules.presets import report

    for line in report(r.rules):
        out.print(line, markup=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the roster format."""
    from fairshift.domain.roster import Roster as _Roster

    try:
        from fairshift.io.schema import roster_json_schema

        data = roster_json_schema()
    except ImportError:  # pragma: no cover - schema module ships with the package
        data = _Roster.model_json_schema()
    out.print_json(json.dumps(data)) if out.is_terminal else print(json.dumps(data, indent=2))



@app.command()
@roster_arg
@click.argument("schedule", type=click.Path(path_type=Path))
def validate(roster: Path, schedule: Path) -> None:
    """Check a schedule (solved or hand-edited) against a roster; exit 3 on hard violations."""
    from fairshift.check.validate import validate as _validate
    from fairshift.io.schedule import load_schedule

    r = load_roster(roster)
    report = _validate(r, load_schedule(schedule))
    for v in report.violations:
        out.print(str(v))
    out.print(f"{len(report.hard)} hard and {len(report.soft)} soft violation(s)")
    if report.hard:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)



@app.command("explain")
@roster_arg
@click.option("--time-limit", type=float, default=60.0, show_default=True, help="Seconds for the search.")
def explain_cmd(roster: Path, time_limit: float) -> None:
    """Explain why a roster cannot be scheduled (exit 3 when it cannot, 0 when it can)."""
    from fairshift.solver.explain import explain

    why = explain(load_roster(roster), time_limit=time_limit)
    out.print(str(why), markup=False)
    if not why.feasible:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)

