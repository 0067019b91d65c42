"""JSON as fairshift reads it: strict, bounded, and every problem at a line and column.

:func:`loads` is :func:`json.loads` that refuses what the standard module accepts silently:
``NaN``, ``Infinity`` and ``-Infinity`` (not JSON), a key given twice in one object (the module
keeps the last), and nesting deeper than :data:`~fairshift.limits.NESTING` (which would
otherwise end in a ``RecursionError``). Each refusal names the line and column.
:func:`positions` finds the (line, column) of given paths, for messages about fields of data
that parsed but did not validate.

>>> loads('{"a": [1, 2]}', "s.json")
{'a': [1, 2]}
>>> loads('{"a": 1,\\n "a": 2}', "s.json")
Traceback (most recent call last):
fairshift.strictjson.JSONProblem: s.json:2:2: invalid JSON: the key 'a' appears twice in one object; keep one
>>> loads('{"a": NaN}', "s.json")
Traceback (most recent call last):
fairshift.strictjson.JSONProblem: s.json:1:7: invalid JSON: NaN is not a JSON number; write a number or null
>>> positions('{"shifts": [{"start": "x"}]}', [("shifts", 0, "start")])[("shifts", 0, "start")]
(1, 23)
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from itertools import accumulate
from typing import Any

from fairshift.limits import NESTING

__all__ = ["JSONProblem", "loads", "positions"]

PathKey = tuple[str | int, ...]

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JSONProblem(ValueError):
    """A JSON text that cannot be read; ``line`` and ``column`` are 1-based when known."""

    def __init__(self, message: str, source: str, line: int | None, column: int | None) -> None:
        where = source + (f":{line}:{column}" if line is not None else "")
        super().__init__(f"{where}: invalid JSON: {message}")
        self.message, self.source, self.line, self.column = message, source, line, column


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _Constant(Exception):
    pass


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


def _constant(name: str) -> Any:
    raise _Constant(name)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def loads(text: str, source: str) -> Any:
    """The data of JSON ``text``; :class:`JSONProblem` (naming ``source``, the line and the
    column) for invalid JSON, NaN or Infinity, duplicate keys and too deep nesting."""
    limit = NESTING.value()
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JSONProblem(exc.msg, source, exc.lineno, exc.colno) from None
    except RecursionError:
        raise _too_deep(text, source, limit) from None
    except _Duplicate as exc:
        twice = exc.key
        raise _located(text, source, lambda key, dup: dup and key == twice,
                       f"the key {twice!r} appears twice in one object; keep one") from None
    except _Constant as exc:
        name = str(exc)
        raise _located(text, source, lambda token, dup: token == name,
                       f"{name} is not a JSON number; write a number or null") from None
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))  # only the brackets, in order
    depth = max(accumulate(map(_DEPTH_STEP.__getitem__, skeleton)), default=0)
    if depth > limit:
        raise _too_deep(text, source, limit)
    return data


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    for match in _TOKEN.finditer(text):
        yield match.start(), match.group()


def _too_deep(text: str, source: str, limit: int) -> JSONProblem:
    depth = 0
    for offset, token in _tokens(text):
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return JSONProblem(f"nested more than {limit} levels deep; flatten it, or "
                                   f"{NESTING.raise_hint()}", source, *_line_col(text, offset))
        elif token in ("]", "}"):
            depth -= 1
    return JSONProblem(f"nested more than {limit} levels deep", source, None, None)


def _located(text: str, source: str, hit: Any, message: str) -> JSONProblem:
    """The problem at the first token for which ``hit(token, duplicate)`` holds; an object key
    is passed decoded, with ``duplicate`` True when the same object already had it."""
    stack: list[set[str] | None] = []  # the keys seen in each open object; None for arrays
    expect_key = False
    for offset, token in _tokens(text):
        if token == "{":
            stack.append(set())
            expect_key = True
            continue
        if token == "[":
            stack.append(None)
        elif token in ("]", "}"):
            stack.pop()
        elif token == ",":
            expect_key = bool(stack) and stack[-1] is not None
            continue
        elif expect_key and stack and stack[-1] is not None:
            keys = stack[-1]
            key = json.loads(token)
            if hit(key, key in keys):
                return JSONProblem(message, source, *_line_col(text, offset))
            keys.add(key)
        elif hit(token, False):
            return JSONProblem(message, source, *_line_col(text, offset))
        expect_key = False
    return JSONProblem(message, source, None, None)


def positions(text: str, paths: Collection[PathKey]) -> dict[PathKey, tuple[int, int]]:
    """1-based (line, column) of the values at ``paths`` (and of their ancestors) in JSON
    ``text`` that :func:`loads` reads; paths that do not exist are left out."""
    wanted: set[PathKey] = set()
    for path in paths:
        wanted.update(path[:i] for i in range(len(path) + 1))
    found: dict[PathKey, tuple[int, int]] = {}
    # each open container: [its path, the next key (objects) or index (arrays), is_object]
    stack: list[list[Any]] = []
    expect_key = False

    def value_at(offset: int) -> PathKey:
        path: PathKey = () if not stack else (*stack[-1][0], stack[-1][1])
        if path in wanted and path not in found:
            found[path] = _line_col(text, offset)
        return path

    for offset, token in _tokens(text):
        if expect_key and token != "}":
            stack[-1][1] = json.loads(token)
            expect_key = False
        elif token in ("{", "["):
            stack.append([value_at(offset), 0, token == "{"])
            expect_key = token == "{"
        elif token in ("]", "}"):
            stack.pop()
            expect_key = False
        elif token == ",":
            if stack[-1][2]:
                expect_key = True
            else:
                stack[-1][1] += 1
        elif token != ":":
            value_at(offset)
    return found
