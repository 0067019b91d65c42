"""Errors of the pager integrations: all :class:`~fairshift.errors.FairshiftError` (CLI exit 1)."""

from __future__ import annotations

from fairshift.errors import FairshiftError

__all__ = ["HttpError", "ImportFormatError", "IntegrationError", "MissingTokenError"]


class IntegrationError(FairshiftError):
    """A pager tool cannot be read from or written to with these inputs."""


class ImportFormatError(IntegrationError):
    """An imported file (iCalendar, a tool's JSON) is not what its format says."""


class MissingTokenError(IntegrationError):
    """The environment variable holding a tool's API token is not set."""

    def __init__(self, variable: str, tool: str) -> None:
        super().__init__(f"set the environment variable {variable} to your {tool} API token "
                         "(fairshift reads tokens only from the environment and never writes them)")
        self.variable = variable


class HttpError(IntegrationError):
    """A request failed for good (after its retries); the message names the request, never the token."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
