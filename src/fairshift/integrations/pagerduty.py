"""PagerDuty: read a schedule (``GET /schedules/{id}``), push overrides idempotently.

**Import.** The JSON of ``GET /schedules/{id}?since=...&until=...`` (the ``schedule`` object, or
the whole response): ``final_schedule.rendered_schedule_entries`` are who was on call when (users
matched by ``engineers[].pager.pagerduty``, else by name). Its ``schedule_layers`` are described
in the notes as fairshift rotations (turn length, handoff, restrictions), to help write the roster.

**Push.** Overrides into the schedule each rotation and role is mapped to
(``rotations[].pager.pagerduty``), created in batches by ``POST /schedules/{id}/overrides`` and
retired by ``DELETE /schedules/{id}/overrides/{override_id}``; see
:mod:`fairshift.integrations.push` for the state file that makes a push idempotent. The token
comes from ``PAGERDUTY_TOKEN`` (a REST API key, sent as ``Authorization: Token token=...``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations.entries import OnCallEntry, parse_instant_text
from fairshift.integrations.errors import HttpError, ImportFormatError
from fairshift.integrations.http import ApiClient, ApiRequest, TokenAuth
from fairshift.integrations.identity import Person
from fairshift.integrations.push import (
    PushPlan,
    PushReport,
    PushState,
    Recorded,
    Wanted,
    plan_push,
    wanted_seats,
)

__all__ = ["API_URL", "AUTH", "HEADERS", "Wanted", "client", "fetch_request", "plan_push", "push",
           "read_schedule", "requests_for", "wanted_seats"]

API_URL = "https://api.pagerduty.com"
AUTH = TokenAuth("PAGERDUTY_TOKEN", "PagerDuty", "Token token={token}")
HEADERS = {"Accept": "application/vnd.pagerduty+json;version=2", "Content-Type": "application/json"}
BATCH = 25  # overrides per POST
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def client(base_url: str = API_URL, **kwargs: Any) -> ApiClient:
    return ApiClient(base_url, auth=AUTH, headers=HEADERS, **kwargs)


def _schedule_object(data: Any, source: str) -> Mapping[str, Any]:
    if isinstance(data, Mapping) and isinstance(data.get("schedule"), Mapping):
        data = data["schedule"]
    if not isinstance(data, Mapping) or not isinstance(data.get("final_schedule"), Mapping):
        raise ImportFormatError(f"{source}: not a PagerDuty schedule (GET /schedules/{{id}} with since and "
                                "until): no final_schedule")
    return data


def _layer_note(layer: Mapping[str, Any], tz: str) -> str:
    name = layer.get("name") or layer.get("id") or "layer"
    turn = layer.get("rotation_turn_length_seconds")
    start = layer.get("rotation_virtual_start")
    users = len(layer.get("users") or [])
    text = f"layer {name!r}: {users} user(s)"
    if isinstance(turn, int) and isinstance(start, str):
        try:
            local = parse_instant_text(start, "rotation_virtual_start")
            from fairshift.time.tz import zone

            local = local.astimezone(zone(tz))
        except Exception:  # a note only: never fail an import for it
            return text + f", turns of {turn / 3600:g} h from {start}"
        if turn == 7 * 86400:
            text += f"; as a fairshift rotation: every: week, handoff: \"{_DAYS[local.weekday()]} " \
                    f"{local:%H:%M}\", timezone: {tz}"
        elif turn == 86400:
            text += f"; as a fairshift rotation: every: day, handoff: \"{local:%H:%M}\", timezone: {tz}"
        else:
            text += f"; turns of {turn / 3600:g} h from {local.isoformat()} (fairshift rotations hand off " \
                    "daily or weekly: split it into daily handoff times)"
    restrictions = layer.get("restrictions") or []
    if restrictions:
        parts = []
        for r in restrictions:
            if isinstance(r, Mapping):
                day = r.get("start_day_of_week")
                when = f"{_DAYS[(day - 1) % 7]} " if isinstance(day, int) else "daily "
                parts.append(f"{when}{r.get('start_time_of_day', '?')} for "
                             f"{(r.get('duration_seconds') or 0) / 3600:g} h")
        text += f"; restricted to {', '.join(parts)} (model those hours as their own rotation)"
    return text


def read_schedule(data: Any, *, source: str = "PagerDuty schedule") -> tuple[list[OnCallEntry], list[str]]:
    """Entries of ``final_schedule.rendered_schedule_entries``, and notes on the schedule's layers."""
    sched = _schedule_object(data, source)
    tz = str(sched.get("time_zone") or "UTC")
    raw = sched["final_schedule"].get("rendered_schedule_entries")
    if not isinstance(raw, list):
        raise ImportFormatError(f"{source}: final_schedule.rendered_schedule_entries is missing; fetch the "
                                "schedule with since and until")
    entries: list[OnCallEntry] = []
    for i, item in enumerate(raw):
        where = f"{source} final_schedule.rendered_schedule_entries[{i}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("user"), Mapping):
            raise ImportFormatError(f"{where}: expected an entry with start, end and user")
        user = item["user"]
        person = Person(tool_id=str(user.get("id") or "") or None,
                        name=str(user.get("summary") or "") or None,
                        email=user.get("email") if isinstance(user.get("email"), str) else None)
        entries.append(OnCallEntry(parse_instant_text(item.get("start"), f"{where}.start"),
                                   parse_instant_text(item.get("end"), f"{where}.end"), person, where))
    notes = [_layer_note(layer, tz) for layer in sched.get("schedule_layers") or []
             if isinstance(layer, Mapping)]
    return entries, notes


