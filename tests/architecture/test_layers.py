"""The package's layers, stated once, and checked on the real import graph.

Each layer may import only layers listed before it; no module may take part in an import cycle.
Imports inside ``if TYPE_CHECKING:`` blocks are for type checkers only and do not count (a rule
module names the solver's ``Encoding`` in its annotations, and never imports it). Imports inside
functions do count: they run, and they were what hid the old cycles.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import fairshift

SRC = Path(fairshift.__file__).resolve().parent
ROOT = SRC.parents[1]

#: (layer, module prefixes), lowest first. A module belongs to the layer of its longest prefix.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("fairshift.errors", "fairshift.text", "fairshift.limits", "fairshift.frozen",
              "fairshift.strictjson")),
    ("time", ("fairshift.time",)),
    ("rules", ("fairshift.rules",)),
    ("domain", ("fairshift.domain",)),
    ("check", ("fairshift.check",)),
    ("solver", ("fairshift.solver",)),
    ("workflows", ("fairshift.workflows",)),
    ("io", ("fairshift.io",)),
    ("exports", ("fairshift.exports",)),
    ("integrations", ("fairshift.integrations",)),
    ("incidents", ("fairshift.incidents",)),
    ("cli", ("fairshift.cli",)),
    ("api", ("fairshift",)),
)
RANK = {name: i for i, (name, _) in enumerate(LAYERS)}


def layer_of(module: str) -> str:
    best = ("", "")
    for name, prefixes in LAYERS:
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > len(best[1]):
                best = (name, p)
    assert best[0], f"{module} is in no layer: add it to LAYERS"
    return best[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            yield from (n for child in node.orelse for n in _runtime_imports_of(child))
            continue
        yield from _runtime_imports_of(node)


def _runtime_imports_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    elif not (isinstance(node, ast.If) and _type_checking(node)):
        yield from _runtime_imports(node)


def imports(path: Path, known: set[str]) -> set[str]:
    """The fairshift modules ``path`` imports at run time."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[:len(parts) - node.level + 1], base]).strip(".")
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        out.update(n for n in names if n == "fairshift" or n.startswith("fairshift."))
    return {n for n in out if n in known} - {here}


def graph() -> dict[str, set[str]]:
    files = sorted(SRC.rglob("*.py"))
    known = {module_name(p) for p in files}
    return {module_name(p): imports(p, known) for p in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def violations(edges: dict[str, set[str]]) -> list[str]:
    """Imports from a lower layer into a higher one."""
    out = []
    for src, targets in sorted(edges.items()):
        for dst in sorted(targets):
            if RANK[layer_of(dst)] > RANK[layer_of(src)]:
                out.append(f"{src} ({layer_of(src)}) imports {dst} ({layer_of(dst)})")
    return out


def test_the_graph_is_read_from_the_real_tree() -> None:
    edges = graph()
    assert len(edges) > 80
    assert "fairshift.rules.settings" in edges["fairshift.domain.roster"]
    assert "fairshift.solver.model" in edges["fairshift.solver.component"]
    # a rule module names the solver's Encoding for type checking only
    assert not any(d.startswith("fairshift.solver") for d in edges["fairshift.rules.min_rest"])


def test_every_module_is_in_a_layer() -> None:
    for module in graph():
        layer_of(module)


def test_imports_follow_the_layers() -> None:
    assert violations(graph()) == []


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_checks_catch_what_they_are_for() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    bad = {"fairshift.domain.instance": {"fairshift.solver.model"}, "fairshift.solver.model": set()}
    assert violations(bad) == [
        "fairshift.domain.instance (domain) imports fairshift.solver.model (solver)"]
    source = textwrap.dedent("""
        from typing import TYPE_CHECKING
        import fairshift.time.tz
        if TYPE_CHECKING:
            from fairshift.solver.model import Encoding
        def f() -> None:
            from fairshift.check.validate import validate
    """)
    names = set()
    for node in _runtime_imports(ast.parse(source)):
        names.update(a.name for a in node.names) if isinstance(node, ast.Import) else names.add(
            node.module or "")
    assert names == {"typing", "fairshift.time.tz", "fairshift.check.validate"}


@pytest.mark.parametrize("code", [
    "import fairshift\n"
    "roster = fairshift.load_roster('examples/roster.yaml')\n"
    "horizon = {'start': '2027-01-04', 'end': '2027-04-05'}\n"
    "schedule = fairshift.Schedule.model_validate({'horizon': horizon})\n"
    "report = fairshift.validate(roster, schedule)\n"
    "assert report.hard, 'an empty schedule leaves every seat empty'\n"
    "fairshift.ledger(roster, [schedule]); fairshift.RuleSettings(); fairshift.Instance(roster).shifts\n",
    "import fairshift.check.validate, fairshift.io.roster, fairshift.exports, fairshift.incidents\n",
])
def test_validating_never_loads_ortools(code: str) -> None:
    probe = code + ("import sys\nloaded = sorted(m for m in sys.modules if m.split('.')[0] == 'ortools')\n"
                    "assert not loaded, loaded\n"
                    "assert 'fairshift.solver.facade' not in sys.modules\nprint('clean')\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stdout.strip() == "clean", done.stderr


def test_the_solver_loads_when_asked_for() -> None:
    probe = "import sys, fairshift\nfairshift.solve\nprint('ortools' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "True", done.stderr
