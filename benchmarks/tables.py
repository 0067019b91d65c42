"""The benchmark runner's Markdown: one table per case group, then notes per case and method."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fairshift

if TYPE_CHECKING:
    from run import Row

__all__ = ["HEADER", "LABELS", "machine", "render", "row_notes", "table_row"]

LABELS = {"fairshift": "fairshift", "cpsat": "plain CP-SAT", "scip": "MIP (SCIP)",
          "greedy": "greedy", "round-robin": "round robin"}
SOLVERS = ("fairshift", "cpsat", "scip")
HEADER = ("| case | method | jobs×workers | wall s (median) | status / fairness | largest excess found "
          "/ bound (h) | largest shortfall (h) | hard violations | weekend-day spread raw / per "
          "availability | night-hour spread raw / per availability (h) | daylight share "
          "| max \\|seats − fair\\| | peak RSS MiB |")


def _fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _threads(row: Row, args: argparse.Namespace) -> str:
    m = row.meta
    if row.method == "fairshift":
        return f"{m.get('jobs', args.jobs)}×{m.get('workers', '?')}"
    if row.method == "cpsat":
        return f"1×{m.get('workers', '?')}"
    return "1×1"


def _status(row: Row, args: argparse.Namespace) -> str:
    m = row.meta
    if row.method not in SOLVERS:
        return "—"
    if row.failure or m.get("status") in (None, "unknown"):
        if m.get("note", "").startswith("model not built"):
            return f"model not built in {args.time_limit:g} s"
        return f"no solution in {args.time_limit:g} s"
    text = f"{m['status']} / {m['fairness_status']}"
    if m.get("fair_proven_at") is not None:
        text += f" at {m['fair_proven_at']:.1f} s"
    runs = len(m.get("all", []))
    if runs > 1:
        text += f" ({m.get('proven_runs', 0)}/{runs} proven)"
    return text


def _excess(row: Row) -> str:
    m, x = row.meta, row.metrics
    if x is None:
        return "—"
    bound = m.get("excess_bound")
    if row.method not in SOLVERS or bound is None:
        return f"{x['max_excess']:.2f} / —"
    steps = " (joint models only)" if m.get("stepwise") else ""
    return f"{x['max_excess']:.2f} / {bound / 100:.2f}{steps}"


def _mib(row: Row) -> str:
    m = row.meta
    peak = m.get("peak_kib")
    text = "—" if peak is None else f"{peak / 1024:.0f}"
    if peak is None and m.get("sampled_peak_kib"):
        text = f"≥ {m['sampled_peak_kib'] / 1024:.0f} (sampled until killed)"
    if row.method == "fairshift" and m.get("jobs", 1) > 1 and m.get("children_peak_kib"):
        text += f" (+ pool worker {m['children_peak_kib'] / 1024:.0f})"
    return text


def table_row(row: Row, args: argparse.Namespace) -> str:
    x = row.metrics
    wall = _fmt(row.wall) if row.runs else f"> {row.meta.get('killed_wall', 0):.0f}"
    wall += f" ({row.failure})" if row.failure else ""
    if x is None:
        cells = ["—"] * 6
    else:
        sun = x.get("daylight")
        share = "—" if sun is None or sun["share"] is None else f"{sun['share']:.1%} of {sun['seats']}"
        cells = [_fmt(x["max_shortfall"], 2), str(x["hard"]),
                 f"{x['weekend_days_raw']:.0f} / {x['weekend_days_scaled']:.1f}",
                 f"{x['night_hours_raw']:.1f} / {x['night_hours_scaled']:.1f}", share, _fmt(x["seat_dev"], 2)]
    return "| " + " | ".join([row.case, LABELS.get(row.method, row.method), _threads(row, args), wall,
                              _status(row, args), _excess(row), *cells, _mib(row)]) + " |"


def row_notes(row: Row) -> list[str]:
    out: list[str] = []
    m = row.meta
    who = f"{row.case} {LABELS.get(row.method, row.method)}"
    if row.failure:
        out.append(f"- {who}: {row.failure}")
    if "phases" in m and row.wall is not None:
        ph = m["phases"]
        startup = row.wall - sum(ph.values())
        out.append(f"- {who}: start-up+imports {startup:.1f} s, load roster {ph['roster']:.1f} s, "
                   f"method {ph['method']:.1f} s, write {ph['write']:.1f} s; runs "
                   f"{', '.join(f'{w:.1f}' for w in row.runs)} s")
    if m.get("steps"):
        out.append(f"  - steps: {' / '.join(m['steps'])}")
    size = m.get("size") or {}
    if size and row.method in ("cpsat", "scip"):
        out.append(f"  - model: {size.get('seat_variables', 0):,} seat variables, {size.get('rows', 0):,} "
                   f"rows, built in {m['build_seconds']:.1f} s")
    if m.get("note"):
        out.append(f"  - {m['note']}")
    if m.get("stages"):
        out.append("  - stages (value/bound; excess in 1/100 h): " + _stages(m["stages"]))
    if m.get("explanation"):
        out.append(f"  - {m['explanation']}")
    if m.get("fallbacks"):
        out.append(f"  - greedy gave up a rule: {m['fallbacks']}")
    if row.metrics:
        out += _metric_notes(row.metrics)
    return out


def _stages(stages: list[dict[str, Any]]) -> str:
    def one(s: dict[str, Any]) -> str:
        task = f"t{s['task']} " if "task" in s else ""
        value = "—" if s["value"] is None else f"{s['value']:g}"
        bound = "—" if s["bound"] is None else f"{s['bound']:g}"
        return f"{task}{s['name']} {value}/{bound} {s['status']} {s['seconds']:.1f} s"

    text = "; ".join(one(s) for s in stages[:14])
    return text + (f" (+{len(stages) - 14} more)" if len(stages) > 14 else "")


def _metric_notes(x: dict[str, Any]) -> list[str]:
    pools = ", ".join(f"{k} {v}" for k, v in sorted(x["worst_pools"].items()))
    out = [f"  - largest excess: {x['max_excess_who']}, largest shortfall: {x['max_shortfall_who']}; "
           f"holiday-hour spread {x['holiday_hours_raw']:.1f} / {x['holiday_hours_scaled']:.1f} h; "
           f"seat spread {x['seat_raw']:.0f}; off-hours total {x['off_total']:.0f} h, worst "
           f"{x['off_worst']:.0f} h ({x['off_worst_who']}); widest pools: {pools or '—'}"]
    sun = x.get("daylight")
    if sun is not None:
        out.append(f"  - follow-the-sun: {sun['daylight']} of {sun['seats']} seats on the daylight side; "
                   f"not counted: {sun['holidays']} (a public holiday of the daylight side), "
                   f"{sun['no_side']} (nobody of the daylight side available)")
    if x["hard"]:
        out.append(f"  - hard violations: {x['hard_by_rule']}")
    return out


def revision() -> str:
    """The commit the code was at (and whether ``src/`` or ``benchmarks/`` had changes)."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "benchmarks"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def machine() -> str:
    import ortools

    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
            f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, "
            f"fairshift {fairshift.__version__} at {revision()}, {platform.system()} {platform.release()}")


def render(rows: list[Row], args: argparse.Namespace, command: str, notes: list[str]) -> str:
    lines = [f"Machine: {machine()}.", "", f"Command: `{command}`", ""]
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    for group, members in groups.items():
        lines += [f"#### {group}", "", HEADER, "|" + "---|" * (HEADER.count(" | ") + 1)]
        lines += [table_row(r, args) for r in members]
        lines.append("")
    lines += notes
    return "\n".join(lines) + "\n"
