"""Words for people: "did you mean" suggestions for a misspelt id, code or name.

One suggester for every kind of value: roster ids, rotation ids, time zones, holiday
subdivisions, ticket kinds, policy keys. Each choice may carry aliases (an engineer's name, a
subdivision's full name), and an alias that matches suggests its choice:

>>> closest("wiliam", {"will": ["William Brown"], "ottilia": ["Ottilia Kane"]})
'will'
>>> closest("California", {"CA": ["California"], "CO": ["Colorado"]})
'CA'
>>> closest("paymnts", ["payments", "platform"])
'payments'
>>> unknown("engineer", "zed", ["anna", "ben"])
"'zed' is not a known engineer"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

__all__ = ["closest", "did_you_mean", "unknown"]

Choices = Mapping[str, Iterable[str | None]] | Iterable[str]


def _aliases(choices: Choices) -> list[tuple[str, str]]:
    """(text to compare, choice) pairs: each choice itself, then its aliases."""
    if isinstance(choices, Mapping):
        out = [(c, c) for c in choices]
        out += [(a, c) for c, names in choices.items() for a in names if a]
        return out
    return [(c, c) for c in choices]


def closest(value: str, choices: Choices, *, cutoff: float = 0.6) -> str | None:
    """The choice closest to ``value``, or None when nothing is close.

    In order: a case-insensitive match of a choice or an alias; a choice or alias (or one of
    its words) that starts with ``value`` or that ``value`` starts with (at least 3 letters);
    then the best :func:`difflib.get_close_matches` over choices, aliases and their words.
    """
    pairs = _aliases(choices)
    if not value or not pairs:
        return None
    low = value.strip().lower()
    for text, choice in pairs:
        if text.lower() == low:
            return choice
    words = [(w.lower(), choice) for text, choice in pairs for w in {text, *text.replace("-", " ").split()}]
    if len(low) >= 3:
        prefixed = [choice for w, choice in words if len(w) >= 3 and (w.startswith(low) or low.startswith(w))]
        if len(set(prefixed)) == 1:
            return prefixed[0]
    by_text: dict[str, str] = {}
    for w, choice in words:
        by_text.setdefault(w, choice)
    match = difflib.get_close_matches(low, list(by_text), n=1, cutoff=cutoff)
    return by_text[match[0]] if match else None


def did_you_mean(value: str, choices: Choices, *, cutoff: float = 0.6) -> str:
    """``" (did you mean 'x'?)"`` when a choice is close to ``value``, else ``""``."""
    hint = closest(value, choices, cutoff=cutoff)
    return f" (did you mean {hint!r}?)" if hint is not None and hint != value else ""


def unknown(kind: str, value: str, choices: Choices, *, listed: int = 0) -> str:
    """``"'x' is not a known <kind> (did you mean 'y'?)"``, with up to ``listed`` of the known
    values named after it."""
    text = f"{value!r} is not a known {kind}{did_you_mean(value, choices)}"
    if listed:
        names = sorted(choices)
        more = f", ... ({len(names)} in all)" if len(names) > listed else ""
        text += f"; known: {', '.join(names[:listed]) or 'none'}{more}"
    return text
