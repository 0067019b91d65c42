"""docs/roster.schema.json: generated from the models, committed, and admitting what the loader admits."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fairshift.domain import Engineer, Horizon, Roster, Rotation, Team
from fairshift.io.schema import main, roster_json_schema, schema_text, write_schema
from fairshift.io.yaml import read_yaml

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "roster.schema.json"
EXAMPLE = ROOT / "examples" / "roster.yaml"
REGENERATE = "python -m fairshift.io.schema > docs/roster.schema.json"


def test_committed_schema_matches_the_models() -> None:
    assert COMMITTED.is_file(), f"docs/roster.schema.json is missing; create it with: {REGENERATE}"
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == schema_text(), (
        f"docs/roster.schema.json is out of date with the roster models; regenerate it with: {REGENERATE}"
    )


def test_schema_text_format() -> None:
    text = schema_text()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"
    assert text == schema_text()  # deterministic


def test_schema_header_and_no_ids() -> None:
    schema = roster_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "fairshift roster"
    assert '"$id"' not in json.dumps(schema)
    assert sorted(schema["required"]) == ["engineers", "horizon", "rotations"]


@pytest.mark.parametrize(
    ("definition", "model"),
    [("Engineer", Engineer), ("Team", Team), ("Rotation", Rotation)],
)
def test_every_model_field_is_in_the_schema(definition: str, model: type[Any]) -> None:
    props = roster_json_schema()["$defs"][definition]["properties"]
    assert set(props) == set(model.model_fields)


def test_horizon_admits_both_forms() -> None:
    horizon = roster_json_schema()["$defs"]["Horizon"]
    forms = horizon["anyOf"]
    assert [sorted(f["properties"]) for f in forms] == [["end", "start"], ["quarter"]]
    assert all(f["additionalProperties"] is False for f in forms)
    assert set(Horizon.model_fields) == {"start", "end"}


def test_main_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == schema_text()


def test_main_and_write_schema_write_files(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    assert main([str(out)]) == 0
    assert out.read_bytes() == schema_text().encode("utf-8")
    other = write_schema(tmp_path / "b.json")
    assert other.read_bytes() == out.read_bytes()


# --- a small JSON Schema checker (the subset pydantic emits), to validate documents -------------

def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _check(value, root["$defs"][name], root, at)
    if "anyOf" in schema:
        results = [_check(value, s, root, at) for s in schema["anyOf"]]
        return [] if any(not r for r in results) else [f"{at}: matches no alternative {results}"]
    errors: list[str] = []
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if kind is not None and not checks[kind](value):
        return [f"{at}: {value!r} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{at}: {value!r} does not match {schema['pattern']}")
        if schema.get("format") == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                errors.append(f"{at}: {value!r} is not a date")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{at}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{at}: {value} > {schema['maximum']}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append(f"{at}: {value} <= {schema['exclusiveMinimum']}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += _check(item, schema["items"], root, f"{at}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{at}: missing {k}" for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if k in props:
                errors += _check(v, props[k], root, f"{at}.{k}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{at}: unknown {k}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _check(v, schema["additionalProperties"], root, f"{at}.{k}")
    return errors


def _as_json(value: Any) -> Any:
    """YAML data as an editor's YAML 1.2 language server sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _example() -> dict[str, Any]:
    data, _ = read_yaml(EXAMPLE.read_text(encoding="utf-8"))
    result: dict[str, Any] = _as_json(data)
    return result


def test_example_roster_conforms_to_the_schema() -> None:
    schema = roster_json_schema()
    assert _check(_example(), schema, schema) == []


def test_quarter_horizon_conforms_to_the_schema() -> None:
    schema = roster_json_schema()
    doc = _example()
    doc["horizon"] = {"quarter": "2027Q1"}
    assert _check(doc, schema, schema) == []
    Roster.model_validate(doc)  # and the models agree


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d["horizon"].update(quarter="2027Q1"), "$.horizon: matches no alternative"),
        (lambda d: d.update(horizon={"quarter": "2027Q5"}), "$.horizon: matches no alternative"),
        (lambda d: d["engineers"][1].update(skils=["payments"]), "$.engineers[1]: unknown skils"),
        (lambda d: d["rotations"][0].update(every="fortnight"),
         "$.rotations[0].every: 'fortnight' does not match"),
        (lambda d: d["rotations"][0].pop("timezone"), "$.rotations[0]: missing timezone"),
        (lambda d: d["engineers"][0].update(id="anna smith"), "$.engineers[0].id: 'anna smith' does not"),
        (lambda d: d["rules"]["min_rest"].update(hours=-1), "$.rules.min_rest.hours: -1 < 0"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(change: Any, needle: str) -> None:
    schema = roster_json_schema()
    doc = _example()
    change(doc)
    errors = _check(doc, schema, schema)
    assert any(e.startswith(needle) for e in errors), errors
