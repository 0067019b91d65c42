"""Benchmark runner (issues #7, #12): fairshift, two independent models and two pager-tool
baselines on named cases.

::

    .venv/bin/python benchmarks/run.py --cases small --time-limit 2          # one table per group
    .venv/bin/python benchmarks/run.py --cases S,M --methods fairshift,greedy
    .venv/bin/python benchmarks/run.py --one scip --case site40 --roster r.yaml --out s.json

Cases are the generator's sizes (``tiny``, ``S``, ``M``, ``L``, ``XL``) and the shapes of
``benchmarks/shapes.py`` (``cross200``, ``fts2``, ``mixed``, ``readme``, ``site40`` and the group
``small``). For every case the roster is built once (seeded) and written as YAML; every method then
runs as its own process, ``run.py --one METHOD --case X --roster R --out file.json``, timed from
outside from process start to schedule written (Python start-up, imports and reading the YAML
included, as for ``fairshift solve``). The wall time is the median of ``--repeat`` runs; the
schedule of the median run is re-read and measured by ``benchmarks/metrics.py``.

Methods: ``fairshift`` (:func:`fairshift.solve`), ``cpsat`` and ``scip`` (the plain CP-SAT model
and the MIP of ``benchmarks/independent.py``, same time limit), ``greedy`` and ``round-robin``
(``benchmarks/baselines.py``). Prints one Markdown table per case group, then notes.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import fairshift  # noqa: E402
import independent  # noqa: E402
import metrics  # noqa: E402
import orggen  # noqa: E402
import shapes  # noqa: E402
import tables  # noqa: E402
from fairshift.solver.pool import process_pool  # noqa: E402

METHODS = ("fairshift", "cpsat", "scip", "greedy", "round-robin")
META = "BENCH-META "
MAX_THREADS = 8  # jobs * workers stays at or below this
LARGE = ("L", "XL")  # one run by default
evaluate = metrics.evaluate  # what the tests call


# --------------------------------------------------------------------------- one method, one process

def run_one(args: argparse.Namespace) -> int:
    """``--one``: load the roster, run one method, write the schedule, report on stdout."""
    t0 = time.perf_counter()
    if args.roster:
        roster = fairshift.load_roster(args.roster)
    else:
        roster = fairshift.parse_roster(shapes.case_data(args.case, args.seed))
    t1 = time.perf_counter()
    meta: dict[str, Any] = {"method": args.one, "case": args.case}
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    if args.one == "fairshift":
        schedule = _solve(roster, args, meta)
    elif args.one in independent.BACKENDS:
        schedule = _independent(roster, args, meta)
    else:
        schedule = baselines.METHODS[args.one](roster)
        meta["fallbacks"] = (schedule.model_extra or {}).get("fallbacks")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    t2 = time.perf_counter()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if schedule is not None:
        out.write_text(schedule.to_json(), encoding="utf-8")
    else:
        out.unlink(missing_ok=True)
    t3 = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    meta.update(phases={"roster": t1 - t0, "method": t2 - t1, "write": t3 - t2},
                maxrss_kib=own, children_maxrss_kib=kids)
    print(META + json.dumps(meta), flush=True)
    return 0


def _solve(roster: fairshift.Roster, args: argparse.Namespace,
           meta: dict[str, Any]) -> fairshift.Schedule | None:
    jobs, workers = args.jobs, _workers(args)
    with process_pool(jobs) as executor:  # what `fairshift solve --jobs N` uses
        result = fairshift.solve(roster, time_limit=args.time_limit, workers=workers,
                                 seed=args.solver_seed, executor=executor)
    # a bound holds for the whole roster only from models that solved a component jointly; the
    # largest of theirs bounds the roster's largest excess from below
    joint = [s for s in result.stages if s.task not in result.stepwise]
    proven = result.fairness_status.value == "optimal"
    meta.update(
        status=result.status.value, fairness_status=result.fairness_status.value,
        balance_status=result.balance_status.value, components=result.components,
        tasks=result.tasks, stepwise=len(result.stepwise), seconds=result.seconds, workers=workers,
        jobs=jobs, steps=list(result.steps), note=result.note,
        excess_bound=max((s.bound for s in joint if s.name == "max_excess"), default=None),
        fair_proven_at=max((s.elapsed for s in result.stages if s.name in result.fairness_stages),
                           default=None) if proven else None,
        stages=[{"task": s.task, "step": s.step, "name": s.name, "value": s.value, "bound": s.bound,
                 "status": s.status.value, "seconds": round(s.seconds, 3),
                 "elapsed": round(s.elapsed, 3)} for s in result.stages],
        explanation=str(result.explanation)[:300] if result.explanation is not None else None,
    )
    return result.schedule


def _independent(roster: fairshift.Roster, args: argparse.Namespace,
                 meta: dict[str, Any]) -> fairshift.Schedule | None:
    workers = 1 if args.one == "scip" else args.jobs * _workers(args)  # fairshift's thread budget
    res = independent.solve_independent(roster, args.one, time_limit=args.time_limit,
                                        workers=workers, seed=args.solver_seed)
    elapsed, proven_at = res.build_seconds, None
    for st in res.stages:
        elapsed += st.seconds
        if st.name in ("counts", "max_excess", "max_shortfall"):
            proven_at = elapsed
    excess = res.stage("max_excess")
    meta.update(
        status=res.status, fairness_status=res.fairness_status, seconds=res.seconds,
        workers=workers, jobs=1, note=res.note, build_seconds=res.build_seconds, size=res.size,
        excess_bound=excess.bound if excess is not None else None,
        fair_proven_at=proven_at if res.fairness_status == "optimal" else None,
        stages=[{"name": s.name, "value": s.value, "bound": s.bound, "status": s.status,
                 "seconds": round(s.seconds, 3)} for s in res.stages])
    if res.plan is None:
        return None
    return res.plan.to_schedule(status=res.status, extra={"method": args.one,
                                                          "fairness_status": res.fairness_status})


def _workers(args: argparse.Namespace) -> int:
    workers: int = args.workers if args.workers is not None else max(1, MAX_THREADS // args.jobs)
    if args.jobs * workers > MAX_THREADS:
        raise SystemExit(f"--jobs {args.jobs} x --workers {workers} is more than {MAX_THREADS} threads")
    return workers


# --------------------------------------------------------------------------- the runner

@dataclass
class Row:
    case: str
    method: str
    runs: list[float] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] | None = None
    failure: str | None = None

    @property
    def wall(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    @property
    def group(self) -> str:
        return shapes.CASES[self.case].group


def _group_rss_kib(pgid: int) -> int:
    """Resident memory of every process in group ``pgid`` (the child and its pool workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return total


def child(method: str, case: str, roster_yaml: Path, out: Path, args: argparse.Namespace,
          timeout: float) -> tuple[float, dict[str, Any] | None, str | None]:
    """Run ``--one`` in a fresh process; (wall seconds, its report, failure). While it runs, the
    resident memory of its process group is sampled every 0.2 s (``sampled_peak_kib``), which
    also gives a peak for a run that is killed at the timeout."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", method, "--case", case,
           "--roster", str(roster_yaml), "--out", str(out), "--time-limit", str(args.time_limit),
           "--jobs", str(args.jobs), "--solver-seed", str(args.solver_seed)]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    with tempfile.TemporaryFile("w+") as so, tempfile.TemporaryFile("w+") as se:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=so, stderr=se, text=True, start_new_session=True)
        peak = 0
        while True:
            try:
                proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                peak = max(peak, _group_rss_kib(proc.pid))
                over_time = time.perf_counter() - started > timeout
                over_memory = peak > args.max_rss_gib * 1024 * 1024
                if over_time or over_memory:
                    os.killpg(proc.pid, signal.SIGKILL)  # the child and its pool workers, nothing else
                    proc.wait()
                    why = (f"killed after {timeout:.0f} s" if over_time
                           else f"killed above {args.max_rss_gib:g} GiB resident")
                    return time.perf_counter() - started, {"sampled_peak_kib": peak}, why
        wall = time.perf_counter() - started
        so.seek(0)
        se.seek(0)
        stdout, stderr = so.read(), se.read()
    meta = next((json.loads(line[len(META):]) for line in stdout.splitlines() if line.startswith(META)), None)
    if proc.returncode != 0 or meta is None:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        return wall, {"sampled_peak_kib": peak}, f"exit {proc.returncode}: {tail}"
    meta["sampled_peak_kib"] = peak
    return wall, meta, None


def roster_file(case: str, args: argparse.Namespace) -> Path:
    """The case's roster YAML: its source file, or written into the work folder."""
    found = shapes.CASES[case]
    if found.source is not None:
        return found.source
    path = Path(args.workdir) / f"{case}-roster.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(orggen.yaml_text(found.data(args.seed)), encoding="utf-8")
    return path


def bench_case(case: str, args: argparse.Namespace, notes: list[str]) -> list[Row]:
    t = time.perf_counter()
    roster_yaml = roster_file(case, args)
    roster = fairshift.load_roster(roster_yaml)
    notes.append(f"**{case}** ({shapes.CASES[case].summary}): {shapes.describe(roster)} "
                 f"(built and read back in {time.perf_counter() - t:.1f} s).")
    repeat = args.repeat if args.repeat is not None else (1 if case in LARGE else 3)
    timeout = args.timeout if args.timeout is not None else 3 * args.time_limit + 300
    rows = []
    for method in args.methods.split(","):
        row = Row(case, method)
        outs: list[tuple[float, Path]] = []
        for r in range(repeat):
            out = Path(args.workdir) / f"{case}-{method}-{r}.json"
            wall, meta, failure = child(method, case, roster_yaml, out, args, timeout)
            print(f"  {case} {method} run {r + 1}/{repeat}: {wall:.1f} s "
                  f"{failure or (meta or {}).get('status', 'ok')}", file=sys.stderr, flush=True)
            if failure is not None:
                row.failure = failure
                row.meta.update(killed_wall=wall, sampled_peak_kib=(meta or {}).get("sampled_peak_kib"))
                break
            assert meta is not None
            row.runs.append(wall)
            row.meta.setdefault("all", []).append(meta)
            outs.append((wall, out))
        if row.runs:
            _keep_median(row, outs, roster)
        rows.append(row)
        notes.extend(tables.row_notes(row))
    return rows


def _keep_median(row: Row, outs: list[tuple[float, Path]], roster: fairshift.Roster) -> None:
    """Report the run closest to the median wall time, and measure its schedule."""
    wall = row.wall
    assert wall is not None
    chosen = min(outs, key=lambda wo: abs(wo[0] - wall))
    runs = row.meta["all"]
    row.meta.update(runs[outs.index(chosen)])
    row.meta["peak_kib"] = max(m["maxrss_kib"] for m in runs)
    row.meta["children_peak_kib"] = max(m["children_maxrss_kib"] for m in runs)
    row.meta["sampled_peak_kib"] = max(m["sampled_peak_kib"] for m in runs)
    row.meta["proven_runs"] = sum(1 for m in runs if m.get("fairness_status") == "optimal")
    if chosen[1].exists():
        t = time.perf_counter()
        row.metrics = metrics.evaluate(roster, fairshift.load_schedule(chosen[1]))
        row.meta["evaluate_seconds"] = time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", help="comma-separated cases or groups: " + ", ".join(
        [*shapes.CASES, *shapes.GROUPS]) + " (default S,M)")
    p.add_argument("--sizes", help="the same as --cases (kept for the commands of issue #7)")
    p.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of "
                   + ", ".join(METHODS) + " (default: all)")
    p.add_argument("--repeat", type=int, help="runs per method (default 3, 1 for L and XL)")
    p.add_argument("--time-limit", type=float, default=60.0,
                   help="time limit of fairshift and of the independent models, s (60)")
    p.add_argument("--workers", type=int, help="CP-SAT workers per search (default 8 // jobs); "
                   "the plain CP-SAT model gets jobs x workers")
    p.add_argument("--jobs", type=int, default=1, help="fairshift's process pool size (1: none)")
    p.add_argument("--seed", type=int, default=1, help="case generator seed (1)")
    p.add_argument("--solver-seed", type=int, default=0, help="CP-SAT random seed (0)")
    p.add_argument("--timeout", type=float, help="kill a run after this many seconds "
                   "(default 3 x time limit + 300)")
    p.add_argument("--max-rss-gib", type=float, default=12.0,
                   help="kill a run whose processes hold more than this resident memory (12)")
    p.add_argument("--workdir", default=str(HERE / "out"), help="rosters and schedules go here")
    p.add_argument("--markdown", type=Path, help="also write the tables and notes to this file")
    p.add_argument("--one", choices=METHODS, help=argparse.SUPPRESS)
    p.add_argument("--case", "--size", dest="case", choices=sorted(shapes.CASES), help=argparse.SUPPRESS)
    p.add_argument("--roster", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--profile", help="with --one: write cProfile stats of the method here")
    args = p.parse_args(argv)
    if args.one:
        if not (args.case and args.out):
            p.error("--one needs --case and --out")
        return run_one(args)
    _workers(args)  # check jobs x workers up front
    for method in args.methods.split(","):
        if method not in METHODS:
            p.error(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    try:
        cases = shapes.expand_cases(",".join(x for x in (args.cases, args.sizes) if x) or "S,M")
    except ValueError as exc:
        p.error(str(exc))
    command = " ".join(["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    notes: list[str] = []
    rows: list[Row] = []
    for case in cases:
        rows.extend(bench_case(case, args, notes))
    text = tables.render(rows, args, command, notes)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
