"""The one error hierarchy of fairshift.

::

    FairshiftError                  base of everything fairshift raises on purpose
    ├── RosterError                 the roster (YAML or Python objects) is not valid   CLI exit 1
    │   (carries .problems: every problem found, each with file, line, column, field)
    ├── ScheduleFormatError         a schedule file cannot be read                      CLI exit 1
    ├── OutputError                 an output path cannot be written (a folder, a device,
    │                               no permission, a full disk)                         CLI exit 1
    ├── TimeError                   a wall-clock time does not exist / is ambiguous,
    │                               a datetime is naive, an interval is reversed        CLI exit 1
    ├── OverrideError, CoverError,  an override, cover request or export cannot be      CLI exit 1
    │   ExportError                 applied (defined in fairshift.overrides, .cover, .exports)
    ├── InfeasibleError             no schedule can satisfy the hard rules              CLI exit 3
    ├── SolverError                 the solver found nothing in time / stopped           CLI exit 4
    └── InternalError               a bug in fairshift (e.g. a solved schedule that the
                                    validator rejects); keeps its traceback             CLI exit 70

User errors are the ones a person fixes by editing input; ``InternalError`` is ours.
"""

from __future__ import annotations

from dataclasses import dataclass


class FairshiftError(Exception):
    """Base class of every error fairshift raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know.

    ``path`` is the field, e.g. ``engineers[3].timezone``; ``line`` and ``column``
    are 1-based positions in ``file`` when the input came from a file.
    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        head = " ".join(part for part in (where, self.path) if part)
        return f"{head}: {self.message}" if head else self.message


class RosterError(FairshiftError):
    """The roster is not valid. ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the roster"
        super().__init__(header + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class ScheduleFormatError(FairshiftError):
    """A schedule (JSON) cannot be read or does not match the roster."""


class OutputError(FairshiftError):
    """An output file cannot be written: the path is a folder, a device, a FIFO or a socket, the
    folder is not writable, or the disk is full. Nothing was written."""


class TimeError(FairshiftError, ValueError):
    """A time value cannot be used: naive datetime, nonexistent or ambiguous wall time, ..."""


class InfeasibleError(FairshiftError):
    """No schedule satisfies the hard rules. ``explanation`` holds the conflicts when known."""

    def __init__(self, message: str, explanation: object | None = None) -> None:
        super().__init__(message)
        self.explanation = explanation


class SolverError(FairshiftError):
    """The solver stopped without a usable schedule (time limit, interrupted, model invalid)."""


class InternalError(FairshiftError):
    """A bug in fairshift. Please report it with the roster that triggered it."""
