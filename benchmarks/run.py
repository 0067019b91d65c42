"""Benchmark runner (issue #7): fairshift against pager-tool baselines on synthetic organisations.

::

    .venv/bin/python benchmarks/run.py --sizes S,M            # the README table
    .venv/bin/python benchmarks/run.py --sizes L --time-limit 60 --timeout 600
    .venv/bin/python benchmarks/run.py --one greedy --size M --out m.json   # one method, one process

For every size the organisation is generated once (``benchmarks/orggen.py``, seeded) and written
as roster YAML; every method then runs as its own process, ``run.py --one METHOD --size X --roster
R --out file.json``, timed from outside from process start to schedule written (so the time
includes Python start-up, imports and loading the YAML, as ``fairshift solve`` would). The wall
time is the median of ``--repeat`` runs; peak memory is the child's own ``ru_maxrss`` (and, with
``--jobs``, its process-pool workers'), reported by the child. The schedule of the median run is
then re-read and measured here: hard violations by :func:`fairshift.validate`, largest burden
excess over fair share, seat-count and weekend-day spreads per pool, off-hours.

Prints a Markdown table and per-size notes. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import fairshift  # noqa: E402
import orggen  # noqa: E402
from fairshift.domain.fairness import eligible, engineer_metrics, fair_shares  # noqa: E402
from fairshift.solver.pool import process_pool  # noqa: E402

METHODS = ("fairshift", "greedy", "round-robin")
EXAMPLE = HERE.parent / "examples" / "roster.yaml"  # --sizes example: the README's 30-person org
META = "BENCH-META "
MAX_THREADS = 8  # jobs * workers stays at or below this


# --------------------------------------------------------------------------- one method, one process

def run_one(args: argparse.Namespace) -> int:
    """``--one``: load the roster, run one method, write the schedule, report on stdout."""
    t0 = time.perf_counter()
    if args.roster:
        roster = fairshift.load_roster(args.roster)
    elif args.size == "example":
        roster = fairshift.load_roster(EXAMPLE)
    else:
        roster = orggen.generate(args.size, args.seed)
    t1 = time.perf_counter()
    meta: dict[str, Any] = {"method": args.one, "size": args.size}
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    if args.one == "fairshift":
        schedule = _solve(roster, args, meta)
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
    # a component solved in steps is measured by its whole-component certificate
    fair = [s for s in result.stages if s.name == "max_excess" and s.component not in result.stepwise]
    fair += [s for s in result.whole if s.name == "max_excess"]
    meta.update(
        status=result.status.value, fairness_status=result.fairness_status.value,
        components=result.components, seconds=result.seconds, workers=workers, jobs=jobs,
        decomposed=getattr(result, "decomposed", None),  # components solved hubs-first
        # the largest excess is the max over components: so are its value and its proven bound
        excess_value=max((s.value for s in fair), default=None),
        excess_bound=max((s.bound for s in fair), default=None),
        stages=[{"component": s.component, "name": s.name, "value": s.value, "bound": s.bound,
                 "status": s.status.value, "seconds": round(s.seconds, 3)} for s in result.stages],
        explanation=list(result.explanation or [])[:20] if isinstance(result.explanation, tuple) else None,
    )
    return result.schedule


def _workers(args: argparse.Namespace) -> int:
    workers: int = args.workers if args.workers is not None else max(1, MAX_THREADS // args.jobs)
    if args.jobs * workers > MAX_THREADS:
        raise SystemExit(f"--jobs {args.jobs} x --workers {workers} is more than {MAX_THREADS} threads")
    return workers


# --------------------------------------------------------------------------- measuring a schedule

def evaluate(roster: fairshift.Roster, schedule: fairshift.Schedule) -> dict[str, Any]:
    """Everything the table reports about one schedule, whoever made it."""
    report = fairshift.validate(roster, schedule)
    inst = fairshift.Instance(roster)
    plan = fairshift.Plan.from_schedule(inst, schedule)
    shares = fair_shares(inst)
    metrics = engineer_metrics(plan, shares)
    seat_spread = weekend_spread = 0
    seat_dev = 0.0
    worst: dict[str, str] = {}
    for rot in roster.rotations:
        pool = eligible(inst, rot)
        if not pool:
            continue
        seats: Counter[str] = Counter()
        weekend: dict[str, set[Any]] = {e: set() for e in pool}
        for shift in inst.shifts[rot.id]:
            for e in plan.engineers(shift):
                seats[e] += 1
                if e in weekend:
                    weekend[e].update(d for d in inst.days(e, shift) if d.weekday() >= 5)
        spread = max(seats[e] for e in pool) - min(seats[e] for e in pool)
        wspread = max(len(v) for v in weekend.values()) - min(len(v) for v in weekend.values())
        dev = max(abs(seats[e] - shares.counts.get((e, rot.id), 0.0)) for e in pool)
        if spread > seat_spread:
            seat_spread, worst["seats"] = spread, rot.id
        if wspread > weekend_spread:
            weekend_spread, worst["weekend"] = wspread, rot.id
        if dev > seat_dev:
            seat_dev, worst["seat_dev"] = dev, rot.id
    excess = max(metrics.items(), key=lambda kv: kv[1].excess)
    off = max(metrics.items(), key=lambda kv: kv[1].off_hours)
    return {
        "hard": len(report.hard),
        "hard_by_rule": dict(Counter(v.rule for v in report.hard).most_common()),
        "max_excess": excess[1].excess, "max_excess_who": excess[0],
        "seat_spread": seat_spread, "seat_dev": seat_dev, "weekend_spread": weekend_spread,
        "worst_pools": worst,
        "off_total": sum(m.off_hours for m in metrics.values()),
        "off_worst": off[1].off_hours, "off_worst_who": off[0],
    }


# --------------------------------------------------------------------------- the runner

@dataclass
class Row:
    size: str
    method: str
    runs: list[float] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] | None = None
    failure: str | None = None

    @property
    def wall(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


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


def child(method: str, size: str, roster_yaml: Path, out: Path, args: argparse.Namespace,
          timeout: float) -> tuple[float, dict[str, Any] | None, str | None]:
    """Run ``--one`` in a fresh process; (wall seconds, its report, failure). While it runs, the
    resident memory of its process group is sampled every 0.2 s (``sampled_peak_kib``), which
    also gives a peak for a run that is killed at the timeout."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", method, "--size", size,
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


