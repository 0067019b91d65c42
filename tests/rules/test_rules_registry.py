"""The catalogue is complete: every rule has a checker, an encoder, settings, docs and tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from fairshift.roster.settings import RuleSettings
from fairshift.rules import RULES
from fairshift.solver.encoders import ENCODERS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCS = ROOT / "docs" / "rules.md"
ALWAYS_ON = ("coverage", "eligibility", "unavailability", "no_overlap")
EXPECTED = 15


def _test_functions(path: Path) -> list[str]:
    """Names of the test functions (module level or in Test classes) of a test module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            names.append(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names.extend(f"{node.name}.{f.name}" for f in node.body
                         if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                         and f.name.startswith("test"))
    return names


def _doc_sections() -> list[str]:
    return re.findall(r"^## +`?([a-z_]+)`?\s*$", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_the_registry_is_not_empty() -> None:
    assert len(RULES) == EXPECTED
    assert list(RULES) == list(ENCODERS)  # same ids, same (catalogue) order


def test_encoders_and_rules_have_the_same_ids() -> None:
    assert set(ENCODERS) == set(RULES)


def test_every_rule_is_complete() -> None:
    settings = set(RuleSettings.model_fields)
    sections = _doc_sections()
    checked = 0
    for rid, rule in RULES.items():
        assert rule.id == rid
        assert rule.kind in ("hard", "soft")
        assert rule.summary.strip(), f"{rid}: no summary"
        assert callable(rule.check), f"{rid}: no checker"
        assert callable(ENCODERS.get(rid)), f"{rid}: no encoder in fairshift.solver.encoders.ENCODERS"
        if rid in ALWAYS_ON:
            assert rule.kind == "hard", f"{rid} is always on, so it must be hard"
        else:
            assert rid in settings, f"{rid}: no field in RuleSettings (the rules: section)"
        if rule.kind == "soft":
            assert hasattr(getattr(RuleSettings(), rid), "weight"), f"{rid}: a soft rule needs a weight"
        assert sections.count(rid) == 1, f"{rid}: needs exactly one '## {rid}' section in docs/rules.md"
        module = HERE / f"test_rule_{rid}.py"
        assert module.is_file(), f"{rid}: no tests/rules/test_rule_{rid}.py"
        assert _test_functions(module), f"{module.name} has no test function"
        checked += 1
    assert checked == EXPECTED


def test_docs_describe_no_other_rule() -> None:
    assert sorted(_doc_sections()) == sorted(RULES)


def test_no_test_module_for_an_unknown_rule() -> None:
    modules = {p.stem.removeprefix("test_rule_") for p in HERE.glob("test_rule_*.py")}
    assert modules == set(RULES)


@pytest.mark.parametrize("source", [
    "import pytest\n\nHELPER = 1\n\ndef helper() -> None:\n    assert 1\n",
    "class TestNothing:\n    def helper(self) -> None:\n        pass\n",
    "",
])
def test_a_module_without_tests_is_caught(source: str, tmp_path: Path) -> None:
    path = tmp_path / "test_rule_empty.py"
    path.write_text(source, encoding="utf-8")
    assert _test_functions(path) == []


def test_a_module_with_a_test_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "test_rule_one.py"
    path.write_text("def test_it() -> None:\n    assert 2 > 1\n\n"
                    "class TestX:\n    def test_y(self) -> None:\n        pass\n", encoding="utf-8")
    assert _test_functions(path) == ["test_it", "TestX.test_y"]
