"""The limits of docs/limits.md: each refuses with its message, each can be raised, and what
stays within them is read in time and memory proportional to its size."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from fairshift import load_roster, parse_roster
from fairshift.errors import FairshiftError, RosterError
from fairshift.incidents.csvio import load_tickets_csv
from fairshift.incidents.errors import IncidentError
from fairshift.incidents.policy_yaml import load_sla_policy
from fairshift.io.fastyaml import fast_read
from fairshift.io.overrides import load_overrides
from fairshift.io.yaml import read_yaml
from fairshift.limits import LIMITS
from fairshift.strictjson import JSONProblem, loads
from fairshift.workflows.overrides import OverrideError

ROOT = Path(__file__).resolve().parents[2]


def bomb(levels: int, width: int = 9) -> str:
    """A "billion laughs": ``width ** levels`` values from ``levels`` short lines."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


LOADERS: list[tuple[str, Callable[[Path], object], type[FairshiftError]]] = [
    ("roster", load_roster, RosterError),
    ("overrides", load_overrides, OverrideError),
    ("policy", load_sla_policy, IncidentError),
]


@pytest.mark.parametrize(("what", "load", "error"), LOADERS, ids=[x[0] for x in LOADERS])
def test_an_alias_bomb_is_refused_early_in_every_yaml_reader(
        what: str, load: Callable[[Path], object], error: type[FairshiftError], tmp_path: Path) -> None:
    path = tmp_path / f"{what}.yaml"
    path.write_text("calendars:\n" + "".join("  " + line + "\n" for line in bomb(9).splitlines()),
                    encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(error) as info:
            load(path)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert f"{path}:8" in str(info.value)  # the line of the alias that crosses 1,000,000 values
    assert "would expand the document by more than 1000000 values" in str(info.value)
    assert "FAIRSHIFT_MAX_YAML_EXPANSION" in str(info.value)
    assert peak < 64 * 1024 * 1024, peak  # 9 ** 10 values would not fit in the machine


def test_the_expansion_limit_can_be_raised_and_lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ = read_yaml(bomb(3))  # 9 ** 4 = 6561 values
    assert len(data["l3"]) == 9
    monkeypatch.setenv("FAIRSHIFT_MAX_YAML_EXPANSION", "5000")
    with pytest.raises(RosterError) as info:
        read_yaml(bomb(3), "r.yaml")
    assert info.value.problems[0].line == 4


def test_the_alias_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "base: &b {timezone: UTC}\na: *b\nb: *b\nc: *b\n"
    assert read_yaml(text)[0]["c"] == {"timezone": "UTC"}
    monkeypatch.setenv("FAIRSHIFT_MAX_YAML_ALIASES", "2")
    with pytest.raises(RosterError) as info:
        read_yaml(text, "r.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (4, 4)
    assert "more than 2 aliases (*name) in one document" in problem.message


def test_merge_keys_and_a_few_aliases_still_work(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "horizon: {start: 2027-01-04, end: 2027-02-01}\n"
        "engineers:\n  - &person {id: ann, timezone: Europe/Budapest, country: HU}\n"
        "  - {<<: *person, id: bob}\n  - {<<: *person, id: cy, country: AT}\n"
        "rotations: [{id: r, members: [ann, bob, cy], every: week, handoff: 'mon 09:00', "
        "timezone: Europe/Budapest}]\n", encoding="utf-8")
    roster = load_roster(path)
    assert [(e.id, e.country) for e in roster.engineers] == [("ann", "HU"), ("bob", "HU"), ("cy", "AT")]


def test_a_self_containing_alias_is_located() -> None:
    with pytest.raises(RosterError) as info:
        read_yaml("a: &a [1, *a]\n", "r.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (1, 11)
    assert "refers to a collection that contains it" in problem.message


@pytest.mark.parametrize("depth", [63, 64, 65, 1000])
def test_nesting_is_bounded_in_yaml_and_json(depth: int) -> None:
    yaml_text = "a: " + "[" * depth + "]" * depth + "\n"
    json_text = '{"a": ' + "[" * depth + "]" * depth + "}"
    if depth + 1 <= 64:  # the document's mapping is a level too
        read_yaml(yaml_text)
    else:
        with pytest.raises(RosterError, match="nested more than 64 levels deep"):
            read_yaml(yaml_text)
    if depth + 1 <= 64:
        assert loads(json_text, "s.json")["a"] is not None
    else:
        with pytest.raises(JSONProblem) as info:
            loads(json_text, "s.json")
        assert (info.value.line, info.value.column) == (1, 6 + 64)


def test_the_fast_reader_steps_aside_for_deep_documents() -> None:
    assert fast_read("a: " + "[" * 100 + "]" * 100 + "\n") is None


def test_a_too_long_csv_cell_can_be_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,kind,created_at,labels\nA,sev1,2027-01-01T00:00Z," + "x" * 200_000 + "\n",
                    encoding="utf-8")
    with pytest.raises(IncidentError, match=r"t.csv:2: cannot read the CSV: a cell is longer than 131072"):
        load_tickets_csv(path)
    monkeypatch.setenv("FAIRSHIFT_MAX_CSV_FIELD", "300000")
    (ticket,) = load_tickets_csv(path)
    assert len(next(iter(ticket.labels))) == 200_000


def test_every_limit_is_in_the_docs() -> None:
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for limit in LIMITS:
        assert f"`{limit.env}`" in text and f"{limit.default:,}" in text, limit.env


# --- the fast reader's positions are the slow reader's -----------------------------------------
DOCS = sorted([*ROOT.glob("examples/*.yaml"), *(ROOT / "tests" / "roster" / "bad").glob("*.yaml")])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_errors_found_on_the_fast_path_are_located_as_the_slow_reader_locates_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if fast_read(text) is None:
        pytest.skip("the fast reader steps aside for this document")
    data, positions = read_yaml(text, str(path))
    try:
        slow = parse_roster(data, file=str(path), positions=positions)
    except RosterError as exc:
        with pytest.raises(RosterError) as info:
            load_roster(path)
        assert info.value.problems == exc.problems
    else:
        assert load_roster(path) == slow


# --- big but legitimate files: memory proportional to size -------------------------------------
def _roster_text(n: int) -> str:
    people = "".join(f"  - {{id: e{i:06d}, name: Engineer {i}, timezone: Europe/Budapest, "
                     f"skills: [db]}}\n" for i in range(n))
    return ("horizon: {start: 2027-01-04, end: 2027-02-01}\nengineers:\n" + people +
            "teams:\n  - id: all\n    members: [" + ", ".join(f"e{i:06d}" for i in range(n)) + "]\n"
            "rotations: [{id: r, team: all, every: week, handoff: 'mon 09:00', timezone: UTC}]\n")


def _tickets_text(n: int) -> str:
    return "id,kind,created_at,resolved_at,team,labels\n" + "".join(
        f"T-{i},sev{1 + i % 4},2027-02-{1 + i % 28:02d}T{i % 24:02d}:00Z,"
        f"2027-03-{1 + i % 28:02d}T00:00Z,team{i % 7},db;eu\n" for i in range(n))


def _peak(load: Callable[[Path], object], path: Path) -> int:
    load(path)  # warm caches
    tracemalloc.start()
    try:
        load(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("make", "load", "name"), [
    (_roster_text, load_roster, "roster.yaml"),
    (_tickets_text, load_tickets_csv, "tickets.csv"),
], ids=["roster", "tickets"])
def test_large_legitimate_files_take_memory_in_proportion(
        make: Callable[[int], str], load: Callable[[Path], object], name: str, tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    (small / name).write_text(make(2000), encoding="utf-8")
    (large / name).write_text(make(8000), encoding="utf-8")
    a, b = _peak(load, small / name), _peak(load, large / name)
    assert b < 5 * a, f"{name}: {a} bytes at 2,000 rows, {b} at 8,000"