def bench_size(size: str, args: argparse.Namespace, notes: list[str]) -> list[Row]:
    workdir = Path(args.workdir)
    roster_yaml = workdir / f"{size}-roster.yaml"
    t = time.perf_counter()
    if size == "example":
        roster_yaml = EXAMPLE
    else:
        orggen.write_yaml(roster_yaml, size, args.seed)
    roster = fairshift.load_roster(roster_yaml)
    info = orggen.summary(roster)
    made = "read from examples/roster.yaml" if size == "example" else "generated, written and read back"
    notes.append(f"**{size}**: {info['engineers']} engineers, {info['teams']} teams, {info['rotations']} "
                 f"rotations, {info['days']} days, PTO {info['pto_share']:.1%} of engineer-days, "
                 f"incident-commander pool {info['incident_commander_pool']}, release-captain pool "
                 f"{info['release_captain_pool']}, zones {info['zones']} ({made} in "
                 f"{time.perf_counter() - t:.1f} s).")
    repeat = args.repeat if args.repeat is not None else (3 if size in ("tiny", "S", "M") else 1)
    timeout = args.timeout if args.timeout is not None else 3 * args.time_limit + 300
    rows = []
    for method in args.methods.split(","):
        row = Row(size, method)
        outs: list[tuple[float, Path]] = []
        for r in range(repeat):
            out = workdir / f"{size}-{method}-{r}.json"
            wall, meta, failure = child(method, size, roster_yaml, out, args, timeout)
            print(f"  {size} {method} run {r + 1}/{repeat}: {wall:.1f} s "
                  f"{failure or (meta or {}).get('status', 'ok')}", file=sys.stderr, flush=True)
            if failure is not None:
                row.failure = failure
                row.meta["killed_wall"] = wall
                row.meta["sampled_peak_kib"] = (meta or {}).get("sampled_peak_kib")
                break
            assert meta is not None
            row.runs.append(wall)
            row.meta.setdefault("all", []).append(meta)
            outs.append((wall, out))
        if row.runs:
            wall_med = row.wall
            assert wall_med is not None
            chosen = min(outs, key=lambda wo: abs(wo[0] - wall_med))
            i = outs.index(chosen)
            row.meta.update(row.meta["all"][i])
            row.meta["peak_kib"] = max(m["maxrss_kib"] for m in row.meta["all"])
            row.meta["children_peak_kib"] = max(m["children_maxrss_kib"] for m in row.meta["all"])
            row.meta["sampled_peak_kib"] = max(m["sampled_peak_kib"] for m in row.meta["all"])
            if chosen[1].exists():
                t = time.perf_counter()
                row.metrics = evaluate(roster, fairshift.load_schedule(chosen[1]))
                row.meta["evaluate_seconds"] = time.perf_counter() - t
        rows.append(row)
        notes.extend(_row_notes(row))
    return rows


