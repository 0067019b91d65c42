"""Reading pay rates files (see :mod:`fairshift.workflows.pay` for what the rates mean).

::

    currency: EUR
    default: {weekday: 0, off_hours: 2.50, weekend: 4.00, holiday: 6.00, night: 1.00}
    countries:
      HU: {currency: HUF, weekday: 0, off_hours: 900, weekend: 1500, holiday: 3000, night: 400}
      US-CA: {currency: USD, weekday: 0, off_hours: 3, weekend: 5, holiday: 8, night: 1.5}
    sites:
      budapest-hq: {...}
    teams:
      payments: {...}

Every problem is reported at once, located as ``rates.yaml:4:7 countries.HU.weekend: ...``;
with a roster, keys that name no team, site or country of it are problems too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fairshift.domain.roster import Roster
from fairshift.errors import Problem, RosterError
from fairshift.io.files import read_text_file
from fairshift.io.yaml import PathKey, Positions, locate, path_text, read_yaml
from fairshift.workflows.pay import PayRates, RatesError, rate_problems

__all__ = ["load_pay_rates", "parse_pay_rates"]

_FIELDS = "currency, default, countries, sites, teams"
_TABLE = "currency, weekday, off_hours, weekend, holiday, night"


def _message(err: Mapping[str, Any], loc: PathKey) -> str:
    kind, msg = err.get("type", ""), str(err.get("msg", "")).removeprefix("Value error, ")
    if kind == "missing":
        return "this rate is required (every table lists all five)" if len(loc) > 1 else (
            "this field is required")
    if kind == "extra_forbidden":
        fields = _TABLE if len(loc) > 1 else _FIELDS
        return f"unknown field (fields: {fields})"
    if kind == "string_pattern_mismatch":
        return f"{err.get('input')!r} is not a currency code; write three capital letters, e.g. EUR"
    if kind.startswith("decimal") or kind == "greater_than_equal":
        return f"{err.get('input')!r}: {msg[0].lower() + msg[1:]} (an amount per hour, e.g. 2.50)"
    return msg


def _located(problems: Sequence[tuple[PathKey, str]], positions: Positions,
             file: str | None) -> list[Problem]:
    out = []
    for loc, text in problems:
        shown = tuple(p for p in loc if p != "<key>")
        line, col = positions.get(loc) or locate(shown, positions)
        out.append(Problem(text, path_text(shown), file, line, col))
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


def parse_pay_rates(data: Any, *, file: str | None = None, positions: Positions | None = None,
                    roster: Roster | None = None) -> PayRates:
    """Validate plain data into :class:`PayRates` (and, with ``roster``, check its keys against it).

    Raises :class:`~fairshift.workflows.pay.RatesError` listing every problem.
    """
    pos = positions or {}
    if not isinstance(data, Mapping):
        raise RatesError([Problem(f"pay rates are a mapping ({_FIELDS})", "", file, 1, 1)])
    try:
        rates = PayRates.model_validate(data)
    except ValidationError as exc:
        found: list[tuple[PathKey, str]] = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int)
                        and not str(p).startswith("function"))
            key = (*loc, "<key>") if err["type"] == "extra_forbidden" else loc
            found.append((key, _message(err, loc)))
        raise RatesError(_located(list(dict.fromkeys(found)), pos, file)) from None
    if roster is not None:
        problems = rate_problems(rates, roster)
        if problems:
            raise RatesError(_located(problems, pos, file))
    return rates


def load_pay_rates(path: str | Path, roster: Roster | None = None) -> PayRates:
    """Read a pay rates YAML file (duplicate keys are errors; problems carry ``file:line:column``)."""
    p = Path(path)
    text = read_text_file(p, "pay rates", lambda problem: RatesError([problem]))
    try:
        data, positions = read_yaml(text, str(p))
    except RosterError as exc:
        raise RatesError(exc.problems) from None
    return parse_pay_rates(data, file=str(p), positions=positions, roster=roster)
