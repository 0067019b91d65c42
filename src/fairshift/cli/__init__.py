"""The ``fairshift`` command line: the click group (:mod:`fairshift.cli.base`), one module per
family of commands, and :func:`main`, which maps errors to exit codes."""

from __future__ import annotations

import traceback

import click

from fairshift.cli import (  # noqa: F401  (they register commands)
    changes,
    check,
    exports,
    integrations,
    sla,
    solve,
    wellbeing,
)
from fairshift.cli.base import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_NO_SOLUTION,
    EXIT_OK,
    EXIT_USAGE,
    app,
    err,
)
from fairshift.errors import FairshiftError, InfeasibleError, InternalError, RosterError, SolverError

__all__ = ["EXIT_INFEASIBLE", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_NO_SOLUTION", "EXIT_OK", "EXIT_USAGE",
           "app", "main"]


def _exit_code(exc: FairshiftError) -> int:
    if isinstance(exc, InternalError):
        return EXIT_INTERNAL
    if isinstance(exc, InfeasibleError):
        return EXIT_INFEASIBLE
    if isinstance(exc, SolverError):
        return EXIT_NO_SOLUTION
    return EXIT_INPUT


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map errors to exit codes."""
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="fairshift")
    except click.exceptions.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 130
    except InternalError as exc:
        return _internal(exc)
    except FairshiftError as exc:
        if isinstance(exc, RosterError):
            err.print(str(exc), markup=False)
        else:
            err.print(f"error: {exc}", markup=False)
        return _exit_code(exc)
    except Exception as exc:  # not raised on purpose: a bug
        return _internal(exc)
    return rv if isinstance(rv, int) else EXIT_OK


REPORT = "https://github.com/fairshift/fairshift/issues"


def _internal(exc: BaseException) -> int:
    """A bug: the traceback (for the report), then one line saying what to do with it."""
    err.print("".join(traceback.format_exception(exc)).rstrip(), markup=False, highlight=False)
    err.print(f"internal error (a bug in fairshift, exit {EXIT_INTERNAL}): {type(exc).__name__}: {exc}. "
              f"Please report it at {REPORT} with the command and the input files.", markup=False)
    return EXIT_INTERNAL


