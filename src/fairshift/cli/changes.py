"""Changes after publishing: ``override``, ``cover`` and ``ledger``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from fairshift.cli.base import EXIT_INFEASIBLE, app, err, out, out_path, roster_arg
from fairshift.domain.schedule import Schedule
from fairshift.io.files import atomic_write_text
from fairshift.io.roster import load_roster

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fairshift.domain.instance import Plan
    from fairshift.domain.roster import History, Roster
    from fairshift.domain.shifts import Shift
    from fairshift.workflows.cover import CoverOption


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

    Prints the fairness before and after (also written into the schedule as ``fairness_change``).

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
    final = result.schedule
    if result.fairness is not None:
        for line in result.fairness.lines():
            out.print(line, markup=False)
        change = {"command": "override", **result.fairness.as_dict()}
        final = Schedule.model_validate({**final.model_dump(mode="json"), "fairness_change": change})
    atomic_write_text(out_file, final.to_json())
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
              help="The shift's start, e.g. 2027-02-15T09:00 (no offset: the rotation's local time), or "
                   "`next`: the engineer's next seat from --now.")
@click.option("--rotation", help="The rotation, when the engineer holds two shifts starting then.")
@click.option("--now", "now_text",
              help="An instant (e.g. 2027-02-01T09:00Z): `--shift next` counts from it and trades offer "
                   "only seats starting at or after it.  [default: the current time]")
@click.option("--within", help="Trades only with seats starting within this of the seat, e.g. 14d or 2w.")
@click.option("--limit", type=click.IntRange(1, None), default=10, show_default=True,
              help="How many options to show.")
@click.option("--write", "write_file", type=click.Path(path_type=Path),
              help="Write option --pick as an overrides file for `fairshift override`.")
@click.option("--pick", type=click.IntRange(1, None), default=1, show_default=True,
              help="The option whose fairness is shown before and after, and that --write writes.")
@click.option("--reason", help="The reason --write records.  [default: cover for ENGINEER]")
@click.option("--json", "as_json", is_flag=True, help="Print the options and their fairness as JSON.")
def cover(roster: Path, schedule: Path, engineer: str, shift_start: str, rotation: str | None,
          now_text: str | None, within: str | None, limit: int, write_file: Path | None, pick: int,
          reason: str | None, as_json: bool) -> None:
    """Who could take (or trade for) an engineer's shift without breaking a hard rule, fairest first.

    People an override marks unavailable for that time are skipped. Exit 3 with --write when
    nobody can take the seat.
    """
    from fairshift.cli.base import instant_option
    from fairshift.domain.instance import Instance, Plan
    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.cover import (
        find_seat,
        next_seat,
        skipped_by_overrides,
        suggest_cover,
    )

    r = load_roster(roster)
    sched = load_schedule(schedule)
    plan = Plan.from_schedule(Instance(r), sched)
    now = instant_option(now_text, "--now") or datetime.now(UTC)
    if shift_start.strip().lower() == "next":
        shift, role = next_seat(plan, engineer, now, rotation)
    else:
        shift, role = find_seat(plan, engineer, shift_start, rotation)
    window = _duration(within, "--within") if within is not None else None
    options = suggest_cover(r, sched, engineer, shift.start, rotation=shift.rotation, limit=limit,
                            within=window, not_before=now)
    skipped = skipped_by_overrides(r, sched, engineer, shift.start, rotation=shift.rotation)
    chosen = options[pick - 1] if len(options) >= pick else None
    if as_json:
        print(json.dumps(_cover_json(plan, shift, role, engineer, options, skipped), indent=2))
    else:
        _print_cover(plan, shift, role, engineer, options, skipped, pick)
    if write_file is not None:
        if chosen is None:
            err.print(f"nothing written: there is no option #{pick}", markup=False)
            raise click.exceptions.Exit(EXIT_INFEASIBLE)
        _write_cover(write_file, chosen, reason or f"cover for {engineer}", pick)


@app.command("ledger")
@roster_arg
@click.argument("past", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write the history YAML snippet here (default: print it).")
@click.option("--apply", "apply_file", type=click.Path(path_type=Path),
              help="Write the history into this roster file (next quarter's), atomically, keeping its "
                   "comments and layout.")
def ledger_cmd(roster: Path, past: tuple[Path, ...], out_file: Path | None, apply_file: Path | None) -> None:
    """Carry past schedules into next quarter's history (balance = burden - fair share).

    With --apply, each engineer's history in that roster becomes their history there plus the
    ledger (re-based per group of rotations); run it once per past schedule.
    """
    from fairshift.io.schedule import load_schedule
    from fairshift.workflows.ledger import apply_ledger, history_yaml, ledger

    out_path(out_file)
    r = load_roster(roster)
    book = ledger(r, [load_schedule(p) for p in past])
    for w in book.warnings:
        err.print(f"warning: {w}", markup=False)
    target = load_roster(apply_file) if apply_file is not None else r
    nxt = apply_ledger(target, book)
    table = Table(title="Fairness ledger (hours on each person's own clock)")
    for col in ("engineer", "seats", "shadow", "burden", "fair share", "balance", "history now",
                "history next"):
        table.add_column(col, justify="left" if col == "engineer" else "right")
    for eng in nxt.engineers:
        rows = [en for en in book.entries if en.engineer == eng.id]
        now = target.engineers_by_id[eng.id].history.burden
        table.add_row(eng.id, str(sum(en.shifts for en in rows)), str(sum(en.shadow_shifts for en in rows)),
                      f"{sum(en.burden for en in rows):.1f}", f"{sum(en.fair_share for en in rows):.1f}",
                      f"{book.balance.get(eng.id, 0.0):+.1f}" if rows else "-",
                      f"{now:.1f}", f"{eng.history.burden:.1f}")
    out.print(table)
    snippet = history_yaml(nxt, comment="history for the next quarter: fairshift ledger "
                           + " ".join(str(p) for p in past))
    if apply_file is not None:
        _apply_history(apply_file, nxt, book)
        if out_file is None:
            return
    if out_file is None:
        out.print(snippet, markup=False, end="")
    else:
        atomic_write_text(out_file, snippet)
        out.print(f"history written to {out_file}", markup=False)


def _duration(text: str, option: str) -> timedelta:
    from fairshift.incidents.durations import parse_duration
    from fairshift.incidents.errors import IncidentError

    try:
        return parse_duration(text)
    except IncidentError as exc:
        raise click.UsageError(f"{option}: {exc}") from None


def _option_row(o: CoverOption) -> dict[str, Any]:
    return {"kind": o.kind, "candidate": o.candidate,
            "traded_shift": o.traded_shift.key if o.traded_shift is not None else None,
            "traded_role": o.traded_role, "engineer_delta": round(o.engineer_delta, 2),
            "candidate_delta": round(o.candidate_delta, 2), "pool_max_excess": round(o.pool_max_excess, 2),
            "pool_spread": round(o.pool_spread, 2)}


def _cover_json(plan: Plan, shift: Shift, role: str, engineer: str, options: list[CoverOption],
                skipped: dict[str, str]) -> dict[str, Any]:
    from fairshift.workflows.compare import compare
    from fairshift.workflows.cover import moved_plan

    rows = [{**_option_row(o), "fairness": compare(plan, moved_plan(plan, o)).as_dict()} for o in options]
    return {"engineer": engineer, "shift": shift.key, "role": role, "options": rows,
            "skipped": [{"engineer": e, "override_reason": why} for e, why in skipped.items()]}


def _print_cover(plan: Plan, shift: Shift, role: str, engineer: str, options: list[CoverOption],
                 skipped: dict[str, str], pick: int) -> None:
    from fairshift.workflows.compare import compare
    from fairshift.workflows.cover import moved_plan

    out.print(f"{engineer} holds {role} of {shift} (until "
              f"{shift.local_end.strftime('%a %Y-%m-%d %H:%M')})", markup=False)
    for e, why in skipped.items():
        out.print(f"  skipped {e}: an override took them off a seat at that time ({why})", markup=False)
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
    if len(options) >= pick:
        o = options[pick - 1]
        out.print(f"option #{pick} ({o.kind} {o.candidate}), whole schedule:", markup=False)
        for line in compare(plan, moved_plan(plan, o)).lines():
            out.print(f"  {line}", markup=False)


def _write_cover(path: Path, option: CoverOption, reason: str, pick: int) -> None:
    from fairshift.workflows.cover import overrides_yaml

    comment = (f"fairshift cover: option #{pick} for {option.engineer}'s {option.role} of {option.shift} "
               f"({option.kind} {option.candidate})")
    atomic_write_text(path, overrides_yaml(option.overrides(reason), comment=comment))
    out.print(f"overrides written to {path} (apply them with fairshift override)", markup=False)


def _apply_history(path: Path, roster: Roster, book: Mapping[str, History]) -> None:
    """Write ``roster``'s histories into the roster file at ``path`` (see io.roster_edit)."""
    from fairshift.io.files import read_text_file
    from fairshift.io.roster_edit import set_histories

    text = read_text_file(path, "roster")
    for e in sorted(set(book) - set(roster.engineers_by_id)):
        err.print(f"warning: {e} is not in {path}; their history is not written", markup=False)
    histories = {e.id: e.history for e in roster.engineers}
    atomic_write_text(path, set_histories(text, histories, file=str(path)))
    out.print(f"history of {len(histories)} engineer(s) written into {path}", markup=False)
