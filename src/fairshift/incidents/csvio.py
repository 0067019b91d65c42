"""Tickets from and to CSV, one ticket per row.

Columns (header names are case-insensitive; order does not matter):

=================  ========  ===========================================================
column             required  content
=================  ========  ===========================================================
``id``             yes       unique ticket id
``kind``           yes       a kind label: ``sev1``, ``SEV-2``, ``security-high``, ...
``created_at``     yes       ISO 8601 instant with offset: ``2027-02-01T09:00Z``
``acknowledged_at`` no       same format; empty when not acknowledged
``resolved_at``    no        same format; empty when not resolved
``team``           no        team name; empty for none
``labels``         no        free labels separated by ``;`` or ``,``
``pauses``         no        ``start/end`` intervals separated by ``;`` (``start/`` = ongoing)
=================  ========  ===========================================================

Every problem is reported with ``file:line``, the column and a fix.

>>> text = "id,kind,created_at,team\\nINC-1,SEV-1,2027-02-01T09:00Z,db\\n"
>>> [(t.id, t.kind.value, t.team) for t in parse_tickets_csv(text, "t.csv")]
[('INC-1', 'sev1', 'db')]
>>> parse_tickets_csv("id,kind,created_at\\nINC-1,sev1,2027-02-01T09:00\\n", "t.csv")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
fairshift.incidents.errors.IncidentError: 1 problem in t.csv:
  t.csv:2 created_at: '2027-02-01T09:00' has no UTC offset; add one, e.g. 2027-02-01T09:00Z or ...
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fairshift.errors import FairshiftError, Problem, TimeError
from fairshift.incidents.errors import IncidentError
from fairshift.incidents.kinds import parse_kind
from fairshift.incidents.tickets import Pause, Ticket
from fairshift.io.files import read_text_file
from fairshift.limits import CSV_FIELD
from fairshift.text import closest
from fairshift.time.instants import parse_instant

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "dump_tickets_csv", "load_tickets_csv",
           "parse_tickets_csv"]

REQUIRED_COLUMNS = ("id", "kind", "created_at")
COLUMNS = (*REQUIRED_COLUMNS, "acknowledged_at", "resolved_at", "team", "labels", "pauses")
_MAX_PROBLEMS = 20


def _instant(text: str) -> datetime:
    try:
        return parse_instant(text, "instant").astimezone(UTC)
    except TimeError as exc:
        raise IncidentError(str(exc).removeprefix("instant ")) from None


def _optional(text: str) -> datetime | None:
    return _instant(text) if text.strip() else None


def _pauses(text: str) -> tuple[Pause, ...]:
    pauses = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        start, sep, end = item.partition("/")
        if not sep:
            raise IncidentError(
                f"cannot read pause {item!r}; write start/end, e.g. "
                "2027-02-01T10:00Z/2027-02-02T09:00Z (or start/ while ongoing)"
            )
        pauses.append(Pause(_instant(start), _optional(end)))
    return tuple(pauses)


def _header(row: Sequence[str]) -> list[str]:
    names = [re.sub(r"[\s-]+", "_", c.strip().lower()) for c in row]
    for name in names:
        if name not in COLUMNS:
            close = closest(name, COLUMNS)
            hint = f"rename it to {close!r}" if close else f"use only {', '.join(COLUMNS)}"
            raise IncidentError(f"unknown column {name!r}; {hint}")
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise IncidentError(f"missing column(s) {', '.join(missing)}; add them to the header")
    if len(set(names)) != len(names):
        raise IncidentError("a column appears twice in the header; keep one")
    return names


def _ticket(cells: dict[str, str], shared: dict[frozenset[str], frozenset[str]]
            ) -> tuple[Ticket | None, str, str]:
    """The ticket of one row, or (None, column, message) for its first problem. Tickets with
    the same labels share one frozenset of them (``shared``), and team names are interned."""
    column = "kind"
    try:
        kind = parse_kind(cells["kind"])
        column = "created_at"
        created = _instant(cells["created_at"])
        column = "acknowledged_at"
        acknowledged = _optional(cells.get(column, ""))
        column = "resolved_at"
        resolved = _optional(cells.get(column, ""))
        column = "pauses"
        pauses = _pauses(cells.get(column, ""))
        column = ""
        labels = frozenset({s.strip() for s in re.split(r"[;,]", cells.get("labels", ""))} - {""})
        team = cells.get("team", "").strip() or None
        ticket = Ticket(cells["id"].strip(), kind, created, acknowledged, resolved, pauses,
                        team and sys.intern(team), shared.setdefault(labels, labels))
    except FairshiftError as exc:
        return None, column, str(exc)
    return ticket, "", ""


def parse_tickets_csv(text: str, filename: str = "<tickets>") -> list[Ticket]:
    """Tickets from CSV text; ``filename`` is used in error messages."""
    reader = csv.reader(_lines(text.removeprefix("\ufeff")))
    problems: list[Problem] = []
    tickets: list[Ticket] = []
    seen: dict[str, int] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}
    names: list[str] | None = None
    for row in _rows(reader, filename):
        line = reader.line_num
        if not any(c.strip() for c in row) or len(problems) >= _MAX_PROBLEMS:
            continue
        if names is None:
            try:
                names = _header(row)
            except IncidentError as exc:
                raise IncidentError(str(Problem(str(exc), file=filename, line=line))) from None
            continue
        if len(row) != len(names):
            problems.append(Problem(f"{len(row)} cells where the header has {len(names)}; "
                                    "quote cells that contain commas", "", filename, line))
            continue
        ticket, column, message = _ticket(dict(zip(names, row, strict=True)), shared)
        if ticket is None:
            problems.append(Problem(message, column, filename, line))
        elif ticket.id in seen:
            problems.append(Problem(f"ticket id {ticket.id!r} is already used on line "
                                    f"{seen[ticket.id]}; give each ticket its own id",
                                    "id", filename, line))
        else:
            seen[ticket.id] = line
            tickets.append(ticket)
    if names is None:
        raise IncidentError(f"{filename}: no header row; start with {','.join(COLUMNS)}")
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise IncidentError(f"{count} in {filename}:\n" + "\n".join(f"  {p}" for p in problems))
    return tickets


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, one at a time (no copy of the whole text)."""
    start, find = 0, text.find
    while start < len(text):
        end = find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _rows(reader: Any, filename: str) -> Iterator[list[str]]:
    """The rows of ``reader``, with the cell length bounded by :data:`~fairshift.limits.CSV_FIELD`
    and the csv module's errors (a cell too long, a stray quote) located at their line."""
    limit = CSV_FIELD.value()
    before = csv.field_size_limit(limit)
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "field larger than field limit" in message:
                    message = (f"a cell is longer than {limit} characters; shorten it, or "
                               f"{CSV_FIELD.raise_hint()}")
                raise IncidentError(str(Problem(f"cannot read the CSV: {message}", file=filename,
                                                line=reader.line_num))) from None
            yield row
    finally:
        csv.field_size_limit(before)


