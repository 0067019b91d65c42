"""Every loader, fed mutated files: a clean load or a located FairshiftError, in bounded memory.

The inputs are the repository's own examples (a roster, an SLA policy, a tickets CSV), an
overrides file and a schedule JSON of a small roster, mutated line by line (deletions,
duplicates, swaps, hostile scalars, anchors and aliases, tags, directives, control characters,
deep nesting) and now and then byte by byte. Whatever comes out, the loader must

* return, or raise a :class:`~fairshift.errors.FairshiftError` (never another exception) whose
  message names the file and, when the text is UTF-8 and within the size limit, a line;
* stay within a peak of traced memory of ``BASE + FACTOR * len(input)`` bytes, with the alias
  limits lowered so that an alias bomb is stopped early (work is bounded by the input's size,
  never by a clock: no durations are asserted).

``FUZZ_EXAMPLES`` raises the number of examples per loader (60 by default).
"""

from __future__ import annotations

import os
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fairshift import load_roster, parse_roster
from fairshift.domain.instance import Instance, Plan
from fairshift.errors import FairshiftError, Problem, RosterError
from fairshift.incidents.csvio import load_tickets_csv
from fairshift.incidents.policy_yaml import load_sla_policy
from fairshift.io.overrides import load_overrides
from fairshift.io.schedule import load_schedule
from fairshift.io.yaml import read_yaml
from fairshift.workflows.overrides import OverrideError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

TINY = """\
name: Tiny
horizon: {start: 2027-01-04, end: 2027-02-01}
engineers:
  - {id: ann, name: Ann, timezone: Europe/Budapest}
  - {id: bob, name: Bob, timezone: America/Los_Angeles}
  - {id: cy, timezone: UTC}
rotations:
  - {id: r, members: [ann, bob, cy], every: week, handoff: "mon 09:00", timezone: Europe/Budapest}
"""

OVERRIDES = """\
overrides:
  - rotation: payments-weekly
    shift: 2027-01-11T09:00
    role: primary
    engineer: bence
    reason: swap with anna
    author: lead
  - {rotation: data-weekly, start: 2027-02-01, end: 2027-02-08, engineer: kata, reason: cover}
"""

#: values a mutation puts where a scalar was (or at the start of a line)
HOSTILE = [
    "", "~", "null", "true", "NO", "9:30", "25:00", "[]", "{}", "-1", "1e999", "1e300", ".nan",
    ".inf", "0x1F", "2027-02-30", "0001-01-01", "9999-12-31T23:00Z", "999999999999999w", "NaN",
    "Infinity", "&a [x, x, x]", "*a", "*nope", "&b [*a, *a, *a, *a]", "!!binary aGk=", "!foo 3",
    "!!python/object:os.system x", "%YAML 1.3", "%YAML 1.1", "--- ", "...", "<<: *a", "'", '"',
    "\x1b[31mred", "a\rb", "nul\x00", "\u202eevil", "tab\there", "[" * 80 + "]" * 80,
    "{a: " * 70 + "1" + "}" * 70, '"x" * 3', ",,,,", '"a,b"', "A" * 200_000,
]


def _schedule_json() -> str:
    data, positions = read_yaml(TINY)
    inst = Instance(parse_roster(data, positions=positions))
    plan = Plan(inst)
    names = ["ann", "bob", "cy"]
    for i, shift in enumerate(inst.shifts["r"]):
        plan.holders[("r", shift.start)] = {"primary": (names[i % 3],)}
    return plan.to_schedule(status="feasible").to_json()


SOURCES: dict[str, tuple[str, str, Callable[[Path], object]]] = {
    "roster": ((EXAMPLES / "roster.yaml").read_text(encoding="utf-8"), "roster.yaml", load_roster),
    "overrides": (OVERRIDES, "overrides.yaml", load_overrides),
    "policy": ((EXAMPLES / "sla.yaml").read_text(encoding="utf-8"), "sla.yaml", load_sla_policy),
    "tickets": ((EXAMPLES / "tickets.csv").read_text(encoding="utf-8"), "tickets.csv", load_tickets_csv),
    "schedule": (_schedule_json(), "schedule.json", load_schedule),
}

