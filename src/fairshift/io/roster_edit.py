"""Editing a roster file in place: engineers' ``history`` written into the YAML text itself.

:func:`set_histories` changes only the text of each ``history`` value (or adds one), so comments,
alignment, quoting and key order stay exactly as written: an engineer written as a flow mapping
(``{id: anna, ...}``) gets ``, history: {burden: 12.5, shifts: 3, shadow_shifts: 0}`` before its
closing brace, a block mapping gets a ``history:`` line after its last line, and an existing
``history`` value (flow or block) is replaced. Positions come from the round-trip parser
(:func:`fairshift.io.yaml.read_yaml`); the edited text is parsed again and must give the same
roster with the new histories, else nothing is returned but an error.

>>> text = '''horizon: {quarter: 2027Q1}
... engineers:  # people
...   - {id: a,  timezone: UTC}   # Ann
...   - id: b
...     timezone: UTC     # Bo
... rotations: [{id: r, members: [a, b], every: week, handoff: "mon 09:00", timezone: UTC}]
... '''
>>> print(set_histories(text, {"a": History(burden=1.5, shifts=2), "b": History()}), end="")
horizon: {quarter: 2027Q1}
engineers:  # people
  - {id: a,  timezone: UTC, history: {burden: 1.5, shifts: 2, shadow_shifts: 0}}   # Ann
  - id: b
    timezone: UTC     # Bo
    history: {burden: 0.0, shifts: 0, shadow_shifts: 0}
rotations: [{id: r, members: [a, b], every: week, handoff: "mon 09:00", timezone: UTC}]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fairshift.domain.roster import History
from fairshift.errors import Problem, RosterError
from fairshift.io.yaml import Positions, read_yaml

__all__ = ["set_histories"]

_OPEN, _CLOSE = "{[", "}]"


def _flow(h: History) -> str:
    return f"{{burden: {float(h.burden)!r}, shifts: {h.shifts}, shadow_shifts: {h.shadow_shifts}}}"


def _match(text: str, start: int) -> int:
    """The index just after the bracket closing the one at ``start`` (quotes and comments skipped)."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            i += 1
            while i < n and text[i] != c:
                i += 2 if c == '"' and text[i] == "\\" else 1
            if c == "'" and i + 1 < n and text[i + 1] == "'":  # '' inside a single-quoted scalar
                i += 2
                continue
        elif c == "#" and (i == 0 or text[i - 1] in " \t\n"):
            i = text.find("\n", i)
            if i < 0:
                break
        elif c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"no closing bracket for the one at offset {start}")


def _block_end(lines: list[str], first: int, indent: int) -> int:
    """The index of the last content line of the block starting at line ``first`` (0-based), whose
    keys are at column ``indent`` (0-based): later lines indented more, blank or comments."""
    last = first
    for j in range(first + 1, len(lines)):
        stripped = lines[j].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[j]) - len(lines[j].lstrip(" ")) < indent:
            break
        last = j
    return last


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, pos: tuple[int, int]) -> int:
        return self.starts[pos[0] - 1] + pos[1] - 1

    def line_end(self, index: int) -> int:
        """Offset of the end of line ``index`` (0-based), before its newline."""
        return self.starts[index] + len(self.lines[index].rstrip("\r\n"))


def _edit(t: _Text, pos: Positions, i: int, eng: Mapping[str, Any], h: History) -> tuple[int, int, str]:
    flow = _flow(h)
    if "history" in eng:
        key = pos[("engineers", i, "history", "<key>")]
        start = t.offset(pos[("engineers", i, "history")])
        if t.text[start] == "{":
            return start, _match(t.text, start), flow
        colon = t.text.index(":", t.offset(key)) + 1  # a block value: replace it, key line onwards
        last = _block_end(t.lines, key[0] - 1, key[1])
        return colon, t.line_end(last), " " + flow
    start = t.offset(pos[("engineers", i)])
    if t.text[start] == "{":
        end = _match(t.text, start) - 1
        return end, end, f", history: {flow}"
    line, col = pos[("engineers", i)]
    last = _block_end(t.lines, line - 1, col - 1)
    at = t.line_end(last)
    return at, at, "\n" + " " * (col - 1) + f"history: {flow}"


def set_histories(text: str, histories: Mapping[str, History], *, file: str | None = None) -> str:
    """``text`` (a roster's YAML) with each listed engineer's ``history`` set (see the module docs).

    Engineers of ``histories`` who are not in the roster are ignored. Raises
    :class:`~fairshift.errors.RosterError` when the text cannot be read, or cannot be edited
    without changing something else.
    """
    from fairshift.io.roster import parse_roster

    data, pos = read_yaml(text, file)
    before = parse_roster(data, file=file, positions=pos)
    engineers = data.get("engineers") if isinstance(data, Mapping) else None
    t = _Text(text)
    edits = []
    for i, eng in enumerate(engineers if isinstance(engineers, list) else []):
        h = histories.get(str(eng.get("id"))) if isinstance(eng, Mapping) else None
        if h is not None:
            edits.append(_edit(t, pos, i, eng, h))
    out = text
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    after_data, after_pos = read_yaml(out, file)
    after = parse_roster(after_data, file=file, positions=after_pos)
    wanted = before.model_dump()
    for e in wanted["engineers"]:
        if e["id"] in histories:
            e["history"] = histories[e["id"]].model_dump()
    if after.model_dump() != wanted:
        raise RosterError([Problem("cannot write the history into this file without changing something "
                                   "else; write it by hand (fairshift ledger prints it)", "engineers", file)])
    return out
