"""The example notebooks: stored without outputs, public API only, and they run without errors."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "notebooks"
PUBLIC = {"fairshift", "fairshift.exports", "fairshift.incidents"}

# notebook -> strings its outputs must contain (values the notebook computes, not just prints)
EXPECTED = {
    "01-quickstart.ipynb": ["Example Org: 30 engineers", "hard violations: 0", "burden.png",
                            "largest burden above fair share"],
    "02-follow-the-sun.ipynb": ["| fairness: ", "largest excess over fair share: ",
                                "19:00 Budapest is 11:00 in Los Angeles from 2027-03-14 to 2027-03-27",
                                "Sun 2027-03-07", "10:00 PST", "11:00 PDT  <- DST mismatch"],
    "03-replan-and-cover.ipynb": ["published:", "[unavailability, hard]", "-> primary: anna ->",
                                  "after cover: hard violations: 0", "replan:", "frozen shifts"],
    "04-sla-dashboard.ipynb": ["14 tickets", "SLA report at 2027-02-01 09:00 UTC", "INC-102",
                               "breached now: ['INC-102']"],
}


def _load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_four_notebooks_are_there() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_stored_without_outputs_and_public_api_only(name: str) -> None:
    nb = _load(name)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, f"{name}: clear the outputs"
        for node in ast.walk(ast.parse(cell.source)):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in modules:
                if module.startswith("fairshift"):
                    assert module in PUBLIC, f"{name} imports {module}: use the public API"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "fairshift":
                import fairshift

                assert node.attr in fairshift.__all__, f"{name} uses fairshift.{node.attr}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_without_errors(name: str) -> None:
    nb = _load(name)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=120,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.monotonic()
    client.execute()
    seconds = time.monotonic() - started
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == [], "\n".join(f"{e.ename}: {e.evalue}" for e in errors)
    text = "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                     if o.output_type == "stream" and o.get("name") == "stdout")
    for expected in EXPECTED[name]:
        assert expected in text, f"{name}: {expected!r} not in the output:\n{text}"
    assert seconds < 60, f"{name} took {seconds:.0f} s"
    if name == "01-quickstart.ipynb":
        images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(images) == 2
