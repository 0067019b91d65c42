"""Errors of the exports: both are :class:`~fairshift.errors.FairshiftError` (CLI exit 1)."""

from __future__ import annotations

from fairshift.errors import FairshiftError

__all__ = ["ExportError", "MissingDependencyError"]


class ExportError(FairshiftError):
    """An export cannot be made from these inputs (unknown filter, unmapped user, bad file...)."""


class MissingDependencyError(ExportError):
    """An optional dependency of an export is not installed; the message says what to install."""

    def __init__(self, what: str, package: str, extra: str) -> None:
        super().__init__(
            f"{what} needs the {package} package; install it with: pip install fairshift[{extra}]")
        self.package = package
        self.extra = extra
