"""The JSON Schema of the roster format, for editors and for ``docs/roster.schema.json``.

The schema is generated from the pydantic models, so it cannot disagree with the loader about
which fields exist. The committed copy is checked by the test suite; regenerate it with::

    python -m fairshift.io.schema > docs/roster.schema.json

The output is deterministic (sorted keys, two-space indent, a trailing newline) and has no
``$id``, so it can be committed and diffed. Two things the models accept are added by hand:
``horizon: {quarter: 2027Q1}`` (turned into start/end by a before-validator the schema generator
does not see) is admitted next to ``{start, end}``.

>>> schema = roster_json_schema()
>>> schema["title"], sorted(schema["required"])
('fairshift roster', ['engineers', 'horizon', 'rotations'])
>>> [sorted(v.get("required", [])) for v in schema["$defs"]["Horizon"]["anyOf"]]
[['end', 'start'], ['quarter']]
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from fairshift.domain.roster import Roster

__all__ = ["SCHEMA_DIALECT", "main", "roster_json_schema", "schema_text", "write_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "fairshift roster"
REGENERATE = "python -m fairshift.io.schema > docs/roster.schema.json"

_QUARTER_FORM: dict[str, Any] = {
    "additionalProperties": False,
    "description": "A calendar quarter instead of start/end, e.g. 2027Q1 "
    "(start: its first day, end: the first day of the next quarter).",
    "properties": {
        "quarter": {
            "description": "A year and quarter, e.g. 2027Q1",
            "pattern": "^[0-9]{4}\\s*-?\\s*[Qq][1-4]$",
            "title": "Quarter",
            "type": "string",
        }
    },
    "required": ["quarter"],
    "title": "HorizonQuarter",
    "type": "object",
}


def _admit_quarter(horizon: dict[str, Any]) -> dict[str, Any]:
    """``Horizon`` as generated, plus the ``{quarter: ...}`` form as an alternative."""
    dates = {k: v for k, v in horizon.items() if k not in ("title", "description")}
    dates["title"] = "HorizonDates"
    out: dict[str, Any] = {"anyOf": [dates, copy.deepcopy(_QUARTER_FORM)], "title": "Horizon"}
    if "description" in horizon:
        out["description"] = horizon["description"] + " Either start/end or quarter."
    return out


def _strip_ids(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_ids(v) for k, v in node.items() if k != "$id"}
    if isinstance(node, list):
        return [_strip_ids(v) for v in node]
    return node


def roster_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a roster file, generated from :class:`Roster`."""
    schema: dict[str, Any] = _strip_ids(Roster.model_json_schema(mode="validation"))
    defs = schema.get("$defs", {})
    if "Horizon" in defs:
        defs["Horizon"] = _admit_quarter(defs["Horizon"])
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = TITLE
    return schema


def schema_text() -> str:
    """The schema as committed: ``json.dumps(indent=2, sort_keys=True)`` plus a newline."""
    return json.dumps(roster_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: str | Path) -> Path:
    """Write the schema to ``path`` (UTF-8, ``\\n`` line endings) and return the path."""
    out = Path(path)
    out.write_text(schema_text(), encoding="utf-8", newline="\n")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m fairshift.io.schema [PATH]``: print the schema, or write it to PATH."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print(f"usage: python -m fairshift.io.schema [PATH]\n  e.g. {REGENERATE}", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    if args:
        write_schema(args[0])
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
