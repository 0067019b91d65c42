"""Matching the people a pager tool names to the roster's engineers.

A tool names a person by some of: its own user id, an e-mail, a username, a display name. They
are tried in that order against the roster (``engineers[].pager.<tool>``, ``email``, the id,
``name``); e-mails and names compare case-insensitively, names with runs of spaces folded. A
value that fits two engineers matches neither (it is reported, never guessed).

>>> from fairshift import parse_roster
>>> roster = parse_roster({"horizon": {"start": "2027-01-04", "end": "2027-02-01"},
...     "engineers": [{"id": "anna", "name": "Anna Kovacs", "timezone": "UTC",
...                    "email": "anna@example.com", "pager": {"pagerduty": "PANNA"}}],
...     "rotations": [{"id": "r", "members": ["anna"], "every": "week", "handoff": "mon 09:00",
...                    "timezone": "UTC"}]})
>>> people = Directory(roster, "pagerduty")
>>> people.match(Person(tool_id="PANNA")), people.match(Person(email="ANNA@example.com"))
('anna', 'anna')
>>> people.match(Person(name="anna  kovacs")), people.match(Person(name="Bob"))
('anna', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fairshift.domain.identities import TOOLS, control_free
from fairshift.domain.roster import Roster

__all__ = ["Directory", "Person"]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Person:
    """A person as a tool names them (any of the fields may be missing)."""

    tool_id: str | None = None
    email: str | None = None
    username: str | None = None
    name: str | None = None
    hint: str | None = None  # free text (an event's summary) searched when no field matches

    def label(self) -> str:
        """How reports name this person: every value the tool gave, control characters removed."""
        parts = [self.name, self.username, self.email, self.tool_id]
        seen = list(dict.fromkeys(p for p in parts if p))
        return control_free(" / ".join(seen)) if seen else "(nobody named)"


class Directory:
    """The roster's engineers, indexed by everything a tool may call them."""

    def __init__(self, roster: Roster, tool: str | None = None) -> None:
        self.tool = tool
        self._ids: dict[str, set[str]] = {}
        self._emails: dict[str, set[str]] = {}
        self._names: dict[str, set[str]] = {}
        for eng in roster.engineers:
            tools = (tool,) if tool in TOOLS else TOOLS
            for t in tools:
                value = eng.pager.of(t) if t is not None else None
                if value:
                    self._ids.setdefault(value, set()).add(eng.id)
                    if "@" in value:
                        self._emails.setdefault(value.lower(), set()).add(eng.id)
            if eng.email:
                self._emails.setdefault(eng.email.lower(), set()).add(eng.id)
            self._names.setdefault(_fold(eng.id), set()).add(eng.id)
            if eng.name:
                self._names.setdefault(_fold(eng.name), set()).add(eng.id)
        self.engineers = tuple(e.id for e in roster.engineers)
        self._words = {key: ids for key, ids in self._names.items() if len(key) >= 3}

    @staticmethod
    def _one(found: set[str] | None) -> str | None:
        return next(iter(found)) if found is not None and len(found) == 1 else None

    def match(self, person: Person) -> str | None:
        """The engineer id, or None when nobody (or more than one engineer) fits."""
        for value, index in ((person.tool_id, self._ids), (person.username, self._ids)):
            if value and (hit := self._one(index.get(value))):
                return hit
        for value in (person.email, person.username, person.tool_id):
            if value and "@" in value and (hit := self._one(self._emails.get(value.lower()))):
                return hit
        for value in (person.username, person.name):
            if value and (hit := self._one(self._names.get(_fold(value)))):
                return hit
        return self.find_in_text(person.hint) if person.hint else None

    def find_in_text(self, text: str) -> str | None:
        """The one engineer whose e-mail, tool id, id or name appears in ``text`` as a whole word."""
        folded = _fold(text)
        hits: set[str] = set()
        for email, ids in self._emails.items():
            if re.search(rf"(?<![\w.+-]){re.escape(email)}(?![\w-])", folded):
                hits |= ids
        if not hits:
            for key, ids in [*self._words.items(), *((k.casefold(), v) for k, v in self._ids.items())]:
                if re.search(rf"(?<![\w@.-]){re.escape(key)}(?![\w@-])", folded):
                    hits |= ids
        return next(iter(hits)) if len(hits) == 1 else None
