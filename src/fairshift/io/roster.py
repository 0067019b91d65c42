"""Load a roster from YAML, reporting every problem with file, line, column and field.

The YAML is read by libyaml when the document is plain (:mod:`fairshift.io.fastyaml`), else by
ruamel.yaml (YAML 1.2: ``NO`` stays a string, ``9:30`` is not 570) within the limits of
:mod:`fairshift.limits`; duplicate keys are errors, and the positions of the fields in errors are
found so that pydantic's errors can be traced back to ``roster.yaml:14:7``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fairshift.domain.roster import Roster
from fairshift.errors import Problem, RosterError
from fairshift.io.fastyaml import fast_positions, fast_read
from fairshift.io.files import read_text_file
from fairshift.io.yaml import PathKey, Positions, locate, path_text, read_yaml

__all__ = ["load_roster", "parse_roster"]


def _clean_loc(loc: Sequence[Any], data: Any) -> PathKey:
    """Drop pydantic's union/validator tags from an error location, keeping real data keys."""
    out: list[str | int] = []
    node = data
    for part in loc:
        in_map = isinstance(node, Mapping) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_map or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(node, Mapping) and isinstance(part, str) and out[-1:] != [part]:
            # a missing or extra key: keep it (it is the field the user must add or remove)
            if not any(c in part for c in "[]()"):
                out.append(part)
            node = None
    return tuple(out)


def _message(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    msg = str(err.get("msg", ""))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        return "unknown field; check the spelling (see docs/roster.md for the fields)"
    if kind == "string_pattern_mismatch":
        return f"{err.get('input')!r} is not a valid identifier (letters, digits, '_', '.', '-')"
    if kind == "literal_error":
        return f"{err.get('input')!r}: {msg[0].lower() + msg[1:]}"
    if kind in ("int_type", "float_type") and isinstance(err.get("input"), bool):
        return f"{str(err['input']).lower()} is not a number; write a number, e.g. 1"
    if kind == "finite_number":
        return f"{err.get('input')!r} is not a finite number; write a number such as 40.5"
    return msg


Locator = Callable[[list[PathKey]], Mapping[PathKey, tuple[int, int]]]


def _problems_from_validation(exc: ValidationError, data: Any, locator: Locator,
                              file: str | None) -> list[Problem]:
    found: list[tuple[PathKey, str, bool]] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        loc = _clean_loc(err["loc"], data)
        text = _message(err)
        if (path_text(loc), text) in seen:
            continue
        seen.add((path_text(loc), text))
        found.append((loc, text, err.get("type") == "extra_forbidden"))
    positions = locator([loc for loc, _, _ in found])
    problems: list[Problem] = []
    for loc, text, extra in found:
        key_pos = positions.get((*loc, "<key>")) if extra else None
        line, col = key_pos if key_pos else locate(loc, positions)
        problems.append(Problem(text, path_text(loc), file, line, col))
    return problems


def parse_roster(data: Any, *, file: str | None = None,
                 positions: Positions | None = None) -> Roster:
    """Validate plain data (as read from YAML or JSON) into a :class:`Roster`.

    Raises :class:`~fairshift.errors.RosterError` listing every problem found.
    """
    known = positions or {}
    return _validate(data, file, lambda _paths: known)


def _validate(data: Any, file: str | None, locator: Locator) -> Roster:
    if not isinstance(data, Mapping):
        raise RosterError([Problem("a roster is a mapping with name, horizon, engineers, "
                                   "teams and rotations", "", file, 1, 1)])
    try:
        return Roster.model_validate(data)
    except ValidationError as exc:
        raise RosterError(_problems_from_validation(exc, data, locator, file)) from None
    except RosterError as exc:
        paths = [_parse_path(p.path) for p in exc.problems]
        positions = locator(paths)
        located = []
        for p, loc in zip(exc.problems, paths, strict=True):
            line, col = locate(loc, positions)
            located.append(Problem(p.message, p.path, file, line, col))
        raise RosterError(located) from None


def _parse_path(path: str) -> PathKey:
    out: list[str | int] = []
    for chunk in path.replace("]", "").split("."):
        name, *idx = chunk.split("[")
        if name:
            out.append(name)
        out.extend(int(i) for i in idx)
    return tuple(out)


def load_roster(path: str | Path) -> Roster:
    """Read and validate a YAML roster file.

    >>> roster = load_roster("examples/roster.yaml")
    >>> roster.horizon.start.isoformat()
    '2027-01-04'
    """
    p = Path(path)
    text = read_text_file(p, "roster")
    fast = fast_read(text)  # libyaml; positions are read again only for the fields in errors
    if isinstance(fast, Mapping):
        return _validate(fast, str(p), lambda paths: fast_positions(text, paths))
    data, positions = read_yaml(text, str(p))
    return parse_roster(data, file=str(p), positions=positions)
