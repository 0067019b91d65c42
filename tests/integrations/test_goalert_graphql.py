"""GoAlert: the query and the mutation fairshift sends are valid against GoAlert's GraphQL schema
(``contracts/goalert.schema.graphql``, from target/goalert), checked with graphql-core, variables
included; and a shifts result comes back as the schedule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate
from graphql.execution.values import get_variable_values
from kit import CONTRACTS, seat_map

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations import goalert, import_schedule

BEFORE = datetime(2027, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def schema():  # type: ignore[no-untyped-def]
    return build_schema((CONTRACTS / "goalert.schema.graphql").read_text(encoding="utf-8"))


@pytest.mark.parametrize("document", [goalert.SHIFTS_QUERY, goalert.SET_TEMPORARY_SCHEDULE])
def test_the_documents_are_valid_against_goalerts_schema(schema, document: str) -> None:  # type: ignore[no-untyped-def]
    assert validate(schema, parse(document)) == []


def test_a_misspelt_field_would_be_caught(schema) -> None:  # type: ignore[no-untyped-def]
    bad = goalert.SET_TEMPORARY_SCHEDULE.replace("setTemporarySchedule", "setTemporarySchedules")
    assert validate(schema, parse(bad))


def test_the_pushed_variables_fit_the_input_type(schema, roster: Roster, schedule: Schedule) -> None:  # type: ignore[no-untyped-def]
    report = goalert.push(schedule, roster, now=BEFORE, api=goalert.client("https://goalert.example"),
                          dry_run=True)
    assert len(report.requests) == 2  # one mutation per GoAlert schedule
    operation = parse(goalert.SET_TEMPORARY_SCHEDULE).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    for request in report.requests:
        assert request.json["query"] == goalert.SET_TEMPORARY_SCHEDULE
        coerced = get_variable_values(schema, operation.variable_definitions, request.json["variables"])
        assert not isinstance(coerced, list), coerced  # a list of errors otherwise
        value = request.json["variables"]["input"]
        shifts = value["shifts"]
        assert shifts and all(s["start"] < s["end"] for s in shifts)
        assert value["start"] == shifts[0]["start"] and value["end"] == shifts[-1]["end"]
    wrong = dict(report.requests[0].json["variables"]["input"], shifts=[{"user": "x"}])
    assert isinstance(get_variable_values(schema, operation.variable_definitions, {"input": wrong}), list)


def test_a_shifts_result_is_imported(roster: Roster, schedule: Schedule) -> None:
    users = {e.id: e.pager.goalert for e in roster.engineers}
    shifts = [{"userID": users[a.engineer], "user": {"id": users[a.engineer], "name": "x", "email": ""},
               "start": s.start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
               "end": s.end.astimezone(UTC).isoformat().replace("+00:00", "Z"), "truncated": False}
              for s in schedule.shifts if s.rotation == "platform-daily" for a in s.assignments]
    import json

    sched = {"id": "s", "name": "Platform", "timeZone": "UTC", "shifts": shifts}
    data = json.dumps({"data": {"schedule": sched}})
    result = import_schedule("goalert", data, roster, rotation="platform-daily")
    assert result.problems == ()
    want = {k: v for k, v in seat_map(schedule).items() if k[0] == "platform-daily"}
    assert seat_map(result.schedule) == want
