"""iCalendar (RFC 5545) export, one VEVENT per seat, written with the ``icalendar`` package.

* ``UID`` is stable per shift and role (see :func:`fairshift.exports.common.event_uid`), so a
  re-export after a swap updates the event instead of adding one;
* ``SEQUENCE`` is bumped for seats whose assignee changed against ``previous``;
* ``DTSTART``/``DTEND`` are UTC instants, ``TRANSP:TRANSPARENT`` (on call is not busy);
* with a previous schedule, seats that left the (filtered) calendar although their shift still
  exists are emitted with ``STATUS:CANCELLED`` so that imported copies disappear;
* ``X-FAIRSHIFT-ENGINEER`` carries the engineer id, so ``fairshift import ics`` reads the calendar
  back exactly (other readers ignore ``X-`` properties);
* no ``METHOD``: the file is a published calendar, not an iTIP message (``METHOD:PUBLISH`` would
  need an ``ORGANIZER`` in every event, and strict validators such as libical's reject it without).

Every text value is escaped as RFC 5545 TEXT by the library (``,`` ``;`` ``\\`` and line breaks)
and control characters from names and ids are replaced by spaces first, so a name can never
start a line of its own (or a forged ``BEGIN:VEVENT``). ``DTSTAMP`` is ``stamp`` (default: the
horizon start, so the output is reproducible; the CLI passes the current time unless ``--stamp``
is given).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from fairshift.domain.identities import control_free
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import (
    Seat,
    cancelled_seats,
    check_filters,
    check_role,
    display_names,
    local_time,
    seats,
    select,
)
from fairshift.exports.errors import MissingDependencyError

__all__ = ["PRODID", "new_calendar", "summary", "text", "to_ics"]

PRODID = "-//fairshift//fairshift on-call export//EN"


def text(value: str) -> Any:
    """A TEXT property value: control characters replaced by spaces, escaped by the library."""
    from icalendar import vText

    return vText(control_free(value))


def summary(seat: Seat, name: str) -> str:
    """``On call: payments-weekly primary — Anna Kovacs``."""
    return control_free(f"On call: {seat.rotation} {seat.role} — {name}")


def new_calendar(title: str) -> Any:
    """An empty VCALENDAR (PRODID, VERSION, CALSCALE, an escaped X-WR-CALNAME; no METHOD)."""
    try:
        from icalendar import Calendar
    except ImportError:
        raise MissingDependencyError("the iCalendar export", "icalendar", "ics") from None
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", text(title))
    return cal


def _zone_label(seat: Seat, roster: Roster | None) -> str:
    if roster is not None and seat.rotation in roster.rotations_by_id:
        return roster.rotations_by_id[seat.rotation].timezone
    return f"(UTC{seat.start:%z})"


def to_ics(schedule: Schedule, *, roster: Roster | None = None, engineer: str | None = None,
           rotation: str | None = None, previous: Schedule | None = None,
           stamp: datetime | None = None, role: str | None = None) -> str:
    """The calendar as text (CRLF line ends, as RFC 5545 wants); ``role`` keeps one role's seats."""
    cal = new_calendar("On call")  # fails early when icalendar is missing
    from icalendar import Event, vText

    check_filters(schedule, roster, engineer=engineer, rotation=rotation)
    check_role(schedule, role, rotation)
    names = display_names(schedule, roster)
    if previous is not None:
        for eid, name in display_names(previous, roster).items():
            names.setdefault(eid, name)
    shown = select(seats(schedule, previous), engineer=engineer, rotation=rotation, role=role)
    gone = [s for s in (cancelled_seats(schedule, previous, shown, engineer=engineer, rotation=rotation)
                        if previous is not None else []) if role is None or s.role == role]
    dtstamp = (stamp.astimezone(UTC) if stamp is not None
               else datetime.combine(schedule.horizon.start, time(0), UTC))

    title = f"On call: {schedule.name}" if schedule.name else "On call"
    if rotation is not None:
        title += f" — {rotation}"
    if role is not None:
        title += f" {role}"
    if engineer is not None:
        title += f" — {names.get(engineer, engineer)}"
    cal["x-wr-calname"] = text(title)
    for seat in sorted([*shown, *gone], key=lambda s: (s.start_utc, s.rotation, s.role, s.index)):
        name = names.get(seat.engineer, seat.engineer)
        start = local_time(seat.start, seat.rotation, roster)
        end = local_time(seat.end, seat.rotation, roster)
        ev = Event()
        ev.add("uid", seat.uid)
        ev.add("dtstamp", dtstamp)
        ev.add("dtstart", seat.start_utc)
        ev.add("dtend", seat.end_utc)
        ev.add("summary", text(summary(seat, name)))
        lines = (f"Rotation: {seat.rotation}", f"Role: {seat.role}", f"Engineer: {name} ({seat.engineer})",
                 f"Local: {start:%a %Y-%m-%d %H:%M} – {end:%a %Y-%m-%d %H:%M} {_zone_label(seat, roster)}")
        ev.add("description", vText("\n".join(control_free(line) for line in lines)))
        ev.add("x-fairshift-engineer", text(seat.engineer))
        ev.add("sequence", seat.sequence)
        ev.add("status", "CANCELLED" if seat.cancelled else "CONFIRMED")
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", ["on-call", control_free(seat.rotation)])
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")
