"""MkDocs hook: the roster field reference, generated from ``docs/roster.schema.json`` at build time.

The page ``roster-reference.md`` is never stored: it is rendered from the committed JSON Schema
(which a test keeps equal to the pydantic models), so it cannot go stale. Run this file directly
to print the page: ``python docs/hooks/roster_reference.py``.
"""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any

PAGE = "roster-reference.md"
SCHEMA = Path(__file__).resolve().parents[1] / "roster.schema.json"
ROOT = "Roster"

_SCALARS = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
            "null": "null"}


def _anchor(name: str) -> str:
    return name.lower()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(value: Any) -> str:
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return "one of " + ", ".join(_code(v) for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        values = next(iter(prop.get("patternProperties", {}).values()), None)
        if values is None and isinstance(prop.get("additionalProperties"), dict):
            values = prop["additionalProperties"]
        return f"map of name to {_type(values)}" if values is not None else "object"
    if kind == "string" and "format" in prop:
        return f"string ({prop['format']})"
    return _SCALARS.get(str(kind), "any")


def _constraints(prop: dict[str, Any]) -> str:
    out = []
    for key, label in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"),
                       ("exclusiveMaximum", "<")):
        if key in prop:
            out.append(f"{label} {prop[key]}")
    if "maxLength" in prop:
        out.append(f"at most {prop['maxLength']} characters")
    if "pattern" in prop:
        out.append(f"matches `{prop['pattern']}`")
    for option in prop.get("anyOf", []):
        found = _constraints(option)
        if found:
            out.append(found)
    items = prop.get("items")
    if isinstance(items, dict) and _constraints(items):
        out.append("each " + _constraints(items))
    return "; ".join(out)


def _default(prop: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" not in prop:
        return ""
    value = prop["default"]
    if isinstance(value, dict) and value:
        return "see below"
    return _code(value)


def _description(prop: dict[str, Any]) -> str:
    text = prop.get("description")
    if text is None:
        text = next((o["description"] for o in prop.get("anyOf", []) if "description" in o), "")
    if not text and isinstance(prop.get("items"), dict):
        text = prop["items"].get("description", "")
    return str(text)


def _refs(prop: Any) -> list[str]:
    found: list[str] = []
    if isinstance(prop, dict):
        if "$ref" in prop:
            found.append(prop["$ref"].rsplit("/", 1)[-1])
        for value in prop.values():
            found.extend(_refs(value))
    elif isinstance(prop, list):
        for value in prop:
            found.extend(_refs(value))
    return found


def definitions(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The top level (as ``Roster``) and every ``$defs`` entry, in the order a reader meets them."""
    defs = schema.get("$defs", {})
    every = {ROOT: schema, **defs}
    order: list[str] = []
    queue = deque([ROOT])
    while queue:
        name = queue.popleft()
        if name in order:
            continue
        order.append(name)
        for prop in every[name].get("properties", {}).values():
            queue.extend(r for r in _refs(prop) if r not in order)
    order += sorted(n for n in defs if n not in order)
    return {n: every[n] for n in order}


def render(schema: dict[str, Any]) -> str:
    """The whole reference page as Markdown."""
    defs = definitions(schema)
    used_in: dict[str, list[str]] = {}
    for name, d in defs.items():
        for field, prop in d.get("properties", {}).items():
            for ref in dict.fromkeys(_refs(prop)):
                used_in.setdefault(ref, []).append(f"`{field}` of [{name}](#{_anchor(name)})")
    lines = [
        "# Roster field reference",
        "",
        "Generated from [`roster.schema.json`](roster.schema.json), the JSON Schema of the roster",
        "models, when the site is built. The [roster guide](roster.md) explains the fields with",
        "examples; the [rules](rules.md) page explains the rule parameters. Unknown fields are errors",
        "everywhere.",
        "",
    ]
    for name, d in defs.items():
        title = "Roster (top level)" if name == ROOT else name
        lines += [f"## {title} {{#{_anchor(name)}}}", ""]
        if d.get("description"):
            lines += [" ".join(str(d["description"]).split()), ""]
        if name in used_in:
            lines += ["Used in " + ", ".join(used_in[name]) + ".", ""]
        props = d.get("properties", {})
        if not props:
            continue
        required = set(d.get("required", ()))
        lines += ["| field | type | default | constraints | meaning |", "|---|---|---|---|---|"]
        for field, prop in props.items():
            lines.append("| " + " | ".join(_cell(c) for c in (
                f"`{field}`", _type(prop), _default(prop, field in required), _constraints(prop),
                _description(prop))) + " |")
        lines.append("")
        nested = {f: p["default"] for f, p in props.items() if isinstance(p.get("default"), dict)
                  and p["default"]}
        for field, value in nested.items():
            lines += [f"Default of `{field}`:", "", "```json", json.dumps(value, indent=2), "```", ""]
    return "\n".join(lines)


def on_files(files: Any, config: Any) -> Any:
    """MkDocs event: add the generated page to the site's files."""
    from mkdocs.structure.files import File

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    files.append(File.generated(config, PAGE, content=render(schema)))
    return files


if __name__ == "__main__":
    print(render(json.loads(SCHEMA.read_text(encoding="utf-8"))))
