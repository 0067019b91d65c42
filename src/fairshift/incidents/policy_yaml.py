"""Read an :class:`~fairshift.incidents.policy.SlaPolicy` from YAML.

The file has three optional sections. ``calendars`` adds named business calendars (or
redefines ``business``); ``targets`` replaces the targets of the kinds it lists (other
kinds keep :data:`~fairshift.incidents.policy.DEFAULT_TARGETS`); ``priority`` replaces the
whole priority order (a list of kinds, or of lists of kinds sharing a class)::

    calendars:
      budapest: {timezone: Europe/Budapest, hours: 09:00-17:00, days: mon-fri, country: HU}
    targets:
      sev3: {calendar: budapest, acknowledge: 1bd, resolve: 5bd}
      security-critical: {calendar: 24x7, resolve: 7d}
    priority: [sev1, release-failure, sev2, security-critical, sev3, security-high,
               security-medium, security-low, [sev4, misc]]

Duplicate keys, unknown keys, kinds, calendars, time zones or countries raise
:class:`~fairshift.incidents.errors.IncidentError` naming ``file:line`` and a fix, and so does
an empty file (leave out the policy for the default one, or write ``{}``). The YAML is read
within the limits of :mod:`fairshift.io.yaml` (no tags, bounded aliases and nesting).

>>> p = parse_sla_policy("targets:\\n  SEV-3: {calendar: 24x7, resolve: 2d}\\n", "sla.yaml")
>>> p.target_for(Kind.SEV3)
SlaTarget(calendar='24x7', acknowledge=None, resolve=datetime.timedelta(days=2))
>>> parse_sla_policy("targets:\\n  sev3: {calendar: office, resolve: 2d}\\n", "sla.yaml")
Traceback (most recent call last):
...
fairshift.incidents.errors.IncidentError: sla.yaml:2 targets.sev3.calendar: unknown calendar \
'office'; define it under calendars or use one of 24x7, business
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, time
from pathlib import Path
from typing import Any

from fairshift.errors import FairshiftError, RosterError
from fairshift.incidents.business_time import ALL_DAYS, BusinessCalendar
from fairshift.incidents.csvio import read_text
from fairshift.incidents.durations import parse_duration
from fairshift.incidents.errors import IncidentError, located
from fairshift.incidents.kinds import Kind, parse_kind
from fairshift.incidents.policy import (
    ALWAYS,
    DEFAULT_CALENDARS,
    DEFAULT_PRIORITY,
    DEFAULT_TARGETS,
    PriorityPolicy,
    SlaPolicy,
    SlaTarget,
)
from fairshift.io.yaml import load_tree
from fairshift.text import closest
from fairshift.time.calendars import HolidayCalendar

__all__ = ["load_sla_policy", "parse_sla_policy"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class _Where:
    """Locates YAML nodes in one file for error messages."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, message: str, node: Any, path: str, key: Any = None) -> IncidentError:
        line = None
        lc = getattr(node, "lc", None)
        if lc is not None:
            if key is None:
                line = lc.line + 1
            elif isinstance(node, list):
                line = lc.item(key)[0] + 1
            else:
                line = lc.key(key)[0] + 1
        return located(message, file=self.file, line=line, path=path)

    def mapping(self, node: Any, path: str, allowed: Iterable[str], parent: Any,
                key: Any) -> Mapping[Any, Any]:
        if not isinstance(node, dict):
            raise self.error("expected a mapping (key: value lines)", parent, path, key)
        allowed = tuple(allowed)
        for k in node:
            if allowed and k not in allowed:
                close = closest(str(k), allowed)
                fix = f"did you mean {close!r}?" if close else f"use {', '.join(allowed)}"
                raise self.error(f"unknown key {k!r}; {fix}", node, f"{path}.{k}".lstrip("."), k)
        return node


def _hours(text: object) -> tuple[time, time]:
    m = _HOURS.match(str(text).strip())
    if not m:
        raise IncidentError(f"cannot read working hours {text!r}; write e.g. 09:00-17:00")
    h1, m1, h2, m2 = map(int, m.groups())
    if (h2, m2) == (24, 0):
        h2 = 0
    try:
        return time(h1, m1), time(h2, m2)
    except ValueError:
        raise IncidentError(f"working hours {text!r} are not valid clock times") from None


def _day(name: object) -> int:
    key = str(name).strip().lower()[:3]
    if key not in _DAYS:
        raise IncidentError(f"unknown weekday {name!r}; use mon, tue, wed, thu, fri, sat, sun")
    return _DAYS.index(key)


def _days(value: object) -> frozenset[int]:
    if isinstance(value, list):
        return frozenset(_day(v) for v in value)
    text = str(value).strip().lower()
    if text in ("daily", "every day", "all"):
        return ALL_DAYS
    first, sep, last = text.partition("-")
    if not sep:
        return frozenset({_day(first)})
    lo, hi = _day(first), _day(last)
    return frozenset(d % 7 for d in range(lo, hi + 1 if hi >= lo else hi + 8))


def _closed(value: object) -> frozenset[date]:
    items = value if isinstance(value, list) else [value]
    days = set()
    for item in items:
        try:
            days.add(item if isinstance(item, date) else date.fromisoformat(str(item)))
        except ValueError:
            raise IncidentError(f"cannot read closed date {item!r}; write 2027-12-27") from None
    return frozenset(days)


