"""A fast first reading of roster YAML with libyaml (through PyYAML's C parser).

ruamel.yaml, which gives every node's line and column for error messages, reads YAML in pure
Python: a 1,000-engineer roster takes about 3 s. :func:`fast_read` reads the parser's events
from libyaml and builds plain data from them directly (no node graph), in one pass and time
linear in the text. It returns ``None`` whenever the document uses anything it does not read
exactly as the full reader would (a directive, tags, anchors and aliases, merge keys, duplicate
or non-string keys, more than one document, deeper nesting than
:data:`~fairshift.limits.NESTING`, a plain scalar outside a small, unambiguous YAML 1.2 core set).
The caller then reads the text again with ruamel.yaml, which applies every limit and locates
every problem.

When data read this way turns out to be invalid, :func:`fast_positions` reads the events once
more and returns the (line, column) of just the fields the error messages need, so a large roster
with one mistake is not read by the slow reader either.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import Any

from yaml import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.error import YAMLError

from fairshift.limits import NESTING

__all__ = ["fast_positions", "fast_read"]

_CParser: Any
try:  # PyYAML is built with libyaml on every platform it ships wheels for; without it, no fast path
    import yaml.cyaml as _cyaml

    _CParser = _cyaml.CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None

PathKey = tuple[str | int, ...]
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/+ ]*")  # keys
_CLOCK = re.compile(r"[0-9]{2}:[0-9]{2}(-[0-9]{2}:[0-9]{2})?")  # 09:00, 09:00-17:00: strings in 1.2
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# words YAML 1.1 or 1.2 read as something other than a string: leave them to the full reader
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
          "null": None, "Null": None, "NULL": None}
_NO_KEY = object()  # a mapping waiting for its next key


class _Unsure(Exception):
    """The document needs the full reader."""


def fast_read(text: str) -> Any | None:
    """Plain data of the YAML document ``text``, or None when the full reader must decide."""
    if _CParser is None:
        return None
    parser = _CParser(text)
    try:
        return _Builder(parser, NESTING.value()).run()
    except (YAMLError, _Unsure, ValueError, RecursionError):
        return None
    finally:
        parser.dispose()


def fast_positions(text: str, paths: Collection[PathKey]) -> dict[PathKey, tuple[int, int]]:
    """1-based (line, column) of each of ``paths`` and of their ancestors, as far as they exist in
    the document (of which :func:`fast_read` read data); a mapping key's own position is under
    ``(*path, "<key>")``, as :func:`fairshift.io.yaml.read_yaml` records it."""
    if _CParser is None:  # pragma: no cover - depends on the PyYAML build
        return {}
    wanted: set[PathKey] = set()
    for path in paths:
        wanted.update(path[:i] for i in range(len(path) + 1))
    parser = _CParser(text)
    try:
        builder = _Builder(parser, NESTING.value(), wanted)
        builder.run()
        return builder.positions
    finally:
        parser.dispose()


class _Builder:
    """Plain data from libyaml events; with ``wanted``, also the positions of those paths."""

    def __init__(self, parser: Any, depth: int, wanted: set[PathKey] | None = None) -> None:
        self.parser = parser
        self.depth = depth
        self.wanted = wanted
        self.positions: dict[PathKey, tuple[int, int]] = {}

    def run(self) -> Any:
        get = self.parser.get_event
        get()  # the stream start
        event = get()
        if type(event) is StreamEndEvent:
            return None
        if type(event) is not DocumentStartEvent or event.version or event.tags:
            raise _Unsure("a directive")
        root = self._document(get)
        if type(get()) is not StreamEndEvent:
            raise _Unsure("more than one document")
        return root

    def _document(self, get: Any) -> Any:
        # stack entries: [container, pending key (dicts) or _NO_KEY, path or None]
        stack: list[list[Any]] = []
        root: Any = None
        wanted = self.wanted
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unsure("a tag or an anchor")
                if stack and type(stack[-1][0]) is dict and stack[-1][1] is _NO_KEY:
                    name = event.value
                    if event.implicit[0] and (not _WORD.fullmatch(name) or name.lower() in _SPECIAL):
                        raise _Unsure(name)
                    top = stack[-1]
                    if name in top[0] or name == "<<":
                        raise _Unsure("a duplicate or merge key")
                    top[1] = name
                    if wanted is not None and top[2] is not None and (*top[2], name) in wanted:
                        mark = event.start_mark
                        self.positions[(*top[2], name, "<key>")] = (mark.line + 1, mark.column + 1)
                    continue
                value = _scalar(event.value) if event.implicit[0] else event.value
                if not stack:
                    root = value
                else:
                    self._add(stack[-1], value, event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unsure("a tag or an anchor")
                if len(stack) >= self.depth:
                    raise _Unsure("deep nesting")
                new: Any = {} if kind is MappingStartEvent else []
                path: PathKey | None = () if wanted is not None else None
                if not stack:
                    root = new
                    if wanted is not None:
                        self.positions[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
                else:
                    top = stack[-1]
                    if type(top[0]) is dict and top[1] is _NO_KEY:
                        raise _Unsure("a key that is not a string")
                    path = self._add(top, new, event)
                stack.append([new, _NO_KEY, path])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentEndEvent:
                return root
            elif kind is AliasEvent:
                raise _Unsure("an alias")
            else:  # pragma: no cover - libyaml sends nothing else inside a document
                raise _Unsure(kind.__name__)

    def _add(self, top: list[Any], value: Any, event: Any) -> PathKey | None:
        """Put ``value`` into the container on top of the stack; its path when it is wanted."""
        container, key, path = top
        if type(container) is dict:
            container[key] = value
            top[1] = _NO_KEY
        else:
            key = len(container)
            container.append(value)
        if path is None or self.wanted is None:
            return None
        sub = (*path, key)
        if sub not in self.wanted:
            return None
        self.positions[sub] = (event.start_mark.line + 1, event.start_mark.column + 1)
        return sub


def _scalar(value: str) -> Any:
    first = value[:1]
    if first.isalpha() or first == "_":  # most scalars: ids, names, zones
        if value in _WORDS:
            return _WORDS[value]
        # YAML 1.2 types only plain scalars that start with a digit, a sign, a dot or a tilde,
        # and a few words; anything else that starts with a letter is a string
        if value.isprintable() and value.lower() not in _SPECIAL:
            return value
        raise _Unsure(value)
    if value in ("", "~"):
        return None
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _DATE.fullmatch(value):
        return date.fromisoformat(value)  # ValueError (2027-02-30) -> the full reader says where
    if _CLOCK.fullmatch(value):
        return value
    raise _Unsure(value)
