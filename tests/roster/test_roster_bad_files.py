"""Every file in tests/roster/bad/ fails to load with exactly the located problems listed here.

Each expectation is ``(line, column, path, message substring)``; the test checks
``str(problem)`` == ``file:line:column path: message`` with the substring in the message,
for every problem of the file, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fairshift import load_roster
from fairshift.errors import Problem, RosterError

BAD = Path(__file__).resolve().parent / "bad"

Expect = tuple[int, int, str, str]

EXPECTED: dict[str, list[Expect]] = {
    # --- not YAML, or not a roster at all -----------------------------------------------------
    "malformed_yaml.yaml": [
        (3, 10, "", "invalid YAML: expected ',' or '}', but got ':' (while parsing a flow mapping "
                    "at line 2, column 10)"),
    ],
    "tab_indent.yaml": [(4, 1, "", "found character '\\t' that cannot start any token")],
    "duplicate_key.yaml": [
        (12, 5, "", 'found duplicate key "timezone"'),
    ],
    "empty_file.yaml": [(1, 1, "", "a roster is a mapping")],
    "not_a_mapping.yaml": [(1, 1, "", "a roster is a mapping")],
    # --- fields: missing, unknown, wrong type ------------------------------------------------
    "missing_top_level.yaml": [
        (2, 1, "engineers", "this field is required"),
        (2, 1, "rotations", "this field is required"),
    ],
    "missing_required.yaml": [(7, 5, "rotations[0].every", "this field is required")],
    "unknown_field.yaml": [(5, 44, "engineers[1].skils", "unknown field; check the spelling")],
    "wrong_type.yaml": [(4, 55, "engineers[0].max_shifts", "valid integer")],
    "bad_identifier.yaml": [(4, 10, "engineers[0].id", "'anna smith' is not a valid identifier")],
    # --- zones, countries ---------------------------------------------------------------------
    "bad_zone.yaml": [
        (5, 15, "engineers[0].timezone",
         "'Europe/Budapets' is not a known time zone (did you mean 'Europe/Budapest'?)"),
    ],
    "bad_country.yaml": [(4, 52, "engineers[0].country", "'XX' is not a country the holidays package knows")],
    "bad_subdivision.yaml": [(8, 18, "engineers[1].subdivision", "'CX' is not a subdivision of US")],
    "yaml11_norway.yaml": [(7, 48, "engineers[1].country", "got a boolean; quote the code")],
    # --- times and weekdays --------------------------------------------------------------------
    "bad_time_25.yaml": [(10, 14, "rotations[0].handoff", "'25:00' is not a time of day")],
    "unquoted_930.yaml": [(10, 14, "rotations[0].handoff", "'9:30' needs a two-digit hour; write \"09:30\"")],
    "yaml11_930.yaml": [
        (12, 14, "rotations[0].handoff", "570 is a number, not a time: YAML 1.1 reads an unquoted 9:30"),
    ],
    "unknown_weekday.yaml": [
        (4, 68, "engineers[0].working_days[2]", "'fryday': input should be 'mon', 'tue'"),
        (10, 14, "rotations[0].handoff", "'mun 09:00': unknown weekday 'mun'"),
    ],
    "weekly_handoff_list.yaml": [(10, 14, "rotations[0].handoff", "an every: 2w rotation has one handoff")],
    # --- date ranges ---------------------------------------------------------------------------
    "unavailability_reversed.yaml": [
        (7, 34, "engineers[0].unavailable[0].end", "end 2027-01-10 is before start 2027-01-20"),
    ],
    "impossible_date.yaml": [
        (6, 44, "", "invalid YAML: cannot read '2027-02-30' (ValueError: day is out of range for month)"),
    ],
    "horizon_reversed.yaml": [(4, 8, "horizon.end", "end 2027-01-04 must be after start 2027-04-05")],
    "bad_quarter.yaml": [(2, 10, "horizon", "'2027Q5' is not a quarter; write it like 2027Q1")],
    "horizon_quarter_and_dates.yaml": [(3, 3, "horizon", "give either quarter or start/end, not both")],
    # --- DST ------------------------------------------------------------------------------------
    "dst_gap_handoff.yaml": [
        (10, 14, "rotations[0].handoff",
         "handoff 02:30 does not exist on 2027-03-28 in Europe/Budapest (clocks jump forward); "
         "move the handoff or set dst: resolve"),
    ],
    "dst_repeated_handoff.yaml": [
        (10, 14, "rotations[0].handoff", "02:30 happens twice on 2027-10-31 in Europe/Budapest"),
    ],
    # --- references and pools -----------------------------------------------------------------
    "unknown_team_member.yaml": [
        (8, 28, "teams[0].members[2]", "'benc' is not a known engineer (did you mean 'bence'?)"),
    ],
    "unknown_rotation_team.yaml": [
        (10, 11, "rotations[0].team", "'payment' is not a known team (did you mean 'payments'?)"),
    ],
    "unknown_rotation_member.yaml": [(10, 9, "rotations[0].members[1]", "'zoltan' is not a known engineer")],
    "duplicate_engineer_id.yaml": [(6, 10, "engineers[2].id", "duplicate engineer id 'anna'")],
    "duplicate_rotation_id.yaml": [(8, 10, "rotations[1].id", "duplicate rotation id 'oncall'")],
    "empty_pool.yaml": [
        (7, 27, "teams[1].members", "a team needs at least one member"),
        (11, 11, "rotations[1].team", "the rotation's pool is empty"),
    ],
    "pool_too_small.yaml": [
        (14, 12, "rotations[0].roles", "each shift needs 3 engineers but the pool has only 2"),
    ],
    "roles_without_seats.yaml": [(12, 12, "rotations[0].roles", "at least one role needs one engineer")],
    "rotation_without_pool.yaml": [(6, 5, "rotations[0]", "a rotation needs a team or a members list")],
    # --- several independent problems in one file: all of them are reported ------------------
    "several_problems.yaml": [
        (5, 27, "engineers[1].timezone", "'Europe/Bdapest' is not a known time zone"),
        (8, 20, "engineers[2].working_hours", "'17:00-09:00' ends before it starts"),
        (12, 12, "rotations[0].every", "'fortnight' is not a period; write day, week, or a number of weeks"),
        (18, 14, "rotations[1].handoff", "daily handoff times must be distinct and in increasing order"),
    ],
    "several_reference_problems.yaml": [
        (5, 53, "engineers[1].country", "'Hungary' is not a country the holidays package knows"),
        (6, 10, "engineers[2].id", "duplicate engineer id 'anna'"),
        (8, 38, "teams[0].members[2]", "'dora' is not a known engineer"),
        (12, 11, "rotations[1].team", "'pya' is not a known team (did you mean 'pay'?)"),
        (14, 14, "rotations[1].handoff", "02:30 does not exist on 2027-03-28 in Europe/Budapest"),
        (16, 10, "rotations[2].id", "duplicate rotation id 'pay-weekly'"),
        (16, 68, "rotations[2].handoff", "02:00 does not exist on 2027-03-28 in Europe/Budapest"),
    ],
}


def _load_problems(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(RosterError) as info:  # any other exception fails the test
        load_roster(path)
    assert type(info.value) is RosterError
    return info.value.problems


def test_table_covers_every_bad_file() -> None:
    files = sorted(p.name for p in BAD.glob("*.yaml"))
    assert len(files) >= 22
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_roster_problems_are_located(name: str) -> None:
    path = BAD / name
    problems = _load_problems(path)
    expected = EXPECTED[name]
    shown = "\n".join(str(p) for p in problems)
    assert len(problems) == len(expected), f"got:\n{shown}"
    for problem, (line, col, field, substring) in zip(problems, expected, strict=True):
        head = f"{path}:{line}:{col} {field}: " if field else f"{path}:{line}:{col}: "
        text = str(problem)
        assert text.startswith(head), f"expected {head!r}, got {text!r}"
        assert substring in text[len(head):], f"{substring!r} not in {text!r}"
        assert (problem.file, problem.line, problem.column, problem.path) == (str(path), line, col, field)


def test_error_message_lists_every_problem() -> None:
    path = BAD / "several_problems.yaml"
    with pytest.raises(RosterError) as info:
        load_roster(path)
    text = str(info.value)
    assert text.startswith("4 problems in the roster:\n")
    assert text.count(str(path)) == 4


# --- the same files, fixed, load: the problems above are the only ones ---------------------------

@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("dst_gap_handoff.yaml", '    handoff: "02:30"\n', '    handoff: "02:30"\n    dst: resolve\n'),
        ("dst_repeated_handoff.yaml", "    timezone: Europe/Budapest\n",
         "    timezone: Europe/Budapest\n    dst: resolve\n"),
        ("bad_zone.yaml", "Europe/Budapets", "Europe/Budapest"),
        ("unquoted_930.yaml", "handoff: 9:30", 'handoff: "09:30"'),
        ("yaml11_930.yaml", "handoff: 9:30", 'handoff: "09:30"'),
        ("yaml11_norway.yaml", "country: NO", "country: 'NO'"),
        ("unknown_team_member.yaml", ", benc]", "]"),
        ("horizon_reversed.yaml", "  start: 2027-04-05\n  end: 2027-01-04",
         "  start: 2027-01-04\n  end: 2027-04-05"),
        ("bad_quarter.yaml", "2027Q5", "2027Q4"),
    ],
)
def test_fixed_bad_roster_loads(tmp_path: Path, name: str, old: str, new: str) -> None:
    text = (BAD / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    fixed = tmp_path / name
    fixed.write_text(text.replace(old, new), encoding="utf-8")
    roster = load_roster(fixed)
    assert roster.rotations


def test_fixed_quarter_gives_its_dates(tmp_path: Path) -> None:
    fixed = tmp_path / "q.yaml"
    fixed.write_text((BAD / "bad_quarter.yaml").read_text(encoding="utf-8").replace("2027Q5", "2027Q4"),
                     encoding="utf-8")
    horizon = load_roster(fixed).horizon
    assert (horizon.start.isoformat(), horizon.end.isoformat()) == ("2027-10-01", "2028-01-01")


def test_missing_file_is_a_roster_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    problems = _load_problems(path)
    assert len(problems) == 1
    assert problems[0].file == str(path) and problems[0].line is None
    assert str(problems[0]).startswith(f"{path}: cannot read the roster: ")


def test_non_utf8_file_is_a_roster_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Kovács\n".encode("latin-1"))
    problems = _load_problems(path)
    assert [str(p) for p in problems] == [f"{path}: the roster is not UTF-8 text (byte 9); save it as UTF-8"]


def test_out_of_range_horizon_is_a_roster_error(tmp_path: Path) -> None:
    path = tmp_path / "far.yaml"
    text = (BAD / "bad_quarter.yaml").read_text(encoding="utf-8")
    far = text.replace("{quarter: 2027Q5}", "{start: 9999-12-01, end: 9999-12-31}")
    path.write_text(far, encoding="utf-8")
    problems = _load_problems(path)
    located = [(p.line, p.column, p.path) for p in problems]
    assert located == [(2, 18, "horizon.start"), (2, 35, "horizon.end")]
    assert all("outside the supported years 1970-2200" in p.message for p in problems)
