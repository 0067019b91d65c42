"""iCalendar in: any pager's on-call feed (PagerDuty, Opsgenie, GoAlert, Grafana OnCall) or file.

Each VEVENT is one person on call from DTSTART to DTEND (recurring events are expanded with
``recurring-ical-events``, the library Grafana OnCall itself reads calendars with; cancelled
events are left out). The person is read from, in order:

1. ``X-FAIRSHIFT-ENGINEER`` (fairshift's own export: the engineer id);
2. ``ATTENDEE`` (its ``mailto:`` e-mail, and its ``CN`` name) — PagerDuty and Opsgenie feeds;
3. ``SUMMARY`` without a Grafana ``[L1]`` level marker, as a username, e-mail or name — Grafana
   OnCall calendars put the username there;
4. the one engineer whose e-mail, tool id, id or name appears in SUMMARY or DESCRIPTION (GoAlert
   and PagerDuty write "On-Call (GoAlert): Anna Kovacs" or "On Call - Anna Kovacs - Payments").

fairshift's own event UIDs (``<rotation>-<start>-<role>@fairshift``) also give the rotation and role.
All-day and floating times are read in ``tz`` (the rotation's zone).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fairshift.integrations.entries import OnCallEntry
from fairshift.integrations.errors import ImportFormatError, IntegrationError
from fairshift.integrations.identity import Person
from fairshift.time.tz import zone

__all__ = ["FAIRSHIFT_UID", "read_ics"]

FAIRSHIFT_UID = re.compile(r"^(?P<rotation>.+)-\d{8}T\d{6}Z-(?P<role>.+?)(?:\+\d+)?@fairshift$")
LEVEL = re.compile(r"^\[L(\d+)\]")
_FAR_PAST = datetime(1970, 1, 1, tzinfo=UTC)
_FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)


def _instant(value: Any, tz: str, where: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=zone(tz))
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0), zone(tz))
    raise ImportFormatError(f"{where}: {value!r} is not a date or a time")


def _attendee(ev: Any) -> tuple[str | None, str | None]:
    raw = ev.get("ATTENDEE")
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    if len(items) != 1:
        return None, None
    value = str(items[0])
    email = value[7:] if value.lower().startswith("mailto:") else value if "@" in value else None
    cn = getattr(items[0], "params", {}).get("CN")
    return (email.strip() or None) if email else None, str(cn) if cn else None


def _person(ev: Any) -> Person:
    summary = LEVEL.sub("", str(ev.get("SUMMARY", "")).strip(), count=1).strip()
    description = str(ev.get("DESCRIPTION", ""))
    own = ev.get("X-FAIRSHIFT-ENGINEER")
    if own is not None:
        return Person(username=str(own), hint=f"{summary}\n{description}")
    email, cn = _attendee(ev)
    return Person(email=email or (summary if "@" in summary and " " not in summary else None),
                  username=summary or None, name=cn or summary or None,
                  hint=f"{summary}\n{description}")


def _events(cal: Any, lo: datetime | date, hi: datetime | date) -> list[Any]:
    try:
        import recurring_ical_events
    except ImportError:
        if any("RRULE" in ev or "RDATE" in ev for ev in cal.walk("VEVENT")):
            raise IntegrationError("this calendar has recurring events; reading them needs the "
                                   "recurring-ical-events package: pip install fairshift[pager]") from None
        return list(cal.walk("VEVENT"))
    try:
        return list(recurring_ical_events.of(cal).between(lo, hi))
    except Exception as exc:  # the library raises several kinds for broken rules
        raise ImportFormatError(f"cannot expand the calendar's recurring events: {exc}") from None


def read_ics(text: str | bytes, *, source: str = "calendar", tz: str = "UTC",
             start: datetime | None = None,
             end: datetime | None = None) -> tuple[list[OnCallEntry], list[str]]:
    """The calendar's events as entries, and notes on what was left out (cancelled, no end...)."""
    try:
        from icalendar import Calendar
    except ImportError:
        raise IntegrationError("reading iCalendar needs the icalendar package; install it with: "
                               "pip install fairshift[pager]") from None
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        cal = Calendar.from_ical(raw)
    except (ValueError, KeyError, IndexError) as exc:
        raise ImportFormatError(f"{source}: not an iCalendar file: {exc}") from None
    if isinstance(cal, list):
        raise ImportFormatError(f"{source}: several calendars in one file; give one at a time")
    lo = start if start is not None else _FAR_PAST
    hi = end if end is not None else _FAR_FUTURE
    entries: list[OnCallEntry] = []
    notes: list[str] = []
    cancelled = no_end = 0
    for n, ev in enumerate(_events(cal, lo, hi), 1):
        uid = str(ev.get("UID", f"event {n}"))
        where = f"{source} event {uid}"
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            cancelled += 1
            continue
        if "DTSTART" not in ev:
            raise ImportFormatError(f"{where}: no DTSTART")
        begin = _instant(ev.decoded("DTSTART"), tz, where)
        if "DTEND" in ev:
            finish = _instant(ev.decoded("DTEND"), tz, where)
        elif "DURATION" in ev:
            finish = begin + ev.decoded("DURATION")
        elif not isinstance(ev.decoded("DTSTART"), datetime):
            finish = _instant(ev.decoded("DTSTART") + timedelta(days=1), tz, where)
        else:
            no_end += 1
            continue
        match = FAIRSHIFT_UID.match(uid)
        entries.append(OnCallEntry(begin, finish, _person(ev), where,
                                   rotation=match.group("rotation") if match else None,
                                   role=match.group("role") if match else None))
    if cancelled:
        notes.append(f"{cancelled} cancelled event(s) left out")
    if no_end:
        notes.append(f"{no_end} event(s) without an end (DTEND or DURATION) left out")
    return entries, notes