_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_\"]+\"?:\s*)([^#\n]+?)(\s*(?:#.*)?\n?)$")


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "hostile", "hostile", "cell",
                                     "chars", "chars", "line"] * 3 + ["bytes"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "hostile":
            value = draw(st.sampled_from(HOSTILE))
            m = _VALUE.match(lines[i])
            lines[i] = m.group(1) + value + m.group(3) if m else value + "\n"
        elif kind == "cell":  # CSV and JSON: replace one comma-separated field
            cells = lines[i].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(HOSTILE))
            lines[i] = ",".join(cells)
        elif kind == "chars":
            at = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(min_size=1, max_size=4))
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        elif kind == "line":
            lines.insert(i, draw(st.sampled_from(HOSTILE)) + "\n")
        else:
            data = lines[i].encode("utf-8")
            at = draw(st.integers(0, len(data)))
            junk = draw(st.binary(min_size=1, max_size=4))
            return (b"".join(x.encode("utf-8") for x in lines[:i]) + data[:at] + junk + data[at:]
                    + b"".join(x.encode("utf-8") for x in lines[i + 1:]))
    return "".join(lines).encode("utf-8")


#: traced memory a load may take: a fixed base (parsers, validators, caches warmed below) plus a
#: generous multiple of the input's size
BASE, FACTOR = 24 * 1024 * 1024, 400


@pytest.fixture(autouse=True)
def _low_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRSHIFT_MAX_YAML_EXPANSION", "20000")
    monkeypatch.setenv("FAIRSHIFT_MAX_YAML_ALIASES", "2000")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    for text, name, load in SOURCES.values():  # warm every lazy cache (zones, holidays, schemas)
        (folder / name).write_text(text, encoding="utf-8")
        load(folder / name)
    return folder


def _lines_known(raw: bytes) -> bool:
    """Whether the loader can be asked for a line: UTF-8 text (every other failure has one)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check(kind: str, raw: bytes, folder: Path) -> str:
    """Load ``raw`` as ``kind``; assert the outcome is clean or located, and memory bounded."""
    _, name, load = SOURCES[kind]
    path = folder / name
    path.write_bytes(raw)
    tracemalloc.start()
    try:
        load(path)
        outcome = "loaded"
    except FairshiftError as exc:
        outcome = type(exc).__name__
        message = str(exc)
        assert str(path) in message, message
        if isinstance(exc, RosterError | OverrideError):
            assert all(p.file == str(path) for p in exc.problems), message
            located = all(p.line is not None for p in exc.problems)
        else:
            located = re.search(re.escape(str(path)) + r":\d+", message) is not None
        if _lines_known(raw):
            assert located, f"no line in: {message}"
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < BASE + FACTOR * len(raw), f"{kind}: {peak} bytes traced for {len(raw)} bytes"
    return outcome


FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_the_unmutated_input_loads(kind: str, workdir: Path) -> None:
    text, name, load = SOURCES[kind]
    (workdir / name).write_text(text, encoding="utf-8")
    assert load(workdir / name)


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_mutated_input_loads_or_fails_located_in_bounded_memory(kind: str, workdir: Path,
                                                                data: st.DataObject) -> None:
    raw = data.draw(mutated(SOURCES[kind][0]))
    event(_check(kind, raw, workdir))


def test_the_check_itself_has_teeth(workdir: Path) -> None:
    """An unlocated error fails the check (a message without a line is not accepted)."""
    (workdir / "x.yaml").write_text("a: 1\n", encoding="utf-8")

    def unlocated(path: Path) -> None:
        raise RosterError([Problem("boom", "", str(path))])

    SOURCES["probe"] = ("", "x.yaml", unlocated)
    try:
        with pytest.raises(AssertionError, match="no line"):
            _check("probe", b"a: 1\n", workdir)
    finally:
        del SOURCES["probe"]

