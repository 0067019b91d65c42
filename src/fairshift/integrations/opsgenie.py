"""Opsgenie: read a schedule timeline, push overrides (US or EU API host).

**Import.** The JSON of ``GET /v2/schedules/{identifier}/timeline`` (``data.finalTimeline``): every
period of every rotation whose recipient is a user is one entry (users matched by
``engineers[].pager.opsgenie``, the login e-mail, or ``email``). Periods with no recipient show up
as gaps.

**Push.** ``POST /v2/schedules/{identifier}/overrides`` with an ``alias`` that is the seat's
stable key (``fairshift-<rotation>-<start>-<role>``), so each override names its seat in
Opsgenie too; a changed seat is updated in place (``PUT .../overrides/{alias}``) and a seat no
longer wanted is deleted (``DELETE .../overrides/{alias}``). The state file of
:mod:`fairshift.integrations.push` keeps the push idempotent. A schedule given by name (not an
id) is sent with ``scheduleIdentifierType=name``. The key comes from ``OPSGENIE_API_KEY``
(``Authorization: GenieKey ...``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations.entries import OnCallEntry, parse_instant_text
from fairshift.integrations.errors import HttpError, ImportFormatError
from fairshift.integrations.http import ApiClient, ApiRequest, TokenAuth
from fairshift.integrations.identity import Person
from fairshift.integrations.push import PushReport, PushState, Recorded, Wanted, plan_push, wanted_seats

__all__ = ["API_URLS", "AUTH", "alias", "client", "push", "read_timeline"]

API_URLS = {"us": "https://api.opsgenie.com", "eu": "https://api.eu.opsgenie.com"}
AUTH = TokenAuth("OPSGENIE_API_KEY", "Opsgenie", "GenieKey {token}")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def client(region: str = "us", base_url: str | None = None, **kwargs: Any) -> ApiClient:
    return ApiClient(base_url or API_URLS[region], auth=AUTH, **kwargs)


def alias(key: str) -> str:
    """The override alias of a seat key.

    >>> alias("payments-weekly-20270104T170000Z-primary@fairshift")
    'fairshift-payments-weekly-20270104T170000Z-primary'
    """
    return "fairshift-" + key.removesuffix("@fairshift")


def _recipient(period: Mapping[str, Any]) -> Person | None:
    r = period.get("recipient")
    if not isinstance(r, Mapping) or r.get("type") not in (None, "user"):
        return None
    name = r.get("name") or r.get("username")
    name = name if isinstance(name, str) and name else None
    return Person(tool_id=str(r["id"]) if r.get("id") else None, username=name,
                  email=name if name and "@" in name else None)


def read_timeline(data: Any, *, source: str = "Opsgenie timeline") -> tuple[list[OnCallEntry], list[str]]:
    """Entries of ``data.finalTimeline.rotations[].periods[]`` held by a user."""
    body = data.get("data") if isinstance(data, Mapping) and "data" in data else data
    timeline = body.get("finalTimeline") if isinstance(body, Mapping) else None
    if not isinstance(timeline, Mapping) or not isinstance(timeline.get("rotations"), list):
        raise ImportFormatError(f"{source}: not an Opsgenie timeline (GET /v2/schedules/{{id}}/timeline): "
                                "no data.finalTimeline.rotations")
    entries: list[OnCallEntry] = []
    skipped = 0
    for i, rot in enumerate(timeline["rotations"]):
        for j, period in enumerate(rot.get("periods") or [] if isinstance(rot, Mapping) else []):
            where = f"{source} finalTimeline.rotations[{i}].periods[{j}]"
            person = _recipient(period) if isinstance(period, Mapping) else None
            if person is None:
                skipped += 1
                continue
            entries.append(OnCallEntry(parse_instant_text(period.get("startDate"), f"{where}.startDate"),
                                       parse_instant_text(period.get("endDate"), f"{where}.endDate"),
                                       person, where))
    notes = [f"{skipped} period(s) held by no user (nobody, a team or an escalation) left out"]
    return entries, notes if skipped else []


def _path(target: str, rest: str = "") -> tuple[str, tuple[tuple[str, str], ...]]:
    kind = () if _UUID.match(target) else (("scheduleIdentifierType", "name"),)
    return f"/v2/schedules/{quote(target, safe='')}/overrides{rest}", kind


def _body(w: Wanted, with_alias: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"user": {"type": "user", "username": w.user},
                            "startDate": w.start.isoformat().replace("+00:00", "Z"),
                            "endDate": w.end.isoformat().replace("+00:00", "Z")}
    return {"alias": alias(w.key), **body} if with_alias else body


def push(schedule: Schedule, roster: Roster, *, now: datetime, state: PushState, api: ApiClient,
         dry_run: bool = False, rotation: str | None = None, role: str | None = None) -> PushReport:
    """Create, update and delete fairshift's overrides (see the module docs)."""
    wanted, windows, past = wanted_seats(schedule, roster, "opsgenie", now=now, rotation=rotation, role=role)
    plan = plan_push(wanted, state, windows, now=now)
    report = PushReport("opsgenie", kept=plan.kept, dry_run=dry_run)
    if past:
        report.notes.append(f"{past} seat(s) ended before now and are left as they are")
    changed = {(w.target, w.key): w for w in plan.creates}
    steps: list[tuple[str, ApiRequest, Wanted | None, str, str]] = []
    for target, key, _rec in plan.deletes:
        w = changed.pop((target, key), None)
        path, params = _path(target, f"/{quote(alias(key), safe='')}")
        if w is not None:
            steps.append(("update", ApiRequest("PUT", path, params, _body(w, False), f"update {alias(key)}"),
                          w, target, key))
        else:
            steps.append(("delete", ApiRequest("DELETE", path, params, label=f"delete {alias(key)}"),
                          None, target, key))
    for (target, key), w in changed.items():
        path, params = _path(target)
        steps.append(("create", ApiRequest("POST", path, params, _body(w, True), f"create {alias(key)}"),
                      w, target, key))
    for kind, request, w, target, key in steps:
        report.requests.append(request)
        if dry_run:
            continue
        try:
            api.send(request)
        except HttpError as exc:
            if not (kind == "delete" and exc.status == 404):
                report.failures.append(str(exc))
                continue
        if w is None:
            state.overrides.get(target, {}).pop(key, None)
            report.deleted += 1
        else:
            state.overrides.setdefault(target, {})[key] = Recorded(
                alias(key), w.start.isoformat(), w.end.isoformat(), w.user)
            if kind == "update":
                report.updated += 1
            else:
                report.created += 1
    return report