def load_tickets_csv(path: Path | str) -> list[Ticket]:
    """Tickets from a CSV file (UTF-8, with or without a byte order mark)."""
    return parse_tickets_csv(read_text(path, "tickets CSV"), str(path))


def read_text(path: Path | str, what: str) -> str:
    """A UTF-8 file's text; an unreadable file raises :class:`IncidentError` naming it."""
    return read_text_file(path, what, lambda problem: IncidentError(str(problem)))


def _iso(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def dump_tickets_csv(tickets: Iterable[Ticket]) -> str:
    """CSV text with all columns that :func:`parse_tickets_csv` reads back to equal tickets.

    >>> t = Ticket("A", "sev2", datetime(2027, 2, 1, 9, tzinfo=UTC), labels={"db", "eu"})
    >>> print(dump_tickets_csv([t]).strip())
    id,kind,created_at,acknowledged_at,resolved_at,team,labels,pauses
    A,sev2,2027-02-01T09:00:00Z,,,,db;eu,
    >>> parse_tickets_csv(dump_tickets_csv([t])) == [t]
    True
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for t in tickets:
        pauses = ";".join(f"{_iso(p.start)}/{_iso(p.end)}" for p in t.pauses)
        writer.writerow([t.id, t.kind.value, _iso(t.created_at), _iso(t.acknowledged_at),
                         _iso(t.resolved_at), t.team or "", ";".join(sorted(t.labels)), pauses])
    return out.getvalue()
