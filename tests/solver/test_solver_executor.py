"""Components solved in other processes (a process pool, a Dask cluster) give the same schedule
as the in-process solve in deterministic mode (one CP-SAT worker, fixed seed)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest

import fairshift
from fairshift import SolveStatus, parse_roster, solve, validate


def _teams(n: int = 10) -> fairshift.Roster:
    engineers, teams, rotations = [], [], []
    zones = ["Europe/Budapest", "America/Los_Angeles", "America/New_York"]
    for t in range(n):
        members = [f"t{t}e{i}" for i in range(4)]
        engineers += [{"id": m, "timezone": zones[(t + i) % 3]} for i, m in enumerate(members)]
        teams.append({"id": f"t{t}", "members": members})
        rotations.append({"id": f"r{t}", "team": f"t{t}", "every": "week", "handoff": "mon 09:00",
                          "timezone": zones[t % 3]})
    return parse_roster({"horizon": {"start": date(2027, 1, 4), "end": date(2027, 2, 15)},
                         "engineers": engineers, "teams": teams, "rotations": rotations})


@pytest.fixture(scope="module")
def reference() -> tuple[fairshift.Roster, str]:
    roster = _teams()
    result = solve(roster, time_limit=60, workers=1, seed=5)
    assert result.status == SolveStatus.OPTIMAL and result.components == 10
    assert result.schedule is not None and validate(roster, result.schedule).ok
    return roster, result.schedule.to_json()


def test_process_pool_gives_the_in_process_schedule(reference: tuple[fairshift.Roster, str]) -> None:
    roster, expected = reference
    with ProcessPoolExecutor(2) as pool:
        result = solve(roster, time_limit=60, workers=1, seed=5, executor=pool)
    assert result.status == SolveStatus.OPTIMAL
    assert result.schedule is not None and result.schedule.to_json() == expected


def test_dask_local_cluster_gives_the_in_process_schedule(reference: tuple[fairshift.Roster, str]) -> None:
    distributed = pytest.importorskip("distributed")
    roster, expected = reference
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = solve(roster, time_limit=60, workers=1, seed=5, executor=client.get_executor())
        assert len(client.scheduler_info()["workers"]) == 2
    assert result.status == SolveStatus.OPTIMAL
    assert result.schedule is not None and result.schedule.to_json() == expected
