"""The catalogue is complete: every part of every rule is derived from its one record.

Each rule has a checker, an encoder, its settings (the field of the ``rules:`` section named by its
id, of the rule's own type), an explain sentence (hard rules), a cover scope, a doc section and a
test module with tests in it."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from rulekit import eng, make_roster, rot

from fairshift.rules import CATALOGUE, RULES, per_engineer_rules
from fairshift.rules.base import NoSettings, SoftRule
from fairshift.rules.settings import RuleSettings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCS = ROOT / "docs" / "rules.md"
ALWAYS_ON = ("coverage", "eligibility", "unavailability", "no_overlap")
EXPECTED = 22


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
    assert list(RULES) == [r.id for r in CATALOGUE]  # one order: the catalogue's


def test_every_rule_is_complete() -> None:
    settings = set(RuleSettings.model_fields)
    sections = _doc_sections()
    checked = 0
    for rid, rule in RULES.items():
        assert rule.id == rid
        assert rule.kind in ("hard", "soft")
        assert rule.summary.strip(), f"{rid}: no summary"
        assert callable(rule.check), f"{rid}: no checker"
        assert callable(rule.encode), f"{rid}: no encoder"
        assert rule.encode.__module__ == rule.check.__module__ == f"fairshift.rules.{rid}"
        if rid in ALWAYS_ON:
            assert rule.kind == "hard", f"{rid} is always on, so it must be hard"
            assert rule.settings is NoSettings and rid not in settings
        else:
            assert rid in settings, f"{rid}: no field in RuleSettings (the rules: section)"
            field = RuleSettings.model_fields[rid]
            assert field.annotation is rule.settings, f"{rid}: RuleSettings.{rid} is not the rule's Settings"
            assert isinstance(getattr(RuleSettings(), rid), rule.settings)
        if rule.kind == "soft":
            assert issubclass(rule.settings, SoftRule), f"{rid}: a soft rule needs a weight"
            assert rule.explain is None and not rule.per_engineer
        else:
            assert callable(rule.explain), f"{rid}: a hard rule needs its explain sentence"
        assert rule.doc == f"docs/rules.md#{rid}"
        assert sections.count(rid) == 1, f"{rid}: needs exactly one '## {rid}' section in docs/rules.md"
        module = HERE / f"test_rule_{rid}.py"
        assert module.is_file(), f"{rid}: no tests/rules/test_rule_{rid}.py"
        assert _test_functions(module), f"{module.name} has no test function"
        checked += 1
    assert checked == EXPECTED


def test_every_hard_rule_explains_itself_in_words() -> None:
    # one instance of each hard rule, as its encoder names it, turned into a sentence
    inst = make_roster(date(2027, 3, 1), 14, [eng("a"), eng("b"), eng("c")],
                       [rot("r", ("a", "b", "c"), every="week", handoff="mon 09:00")],
                       rules={"max_weekends": {"count": 1}, "max_consecutive": {"days": 5},
                              "max_hours": {"month": 168, "rolling": {"days": 7, "hours": 60}},
                              "max_period_shifts": {"week": 2, "rolling": {"days": 7, "shifts": 3}},
                              "max_rest_days": {"count": 4}, "max_oncall_share": {"share": 0.25},
                              "weekly_rest": {"hours": 35}, "average_week": {"hours": 48},
                              "quiet_hours": {"hours": "22:00-07:00"}})
    key = inst.shifts["r"][0].key
    subjects = {"coverage": (key, "primary"), "eligibility": ("r", "a"), "unavailability": ("a", "PTO"),
                "no_overlap": ("a", key), "min_rest": ("a", key), "no_back_to_back": ("r", "a"),
                "max_shifts": ("a",), "shadowing": ("a", key), "public_holidays": ("a", "2027-03-15"),
                "max_consecutive": ("a", "2027-03-01"), "max_weekends": ("a",),
                "max_hours": ("a", "month", "2027-03-01"),
                "max_period_shifts": ("a", "rolling", "2027-03-02"),
                "max_rest_days": ("a", "2027-03-01"), "max_oncall_share": ("a",),
                "weekly_rest": ("a", "2027-03-01"), "average_week": ("a", "2027-03-01"),
                "quiet_hours": ("a", key)}
    assert set(subjects) == {r.id for r in CATALOGUE if r.hard}
    for rid, subject in subjects.items():
        sentence = RULES[rid].explain(inst, subject)  # type: ignore[misc]
        assert subject[0] in sentence or (rid == "coverage" and "r, week of" in sentence), (rid, sentence)
        assert "|" not in sentence, sentence


def test_cover_scope_is_the_per_engineer_hard_rules() -> None:
    # every hard rule but coverage depends only on each engineer's own seats
    assert per_engineer_rules() == {r.id for r in CATALOGUE if r.hard} - {"coverage"}


def test_rules_that_may_be_soft_are_the_limits_and_public_holidays() -> None:
    # a hard rule whose breaches may be soft keeps a weight in its settings; an engineer's
    # limits hold exactly the limit rules, with their figures and mode but not the weight
    from fairshift.rules.base import Limit, LimitRule
    from fairshift.rules.limits import Limits

    limits = {rid for rid, r in RULES.items() if issubclass(r.settings, LimitRule)}
    assert limits == set(Limits.model_fields)
    for rid in limits:
        own = Limits.model_fields[rid].annotation
        assert RULES[rid].kind == "hard" and RULES[rid].per_engineer
        assert set(RULES[rid].settings.model_fields) - {"weight"} == set(own.__args__[0].model_fields)  # type: ignore[union-attr]
        assert issubclass(own.__args__[0], Limit)  # type: ignore[union-attr]
        soft = RuleSettings.model_validate({rid: {"mode": "soft", "weight": 7}})
        assert RULES[rid].weight(soft) == 7


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
