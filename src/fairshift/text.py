r"""Words for people: "did you mean" suggestions for a misspelt id, code or name.

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

And text that reaches a terminal or a spreadsheet is made harmless: control characters
(C0, DEL, C1 and the bidirectional overrides) are refused in names and ids when they are read
(:func:`control_problem`) and escaped when echoed (:func:`printable`); a CSV cell that a
spreadsheet would run as a formula is recognised by :func:`formula_like`:

>>> print(printable("ann\x1b[31m\rbob"))
ann\x1b[31m\rbob
>>> print(control_problem("Ann\nSmith"))
contains the control character \n at character 4; write it on one line of plain text
>>> formula_like(" @SUM(A1)"), formula_like("\t=1"), formula_like("Ann-Marie")
(True, True, False)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

__all__ = ["CONTROL", "closest", "control_problem", "did_you_mean", "formula_like", "printable",
           "unknown"]

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


#: characters that move the cursor, change colours, end lines or reorder text on a terminal:
#: C0 controls (with tab, CR, LF and ESC), DEL, C1 controls, and the bidirectional marks and
#: overrides that make text read differently from how it is stored
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every :data:`CONTROL` character (except those in ``keep``) written as an
    escape such as ``\\x1b``: safe to print on a terminal."""
    if keep:
        return re.sub(CONTROL, lambda m: m.group() if m.group() in keep else _escape(m), text)
    return CONTROL.sub(_escape, text)


def control_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name or an id (it holds a control character), or None."""
    match = CONTROL.search(value)
    if match is None:
        return None
    return (f"contains the control character {_escape(match)} at character {match.start() + 1}; "
            "write it on one line of plain text")


#: a cell starting with one of these (after any leading white space) is a formula to a spreadsheet
FORMULA_STARTS = ("=", "+", "-", "@")


def formula_like(cell: str) -> bool:
    """Whether a spreadsheet would evaluate ``cell``: it starts with a tab or a carriage return,
    or its first character after white space is ``=``, ``+``, ``-`` or ``@`` (OWASP, "CSV
    Injection")."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    return cell.lstrip().startswith(FORMULA_STARTS)
