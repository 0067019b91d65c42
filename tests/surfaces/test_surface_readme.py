"""The README's tour, line by line, as a new user runs it: every ``$ fairshift ...`` line of its
console block runs as a separate process in a fresh folder holding the example roster (as
``roster.yaml``), its tickets and SLA policy, and next quarter's copy of the roster, and exits 0.

Solves and explains get ``--time-limit 20`` (the defaults are 30 and 60 s): the tour needs a
schedule, not a proof, and the example's first schedule comes within a second or two. With
``make demo`` before ``make test`` (what ``.ci/run`` does) this is the fresh-clone path.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = ROOT / "examples"
LIMITED = {"solve", "replan", "explain"}


def tour() -> list[str]:
    """The ``$ fairshift`` lines of the README's console block, comments dropped."""
    block = re.search(r"```console\n(.*?)```", README, flags=re.S)
    assert block is not None, "the README has no console block"
    lines = [line[2:] for line in block.group(1).splitlines() if line.startswith("$ ")]
    return [re.sub(r"\s+#.*$", "", line).strip() for line in lines]


def fairshift_command() -> list[str]:
    script = Path(sys.executable).with_name("fairshift")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from fairshift.cli import main; sys.exit(main())"]


def test_the_tour_covers_every_command_family() -> None:
    used = {shlex.split(line)[1] for line in tour()}
    assert {"check", "solve", "validate", "report", "explain", "replan", "cover", "override", "ledger",
            "export", "schema", "sla"} <= used


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("tour")
    shutil.copy(EXAMPLES / "roster.yaml", here / "roster.yaml")
    shutil.copy(EXAMPLES / "tickets.csv", here / "tickets.csv")
    shutil.copy(EXAMPLES / "sla.yaml", here / "sla.yaml")
    shutil.copy(EXAMPLES / "pay-rates.yaml", here / "pay-rates.yaml")
    text = (EXAMPLES / "roster.yaml").read_text(encoding="utf-8")
    nxt, n = re.subn(r"^horizon: .*$", "horizon: {quarter: 2027Q2}", text, count=1, flags=re.M)
    assert n == 1
    (here / "next-roster.yaml").write_text(nxt, encoding="utf-8")
    return here


def test_every_line_of_the_tour_exits_0(folder: Path) -> None:
    base = fairshift_command()
    for line in tour():
        args = shlex.split(line)
        stdout = None
        if ">" in args:
            at = args.index(">")
            stdout, args = folder / args[at + 1], args[:at]
        if args[1] in LIMITED:
            args += ["--time-limit", "20"]
        done = subprocess.run([*base, *args[1:]], cwd=folder, capture_output=True, text=True, timeout=600,
                              check=False)
        said = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        assert done.returncode == 0, f"$ {line}\nexit {done.returncode}\n{said}"
        if stdout is not None:
            stdout.write_text(done.stdout, encoding="utf-8")
    # what the tour promised is there
    assert json.loads((folder / "roster.schema.json").read_text())["title"]
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and 'id="verdict"' in report
    assert "fairness_change" in json.loads((folder / "final.json").read_text())
    assert "history: {burden: " in (folder / "next-roster.yaml").read_text(encoding="utf-8")
    assert (folder / "anna.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert any((folder / "plots").glob("*.png"))
