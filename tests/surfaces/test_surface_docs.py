"""The documentation site: the CLI reference, the API page, the generated roster field reference,
the fairness worked example and the nav all match the code. (`make test` builds the site with
`mkdocs build --strict`.)"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import click
import pytest

import fairshift
from fairshift import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hook_{name}", DOCS / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sections(text: str, pattern: str) -> dict[str, str]:
    """Heading match -> the text up to the next heading of the same level."""
    parts = re.split(pattern, text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


# --- CLI reference -------------------------------------------------------------------------------

CLI_DOC = (DOCS / "cli.md").read_text(encoding="utf-8")
COMMANDS = _sections(CLI_DOC, r"\n## `fairshift ([a-z-]+)`\n")


def test_cli_reference_documents_exactly_the_commands() -> None:
    assert sorted(COMMANDS) == sorted(cli.app.commands)


@pytest.mark.parametrize("name", sorted(cli.app.commands))
def test_cli_reference_documents_every_option_and_argument(name: str) -> None:
    section = COMMANDS.get(name, "")
    command = cli.app.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                assert f"`{opt}`" in section, f"fairshift {name}: option {opt} is not documented"
        elif isinstance(param, click.Argument):
            assert (param.name or "").upper() in section, f"fairshift {name}: argument {param.name}"
    assert re.search(r"\nExit codes: [0-9, ]", section), f"fairshift {name}: no exit codes"


def test_cli_exit_codes_are_the_implemented_ones() -> None:
    table = _sections(CLI_DOC, r"\n## ([A-Z][a-z ]+)\n")["Exit codes"]
    documented = {int(c) for c in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    implemented = {cli.EXIT_OK, cli.EXIT_INPUT, cli.EXIT_USAGE, cli.EXIT_INFEASIBLE, cli.EXIT_NO_SOLUTION,
                   cli.EXIT_INTERNAL, 130}
    assert documented == implemented
    for name, section in COMMANDS.items():
        line = re.search(r"\nExit codes: (.*)", section)
        assert line is not None
        codes = {int(c) for c in re.findall(r"\b\d+\b", re.sub(r"\(.*?\)", "", line.group(1)))}
        assert codes and codes <= documented, (name, codes)


def test_cli_reference_defaults_match_the_code() -> None:
    for name, section in COMMANDS.items():
        for param in cli.app.commands[name].params:
            if isinstance(param, click.Option) and param.show_default and param.default not in (None, False):
                row = next((r for r in section.splitlines() if r.startswith(f"| `{param.opts[0]}`")), "")
                default = param.default
                shown = f"{default:g}" if isinstance(default, float) else str(default)
                assert shown in row, f"fairshift {name} {param.opts[0]}: default {shown} not in {row!r}"


# --- Python API ----------------------------------------------------------------------------------

def test_api_page_covers_the_public_api() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: fairshift\.(\w+)$", text, flags=re.M))
    missing = sorted(set(fairshift.__all__) - documented)
    assert missing == [], f"docs/api.md does not document {missing}"
    assert documented - set(fairshift.__all__) <= {"exports", "incidents"}


def test_api_page_members_exist() -> None:
    import fairshift.exports
    import fairshift.incidents

    text = (DOCS / "api.md").read_text(encoding="utf-8")
    for module in (fairshift.exports, fairshift.incidents):
        block = text.split(f"::: {module.__name__}\n", 1)[1]
        listed = re.search(r"members: \[(.*?)\]", block, flags=re.S)
        assert listed is not None
        for member in re.split(r"[,\s]+", listed.group(1).strip()):
            assert member in module.__all__ or hasattr(module, member), (module.__name__, member)


def test_doctest_blocks_become_code_fences() -> None:
    hook = _hook("griffe_docstrings")
    text = "Intro with :func:`~fairshift.validate`.\n\n>>> 1 + 1\n2\n>>> [(1, 2)]\n[(1, 2)]\n\nAfter."
    assert hook.fence_doctests(hook.plain_roles(text)) == (
        "Intro with `fairshift.validate`.\n\n```pycon\n>>> 1 + 1\n2\n>>> [(1, 2)]\n[(1, 2)]\n```\n\nAfter.")


# --- roster field reference ----------------------------------------------------------------------

def test_roster_reference_documents_every_schema_property() -> None:
    hook = _hook("roster_reference")
    schema = json.loads((DOCS / "roster.schema.json").read_text(encoding="utf-8"))
    page = hook.render(schema)
    sections = _sections(page, r"\n## .*? \{#(\w+)\}\n")
    definitions = {"roster": schema, **{k.lower(): v for k, v in schema["$defs"].items()}}
    assert sorted(sections) == sorted(definitions)
    for name, definition in definitions.items():
        for prop, spec in definition.get("properties", {}).items():
            row = next((r for r in sections[name].splitlines() if r.startswith(f"| `{prop}` |")), None)
            assert row is not None, f"{name}.{prop} missing from the field reference"
            if prop in definition.get("required", ()):
                assert "| required |" in row
            if "description" in spec:
                assert " ".join(spec["description"].split()).replace("|", "\\|") in row
            for enum in spec.get("enum", ()):
                assert f"`{json.dumps(enum)}`" in row


def test_roster_reference_links_resolve() -> None:
    page = _hook("roster_reference").render(
        json.loads((DOCS / "roster.schema.json").read_text(encoding="utf-8")))
    anchors = set(re.findall(r"\{#(\w+)\}", page))
    for target in re.findall(r"\]\(#(\w+)\)", page):
        assert target in anchors


def test_the_committed_schema_is_the_models_schema() -> None:
    from fairshift.io.schema import roster_json_schema

    committed = json.loads((DOCS / "roster.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(roster_json_schema()))


# --- nav and pages -------------------------------------------------------------------------------

def _nav_files() -> list[str]:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                walk(item)
        elif isinstance(items, dict):
            for value in items.values():
                walk(value)
        elif isinstance(items, str):
            found.append(items)

    walk(config["nav"])
    return found


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    pytest.importorskip("mkdocs")
    nav = _nav_files()
    generated = {_hook("roster_reference").PAGE}
    pages = {p.name for p in DOCS.glob("*.md")}
    assert pages <= set(nav), f"pages not in the nav: {sorted(pages - set(nav))}"
    assert set(nav) <= pages | generated, f"nav entries without a page: {set(nav) - pages - generated}"
    assert len(nav) == len(set(nav))


def test_examples_are_published_for_the_links_to_them() -> None:
    hook = _hook("examples")
    names = {p.name for p in hook.published()}
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(\.\./examples/([^)#\s]+)\)", page.read_text(encoding="utf-8")):
            assert target in names, f"{page.name} links to examples/{target}, which is not published"


def test_getting_started_lists_every_notebook() -> None:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    for notebook in sorted((ROOT / "examples" / "notebooks").glob("*.ipynb")):
        assert f"`{notebook.name}`" in text


# --- the fairness worked example -----------------------------------------------------------------

def test_fairness_worked_example_is_what_the_code_computes(tmp_path: Path) -> None:
    from fairshift.domain.burden import SCALE
    from fairshift.domain.fairness import fair_shares
    from fairshift.domain.instance import Instance

    text = (DOCS / "fairness.md").read_text(encoding="utf-8")
    example = text.split("## A worked example", 1)[1]
    yaml = re.search(r"```yaml\n(.*?)```", example, flags=re.S)
    assert yaml is not None
    (tmp_path / "roster.yaml").write_text(yaml.group(1), encoding="utf-8")
    roster = fairshift.load_roster(tmp_path / "roster.yaml")
    inst = Instance(roster)
    shares = fair_shares(inst)
    (rot,) = roster.rotations
    rows = re.findall(r"^\| (\w+) \| (\d+) \| ([\d.]+) \| (\d+)–(\d+) \| (\d+/\d+) \| ([+−][\d.]+) \|$",
                      example, flags=re.M)
    assert len(rows) == len(roster.engineers)
    for name, available, count, lo, hi, part, history in rows:
        assert shares.availability[(name, rot.id)] == int(available)
        assert f"{shares.counts[(name, rot.id)]:.2f}" == count
        assert shares.count_band(name, rot.id) == (int(lo), int(hi))
        assert str(shares.alpha(name, rot.id)) == part
        assert f"{shares.history[name]:+.2f}" == history.replace("−", "-")
        carried = {rot.id: 1148.0}
        assert f"{shares.share(name, carried):.2f}" in example or name == "ben"
    assert sum(shares.share(e.id, {rot.id: 1148.0}) for e in roster.engineers) == pytest.approx(1148.0)
    weekday = {s.local_start.strftime("%a"): inst.burden("anna", s) / SCALE for s in inst.shifts[rot.id][:7]}
    assert (weekday["Mon"], weekday["Fri"], weekday["Sat"], weekday["Sun"]) == (37.0, 41.5, 51.0, 46.5)
    for figure in ("**37**", "**41.5**", "**51**", "**46.5**"):
        assert figure in example
