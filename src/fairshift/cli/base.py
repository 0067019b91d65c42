"""What every command shares: the click group, the two consoles, exit codes, common options.

Exit codes: 0 ok; 1 invalid input (roster, schedule, tickets, policy); 2 usage error;
3 infeasible roster or a schedule with hard violations; 4 no solution within the time limit;
70 internal error (a bug: one line says where to report it); 130 aborted by a second Ctrl-C.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console

from fairshift.domain.roster import Roster, quarter_bounds
from fairshift.errors import TimeError
from fairshift.time.instants import parse_instant

__all__ = [
    "EXIT_INFEASIBLE", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_NO_SOLUTION", "EXIT_OK", "EXIT_USAGE",
    "app", "err", "instant_option", "out", "roster_arg", "with_horizon",
]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_INTERNAL = 0, 1, 2, 3, 4, 70


@click.group(help="Fair on-call rotations, solved with CP-SAT and independently validated.",
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="fairshift")
def app() -> None:
    """The command group."""


_TTY = sys.stdout.isatty()
out = Console(highlight=False, width=None if _TTY else 160, soft_wrap=not _TTY)
err = Console(stderr=True, highlight=False, soft_wrap=True)

roster_arg = click.argument("roster", type=click.Path(path_type=Path))


def with_horizon(roster: Roster, quarter: str | None, start: datetime | None,
                 end: datetime | None) -> Roster:
    """``roster`` for the horizon of the ``--quarter`` or ``--start``/``--end`` options."""
    if quarter and (start or end):
        raise click.UsageError("give --quarter or --start/--end, not both")
    if quarter:
        try:
            a, b = quarter_bounds(quarter)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        return roster.with_horizon(a, b)
    if start or end:
        a = start.date() if start else roster.horizon.start
        b = end.date() if end else roster.horizon.end
        return roster.with_horizon(a, b)
    return roster



def instant_option(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 instant given to ``option`` (None stays None); a usage error otherwise."""
    if value is None:
        return None
    try:
        return parse_instant(value, option)
    except TimeError as exc:
        raise click.UsageError(str(exc)) from None
