"""Changes after publishing: ``override``, ``cover`` and ``ledger``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from fairshift.cli.base import EXIT_INFEASIBLE, app, err, out, out_path, roster_arg
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster


@app.command()
@roster_arg
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
    from fairshift.io.overrides import load_overrides
    from fairshift.io.schedule import load_schedule
    from fairshift.time.tz import zone
    from fairshift.workflows.overrides import apply_overrides

    out_path(out_file)
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
@roster_arg
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
    from fairshift.domain.instance import Instance, Plan
    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.cover import find_seat, suggest_cover

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
@roster_arg
@click.argument("past", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write the history YAML snippet here (default: print it).")
def ledger_cmd(roster: Path, past: tuple[Path, ...], out_file: Path | None) -> None:
    """Carry past schedules into next quarter's history (balance = burden - fair share)."""
    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.ledger import apply_ledger, history_yaml, ledger

    out_path(out_file)
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

