"""YAML read with ruamel.yaml, keeping the (line, column) of every node.

YAML 1.2: ``NO`` stays a string, ``9:30`` is not 570; duplicate keys are errors; a collection
that contains itself through an alias is an error. Positions map a field path (``("engineers",
3, "timezone")``) to a 1-based (line, column), so validation errors can point at
``roster.yaml:14:7``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from fairshift.errors import Problem, RosterError

__all__ = ["PathKey", "Positions", "locate", "path_text", "read_yaml"]

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


def path_text(loc: Sequence[str | int]) -> str:
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
