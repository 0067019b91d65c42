"""CSV export: one row per seat (shift and role), safe to open in a spreadsheet.

Columns: ``rotation, role, start, end, engineer, engineer_name``; ``start``/``end`` are ISO 8601
with the offset of the rotation's zone. A cell that starts with ``=``, ``+``, ``-`` or ``@`` (also
after leading spaces: spreadsheets skip them), or with a tab, a carriage return or a line feed,
would be read as a formula by spreadsheet programs, so it is neutralised by a leading single
quote (OWASP, "CSV Injection"; :func:`fairshift.text.formula_like`); ``raw=True`` writes cells
unchanged for machine consumers. Quoting of commas, quotes and line breaks is the :mod:`csv` module's.
"""

from __future__ import annotations

import csv
import io

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import check_filters, check_role, display_names, local_time, seats, select
from fairshift.text import formula_like

__all__ = ["COLUMNS", "FORMULA_PREFIXES", "neutralise", "to_csv"]

COLUMNS = ("rotation", "role", "start", "end", "engineer", "engineer_name")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would evaluate with a single quote.

    >>> neutralise('=HYPERLINK("x")')
    '\\'=HYPERLINK("x")'
    >>> neutralise("2027-01-04T09:00:00-08:00"), neutralise("-Bob"), neutralise(" @SUM(A1)")
    ('2027-01-04T09:00:00-08:00', "'-Bob", "' @SUM(A1)")
    """
    return "'" + cell if formula_like(cell) else cell


def to_csv(schedule: Schedule, *, roster: Roster | None = None, engineer: str | None = None,
           rotation: str | None = None, raw: bool = False, role: str | None = None) -> str:
    """The CSV text (RFC 4180: CRLF line ends, header row first); ``role`` keeps one role's seats."""
    check_filters(schedule, roster, engineer=engineer, rotation=rotation)
    check_role(schedule, role, rotation)
    names = display_names(schedule, roster)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for seat in select(seats(schedule), engineer=engineer, rotation=rotation, role=role):
        row = (seat.rotation, seat.role,
               local_time(seat.start, seat.rotation, roster).isoformat(),
               local_time(seat.end, seat.rotation, roster).isoformat(),
               seat.engineer, names.get(seat.engineer, seat.engineer))
        writer.writerow(row if raw else [neutralise(c) for c in row])
    return buf.getvalue()