def _row_notes(row: Row) -> list[str]:
    out = []
    m = row.meta
    if row.failure:
        out.append(f"- {row.size} {row.method}: {row.failure}")
    if "phases" in m and row.wall is not None:
        ph = m["phases"]
        startup = row.wall - sum(ph.values())
        out.append(f"- {row.size} {row.method}: start-up+imports {startup:.1f} s, load roster "
                   f"{ph['roster']:.1f} s, {row.method} {ph['method']:.1f} s, write {ph['write']:.1f} s; "
                   f"runs {', '.join(f'{w:.1f}' for w in row.runs)} s")
    if m.get("stages"):
        stages = "; ".join(f"c{s['component']} {s['name']} {s['value']:g}/{s['bound']:g} {s['status']} "
                           f"{s['seconds']:.1f} s" for s in m["stages"][:12])
        more = f" (+{len(m['stages']) - 12} more)" if len(m["stages"]) > 12 else ""
        out.append(f"  - {m.get('components')} component(s), {m.get('decomposed')} split at org-wide "
                   f"rotations; stages (value/bound, max_excess in 1/100 h): {stages}{more}")
    if m.get("explanation"):
        out.append("  - " + " / ".join(m["explanation"][:3]))
    if m.get("fallbacks"):
        out.append(f"  - greedy gave up a rule: {m['fallbacks']}")
    if row.metrics:
        x = row.metrics
        pools = ", ".join(f"{k} {v}" for k, v in sorted(x["worst_pools"].items()))
        out.append(f"  - largest excess: {x['max_excess_who']}; most off-hours: {x['off_worst_who']}; "
                   f"widest pools: {pools or '—'}")
        if x["hard"]:
            out.append(f"  - hard violations: {x['hard_by_rule']}")
    return out


def _fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


HEADER = ("| size | method | jobs×workers | wall s (median) | peak RSS MiB | status / fairness "
          "| largest excess found / proven bound (h) | hard violations | largest burden excess (h) "
          "| seat spread | max \\|seats − fair\\| | weekend-day spread | off-hours total / worst (h) |")


