"""A fast first reading of roster YAML with libyaml (through PyYAML's C parser).

ruamel.yaml, which gives every node's line and column for error messages, reads YAML in pure
Python: a 1,000-engineer roster takes about 3 s. Positions only matter when something is wrong,
so :func:`fast_read` reads the text with libyaml first and returns plain data, or ``None``
whenever the document uses anything it does not read exactly as the full reader would (tags,
anchors, merge keys, duplicate or non-string keys, a plain scalar outside a small, unambiguous
YAML 1.2 core set). The caller then reads the text again with ruamel.yaml, and does the same
whenever the data turns out to be invalid, so every error message still has its position.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

__all__ = ["fast_read"]

from yaml import MappingNode, ScalarNode, SequenceNode
from yaml.constructor import BaseConstructor
from yaml.error import YAMLError
from yaml.resolver import BaseResolver

_CParser: Any
try:  # PyYAML is built with libyaml on every platform it ships wheels for; without it, no fast path
    import yaml.cyaml as _cyaml

    _CParser = _cyaml.CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None

_PLAIN = "fairshift:plain"  # a plain (unquoted, untagged) scalar, typed by _scalar below
_STR = "tag:yaml.org,2002:str"
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/+ ]*")  # keys
_CLOCK = re.compile(r"[0-9]{2}:[0-9]{2}(-[0-9]{2}:[0-9]{2})?")  # 09:00, 09:00-17:00: strings in 1.2
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# words YAML 1.1 or 1.2 read as something other than a string: leave them to the full reader
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class _Unsure(Exception):
    """The document needs the full reader."""


if _CParser is not None:
    class _Loader(_CParser, BaseConstructor, BaseResolver):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            BaseConstructor.__init__(self)
            BaseResolver.__init__(self)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is ScalarNode and implicit[0]:
                return _PLAIN
            return str(BaseResolver.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]


def fast_read(text: str) -> Any | None:
    """Plain data of the YAML document ``text``, or None when the full reader must decide."""
    if _CParser is None:
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _plain(node, set())
    except (YAMLError, _Unsure, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()


def _plain(node: Any, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Unsure("an alias")
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        if node.tag == _PLAIN:
            return _scalar(node.value)
        if node.tag == _STR:  # quoted, or a block scalar
            return node.value
        raise _Unsure(node.tag)
    if isinstance(node, SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        return [_plain(item, seen) for item in node.value]
    if isinstance(node, MappingNode) and node.tag == "tag:yaml.org,2002:map":
        out: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in (_PLAIN, _STR):
                raise _Unsure("a key that is not a string")
            name = key.value
            if key.tag == _PLAIN and (not _WORD.fullmatch(name) or name.lower() in _SPECIAL):
                raise _Unsure(name)
            if name in out or name == "<<":
                raise _Unsure("a duplicate or merge key")
            out[name] = _plain(value, seen)
        return out
    raise _Unsure(node.tag)


def _scalar(value: str) -> Any:
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _DATE.fullmatch(value):
        return date.fromisoformat(value)  # ValueError (2027-02-30) -> the full reader says where
    if _CLOCK.fullmatch(value):
        return value
    # YAML 1.2 types only plain scalars that start with a digit, a sign, a dot or a tilde, and a
    # few words; anything else that starts with a letter is a string
    if (value[0].isalpha() or value[0] == "_") and value.isprintable() and value.lower() not in _SPECIAL:
        return value
    raise _Unsure(value)
