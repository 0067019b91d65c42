"""GoAlert: read a schedule's ``shifts`` (GraphQL), push the solved window as a temporary schedule.

**Import.** The JSON result of :data:`SHIFTS_QUERY` (``data.schedule.shifts``): each shift is one
entry, its user matched by ``engineers[].pager.goalert`` (the user id), e-mail or name.

**Push.** One ``setTemporarySchedule`` mutation (:data:`SET_TEMPORARY_SCHEDULE`) per GoAlert
schedule (``rotations[].pager.goalert``): the whole window from ``now`` (or the first seat, if
later) to the last seat's end, with every seat as a shift, clearing any temporary schedule that
was there. Sending the same window again replaces it with itself, so the push is idempotent
without a state file. The token comes from ``GOALERT_TOKEN`` (``Authorization: Bearer ...``);
``--api-url`` is your GoAlert's address (the request goes to ``/api/graphql``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations.entries import OnCallEntry, parse_instant_text
from fairshift.integrations.errors import HttpError, ImportFormatError
from fairshift.integrations.http import ApiClient, ApiRequest, TokenAuth
from fairshift.integrations.identity import Person
from fairshift.integrations.push import PushReport, Wanted, wanted_seats

__all__ = ["AUTH", "SET_TEMPORARY_SCHEDULE", "SHIFTS_QUERY", "client", "mutation_requests", "push",
           "read_shifts"]

AUTH = TokenAuth("GOALERT_TOKEN", "GoAlert", "Bearer {token}")
GRAPHQL_PATH = "/api/graphql"

SHIFTS_QUERY = """\
query fairshiftShifts($id: ID!, $start: ISOTimestamp!, $end: ISOTimestamp!) {
  schedule(id: $id) {
    id
    name
    timeZone
    shifts(start: $start, end: $end) {
      userID
      user { id name email }
      start
      end
      truncated
    }
  }
}
"""

SET_TEMPORARY_SCHEDULE = """\
mutation fairshiftPush($input: SetTemporaryScheduleInput!) {
  setTemporarySchedule(input: $input)
}
"""


def client(base_url: str, **kwargs: Any) -> ApiClient:
    return ApiClient(base_url, auth=AUTH, **kwargs)


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def read_shifts(data: Any, *, source: str = "GoAlert shifts") -> tuple[list[OnCallEntry], list[str]]:
    """Entries of ``data.schedule.shifts`` (the result of :data:`SHIFTS_QUERY`)."""
    body = data.get("data") if isinstance(data, Mapping) and "data" in data else data
    sched = body.get("schedule") if isinstance(body, Mapping) else None
    shifts = sched.get("shifts") if isinstance(sched, Mapping) else None
    if not isinstance(shifts, list):
        raise ImportFormatError(f"{source}: not a GoAlert shifts result (query schedule {{ shifts }}): "
                                "no data.schedule.shifts")
    entries: list[OnCallEntry] = []
    truncated = 0
    for i, item in enumerate(shifts):
        where = f"{source} schedule.shifts[{i}]"
        if not isinstance(item, Mapping):
            raise ImportFormatError(f"{where}: expected a shift with userID, start and end")
        user: Mapping[str, Any] = item["user"] if isinstance(item.get("user"), Mapping) else {}
        person = Person(tool_id=str(item.get("userID") or user.get("id") or "") or None,
                        email=user.get("email") or None, name=user.get("name") or None)
        truncated += bool(item.get("truncated"))
        entries.append(OnCallEntry(parse_instant_text(item.get("start"), f"{where}.start"),
                                   parse_instant_text(item.get("end"), f"{where}.end"), person, where))
    notes = [f"{truncated} shift(s) truncated by GoAlert at the edges of the query window"] * bool(truncated)
    return entries, notes


def mutation_requests(wanted: list[Wanted], now: datetime) -> list[ApiRequest]:
    """One ``setTemporarySchedule`` per GoAlert schedule, covering its seats from ``now`` on."""
    by_target: dict[str, list[Wanted]] = {}
    for w in wanted:
        by_target.setdefault(w.target, []).append(w)
    out = []
    for target, items in sorted(by_target.items()):
        start = max(now, min(w.start for w in items))
        end = max(w.end for w in items)
        shifts = [{"userID": w.user, "start": _iso(max(w.start, start)), "end": _iso(w.end)}
                  for w in sorted(items, key=lambda w: (w.start, w.key))]
        variables = {"input": {"scheduleID": target, "clearStart": _iso(start), "clearEnd": _iso(end),
                               "start": _iso(start), "end": _iso(end), "shifts": shifts}}
        out.append(ApiRequest("POST", GRAPHQL_PATH, json={
            "operationName": "fairshiftPush", "query": SET_TEMPORARY_SCHEDULE, "variables": variables},
            label=f"set the temporary schedule of {target}"))
    return out


def push(schedule: Schedule, roster: Roster, *, now: datetime, api: ApiClient, dry_run: bool = False,
         rotation: str | None = None, role: str | None = None) -> PushReport:
    """Send one mutation per GoAlert schedule; a GraphQL error is reported for its schedule alone."""
    wanted, _windows, past = wanted_seats(schedule, roster, "goalert", now=now, rotation=rotation, role=role,
                                          one_per_seat=False)
    report = PushReport("goalert", dry_run=dry_run)
    if past:
        report.notes.append(f"{past} seat(s) ended before now and are left as they are")
    for request in mutation_requests(wanted, now):
        report.requests.append(request)
        if dry_run:
            continue
        try:
            answer = api.send(request).body
        except HttpError as exc:
            report.failures.append(str(exc))
            continue
        errors = answer.get("errors") if isinstance(answer, Mapping) else None
        done = isinstance(answer, Mapping) and isinstance(answer.get("data"), Mapping) \
            and answer["data"].get("setTemporarySchedule") is True
        if errors or not done:
            detail = "; ".join(str(e.get("message", e)) if isinstance(e, Mapping) else str(e)
                               for e in errors or []) or f"unexpected answer {answer!r}"
            report.failures.append(f"POST {GRAPHQL_PATH} ({request.label}): {detail}")
        else:
            report.created += len(request.json["variables"]["input"]["shifts"])
    return report
