"""Commands about a roster and its schedules without solving: check, schema, validate, explain."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from fairshift.cli.base import EXIT_INFEASIBLE, SECONDS, app, out, roster_arg
from fairshift.io.roster import load_roster

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance
    from fairshift.domain.roster import Roster, Rotation


@app.command()
@roster_arg
def check(roster: Path) -> None:
    """Validate a roster and print a summary of what it describes.

    Lists every shift too few people can take (exit 3 then), notes rotations whose first shift
    starts a day or more into the horizon, and counts the seat variables of the model ``solve``
    would build (exit 1 when that is past ``FAIRSHIFT_MAX_SEATS``).
    """
    from fairshift.cli.notes import lead_in_lines, shortage_lines
    from fairshift.domain.instance import Instance
    from fairshift.domain.size import check_model_size
    from fairshift.limits import MODEL_SEATS

    r = load_roster(roster)
    inst = Instance(r)
    out.print(f"{r.name}: roster OK", markup=False)
    out.print(f"horizon {r.horizon.start} .. {r.horizon.end} (end exclusive, {r.horizon.days} days)")
    out.print(f"{len(r.engineers)} engineers, {len(r.teams)} teams, {len(r.rotations)} rotations")
    for rot in r.rotations:
        roles = ", ".join(f"{n} {role}" for role, n in rot.roles.items())
        out.print(f"  {rot.id}: {rot.pattern} {rot.timezone}; "
                  f"{len(inst.shifts[rot.id])} shifts; {roles}; {_pool(inst, rot)}", markup=False)
    out.print(f"model: {check_model_size(inst):,} seat variables (the limit is {MODEL_SEATS.value():,}, "
              f"{MODEL_SEATS.env})", markup=False)
    _presets(r)
    for line in lead_in_lines(r):
        out.print(line, markup=False)
    short = shortage_lines(r)
    for line in short:
        out.print(line, markup=False)
    if short:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)


def _pool(inst: Instance, rot: Rotation) -> str:
    """The pool after the skill filter, and who the filter left out."""
    members = [e for e in inst.pools[rot.id] if e in inst.roster.engineers_by_id]
    pool = inst.eligible(rot)
    if len(pool) == len(members):
        return f"pool of {len(pool)}"
    left = [e for e in members if e not in pool]
    return (f"pool of {len(pool)} ({len(members)} members; without {', '.join(rot.requires_skills)}: "
            f"{', '.join(left)})")


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



#: violations ``validate`` prints per rule unless ``--all`` is given
PER_RULE = 20


@app.command()
@roster_arg
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--all", "show_all", is_flag=True,
              help=f"Print every violation (default: the first {PER_RULE} of each rule, then a count).")
def validate(roster: Path, schedule: Path, show_all: bool) -> None:
    """Check a schedule (solved or hand-edited) against a roster; exit 3 on hard violations.

    The schedule's own horizon is checked (a schedule solved with --quarter may differ from the
    roster's), and the output says so when it differs.
    """
    from fairshift.check.validate import validate as _validate
    from fairshift.io.schedule import load_schedule

    r = load_roster(roster)
    sched = load_schedule(schedule)
    h = sched.horizon
    if (h.start, h.end) != (r.horizon.start, r.horizon.end):
        out.print(f"note: checking the schedule's horizon {h.start} .. {h.end} (the roster's is "
                  f"{r.horizon.start} .. {r.horizon.end})", markup=False)
        r = r.with_horizon(h.start, h.end)
    report = _validate(r, sched)
    shown: Counter[str] = Counter()
    for v in report.violations:
        shown[v.rule] += 1
        if show_all or shown[v.rule] <= PER_RULE:
            out.print(str(v), markup=False)  # "[rule, hard]" is not rich markup
    for rule, count in shown.items():
        if not show_all and count > PER_RULE:
            out.print(f"... and {count - PER_RULE} more {rule} violation(s) like these "
                      "(--all prints every one)", markup=False)
    out.print(f"{len(report.hard)} hard and {len(report.soft)} soft violation(s)")
    if report.hard:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)



@app.command("explain")
@roster_arg
@click.option("--time-limit", **SECONDS, default=60.0, show_default=True, help="Seconds for the search.")
def explain_cmd(roster: Path, time_limit: float) -> None:
    """Explain why a roster cannot be scheduled (exit 3 when it cannot, 0 when it can)."""
    from fairshift.cli.notes import shortage_lines
    from fairshift.solver.explain import explain

    r = load_roster(roster)
    short = shortage_lines(r)  # every shift nobody can take, not the first few
    if short:
        for line in short:
            out.print(line, markup=False)
        raise click.exceptions.Exit(EXIT_INFEASIBLE)
    why = explain(r, time_limit=time_limit)
    out.print(str(why), markup=False)
    if not why.feasible:
        raise click.exceptions.Exit(EXIT_INFEASIBLE)

