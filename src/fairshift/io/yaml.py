"""YAML read with ruamel.yaml, keeping the (line, column) of every node, within fixed limits.

YAML 1.2: ``NO`` stays a string, ``9:30`` is not 570; duplicate keys are errors; a collection
that contains itself through an alias is an error. Positions map a field path (``("engineers",
3, "timezone")``) to a 1-based (line, column), so validation errors can point at
``roster.yaml:14:7``.

Every YAML file fairshift reads (rosters, overrides, SLA policies, user maps) goes through
:func:`load_tree`, which refuses, with the line and column: a ``%YAML`` directive other than 1.1
or 1.2; a tag other than the core ones (``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
``!!timestamp``, ``!!map``, ``!!seq``), so ``!!binary``, ``!!python/...`` and ``!custom`` are
errors; nesting deeper than :data:`~fairshift.limits.NESTING`; more aliases than
:data:`~fairshift.limits.YAML_ALIASES`; and aliases that would add more than
:data:`~fairshift.limits.YAML_EXPANSION` values when expanded (a "billion laughs" document is
refused after reading it once, in time linear in its length).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError, MaxDepthExceededError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner, ScannerError

from fairshift.errors import Problem, RosterError
from fairshift.limits import NESTING, YAML_ALIASES, YAML_EXPANSION

__all__ = ["CORE_TAGS", "PathKey", "Positions", "load_tree", "locate", "path_text", "read_yaml"]

#: the tags a document may carry (explicitly or, as ruamel resolves plain scalars, implicitly)
CORE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge"))

PathKey = tuple[str | int, ...]
Positions = dict[PathKey, tuple[int, int]]


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, with every failure to build a scalar located at its node.

    ruamel raises plain ``ValueError``/``KeyError`` for e.g. ``2027-02-30`` or ``!!bool maybe``;
    those become :class:`ConstructorError` with the node's position.
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        tag = str(node.tag)
        if tag not in CORE_TAGS:
            short = tag.replace("tag:yaml.org,2002:", "!!")
            raise ConstructorError(None, None, f"the tag {short!r} is not supported; fairshift reads "
                                   "plain YAML: remove the tag (quote the value if it must stay "
                                   "text)", node.start_mark)
        try:
            return super().construct_object(node, deep=deep)
        except (YAMLError, RecursionError):
            raise
        except Exception as exc:
            value = node.value if isinstance(node.value, str) else node.id
            raise ConstructorError(
                None, None, f"cannot read {value!r} ({type(exc).__name__}: {exc})", node.start_mark
            ) from exc


class _Composer(Composer):
    """ruamel's composer, counting aliases and the values they would add when expanded.

    Each node's expanded size (itself and everything below it, aliases expanded) is known when
    it is complete; an alias adds its anchor's size. The sum is checked as the document is read,
    so an alias bomb stops at the alias that crosses the limit.
    """

    def compose_document(self) -> Any:
        self.warn_double_anchors = False  # a reused anchor name is valid YAML: no Python warning
        self._sizes: dict[int, int] = {}
        self._counts = [0]
        self._aliases = 0
        self._added = 0
        self._max_aliases = YAML_ALIASES.value()
        self._max_added = YAML_EXPANSION.value()
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.parser.check_event(AliasEvent):
            self._counts.append(0)
            node = super().compose_node(parent, index)
            size = 1 + self._counts.pop()
            self._counts[-1] += size
            if getattr(node, "anchor", None) is not None:
                self._sizes[id(node)] = size
            return node
        mark = self.parser.peek_event().start_mark
        node = super().compose_node(parent, index)
        self._aliases += 1
        if self._aliases > self._max_aliases:
            raise ComposerError(None, None, f"more than {self._max_aliases} aliases (*name) in one "
                                f"document; write the values out, or {YAML_ALIASES.raise_hint()}", mark)
        target = self._sizes.get(id(node))
        if target is None:
            raise ComposerError(None, None, "this alias refers to a collection that contains it; "
                                "a value cannot include itself", mark)
        self._added += target - 1
        if self._added > self._max_added:
            raise ComposerError(None, None, f"aliases here would expand the document by more than "
                                f"{self._max_added} values (a YAML alias bomb?); write the values "
                                f"out, or {YAML_EXPANSION.raise_hint()}", mark)
        self._counts[-1] += target
        return node


class _Scanner(RoundTripScanner):
    """ruamel's scanner with a ``%YAML`` directive other than 1.1 or 1.2 as a located error
    (ruamel asserts on it, or fails later with a KeyError)."""

    def scan_yaml_directive_value(self, start_mark: Any) -> Any:
        version = super().scan_yaml_directive_value(start_mark)
        if tuple(version) not in ((1, 1), (1, 2)):
            raise ScannerError(None, None, f"%YAML {version[0]}.{version[1]} is not a version "
                               "fairshift reads; write %YAML 1.2 or remove the directive", start_mark)
        return version


def load_tree(text: str, file: str | None = None) -> Any:
    """The round-trip tree (``CommentedMap``, ``CommentedSeq``, scalars) of one YAML document,
    within the limits of the module docs. Every failure is a
    :class:`~fairshift.errors.RosterError` with one located problem."""
    yaml = YAML(typ="rt")
    yaml.Scanner = _Scanner
    yaml.Constructor = _Constructor
    yaml.Composer = _Composer
    yaml.allow_duplicate_keys = False
    yaml.max_depth = NESTING.value()
    try:
        return yaml.load(text)
    except MaxDepthExceededError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise RosterError([Problem(f"invalid YAML: nested more than {NESTING.value()} levels deep; "
                                   f"flatten the document, or {NESTING.raise_hint()}",
                                   "", file, line, col)]) from None
    except MarkedYAMLError as exc:
        raise RosterError([_yaml_problem(exc, file)]) from None
    except ReaderError as exc:  # a character YAML does not allow (control characters)
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise RosterError([Problem(f"invalid YAML: the character U+{code:04X} is not allowed in "
                                   "YAML text; remove it", "", file, line, col)]) from None
    except (YAMLError, RecursionError) as exc:
        raise RosterError([Problem(f"invalid YAML: {exc}", "", file)]) from None
    except TypeError as exc:  # ruamel: a mapping or list used as a key inside a mapping key
        raise RosterError([Problem(f"invalid YAML: keys must be plain values ({exc})", "", file)]) from None


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
    raw = load_tree(text, file)
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