def fetch_request(schedule_id: str, since: datetime, until: datetime) -> ApiRequest:
    """``GET /schedules/{id}`` with the rendered entries of ``[since, until)``, times in UTC."""
    return ApiRequest("GET", f"/schedules/{quote(schedule_id, safe='')}", params=(
        ("since", since.astimezone(UTC).isoformat()), ("until", until.astimezone(UTC).isoformat()),
        ("time_zone", "UTC")), label=f"read schedule {schedule_id}")


def _override(w: Wanted) -> dict[str, Any]:
    return {"start": w.start.isoformat(), "end": w.end.isoformat(),
            "user": {"id": w.user, "type": "user_reference"}, "time_zone": "UTC"}


def delete_request(target: str, key: str, rec: Recorded) -> ApiRequest:
    return ApiRequest("DELETE", f"/schedules/{quote(target, safe='')}/overrides/{quote(rec.id, safe='')}",
                      label=f"delete override {rec.id} ({key})")


def create_requests(creates: Sequence[Wanted]) -> list[tuple[ApiRequest, Sequence[Wanted]]]:
    """``POST /schedules/{id}/overrides`` in batches of :data:`BATCH`, per schedule."""
    out: list[tuple[ApiRequest, Sequence[Wanted]]] = []
    by_target: dict[str, list[Wanted]] = {}
    for w in creates:
        by_target.setdefault(w.target, []).append(w)
    for target, items in by_target.items():
        for i in range(0, len(items), BATCH):
            chunk = items[i:i + BATCH]
            out.append((ApiRequest("POST", f"/schedules/{quote(target, safe='')}/overrides",
                                   json={"overrides": [_override(w) for w in chunk]},
                                   label=f"create {len(chunk)} override(s) in {target}"), chunk))
    return out


def requests_for(plan: PushPlan) -> list[ApiRequest]:
    """Every request of a plan, in the order sent: deletes first, then batched creates."""
    return ([delete_request(*d) for d in plan.deletes] + [r for r, _ in create_requests(plan.creates)])


def _created(response: Any, chunk: Sequence[Wanted]) -> list[tuple[Wanted, str | None, str]]:
    """(wanted, override id or None, error) per override of a POST's answer, matched by position."""
    items = response if isinstance(response, list) else []
    out = []
    for i, w in enumerate(chunk):
        item = items[i] if i < len(items) and isinstance(items[i], Mapping) else {}
        ov: Mapping[str, Any] = item["override"] if isinstance(item.get("override"), Mapping) else {}
        status = item.get("status", 201)
        oid = ov.get("id") if isinstance(ov.get("id"), str) and status in (200, 201) else None
        errors = "; ".join(str(e) for e in item.get("errors") or []) or f"status {status}"
        out.append((w, oid, "" if oid else errors if item else "no answer for this override"))
    return out


def push(schedule: Schedule, roster: Roster, *, now: datetime, state: PushState, api: ApiClient,
         dry_run: bool = False, rotation: str | None = None, role: str | None = None) -> PushReport:
    """Push ``schedule``'s seats as overrides; ``state`` is updated in place (save it afterwards)."""
    wanted, windows, past = wanted_seats(schedule, roster, "pagerduty", now=now, rotation=rotation, role=role)
    plan = plan_push(wanted, state, windows, now=now)
    report = PushReport("pagerduty", kept=plan.kept, dry_run=dry_run)
    if past:
        report.notes.append(f"{past} seat(s) ended before now and are left as they are")
    if dry_run:
        report.requests += requests_for(plan)
        return report
    stuck: set[tuple[str, str]] = set()
    for target, key, rec in plan.deletes:
        request = delete_request(target, key, rec)
        report.requests.append(request)
        try:
            api.send(request)
        except HttpError as exc:
            if exc.status != 404:  # 404: already gone (deleted by hand); forget it
                report.failures.append(f"{exc} (its replacement is not created)")
                stuck.add((target, key))
                continue
        state.overrides.get(target, {}).pop(key, None)
        report.deleted += 1
    for request, chunk in create_requests([w for w in plan.creates if (w.target, w.key) not in stuck]):
        report.requests.append(request)
        try:
            answer = api.send(request).body
        except HttpError as exc:
            report.failures.append(str(exc))
            continue
        for w, oid, error in _created(answer, chunk):
            if oid is None:
                report.failures.append(f"{request.method} {request.path}: override {w.key} "
                                       f"({w.engineer}, {w.start.isoformat()}): {error}")
                continue
            state.overrides.setdefault(w.target, {})[w.key] = Recorded(
                oid, w.start.isoformat(), w.end.isoformat(), w.user)
            report.created += 1
    return report

