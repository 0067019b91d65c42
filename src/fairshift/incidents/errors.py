"""The error raised for bad incident input: unknown kinds, bad policies, bad CSV rows.

:class:`IncidentError` is a :class:`~fairshift.errors.FairshiftError` (CLI exit 1) and a
:class:`ValueError`. Its message names the offending value, where it was found
(``file:line``, column or YAML path) and how to fix it. Naive datetimes and reversed
intervals raise :class:`~fairshift.errors.TimeError` instead.

>>> str(located("unknown ticket kind 'sev9'", file="t.csv", line=3, path="kind"))
"t.csv:3 kind: unknown ticket kind 'sev9'"
"""

from __future__ import annotations

from fairshift.errors import FairshiftError, Problem

__all__ = ["IncidentError", "located"]


class IncidentError(FairshiftError, ValueError):
    """Incident input that cannot be used; the message says what, where and how to fix it."""


def located(
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    path: str = "",
) -> IncidentError:
    """An :class:`IncidentError` whose message starts with ``file:line path:`` when known."""
    return IncidentError(str(Problem(message, path=path, file=file, line=line)))
