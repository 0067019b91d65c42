"""PagerDuty push: idempotent against a stateful fake checked with PagerDuty's OpenAPI document."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fakes import FakePagerDuty
from kit import load_contract, reassign, seat_map

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations import pagerduty
from fairshift.integrations.errors import IntegrationError
from fairshift.integrations.push import PushState

BEFORE = datetime(2027, 1, 1, tzinfo=UTC)
TARGET = {("payments-weekly", "primary"): "PPAYPRI", ("payments-weekly", "secondary"): "PPAYSEC",
          ("platform-daily", "primary"): "PPLATFO"}


@pytest.fixture
def fake() -> FakePagerDuty:
    return FakePagerDuty(load_contract("pagerduty.openapi.json"))


def expected_overrides(roster: Roster, schedule: Schedule) -> dict[str, set[tuple[str, str, str]]]:
    """PagerDuty schedule -> (start, end, PagerDuty user) of every seat, worked out here."""
    pd_user = {e.id: e.pager.pagerduty for e in roster.engineers}
    out: dict[str, set[tuple[str, str, str]]] = {}
    for s in schedule.shifts:
        for a in s.assignments:
            out.setdefault(TARGET[(s.rotation, a.role)], set()).add(
                (s.start.astimezone(UTC).isoformat(), s.end.astimezone(UTC).isoformat(), pd_user[a.engineer]))
    return out


def _changes(schedule: Schedule) -> dict[tuple[int, str], str]:
    """A re-plan: three seats of the quarter handed to someone else of the same team."""
    teams = {"payments-weekly": ["anna", "bob", "cara", "dan"],
             "platform-daily": ["eve", "fay", "gus", "hal"]}
    out = {}
    for index, role in ((2, "primary"), (7, "secondary"), (40, "primary")):
        shift = schedule.shifts[index]
        out[(index, role)] = next(e for e in teams[shift.rotation] if e not in shift.engineers())
    return out


def test_a_second_push_sends_nothing_and_a_replan_replaces_exactly_the_changed_overrides(
        fake: FakePagerDuty, roster: Roster, schedule: Schedule, tmp_path: Path) -> None:
    state_file = tmp_path / "pagerduty-state.json"
    seats = sum(len(s.assignments) for s in schedule.shifts)

    # 1. the solved quarter: every seat becomes one override in its rotation's and role's schedule
    state = PushState.load(state_file, "pagerduty")
    first = pagerduty.push(schedule, roster, now=BEFORE, state=state, api=fake.api())
    state.save(state_file)
    assert first.ok and first.created == seats and first.deleted == 0
    assert {m for m, _, _ in fake.log} == {"POST"}
    want = expected_overrides(roster, schedule)
    assert {t: fake.held(t) for t in want} == want

    # 2. the same schedule again: not one request
    fake.log.clear()
    again = pagerduty.push(schedule, roster, now=BEFORE, state=PushState.load(state_file, "pagerduty"),
                           api=fake.api())
    assert fake.log == [] and again.requests == [] and again.kept == seats and again.ok

    # 3. a re-planned quarter: exactly the changed seats are deleted and created again
    changes = _changes(schedule)
    replanned = reassign(schedule, changes)
    old, new = seat_map(schedule), seat_map(replanned)
    changed = {k for k in old if old[k] != new[k]}
    assert len(changed) == len(changes) == 3
    ids_before = {t: dict(fake.overrides[t]) for t in fake.overrides}
    state = PushState.load(state_file, "pagerduty")
    third = pagerduty.push(replanned, roster, now=BEFORE, state=state, api=fake.api())
    state.save(state_file)
    assert third.ok and (third.deleted, third.created, third.kept) == (3, 3, seats - 3)
    deleted = {(path.split("/")[2], path.split("/")[4]) for m, path, _ in fake.log if m == "DELETE"}
    gone = {(t, oid) for t, items in ids_before.items() for oid, ov in items.items()
            if (next(r for (r, role), s in TARGET.items() if s == t), ov["start"],
                next(role for (r, role), s in TARGET.items() if s == t)) in changed}
    assert deleted == gone and len(gone) == 3
    created = [(path.split("/")[2], ov) for m, path, body in fake.log if m == "POST"
               for ov in body["overrides"]]
    assert len(created) == 3
    assert {(t, ov["start"], ov["user"]["id"]) for t, ov in created} == {
        (TARGET[(rot, role)], start, roster.engineer(new[(rot, start, role)]).pager.pagerduty)
        for rot, start, role in changed}
    assert {t: fake.held(t) for t in want} == expected_overrides(roster, replanned)
    # and once more: nothing
    fake.log.clear()
    state = PushState.load(state_file, "pagerduty")
    pagerduty.push(replanned, roster, now=BEFORE, state=state, api=fake.api())
    assert fake.log == []


def test_overrides_fairshift_did_not_create_are_never_touched(fake: FakePagerDuty, roster: Roster,
                                                               schedule: Schedule) -> None:
    mine = ("2027-02-01T00:00:00+00:00", "2027-02-02T00:00:00+00:00", "PHAL008")
    fake.overrides["PPLATFO"] = {"QHUMAN": {"id": "QHUMAN", "start": mine[0], "end": mine[1],
                                            "user": {"id": mine[2], "type": "user_reference"}}}
    state = PushState("pagerduty")
    pagerduty.push(schedule, roster, now=BEFORE, state=state, api=fake.api())
    shorter = Schedule.model_validate({**schedule.model_dump(mode="json"), "shifts": [
        s.model_dump(mode="json") for s in schedule.shifts if s.rotation != "platform-daily"
        or s.start.astimezone(UTC) < datetime(2027, 3, 1, tzinfo=UTC)]})
    report = pagerduty.push(shorter, roster, now=BEFORE, state=state, api=fake.api())
    assert report.ok and report.deleted == sum(
        len(s.assignments) for s in schedule.shifts if s.rotation == "platform-daily"
        and s.start.astimezone(UTC) >= datetime(2027, 3, 1, tzinfo=UTC))
    assert mine in fake.held("PPLATFO")


def test_seats_that_have_ended_are_neither_pushed_nor_deleted(fake: FakePagerDuty, roster: Roster,
                                                              schedule: Schedule) -> None:
    state = PushState("pagerduty")
    pagerduty.push(schedule, roster, now=BEFORE, state=state, api=fake.api())
    fake.log.clear()
    later = datetime(2027, 3, 1, tzinfo=UTC)
    replanned = reassign(schedule, {(0, "primary"): "dan" if "dan" not in schedule.shifts[0].engineers()
                                    else "anna"})
    report = pagerduty.push(replanned, roster, now=later, state=state, api=fake.api())
    assert report.ok and fake.log == [] and report.notes and "ended before now" in report.notes[0]


def test_a_failed_request_is_reported_and_the_others_go_on(fake: FakePagerDuty, roster: Roster,
                                                           schedule: Schedule) -> None:
    fake.fail_next = [400]
    state = PushState("pagerduty")
    report = pagerduty.push(schedule, roster, now=BEFORE, state=state, api=fake.api())
    assert len(report.failures) == 1 and "HTTP 400" in report.failures[0]
    assert "test-token" not in report.failures[0]
    assert 0 < report.created < sum(len(s.assignments) for s in schedule.shifts)
    assert sum(len(v) for v in state.overrides.values()) == report.created
    # the next push creates exactly what failed
    again = pagerduty.push(schedule, roster, now=BEFORE, state=state, api=fake.api())
    assert again.ok and again.created == len(report.requests[0].json["overrides"])


def test_a_rate_limit_is_waited_out_as_the_server_says(fake: FakePagerDuty, roster: Roster,
                                                       schedule: Schedule) -> None:
    waited: list[float] = []
    fake.fail_next = [429, 429]
    api = pagerduty.client(transport=httpx.MockTransport(fake), token="t", sleep=waited.append)
    report = pagerduty.push(schedule, roster, now=BEFORE, state=PushState("pagerduty"), api=api,
                            rotation="payments-weekly", role="primary")
    assert report.ok and waited == [3.0, 3.0]


def test_a_role_of_two_seats_cannot_go_to_one_pagerduty_schedule(roster: Roster, schedule: Schedule) -> None:
    data = roster.model_dump(mode="json")
    data["rotations"][0]["roles"] = {"primary": 2}
    data["rotations"][0]["pager"] = {"pagerduty": {"primary": "PPAYPRI"}}
    from fairshift import parse_roster

    with pytest.raises(IntegrationError, match="pages one person at a time"):
        pagerduty.push(schedule, parse_roster(data), now=BEFORE, state=PushState("pagerduty"),
                       api=FakePagerDuty(load_contract("pagerduty.openapi.json")).api(), dry_run=True)
