"""What every command shares: the click group, the two consoles, exit codes, common options.

Exit codes: 0 ok; 1 invalid input (roster, schedule, tickets, policy); 2 usage error;
3 infeasible roster or a schedule with hard violations; 4 no solution within the time limit;
70 internal error (a bug: one line says where to report it); 130 aborted by a second Ctrl-C.
"""

from __future__ import annotations

import math
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from rich.console import Console

from fairshift.domain.roster import Horizon, Roster, quarter_bounds
from fairshift.errors import TimeError
from fairshift.io.files import writable_target
from fairshift.text import printable
from fairshift.time.instants import parse_instant

__all__ = [
    "EXIT_INFEASIBLE", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_NO_SOLUTION", "EXIT_OK", "EXIT_USAGE",
    "SEED", "SECONDS", "app", "err", "instant_option", "out", "out_path", "positive_seconds", "roster_arg",
    "with_horizon",
]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_INTERNAL = 0, 1, 2, 3, 4, 70


@click.group(help="Fair on-call rotations, solved with CP-SAT and independently validated.",
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="fairshift")
def app() -> None:
    """The command group."""


class _SafeConsole(Console):
    """A console that never sends control characters from data to the terminal: every string
    printed has its control characters (ESC, CR, NUL, C1, bidirectional overrides...) escaped,
    line ends and tabs excepted (:func:`fairshift.text.printable`)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(printable(o, keep="\n\t") if isinstance(o, str) else o for o in objects),
                      **kwargs)


_TTY = sys.stdout.isatty()
out = _SafeConsole(highlight=False, width=None if _TTY else 160, soft_wrap=not _TTY)
err = _SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def positive_seconds(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """The callback of every ``--time-limit``: a finite number of seconds above 0 (``nan``,
    ``inf``, ``0`` and ``-1`` are usage errors)."""
    if value is not None and (not math.isfinite(value) or value <= 0):
        raise click.BadParameter(f"{value:g} is not a time limit; give a number of seconds above 0, "
                                 "e.g. 30", ctx, param)
    return value


#: the options of every ``--time-limit``
SECONDS: dict[str, Any] = {"type": float, "callback": positive_seconds}
#: the type of every ``--seed`` (CP-SAT's random seed is a 32-bit integer)
SEED = click.IntRange(0, 2**31 - 1)


def out_path(path: Path | None) -> Path | None:
    """``path`` of an ``--out`` option, checked before any work: a folder, a FIFO, a socket or a
    device is refused at once (:func:`fairshift.io.files.writable_target`)."""
    if path is not None:
        writable_target(path)
    return path

roster_arg = click.argument("roster", type=click.Path(path_type=Path))


def with_horizon(roster: Roster, quarter: str | None, start: datetime | None,
                 end: datetime | None) -> Roster:
    """``roster`` for the horizon of the ``--quarter`` or ``--start``/``--end`` options."""
    if quarter and (start or end):
        raise click.UsageError("give --quarter or --start/--end, not both")
    if quarter:
        try:
            a, b = quarter_bounds(quarter)
            Horizon(start=a, end=b)
        except ValueError as exc:  # a ValidationError is a ValueError too
            raise click.UsageError(f"--quarter {quarter}: {_reason(exc)}") from None
        return roster.with_horizon(a, b)
    if start or end:
        a = start.date() if start else roster.horizon.start
        b = end.date() if end else roster.horizon.end
        try:
            Horizon(start=a, end=b)
        except ValidationError as exc:
            raise click.UsageError(f"--start {a} / --end {b}: {_reason(exc)}") from None
        return roster.with_horizon(a, b)
    return roster



def _reason(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(dict.fromkeys(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()))
    return str(exc)


def instant_option(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 instant given to ``option`` (None stays None); a usage error otherwise."""
    if value is None:
        return None
    try:
        return parse_instant(value, option)
    except TimeError as exc:
        raise click.UsageError(str(exc)) from None
