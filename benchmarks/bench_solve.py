"""Solve-time benchmark: the example roster and a synthetic 200-engineer, 20-team quarter.

Run: .venv/bin/python benchmarks/bench_solve.py [--time-limit 60] [--workers 8]
Prints a Markdown table (paste it into the README). Not a test: timings on shared machines vary.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from typing import Any

import fairshift

ZONES = [
    ("America/Los_Angeles", "US", "CA"),
    ("America/New_York", "US", "NY"),
    ("Europe/Budapest", "HU", None),
]


def synthetic(engineers: int, teams: int, seed: int = 1) -> fairshift.Roster:
    """A seeded organisation: teams of equal size, each a daily primary+secondary rotation."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    for i in range(engineers):
        tz, country, sub = ZONES[i % len(ZONES)]
        eng: dict[str, Any] = {"id": f"e{i:04d}", "timezone": tz, "country": country}
        if sub:
            eng["subdivision"] = sub
        if rng.random() < 0.5:
            start = date(2027, 1, 4) + timedelta(days=rng.randrange(0, 80))
            eng["unavailable"] = [{"start": start, "end": start + timedelta(days=rng.randrange(2, 9))}]
        people.append(eng)
    size = engineers // teams
    team_list = [{"id": f"t{t:03d}", "members": [p["id"] for p in people[t * size:(t + 1) * size]]}
                 for t in range(teams)]
    rotations = [{"id": f"{t['id']}-daily", "team": t["id"], "every": "day", "handoff": "09:00",
                  "timezone": ZONES[i % len(ZONES)][0], "roles": {"primary": 1, "secondary": 1}}
                 for i, t in enumerate(team_list)]
    return fairshift.parse_roster({"name": f"synthetic {engineers}", "horizon": {"quarter": "2027Q1"},
                                   "engineers": people, "teams": team_list, "rotations": rotations})


def run(name: str, roster: fairshift.Roster, time_limit: float, workers: int) -> str:
    started = time.monotonic()
    result = fairshift.solve(roster, time_limit=time_limit, workers=workers)
    seconds = time.monotonic() - started
    hard = len(result.validation.hard) if result.validation else "-"
    fair = [s for s in result.stages if s.name == "max_excess"]
    proven = sum(1 for s in fair if s.status.value == "optimal")
    counts = [m.shifts for m in result.metrics.values()]
    return (f"| {name} | {len(roster.engineers)} | {result.components} | {workers} | {seconds:.1f} | "
            f"{result.status.value} | {proven}/{len(fair)} | {result.max_excess:.1f} | "
            f"{max(counts) - min(counts) if counts else '-'} | {hard} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--only", choices=["example", "m"], default=None)
    args = parser.parse_args()
    print("| roster | engineers | components | workers | seconds | status | fairness proven "
          "| largest excess (h) | shift-count spread | hard violations |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    if args.only in (None, "example"):
        print(run("examples/roster.yaml", fairshift.load_roster("examples/roster.yaml"),
                  args.time_limit, args.workers), flush=True)
    if args.only in (None, "m"):
        print(run("synthetic M (20 teams, daily 2 roles)", synthetic(200, 20), args.time_limit,
                  args.workers), flush=True)


if __name__ == "__main__":
    main()
