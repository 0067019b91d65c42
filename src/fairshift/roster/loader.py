"""Load a roster from YAML, reporting every problem with file, line, column and field.

The YAML is read with ruamel.yaml (YAML 1.2: ``NO`` stays a string, ``9:30`` is not 570),
duplicate keys are errors, and positions of every node are kept so that pydantic's errors
can be traced back to ``roster.yaml:14:7``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from fairshift.errors import Problem, RosterError
from fairshift.io import read_text_file
from fairshift.roster.fastyaml import fast_read
from fairshift.roster.model import Roster

__all__ = ["load_roster", "parse_roster", "read_yaml"]

PathKey = tuple[str | int, ...]
Positions = dict[PathKey, tuple[int, int]]


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, with every failure to build a scalar located at its node.

    ruamel raises plain ``ValueError``/``KeyError`` for e.g. ``2027-02-30`` or ``!!bool maybe``;
    those become :class:`ConstructorError` with the node's position.
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (YAMLError, RecursionError):
            raise
        except Exception as exc:
            value = node.value if isinstance(node.value, str) else node.id
            raise ConstructorError(
                None, None, f"cannot read {value!r} ({type(exc).__name__}: {exc})", node.start_mark
            ) from exc


def _position(lc: Any, kind: str, key: Any) -> tuple[int, int] | None:
    data = getattr(lc, "data", None) or {}
    try:
        if key not in data:
            return None
        line, col = getattr(lc, kind)(key)
    except (TypeError, KeyError, IndexError, ValueError):
        return None
    if isinstance(line, int) and isinstance(col, int):
        return line + 1, col + 1
    return None


def _plain(node: Any, path: PathKey, positions: Positions, ancestors: frozenset[int] = frozenset()) -> Any:
    """Convert ruamel nodes to plain Python, recording (line, column) of every path (1-based).

    Keys become strings; a collection that contains itself (through an alias) is an error.
    """
    if isinstance(node, CommentedMap | CommentedSeq):
        if id(node) in ancestors:
            raise ValueError("a YAML alias refers to a collection that contains it")
        ancestors = ancestors | {id(node)}
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key in node:
            sub = (*path, str(key))
            key_pos = _position(node.lc, "key", key)
            value_pos = _position(node.lc, "value", key) or key_pos
            if value_pos is not None:
                positions[sub] = value_pos
            if key_pos is not None:
                positions[(*sub, "<key>")] = key_pos
            out[str(key)] = _plain(node[key], sub, positions, ancestors)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, item in enumerate(node):
            item_pos = _position(node.lc, "item", i)
            if item_pos is not None:
                positions[(*path, i)] = item_pos
            items.append(_plain(item, (*path, i), positions, ancestors))
        return items
    if hasattr(node, "value") and type(node).__module__.startswith("ruamel"):
        return node.value  # a tagged scalar (``!custom 3``)
    return node


def _yaml_problem(exc: MarkedYAMLError, file: str | None) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    msg = (exc.problem or str(exc)).strip()
    cmark = exc.context_mark
    if exc.problem and exc.context and cmark is not None and mark is not None and (
        cmark.line != mark.line or cmark.column != mark.column
    ):
        msg += f" ({exc.context.strip()} at line {cmark.line + 1}, column {cmark.column + 1})"
    if "duplicate key" in str(exc).lower():
        msg = msg + "; each key may appear once in a mapping"
    return Problem(f"invalid YAML: {msg}", "", file, line, col)


def read_yaml(text: str, file: str | None = None) -> tuple[Any, Positions]:
    """Parse YAML text to plain data plus a map from field path to (line, column).

    Every failure is a :class:`~fairshift.errors.RosterError`, located when the parser knows where.
    """
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        raise RosterError([_yaml_problem(exc, file)]) from None
    except (YAMLError, RecursionError) as exc:
        raise RosterError([Problem(f"invalid YAML: {exc}", "", file)]) from None
    except TypeError as exc:  # ruamel: a mapping or list used as a key inside a mapping key
        raise RosterError([Problem(f"invalid YAML: keys must be plain values ({exc})", "", file)]) from None
    positions: Positions = {}
    if isinstance(raw, CommentedMap | CommentedSeq):
        # the document itself, for problems of the whole roster (e.g. a missing top-level field)
        positions[()] = (raw.lc.line + 1, raw.lc.col + 1)
    try:
        data = _plain(raw, (), positions)
    except ValueError as exc:
        raise RosterError([Problem(f"invalid YAML: {exc}", "", file, 1, 1)]) from None
    return data, positions


def _path_text(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def locate(loc: PathKey, positions: Mapping[PathKey, tuple[int, int]]) -> tuple[int | None, int | None]:
    """(line, column) of ``loc``, or of its nearest located ancestor; (None, None) if none."""
    probe = tuple(loc)
    while True:
        if probe in positions:
            return positions[probe]
        if not probe:
            return None, None
        probe = probe[:-1]


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
    return msg


def _problems_from_validation(exc: ValidationError, data: Any, positions: Positions,
                              file: str | None) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        loc = _clean_loc(err["loc"], data)
        path = _path_text(loc)
        text = _message(err)
        if (path, text) in seen:
            continue
        seen.add((path, text))
        key_pos = positions.get((*loc, "<key>")) if err.get("type") == "extra_forbidden" else None
        line, col = key_pos if key_pos else locate(loc, positions)
        problems.append(Problem(text, path, file, line, col))
    return problems


def parse_roster(data: Any, *, file: str | None = None,
                 positions: Positions | None = None) -> Roster:
    """Validate plain data (as read from YAML or JSON) into a :class:`Roster`.

    Raises :class:`~fairshift.errors.RosterError` listing every problem found.
    """
    positions = positions or {}
    if not isinstance(data, Mapping):
        raise RosterError([Problem("a roster is a mapping with name, horizon, engineers, "
                                   "teams and rotations", "", file, 1, 1)])
    try:
        return Roster.model_validate(data)
    except ValidationError as exc:
        raise RosterError(_problems_from_validation(exc, data, positions, file)) from None
    except RosterError as exc:
        located = []
        for p in exc.problems:
            loc = _parse_path(p.path)
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
    text = read_text_file(p, "roster", RosterError)
    fast = fast_read(text)  # libyaml: no positions, so only while nothing is wrong
    if isinstance(fast, Mapping):
        try:
            return Roster.model_validate(fast)
        except (ValidationError, RosterError):
            pass  # read again below, with positions for the messages
    data, positions = read_yaml(text, str(p))
    return parse_roster(data, file=str(p), positions=positions)
