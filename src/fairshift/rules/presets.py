"""Presets: named sets of rule settings from published working-time law and policy.

``rules: {preset: eu-wtd}`` (or a list, ``preset: [eu-wtd, google-sre]``) fills in the settings
below before the ``rules:`` section is validated. Settings written in the section win field by
field: ``{preset: eu-wtd, weekly_rest: {mode: soft}}`` keeps the preset's 35 hours and makes the
rule soft. With several presets, a later one wins where two set the same field.

Every figure treats on-call time as working time (stand-by counts in full), the reading of the
EU Court of Justice for on-call duty at the workplace and for stand-by whose constraints are
severe. A weekly rotation handed over on Monday morning can never meet ``weekly_rest`` under
that reading; ``hu-labour-code``, which states stand-by limits of its own, does not turn it on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from fairshift.text import closest

__all__ = ["PRESETS", "Preset", "PresetName", "expand", "names_of", "report"]

PresetName = Literal["eu-wtd", "hu-labour-code", "google-sre"]


@dataclass(frozen=True)
class Preset:
    """A preset: what it stands for, its source, and the rule settings it fills in."""

    title: str
    source: str
    settings: Mapping[str, Mapping[str, Any]]


PRESETS: dict[str, Preset] = {
    "eu-wtd": Preset(
        "EU Working Time Directive",
        "Directive 2003/88/EC, articles 3 (daily rest), 5 (weekly rest), 6 and 16(b) (48-hour week "
        "averaged over at most four months)",
        {"min_rest": {"hours": 11}, "weekly_rest": {"hours": 35},
         "average_week": {"hours": 48, "weeks": 17}}),
    "hu-labour-code": Preset(
        "Hungarian Labour Code, stand-by",
        "Act I of 2012 on the Labour Code: stand-by (készenlét) at most 168 hours a month, on the "
        "weekly rest day at most four times a month, daily rest of 11 hours counted from the end "
        "of stand-by",
        {"min_rest": {"hours": 11}, "max_hours": {"month": 168},
         "max_rest_days": {"count": 4, "day": "sun"}}),
    "google-sre": Preset(
        "Google SRE book, Being On-Call",
        "Site Reliability Engineering (O'Reilly, 2016), chapter 11: at most 25% of an SRE's time "
        "on call",
        {"max_oncall_share": {"share": 0.25}}),
}
assert set(PRESETS) == set(get_args(PresetName))


def names_of(value: Any) -> tuple[str, ...]:
    """The preset names of a ``preset:`` value (one name or a list); ValueError, with a
    suggestion, for anything else."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(n, str) for n in items):
        raise ValueError(f"{value!r} is not a preset; give a name or a list of names "
                         f"({', '.join(PRESETS)})")
    for name in items:
        if name not in PRESETS:
            hint = closest(name, list(PRESETS))
            extra = f" (did you mean {hint!r}?)" if hint else ""
            raise ValueError(f"{name!r} is not a preset{extra}; the presets are {', '.join(PRESETS)}")
    return tuple(dict.fromkeys(items))


def _written(value: Any) -> dict[str, Any] | None:
    """The fields of a rule's settings as given: a mapping, or a model's fields set."""
    if isinstance(value, Mapping):
        return dict(value)
    fields_set = getattr(value, "model_fields_set", None)
    if isinstance(fields_set, set):
        return {k: getattr(value, k) for k in fields_set}
    return None


def expand(data: Any) -> Any:
    """The ``rules:`` data with its presets' settings filled in under the ones written.

    Anything that is not a mapping with valid preset names is returned unchanged, for the
    model's own validation to report. A setting that is not a mapping (``weekly_rest: 35``) is
    left as written, so its error points at what the user wrote."""
    if not isinstance(data, Mapping) or data.get("preset") in (None, (), []):
        return data
    try:
        names = names_of(data["preset"])
    except ValueError:
        return data
    filled: dict[str, dict[str, Any]] = {}
    for name in names:
        for rid, fields in PRESETS[name].settings.items():
            filled.setdefault(rid, {}).update(fields)
    out = dict(data)
    for rid, fields in filled.items():
        if rid not in data:
            out[rid] = dict(fields)
            continue
        written = _written(data[rid])
        if written is not None:
            out[rid] = {**fields, **written}
    return out


def report(rules: Any) -> list[str]:
    """For ``fairshift check``: one line per preset of ``rules`` (a RuleSettings) with what it
    turned on, and each field where the roster's own setting replaced the preset's."""
    lines = []
    for name in rules.preset:
        preset = PRESETS[name]
        kept, changed = [], []
        for rid, fields in preset.settings.items():
            own = getattr(rules, rid)
            for field, value in fields.items():
                now = getattr(own, field)
                if now == value:
                    kept.append(f"{rid}.{field} {value:g}" if isinstance(value, int | float)
                                else f"{rid}.{field} {value}")
                else:
                    changed.append(f"{rid}.{field} is {now} (the preset's {value} is overridden)")
        soft = [f"{rid} is soft (weight {getattr(rules, rid).weight})" for rid in preset.settings
                if getattr(getattr(rules, rid), "mode", "hard") == "soft"]
        lines.append(f"preset {name} ({preset.title}): {', '.join(kept) or 'nothing left'}")
        lines.extend(f"  {c}" for c in [*changed, *soft])
    return lines
