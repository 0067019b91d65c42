"""The libyaml fast path reads exactly what the positioned ruamel reader reads, or steps aside."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairshift import load_roster
from fairshift.errors import RosterError
from fairshift.io.fastyaml import fast_read
from fairshift.io.yaml import read_yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import orggen  # noqa: E402

DOCS = sorted([*ROOT.glob("examples/*.yaml"), *(ROOT / "tests" / "roster" / "bad").glob("*.yaml")])


def _ruamel(text: str) -> object:
    try:
        return read_yaml(text)[0]
    except RosterError:
        return RosterError


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_fast_path_agrees_with_ruamel_on_every_stored_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = fast_read(text)
    if fast is not None:
        assert fast == _ruamel(text)


def test_fast_path_reads_generated_organisations() -> None:
    text = orggen.yaml_text(orggen.generate_data("S", 1))
    fast = fast_read(text)
    assert fast is not None  # an ordinary roster takes the fast path
    assert fast == _ruamel(text)


SCALARS = st.one_of(
    st.sampled_from(["yes", "No", "ON", "off", "y", "n", "true", "False", "TRUE", "null", "Null", "~", "",
                     "1e3", "0o17", "0x1F", "017", ".inf", "-.inf", ".nan", "1_000", "9:30", "09:30",
                     "09:00-17:00", "mon 09:00", "2027-02-30", "2027-01-04", "2027-01-04T09:00:00",
                     "+1", "-0", "-1.5", "1.", ".5", "NO", "Norway", "e0001", "a: b", "#x", "'q'",
                     "\"d\"", "[1, 2]", "{a: 1}", "!!str 3", "!!int 3", "&a 1", "x # comment"]),
    st.integers(-10_000, 10_000).map(str),
    st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=12),
)


@given(values=st.lists(SCALARS, min_size=1, max_size=6), keys=st.lists(
    st.sampled_from(["name", "id", "yes", "on", "1", "a b", "<<", "x"]), min_size=1, max_size=6))
def test_fast_path_never_reads_a_scalar_differently(values: list[str], keys: list[str]) -> None:
    lines = [f"{k}: {v}" for k, v in zip(keys, values, strict=False)]
    lines.append("list:")
    lines += [f"  - {v}" for v in values]
    text = "\n".join(lines) + "\n"
    fast = fast_read(text)
    if fast is not None:
        assert fast == _ruamel(text), text


def test_load_roster_reports_positions_even_when_the_fast_path_read_the_text(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(
        "horizon: {start: 2027-01-04, end: 2027-02-01}\n"
        "engineers:\n  - {id: ann, timezone: Europe/Budapest}\n  - {id: bob, timezone: Europe/Budapset}\n"
        "teams: [{id: t, members: [ann, bob]}]\n"
        "rotations: [{id: r, team: t, every: week, handoff: 'mon 09:00', timezone: Europe/Budapest}]\n",
        encoding="utf-8")
    assert fast_read(path.read_text(encoding="utf-8")) is not None
    with pytest.raises(RosterError) as info:
        load_roster(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (4, "engineers[1].timezone")
    assert "Europe/Budapest" in problem.message  # the suggestion


def test_dates_are_dates() -> None:
    assert fast_read("a: 2027-01-04\n") == {"a": date(2027, 1, 4)}
