"""Reading overrides files (see :mod:`fairshift.workflows.overrides` for what they mean)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fairshift.errors import Problem, RosterError
from fairshift.io.files import read_text_file
from fairshift.io.yaml import locate, path_text, read_yaml
from fairshift.workflows.overrides import Override, OverrideError

__all__ = ["load_overrides", "parse_overrides"]


def parse_overrides(data: Any, *, file: str | None = None,
                    positions: Mapping[tuple[str | int, ...], tuple[int, int]] | None = None,
                    ) -> tuple[Override, ...]:
    """Validate plain data (a list, or a mapping with an ``overrides`` list) into overrides.

    Raises :class:`OverrideError` listing every problem, located by file and line when known.
    """
    pos = positions or {}
    base: tuple[str | int, ...] = ()
    if isinstance(data, Mapping):
        extra = sorted(set(data) - {"overrides"})
        if extra:
            line, col = locate((extra[0],), pos)
            raise OverrideError([Problem(f"unknown top-level key(s) {', '.join(map(repr, extra))}; "
                                         "expected overrides:", extra[0], file, line, col)])
        data = data.get("overrides") or []
        base = ("overrides",)
    if not isinstance(data, list):
        raise OverrideError([Problem("overrides are a list (or a mapping with an overrides: list)",
                                     "", file, 1, 1)])
    out: list[Override] = []
    problems: list[Problem] = []
    for i, item in enumerate(data):
        here = (*base, i)
        line, col = locate(here, pos)
        where = f"{file}:{line}" if file is not None and line is not None else f"{path_text(here)}"
        if not isinstance(item, Mapping):
            problems.append(Problem("an override is a mapping (rotation, shift or start/end, role, "
                                    "engineer, reason)", path_text(here), file, line, col))
            continue
        try:
            out.append(Override.model_validate(dict(item)).with_source(where))
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
                field = loc[:1] if loc and isinstance(loc[0], str) else ()
                msg = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "missing":
                    msg = "this field is required"
                elif err["type"] == "extra_forbidden":
                    msg = ("unknown field (fields: rotation, shift, start, end, role, engineer, "
                           "replaces, reason, author)")
                fline, fcol = locate((*here, *field), pos)
                problems.append(Problem(msg, path_text((*here, *field)), file, fline, fcol))
    if problems:
        raise OverrideError(problems)
    return tuple(out)


def load_overrides(path: str | Path) -> tuple[Override, ...]:
    """Read an overrides YAML file (duplicate keys are errors; problems carry ``file:line``)."""
    p = Path(path)
    text = read_text_file(p, "overrides", lambda problem: OverrideError([problem]))
    try:
        data, positions = read_yaml(text, str(p))
    except RosterError as exc:
        raise OverrideError(exc.problems) from None
    except TypeError as exc:  # e.g. a mapping used as a key (``? {a: 1}``), which ruamel cannot hash
        raise OverrideError([Problem(f"invalid YAML: {exc}", "", str(p))]) from None
    if data is None:
        return ()
    return parse_overrides(data, file=str(p), positions=positions)