def _calendar(where: _Where, node: Any, name: str, parent: Any) -> BusinessCalendar:
    path = f"calendars.{name}"
    keys = ("timezone", "hours", "days", "country", "subdivision", "closed")
    spec = where.mapping(node, path, keys, parent, name)
    try:
        start, end = _hours(spec.get("hours", "00:00-24:00"))
        holidays = HolidayCalendar(
            None if spec.get("country") is None else str(spec["country"]),
            None if spec.get("subdivision") is None else str(spec["subdivision"]),
            _closed(spec.get("closed", [])),
        )
        return BusinessCalendar(str(spec.get("timezone", "UTC")), start, end,
                                _days(spec.get("days", "mon-sun")), holidays)
    except FairshiftError as exc:
        raise where.error(str(exc), parent, path, name) from None


def _calendars(where: _Where, node: Any, root: Any) -> dict[str, BusinessCalendar]:
    if node is None:
        return {}
    spec = where.mapping(node, "calendars", (), root, "calendars")
    calendars = {}
    for name, body in spec.items():
        if str(name) == ALWAYS:
            raise where.error(f"{ALWAYS!r} is the built-in always-open calendar; give yours "
                              "another name", spec, f"calendars.{name}", name)
        calendars[str(name)] = _calendar(where, body, str(name), spec)
    return calendars


def _target(where: _Where, node: Any, path: str, parent: Any, key: Any,
            calendars: Mapping[str, BusinessCalendar]) -> SlaTarget:
    spec = where.mapping(node, path, ("calendar", "acknowledge", "resolve"), parent, key)
    if "calendar" not in spec:
        raise where.error("missing calendar; add e.g. calendar: 24x7", parent, path, key)
    cal = str(spec["calendar"])
    if cal not in calendars:
        raise where.error(f"unknown calendar {cal!r}; define it under calendars or use one of "
                          f"{', '.join(sorted(calendars))}", spec, f"{path}.calendar", "calendar")
    durations = {}
    for name in ("acknowledge", "resolve"):
        if spec.get(name) is None:
            continue
        try:
            durations[name] = parse_duration(str(spec[name]),
                                             business_day=calendars[cal].working_day)
        except IncidentError as exc:
            raise where.error(str(exc), spec, f"{path}.{name}", name) from None
    try:
        return SlaTarget(cal, durations.get("acknowledge"), durations.get("resolve"))
    except IncidentError as exc:
        raise where.error(str(exc), parent, path, key) from None


def _targets(where: _Where, node: Any, root: Any,
             calendars: Mapping[str, BusinessCalendar]) -> dict[Kind, SlaTarget]:
    if node is None:
        return {}
    spec = where.mapping(node, "targets", (), root, "targets")
    targets: dict[Kind, SlaTarget] = {}
    for label, body in spec.items():
        path = f"targets.{label}"
        try:
            kind = parse_kind(str(label))
        except IncidentError as exc:
            raise where.error(str(exc), spec, path, label) from None
        if kind in targets:
            raise where.error(f"kind {kind.value!r} is given twice (another spelling of it "
                              "appears above); keep one", spec, path, label)
        targets[kind] = _target(where, body, path, spec, label, calendars)
    return targets


def _priority(where: _Where, node: Any, root: Any) -> PriorityPolicy:
    if not isinstance(node, list):
        raise where.error("expected a list of kinds (or of lists of kinds), most urgent first",
                          root, "priority", "priority")
    classes = []
    for i, item in enumerate(node):
        labels = item if isinstance(item, list) else [item]
        try:
            classes.append(frozenset(parse_kind(str(label)) for label in labels))
        except IncidentError as exc:
            raise where.error(str(exc), node, f"priority[{i}]", i) from None
    try:
        return PriorityPolicy(tuple(classes))
    except IncidentError as exc:
        raise where.error(str(exc), root, "priority", "priority") from None


def _load(text: str, filename: str) -> Any:
    try:
        return load_tree(text, filename)  # the limits of fairshift.io.yaml: tags, aliases, depth
    except RosterError as exc:
        problem = exc.problems[0]
        message = problem.message.removeprefix("invalid YAML: ")
        if " with value " in message:  # ruamel's duplicate key message quotes both values
            message = message.split(" with value ")[0] + "; keep one"
        raise located(message, file=filename, line=problem.line) from None


def parse_sla_policy(text: str, filename: str = "<policy>") -> SlaPolicy:
    """An SLA policy from YAML text; ``filename`` is used in error messages."""
    root = _load(text, filename)
    if root is None:
        raise located("the SLA policy is empty; leave out --policy for the default policy, or "
                      "write {} (or the sections to change: calendars, targets, priority)",
                      file=filename, line=1)
    if not isinstance(root, dict):
        raise located("an SLA policy is a mapping with the sections calendars, targets and "
                      "priority (each optional)", file=filename, line=1)
    where = _Where(filename)
    where.mapping(root, "", ("calendars", "targets", "priority"), root, None)
    calendars = {**DEFAULT_CALENDARS, **_calendars(where, root.get("calendars"), root)}
    targets = {**DEFAULT_TARGETS, **_targets(where, root.get("targets"), root, calendars)}
    priority = _priority(where, root["priority"], root) if "priority" in root else DEFAULT_PRIORITY
    return SlaPolicy(calendars, targets, priority)


def load_sla_policy(path: Path | str) -> SlaPolicy:
    """An SLA policy from a YAML file."""
    return parse_sla_policy(read_text(path, "SLA policy"), str(path))
