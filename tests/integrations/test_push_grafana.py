"""Grafana OnCall: each calendar maps every shift to exactly one user by Grafana's own matching rule.

The rule, from Grafana OnCall's documentation ("you must use their Grafana username as the event
title") and its calendar reader (``engine/apps/schedules/ical_utils.py``, ``get_usernames_from_ical_event``
and ``users_in_ical``): the SUMMARY, the DESCRIPTION and a single ATTENDEE of an event, each with a
leading ``[L<n>]`` level marker removed and stripped, are candidate names; a user is on call when
their username is a candidate, or their e-mail equals a candidate compared case-insensitively.
Restated here from that description, not from fairshift's exporter; the calendars are read with
``vobject``, a parser independent of the ``icalendar`` package that writes them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import vobject
from kit import seat_map

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.integrations import grafana

LEVEL = re.compile(r"^\[L(\d+)\]")


def grafana_users(event: vobject.base.Component, users: dict[str, str]) -> list[str]:
    """Grafana usernames (of ``users``: username -> e-mail) that Grafana puts on call for ``event``."""
    candidates = []
    for name in ("summary", "description"):
        if name in event.contents:
            candidates.append(LEVEL.sub("", event.contents[name][0].value.strip(), count=1).strip())
    attendees = event.contents.get("attendee", [])
    if len(attendees) == 1:  # several attendees are a list, which Grafana skips
        candidates.append(LEVEL.sub("", attendees[0].value.strip(), count=1).strip())
    lowered = [c.lower() for c in candidates]
    return [u for u, email in users.items() if u in candidates or email.lower() in lowered]


def test_every_shift_maps_to_exactly_one_grafana_user(roster: Roster, schedule: Schedule) -> None:
    files = grafana.grafana_calendars(schedule, roster)
    assert sorted(files) == ["SPAYPRI.ics", "SPAYSEC.ics", "SPLATFO.ics"]
    users = {e.pager.grafana: e.email for e in roster.engineers if e.pager.grafana and e.email}
    by_user = {e.pager.grafana: e.id for e in roster.engineers}
    target = {"SPAYPRI.ics": ("payments-weekly", "primary"), "SPAYSEC.ics": ("payments-weekly", "secondary"),
              "SPLATFO.ics": ("platform-daily", "primary")}
    want = seat_map(schedule)
    seen = {}
    for name, text in files.items():
        cal = vobject.readOne(text)
        spans = []
        for ev in cal.vevent_list:
            on_call = grafana_users(ev, users)
            assert len(on_call) == 1, (name, ev.summary.value, on_call)
            start = ev.dtstart.value.astimezone(UTC)
            spans.append((start, ev.dtend.value.astimezone(UTC)))
            rotation, role = target[name]
            seen[(rotation, start.isoformat(), role)] = by_user[on_call[0]]
        spans.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), "events overlap"
    assert seen == want


def test_without_a_grafana_username_the_email_is_the_summary(roster: Roster, schedule: Schedule) -> None:
    data = roster.model_dump(mode="json")
    for e in data["engineers"]:
        e["pager"]["grafana"] = None
    from fairshift import parse_roster

    plain = parse_roster(data)
    text = grafana.grafana_calendars(schedule, plain, rotation="platform-daily")["SPLATFO.ics"]
    users = {e.id: e.email for e in plain.engineers if e.email}
    for ev in vobject.readOne(text).vevent_list:
        assert len(grafana_users(ev, users)) == 1
        assert "@example.com" in ev.summary.value


def test_push_writes_the_files_and_dry_run_writes_none(roster: Roster, schedule: Schedule,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    dry = grafana.push(schedule, roster, out_dir=out, dry_run=True)
    assert not out.exists() and len(dry.files) == 3
    done = grafana.push(schedule, roster, out_dir=out, now=datetime(2027, 3, 1, tzinfo=UTC))
    assert sorted(p.name for p in out.iterdir()) == ["SPAYPRI.ics", "SPAYSEC.ics", "SPLATFO.ics"]
    later = sum(len(s.assignments) for s in schedule.shifts if s.end > datetime(2027, 3, 1, tzinfo=UTC))
    assert done.created == later
