"""Grafana OnCall: read ``final_shifts``, write an iCalendar per rotation and role for its iCal import.

**Import.** The JSON of ``GET /api/v1/schedules/{id}/final_shifts?start_date=...&end_date=...``:
each result (``user_username``, ``user_email``, ``shift_start``, ``shift_end``) is one entry, matched
by ``engineers[].pager.grafana`` (the username) or the e-mail.

**Push.** Grafana OnCall reads an iCal schedule from a URL and takes each event's SUMMARY (without
an ``[L1]`` level marker), DESCRIPTION and a single ATTENDEE as a Grafana username or e-mail. So
each event's SUMMARY is the engineer's Grafana username (``engineers[].pager.grafana``, else their
``email``), there is no DESCRIPTION that could name someone else, and one ``ATTENDEE`` carries
the e-mail for other calendar readers. One file per rotation and role, so that Grafana never sees
two of fairshift's events overlap at one level (where it would page everyone, or no one). Publish
each file where Grafana can fetch it and give that URL as the schedule's iCal URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.ics import new_calendar, text
from fairshift.integrations.entries import OnCallEntry, parse_instant_text
from fairshift.integrations.errors import ImportFormatError
from fairshift.integrations.identity import Person
from fairshift.integrations.push import PushReport, Wanted, wanted_seats
from fairshift.io.files import atomic_write_text

__all__ = ["grafana_calendars", "push", "read_final_shifts"]


def read_final_shifts(data: Any, *, source: str = "Grafana OnCall final shifts") -> tuple[list[OnCallEntry],
                                                                                             list[str]]:
    """Entries of ``results[]`` (one page: fetch every page and give them one at a time, or merged)."""
    results = data.get("results") if isinstance(data, Mapping) else data
    if not isinstance(results, list):
        raise ImportFormatError(f"{source}: not a Grafana OnCall final_shifts answer: no results list")
    entries = []
    for i, item in enumerate(results):
        where = f"{source} results[{i}]"
        if not isinstance(item, Mapping):
            raise ImportFormatError(f"{where}: expected user_username, shift_start and shift_end")
        person = Person(tool_id=item.get("user_username") or None, email=item.get("user_email") or None,
                        username=item.get("user_username") or None)
        entries.append(OnCallEntry(parse_instant_text(item.get("shift_start"), f"{where}.shift_start"),
                                   parse_instant_text(item.get("shift_end"), f"{where}.shift_end"),
                                   person, where))
    notes = []
    if isinstance(data, Mapping) and data.get("next"):
        notes.append(f"{source}: this is one page of several (next: {data['next']}); import the others too")
    return entries, notes


def _calendar(items: list[Wanted], roster: Roster, stamp: datetime, title: str) -> str:
    from icalendar import Event, vCalAddress

    cal = new_calendar(title)
    for w in sorted(items, key=lambda w: (w.start, w.key)):
        ev = Event()
        ev.add("uid", w.key)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", w.start)
        ev.add("dtend", w.end)
        ev.add("summary", text(w.user))
        email = roster.engineers_by_id[w.engineer].email
        if email:
            who = vCalAddress(f"mailto:{email}")
            ev.add("attendee", who)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def grafana_calendars(schedule: Schedule, roster: Roster, *, now: datetime | None = None,
                      rotation: str | None = None, role: str | None = None,
                      stamp: datetime | None = None) -> dict[str, str]:
    """``{file name: iCalendar text}``, one per rotation and role mapped in ``rotations[].pager.grafana``.

    The file is named after the Grafana schedule it is for (``<schedule>.ics``). ``now`` leaves out
    seats that have ended (default: keep all).
    """
    since = now or datetime(1970, 1, 1, tzinfo=UTC)
    wanted, _windows, _past = wanted_seats(schedule, roster, "grafana", now=since, rotation=rotation,
                                           role=role,
                                           one_per_seat=False)
    dtstamp = (stamp or datetime.combine(schedule.horizon.start, time(0), UTC)).astimezone(UTC)
    files: dict[str, list[Wanted]] = {}
    for w in wanted:
        files.setdefault(w.target, []).append(w)
    out = {}
    for target, items in sorted(files.items()):
        first = items[0]
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in target) + ".ics"
        out[name] = _calendar(items, roster, dtstamp, f"On call: {first.rotation} {first.role}")
    return out


def push(schedule: Schedule, roster: Roster, *, out_dir: str | Path, now: datetime | None = None,
         dry_run: bool = False, rotation: str | None = None, role: str | None = None,
         stamp: datetime | None = None) -> PushReport:
    """Write the calendars into ``out_dir`` (atomically each); with ``dry_run`` only name them."""
    report = PushReport("grafana", dry_run=dry_run)
    folder = Path(out_dir)
    for name, body in grafana_calendars(schedule, roster, now=now, rotation=rotation, role=role,
                                        stamp=stamp).items():
        path = folder / name
        report.files.append(path)
        events = sum(line == "BEGIN:VEVENT" for line in body.split("\r\n"))
        report.notes.append(f"{'would write' if dry_run else 'wrote'} {path} ({events} event(s))")
        if not dry_run:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, body)
            report.created += events
    return report
