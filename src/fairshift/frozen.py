"""The base of every frozen model of the roster: immutable, unknown fields are errors."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Frozen"]


class Frozen(BaseModel):
    """A frozen pydantic model that forbids unknown fields (they are misspellings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
