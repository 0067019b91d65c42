"""The bounds fairshift puts on what it reads, and how to raise them.

Every input is read within fixed resources: a file is at most :data:`INPUT_BYTES` long, YAML
and JSON nest at most :data:`NESTING` levels deep, YAML aliases may appear at most
:data:`YAML_ALIASES` times and add at most :data:`YAML_EXPANSION` values to the document, and a
CSV cell is at most :data:`CSV_FIELD` characters long; the model ``solve`` builds has at most
:data:`MODEL_SEATS` seat variables. Each limit has a default and an
environment variable that raises (or lowers) it, read when the limit is checked:

>>> INPUT_BYTES.value({})
67108864
>>> INPUT_BYTES.value({"FAIRSHIFT_MAX_INPUT_BYTES": "200_000_000"})
200000000
>>> INPUT_BYTES.value({"FAIRSHIFT_MAX_INPUT_BYTES": "lots"})
Traceback (most recent call last):
fairshift.limits.LimitSettingError: FAIRSHIFT_MAX_INPUT_BYTES='lots' is not a whole number above 0; \
write e.g. FAIRSHIFT_MAX_INPUT_BYTES=134217728 (the default is 67108864)
>>> INPUT_BYTES.raise_hint(100_000_000)
'set FAIRSHIFT_MAX_INPUT_BYTES to at least 100000000 to read it anyway'

``docs/limits.md`` lists every limit with its error message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from fairshift.errors import FairshiftError

__all__ = [
    "CSV_FIELD",
    "INPUT_BYTES",
    "LIMITS",
    "MODEL_SEATS",
    "NESTING",
    "YAML_ALIASES",
    "YAML_EXPANSION",
    "Limit",
    "LimitSettingError",
]


class LimitSettingError(FairshiftError):
    """An environment variable meant to set a limit does not hold a usable number (exit 1)."""


@dataclass(frozen=True)
class Limit:
    """One bound on the inputs: its default, its unit and the variable that changes it."""

    env: str
    default: int
    unit: str
    what: str

    def value(self, environ: Mapping[str, str] | None = None) -> int:
        """The limit in force: the environment variable when set, else the default."""
        raw = (os.environ if environ is None else environ).get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            number = int(raw.replace("_", ""))
        except ValueError:
            number = 0
        if number <= 0:
            raise LimitSettingError(
                f"{self.env}={raw!r} is not a whole number above 0; write e.g. "
                f"{self.env}={2 * self.default} (the default is {self.default})")
        return number

    def raise_hint(self, needed: int | None = None) -> str:
        """How to lift the limit, e.g. ``set FAIRSHIFT_MAX_INPUT_BYTES to at least N ...``."""
        if needed is None:
            return f"raise {self.env} (now {self.value()}) to read it anyway"
        return f"set {self.env} to at least {needed} to read it anyway"


INPUT_BYTES = Limit("FAIRSHIFT_MAX_INPUT_BYTES", 64 * 1024 * 1024, "bytes",
                    "size of one input file (roster, schedule, overrides, policy, tickets, user map)")
NESTING = Limit("FAIRSHIFT_MAX_NESTING", 64, "levels",
                "nesting of mappings and lists in a YAML or JSON file")
YAML_ALIASES = Limit("FAIRSHIFT_MAX_YAML_ALIASES", 100_000, "aliases",
                     "alias nodes (*name) in one YAML file")
YAML_EXPANSION = Limit("FAIRSHIFT_MAX_YAML_EXPANSION", 1_000_000, "values",
                       "values that aliases add to a YAML file when expanded")
CSV_FIELD = Limit("FAIRSHIFT_MAX_CSV_FIELD", 128 * 1024, "characters",
                  "length of one cell of a tickets CSV")

MODEL_SEATS = Limit("FAIRSHIFT_MAX_SEATS", 3_000_000, "seat variables",
                    "seat variables (pool x shifts x seats) of the model solve builds")

#: every limit, in the order of the table in docs/limits.md
LIMITS: tuple[Limit, ...] = (INPUT_BYTES, NESTING, YAML_ALIASES, YAML_EXPANSION, CSV_FIELD, MODEL_SEATS)
