"""Random mutations of examples/roster.yaml either load or raise RosterError with located problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairshift import load_roster
from fairshift.errors import RosterError
from fairshift.io.yaml import read_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "roster.yaml"
LINES = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
# "key: value" on a line; group 2 is the value (up to a comment or the end of the line).
_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:\s*)([^#\n]+?)(\s*(?:#.*)?\n?)$")

SCALARS = st.one_of(
    st.sampled_from([
        "", "~", "null", "true", "NO", "9:30", "25:00", "\"mon 09:00\"", "[]", "{}", "[1, 2]",
        "2027-02-30", "2027Q5", "-1", "1e999", ".nan", "Europe/Budapets", "UTC", "\"\"", "'", "\"",
        "{start: 2027-01-01}", "&a x", "*a", "!!binary aGk=", "!!python/object:os.system x", "|", ">-",
        "0x1F", "12:30:45", "2027-03-28T02:30:00", "9999-12-31", "0001-01-01", "[mon, fryday]",
    ]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True).map(repr),
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        # raw bytes mostly stop at "not UTF-8", so they are drawn rarely
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "scalar", "scalar", "scalar", "chars"] * 3
                                    + ["bytes"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            mi, mj = _VALUE.match(lines[i]), _VALUE.match(lines[j])
            if mi and mj:
                lines[i] = mi.group(1) + mj.group(2) + mi.group(3)
                lines[j] = mj.group(1) + mi.group(2) + mj.group(3)
            else:
                lines[i], lines[j] = lines[j], lines[i]
        elif kind == "scalar":
            m = _VALUE.match(lines[i])
            value = draw(SCALARS)
            lines[i] = m.group(1) + value + m.group(3) if m else value + "\n"
        elif kind == "chars":
            at = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(min_size=1, max_size=4))
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        else:
            data = lines[i].encode("utf-8")
            at = draw(st.integers(0, len(data)))
            junk = draw(st.binary(min_size=1, max_size=4))
            return b"".join(x.encode("utf-8") for x in lines[:i]) + data[:at] + junk + data[at:] + \
                b"".join(x.encode("utf-8") for x in lines[i + 1:])
    return "".join(lines).encode("utf-8")


def _parses(raw: bytes) -> bool:
    """True when the text is UTF-8 and valid YAML (then every problem must have a line)."""
    try:
        read_yaml(raw.decode("utf-8"))
    except (UnicodeDecodeError, RosterError):
        return False
    return True


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=mutated())
def test_mutated_roster_loads_or_raises_located_roster_error(workdir: Path, raw: bytes) -> None:
    path = workdir / "roster.yaml"
    path.write_bytes(raw)
    try:
        roster = load_roster(path)
    except RosterError as exc:
        assert exc.problems, "a RosterError must carry at least one problem"
        for problem in exc.problems:
            assert problem.file == str(path)
            assert problem.message
            assert str(problem).startswith(str(path))
            if problem.line is None:
                # only text that is not UTF-8 or not YAML may lack a line
                assert not _parses(raw), str(problem)
            else:
                assert problem.line >= 1 and problem.column is not None and problem.column >= 1
        return
    # Whatever loaded is a consistent roster.
    assert roster.engineers and roster.rotations
    assert roster.horizon.start < roster.horizon.end


def test_unmutated_example_loads() -> None:
    roster = load_roster(EXAMPLE)
    assert len(roster.engineers) == 30
    assert [r.id for r in roster.rotations] == [
        "payments-weekly", "platform-follow-the-sun", "data-weekly", "mobile-daily", "incident-commander",
    ]