def table_row(row: Row, args: argparse.Namespace) -> str:
    m, x = row.meta, row.metrics
    fair = row.method == "fairshift"
    threads = f"{m.get('jobs', args.jobs)}×{m.get('workers', _workers(args))}" if fair else "1×1"
    peak = m.get("peak_kib")
    mib = "—" if peak is None else f"{peak / 1024:.0f}"
    if peak is None and m.get("sampled_peak_kib"):
        mib = f"≥ {m['sampled_peak_kib'] / 1024:.0f} (sampled until killed)"
    if fair and m.get("jobs", 1) > 1 and m.get("children_peak_kib"):
        mib += f" (+ pool worker {m['children_peak_kib'] / 1024:.0f})"
    status = f"{m.get('status', '—')} / {m.get('fairness_status', '—')}" if fair else "—"
    bound = "—"
    if fair and m.get("excess_value") is not None:
        bound = f"{m['excess_value'] / 100:.1f} / {m['excess_bound'] / 100:.1f}"
    wall = _fmt(row.wall) if row.runs else f"> {m.get('killed_wall', 0):.0f}"
    wall += f" ({row.failure})" if row.failure else ""
    if x is None:
        cells = ["—"] * 6
    else:
        cells = [str(x["hard"]), _fmt(x["max_excess"]), str(x["seat_spread"]), _fmt(x["seat_dev"], 2),
                 str(x["weekend_spread"]), f"{x['off_total']:.0f} / {x['off_worst']:.0f}"]
    return "| " + " | ".join([row.size, row.method, threads, wall, mib, status, bound, *cells]) + " |"


def revision() -> str:
    """The commit the solver code was at (and whether ``src/`` had uncommitted changes)."""
    root = HERE.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" with uncommitted changes in src/" if dirty else "")


def machine() -> str:
    import ortools

    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
            f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, "
            f"fairshift {fairshift.__version__} at {revision()}, {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="S,M", help="comma-separated: tiny,S,M,L,XL or example "
                   "(examples/roster.yaml); default S,M")
    p.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of "
                   + ", ".join(METHODS))
    p.add_argument("--repeat", type=int, help="runs per method (default 3 for S/M, 1 for L/XL)")
    p.add_argument("--time-limit", type=float, default=60.0, help="fairshift time limit, s (60)")
    p.add_argument("--workers", type=int, help="CP-SAT workers per component (default 8 // jobs)")
    p.add_argument("--jobs", type=int, default=1, help="process pool size for components (1: none)")
    p.add_argument("--seed", type=int, default=1, help="organisation generator seed (1)")
    p.add_argument("--solver-seed", type=int, default=0, help="CP-SAT random seed (0)")
    p.add_argument("--timeout", type=float, help="kill a run after this many seconds "
                   "(default 3 x time limit + 300)")
    p.add_argument("--max-rss-gib", type=float, default=12.0,
                   help="kill a run whose processes hold more than this resident memory (12)")
    p.add_argument("--workdir", default=str(HERE / "out"), help="rosters and schedules go here")
    p.add_argument("--markdown", type=Path, help="also write the table and notes to this file")
    p.add_argument("--one", choices=METHODS, help=argparse.SUPPRESS)
    p.add_argument("--size", choices=[*sorted(orggen.SIZES), "example"], help=argparse.SUPPRESS)
    p.add_argument("--roster", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--profile", help="with --one: write cProfile stats of the method here")
    args = p.parse_args(argv)
    if args.one:
        if not (args.size and args.out):
            p.error("--one needs --size and --out")
        return run_one(args)
    _workers(args)  # check jobs x workers up front
    for method in args.methods.split(","):
        if method not in METHODS:
            p.error(f"unknown method {method!r}")
    lines = [f"Machine: {machine()}.", "",
             "Command: `" + " ".join(["python", "benchmarks/run.py", *(argv if argv is not None
                                                                      else sys.argv[1:])]) + "`", ""]
    notes: list[str] = []
    rows: list[Row] = []
    for size in args.sizes.split(","):
        if size not in orggen.SIZES and size != "example":
            p.error(f"unknown size {size!r}")
        rows.extend(bench_size(size, args, notes))
    lines += [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    lines += [table_row(r, args) for r in rows]
    lines += ["", *notes]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
