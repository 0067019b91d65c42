"""Every HTTP request fairshift sends, sent to a Prism mock server generated from the vendor's
published API description (``contracts/``), which rejects a request the document does not allow.

Prism comes from npm (``.ci/run`` installs it into ``.ci/node``); without it these tests skip.
The server is started on loopback; the tests wait for its "listening" line, never on a clock.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kit import CONTRACTS

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations import opsgenie, pagerduty
from fairshift.integrations.http import ApiClient, ApiRequest
from fairshift.integrations.push import PushState, Recorded

ROOT = Path(__file__).resolve().parents[2]
BEFORE = datetime(2027, 1, 1, tzinfo=UTC)
INSTALL = "npm install --prefix .ci/node @stoplight/prism-cli (node and npm from your OS packages)"


def _prism() -> str | None:
    for candidate in (os.environ.get("FAIRSHIFT_PRISM"), str(ROOT / ".ci/node/node_modules/.bin/prism"),
                      shutil.which("prism")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(contract: str) -> Iterator[str]:
    binary = _prism()
    if binary is None:
        pytest.skip(f"Prism is not installed; install it with: {INSTALL}")
    port = _free_port()
    proc = subprocess.Popen([binary, "mock", "--errors", "-h", "127.0.0.1", "-p", str(port),
                             str(CONTRACTS / contract)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=ROOT)
    seen = []
    assert proc.stdout is not None
    for line in proc.stdout:  # blocks until Prism says it listens, or exits
        seen.append(line)
        if "Prism is listening" in line:
            break
    else:
        proc.wait()
        pytest.fail("Prism did not start:\n" + "".join(seen))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait()
        proc.stdout.close()


@pytest.fixture(scope="module")
def pagerduty_mock() -> Iterator[str]:
    yield from _serve("pagerduty.openapi.json")


@pytest.fixture(scope="module")
def opsgenie_mock() -> Iterator[str]:
    yield from _serve("opsgenie.swagger.json")


def _accepted(api: ApiClient, request: ApiRequest, allowed: tuple[int, ...] = ()) -> int:
    answer = api.send(request, ok=range(100, 600))
    violations = answer.headers.get("sl-violations", "")
    assert not violations, f"{request.method} {request.path}: {violations}"
    assert 200 <= answer.status < 300 or answer.status in allowed, (answer.status, answer.body)
    return answer.status


def _changed_state(push_state: PushState, key_index: int = 0) -> PushState:
    """The state of an earlier push in which one seat went to someone else and one seat is gone."""
    state = PushState(push_state.tool, {t: dict(v) for t, v in push_state.overrides.items()})
    target = next(iter(state.overrides))
    keys = sorted(state.overrides[target])
    rec = state.overrides[target][keys[key_index]]
    state.overrides[target][keys[key_index]] = Recorded(rec.id, rec.start, rec.end, "PSOMEONE")
    state.overrides[target]["gone-20270301T000000Z-primary@fairshift"] = Recorded(
        "Q0GONE", "2027-03-01T00:00:00+00:00", "2027-03-02T00:00:00+00:00", "PSOMEONE")
    return state


def test_every_pagerduty_request_matches_the_published_document(pagerduty_mock: str, roster: Roster,
                                                                 schedule: Schedule) -> None:
    api = pagerduty.client(pagerduty_mock, token="test-token")
    # a first push (creates), then one against a state with a changed and a vanished seat (deletes too)
    state = PushState("pagerduty")
    first = pagerduty.push(schedule, roster, now=BEFORE, state=state, api=api, dry_run=True)
    wanted, _, _ = pagerduty.wanted_seats(schedule, roster, "pagerduty", now=BEFORE)
    for i, w in enumerate(wanted):
        state.overrides.setdefault(w.target, {})[w.key] = Recorded(f"Q{i:013d}", w.start.isoformat(),
                                                                   w.end.isoformat(), w.user)
    second = pagerduty.push(schedule, roster, now=BEFORE, state=_changed_state(state), api=api, dry_run=True)
    requests = [*first.requests, *second.requests,
                pagerduty.fetch_request("PPAYPRI", BEFORE, datetime(2027, 4, 5, tzinfo=UTC))]
    assert {r.method for r in requests} == {"GET", "POST", "DELETE"}
    for request in requests:
        # Prism cannot answer in PagerDuty's versioned media type, which the document does not list
        # (406); it checks the request before that, and any violation is a 4xx with sl-violations.
        _accepted(api, request, allowed=(406,))


def test_every_opsgenie_request_matches_the_published_document(opsgenie_mock: str, roster: Roster,
                                                               schedule: Schedule) -> None:
    api = opsgenie.client(base_url=opsgenie_mock, token="test-key")
    state = PushState("opsgenie")
    first = opsgenie.push(schedule, roster, now=BEFORE, state=state, api=api, dry_run=True)
    wanted, _, _ = pagerduty.wanted_seats(schedule, roster, "opsgenie", now=BEFORE)
    for w in wanted:
        state.overrides.setdefault(w.target, {})[w.key] = Recorded(opsgenie.alias(w.key), w.start.isoformat(),
                                                                   w.end.isoformat(), w.user)
    second = opsgenie.push(schedule, roster, now=BEFORE, state=_changed_state(state), api=api, dry_run=True)
    requests = [*first.requests[:5], *second.requests]
    assert {r.method for r in requests} == {"POST", "PUT", "DELETE"}
    assert any(("scheduleIdentifierType", "name") in r.params for r in requests)
    assert any(not r.params for r in requests)  # a schedule given by id
    for request in requests:
        _accepted(api, request)



def test_the_mock_rejects_what_the_document_does_not_allow(pagerduty_mock: str) -> None:
    api = pagerduty.client(pagerduty_mock, token="test-token")
    bad = ApiRequest("POST", "/schedules/P1/overrides",
                     json={"overrides": [{"start": "soon", "user": {"id": "P1", "type": "user_reference"}}]})
    answer = api.send(bad, ok=range(100, 600))
    assert "end" in answer.headers.get("sl-violations", "") and answer.status >= 400
