"""Hostile and careless input on the command line: always a located error and the documented exit
code, never a traceback; a real bug is exit 70 with one line saying where to report it.

Each case of issue #13 (items 5, 6 and 8) is one row: the files it writes, the command, the exit
code docs/cli.md promises and a piece of the message (with the file and line where the format has
lines).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import fairshift.cli.check
from fairshift.cli import EXIT_INFEASIBLE, EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, main
from fairshift.domain.instance import Instance, Plan
from fairshift.io.roster import load_roster

ROSTER = """\
name: Tiny
horizon: {start: 2027-01-04, end: 2027-01-18}
engineers:
  - {id: a, name: Ann, timezone: Europe/Budapest}
  - {id: b, timezone: Europe/Budapest}
  - {id: c, timezone: Europe/Budapest}
rotations:
  - {id: r, members: [a, b, c], every: week, handoff: "mon 09:00", timezone: Europe/Budapest}
"""
TICKETS = "id,kind,created_at,team\nINC-1,sev1,2027-02-01T08:00Z,db\n"
OVERRIDES = "- {rotation: r, shift: 2027-01-11T09:00, engineer: b, reason: swap}\n"


def _schedule(folder: Path) -> dict[str, object]:
    inst = Instance(load_roster(folder / "roster.yaml"))
    plan = Plan(inst)
    for i, shift in enumerate(inst.shifts["r"]):
        plan.holders[("r", shift.start)] = {"primary": ("abc"[i % 3],)}
    data: dict[str, object] = json.loads(plan.to_schedule(status="feasible").to_json())
    return data


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "roster.yaml").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "tickets.csv").write_text(TICKETS, encoding="utf-8")
    (tmp_path / "overrides.yaml").write_text(OVERRIDES, encoding="utf-8")
    (tmp_path / "schedule.json").write_text(json.dumps(_schedule(tmp_path), indent=1), encoding="utf-8")
    return tmp_path


def _roster_with(old: str, new: str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / "bad.yaml").write_text(ROSTER.replace(old, new, 1), encoding="utf-8")
    return write


def _file(name: str, text: str | bytes) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        path = folder / name
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    return write


def _edited_schedule(edit: Callable[[str], str]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        text = (folder / "schedule.json").read_text(encoding="utf-8")
        (folder / "bad.json").write_text(edit(text), encoding="utf-8")
    return write


DEEP = "[" * 100_000 + "]" * 100_000
BINARY = bytes(range(256)) * 4
NOW = ["--now", "2027-02-01T09:00Z"]

# (id, write the input, the command, exit code, a piece of the message)
CASES = [
    ("yaml-1.3-roster", _file("bad.yaml", "%YAML 1.3\n---\n" + ROSTER), ["check", "bad.yaml"],
     EXIT_INPUT, "bad.yaml:1:1: invalid YAML: %YAML 1.3 is not a version fairshift reads"),
    ("yaml-1.3-overrides", _file("bad.yaml", "%YAML 1.3\n---\n" + OVERRIDES),
     ["override", "roster.yaml", "schedule.json", "--overrides", "bad.yaml", "--out", "o.json"],
     EXIT_INPUT, "bad.yaml:1:1: invalid YAML: %YAML 1.3 is not a version"),
    ("yaml-1.3-policy", _file("bad.yaml", "%YAML 1.3\n---\ntargets: {}\n"),
     ["sla", "tickets.csv", "--policy", "bad.yaml", *NOW], EXIT_INPUT,
     "bad.yaml:1: %YAML 1.3 is not a version"),
    ("history-inf", _roster_with("name: Ann,", "name: Ann, history: {burden: .inf},"),
     ["check", "bad.yaml"], EXIT_INPUT,
     "bad.yaml:4:42 engineers[0].history.burden: inf is not a finite number"),
    ("history-1e300", _roster_with("name: Ann,", "name: Ann, history: {burden: 1e300},"),
     ["check", "bad.yaml"], EXIT_INPUT,
     "engineers[0].history.burden: Input should be less than or equal to 1000000"),
    ("nan-weight", _roster_with("engineers:", "rules: {burden: {weekend: .nan}}\nengineers:"),
     ["check", "bad.yaml"], EXIT_INPUT, "bad.yaml:3:27 rules.burden.weekend: nan is not a finite number"),
    ("primary-true", _roster_with("every: week,", "every: week, roles: {primary: true},"),
     ["check", "bad.yaml"], EXIT_INPUT, "rotations[0].roles.primary: true is not a number"),
    ("deep-json-validate", _file("bad.json", DEEP), ["validate", "roster.yaml", "bad.json"], EXIT_INPUT,
     "bad.json:1:65: invalid JSON: nested more than 64 levels deep"),
    ("deep-json-export", _file("bad.json", DEEP), ["export", "bad.json", "--format", "json"], EXIT_INPUT,
     "bad.json:1:65: invalid JSON: nested more than 64 levels deep"),
    ("deep-json-ledger", _file("bad.json", DEEP), ["ledger", "roster.yaml", "bad.json"], EXIT_INPUT,
     "bad.json:1:65: invalid JSON: nested"),
    ("binary-json-validate", _file("bad.json", BINARY), ["validate", "roster.yaml", "bad.json"],
     EXIT_INPUT, "bad.json: the schedule is not UTF-8 text (byte 128)"),
    ("binary-json-export", _file("bad.json", BINARY), ["export", "bad.json", "--format", "ics"],
     EXIT_INPUT, "not UTF-8 text"),
    ("binary-json-ledger", _file("bad.json", BINARY), ["ledger", "roster.yaml", "bad.json"],
     EXIT_INPUT, "not UTF-8 text"),
    ("nan-in-schedule", _edited_schedule(lambda t: t.replace('"status": "feasible"', '"status": NaN')),
     ["validate", "roster.yaml", "bad.json"], EXIT_INPUT,
     "bad.json:3:12: invalid JSON: NaN is not a JSON number"),
    ("duplicate-key-in-schedule",
     _edited_schedule(lambda t: t.replace('"status": "feasible"', '"status": "x", "status": "y"')),
     ["validate", "roster.yaml", "bad.json"], EXIT_INPUT,
     "bad.json:3:17: invalid JSON: the key 'status' appears twice in one object"),
    ("schedule-field-error", _edited_schedule(lambda t: t.replace("T09:00:00+01:00", "T09:00:00", 1)),
     ["validate", "roster.yaml", "bad.json"], EXIT_INPUT,
     "bad.json:11:13 shifts[0].start: 2027-01-04T09:00:00 has no UTC offset"),
    ("huge-policy-duration",
     _file("bad.yaml", "targets:\n  sev3: {calendar: 24x7, resolve: 999999999999999w}\n"),
     ["sla", "tickets.csv", "--policy", "bad.yaml", *NOW], EXIT_INPUT,
     "bad.yaml:2 targets.sev3.resolve: duration '999999999999999w' is longer than 3660 days"),
    ("empty-policy", _file("bad.yaml", "# nothing yet\n"),
     ["sla", "tickets.csv", "--policy", "bad.yaml", *NOW], EXIT_INPUT,
     "bad.yaml:1: the SLA policy is empty; leave out --policy for the default policy"),
    ("csv-cell-over-128k",
     _file("bad.csv", "id,kind,created_at\n" + "A" * 140_000 + ",sev1,2027-01-01T00:00Z\n"),
     ["sla", "bad.csv", *NOW], EXIT_INPUT, "bad.csv:2: cannot read the CSV: a cell is longer than 131072"),
    ("ticket-year-1", _file("bad.csv", "id,kind,created_at\nA,sev1,0001-01-01T00:00Z\n"),
     ["sla", "bad.csv", *NOW], EXIT_INPUT,
     "bad.csv:2 created_at: '0001-01-01T00:00Z' is outside the supported years 1970-2200"),
    ("ticket-year-9999", _file("bad.csv", "id,kind,created_at\nA,sev1,9999-01-01T00:00Z\n"),
     ["sla", "bad.csv", *NOW], EXIT_INPUT, "is outside the supported years 1970-2200"),
    ("now-9999", None, ["sla", "tickets.csv", "--now", "9999-12-31T23:00Z"], EXIT_USAGE,
     "--now '9999-12-31T23:00Z' is outside the supported years 1970-2200"),
    ("naive-now", None, ["sla", "tickets.csv", "--now", "2027-02-01T09:00"], EXIT_USAGE, "has no UTC offset"),
    ("naive-stamp", None, ["export", "schedule.json", "--format", "ics", "--stamp", "2027-02-01T09:00"],
     EXIT_USAGE, "--stamp '2027-02-01T09:00' has no UTC offset"),
    ("naive-freeze-instant", None, ["replan", "roster.yaml", "--published", "schedule.json",
                                    "--freeze-until", "2027-01-11T09:00", "--out", "n.json"],
     EXIT_USAGE, "--freeze-until '2027-01-11T09:00' has no UTC offset"),
    ("start-after-end", None, ["solve", "roster.yaml", "--start", "2027-02-01", "--end", "2027-01-01"],
     EXIT_USAGE, "--start 2027-02-01 / --end 2027-01-01: end 2027-01-01 must be after start 2027-02-01"),
    ("quarter-9999", None, ["solve", "roster.yaml", "--quarter", "9999Q1"], EXIT_USAGE,
     "--quarter 9999Q1: 9999-01-01 is outside the supported years"),
    ("huge-seed", None, ["solve", "roster.yaml", "--seed", "99999999999999999999"], EXIT_USAGE,
     "99999999999999999999 is not in the range 0<=x<=2147483647"),
    *[(f"time-limit-{v}-{cmd}", None, [cmd, "roster.yaml", *extra, "--time-limit", v], EXIT_USAGE,
       f"{v} is not a time limit")
      for v in ("-1", "0", "nan", "inf")
      for cmd, extra in (("solve", []), ("explain", []),
                         ("replan", ["--published", "schedule.json", "--freeze-until", "2027-01-11",
                                     "--out", "n.json"]))],
    ("unknown-tag", _roster_with("name: Ann", "name: !foo Ann"), ["check", "bad.yaml"], EXIT_INPUT,
     "bad.yaml:4:19: invalid YAML: the tag '!foo' is not supported"),
    ("binary-tag", _roster_with("name: Ann", "name: !!binary QW5u"), ["check", "bad.yaml"], EXIT_INPUT,
     "bad.yaml:4:19: invalid YAML: the tag '!!binary' is not supported"),
    ("python-tag-overrides", _file("bad.yaml", "- !!python/object:os.system {rotation: r}\n"),
     ["override", "roster.yaml", "schedule.json", "--overrides", "bad.yaml", "--out", "o.json"],
     EXIT_INPUT, "bad.yaml:1:3: invalid YAML: the tag '!!python/object:os.system' is not supported"),
    ("deep-yaml", _file("bad.yaml", "name: " + "[" * 200 + "]" * 200 + "\n"), ["check", "bad.yaml"],
     EXIT_INPUT, "bad.yaml:1:70: invalid YAML: nested more than 64 levels deep"),
    ("name-with-crlf", _roster_with("name: Tiny", 'name: "Tiny\\r\\nX-Evil: 1"'), ["check", "bad.yaml"],
     EXIT_INPUT, "bad.yaml:1:7 name: contains the control character \\r at character 5"),
    ("engineer-name-with-escape", _roster_with("name: Ann", 'name: "Ann\\e[2J"'), ["check", "bad.yaml"],
     EXIT_INPUT, "engineers[0].name: contains the control character \\x1b at character 4"),
    ("reason-with-nul",
     _file("bad.yaml", '- {rotation: r, shift: 2027-01-11T09:00, engineer: b, reason: "a\\0"}\n'),
     ["override", "roster.yaml", "schedule.json", "--overrides", "bad.yaml", "--out", "o.json"],
     EXIT_INPUT, "[0].reason: contains the control character \\x00 at character 2"),
    ("schedule-engineer-with-escape",
     _edited_schedule(lambda t: t.replace('"engineer": "a"', '"engineer": "a\\u001b[31m"', 1)),
     ["validate", "roster.yaml", "bad.json"], EXIT_INPUT,
     "shifts[0].assignments[0].engineer: contains the control character \\x1b"),
    ("replan-unknown-frozen-engineer",
     _edited_schedule(lambda t: t.replace('"engineer": "a"', '"engineer": "zed"', 1)),
     ["replan", "roster.yaml", "--published", "bad.json", "--freeze-until", "2027-01-11", "--out", "n.json"],
     EXIT_INFEASIBLE,
     "r Mon 2027-01-04 09:00 Europe/Budapest primary: 'zed' is not an engineer of the roster"),
    ("alias-bomb", _file("bad.yaml", "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))),
     ["check", "bad.yaml"], EXIT_INPUT, "bad.yaml:7:10: invalid YAML: aliases here would expand"),
]


@pytest.mark.parametrize(("write", "argv", "code", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_hostile_input_is_a_located_error_with_the_documented_code(
        folder: Path, write: Callable[[Path], None] | None, argv: list[str], code: int, message: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(folder)
    if write is not None:
        write(folder)
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err and "internal error" not in err
    assert not (folder / "o.json").exists() and not (folder / "n.json").exists()


def test_an_input_over_the_size_limit_says_how_to_raise_it(
        folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAIRSHIFT_MAX_INPUT_BYTES", "100")
    size = (folder / "roster.yaml").stat().st_size
    assert main(["check", str(folder / "roster.yaml")]) == EXIT_INPUT
    assert (f"roster.yaml: the roster is {size} bytes, more than the limit of 100 bytes "
            f"(FAIRSHIFT_MAX_INPUT_BYTES); split the file, or set FAIRSHIFT_MAX_INPUT_BYTES to at "
            f"least {size} to read it anyway") in capsys.readouterr().err
    monkeypatch.setenv("FAIRSHIFT_MAX_INPUT_BYTES", str(size))
    assert main(["check", str(folder / "roster.yaml")]) == 0
    monkeypatch.setenv("FAIRSHIFT_MAX_INPUT_BYTES", "lots")
    assert main(["check", str(folder / "roster.yaml")]) == EXIT_INPUT
    assert "FAIRSHIFT_MAX_INPUT_BYTES='lots' is not a whole number above 0" in capsys.readouterr().err


def test_ledger_says_which_seats_it_drops(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(folder)
    _edited_schedule(lambda t: t.replace('"engineer": "a"', '"engineer": "zed"'))(folder)
    assert main(["ledger", "roster.yaml", "bad.json"]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "engineer 'zed' is not in the roster; their 1 seat(s) skipped" in err


def test_an_internal_error_is_exit_70_with_one_line_to_report_it(
        folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(path: Path) -> None:
        raise RuntimeError("boom inside fairshift")

    monkeypatch.setattr(fairshift.cli.check, "load_roster", broken)
    assert main(["check", str(folder / "roster.yaml")]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith("internal error (a bug in fairshift, exit 70): "
                           "RuntimeError: boom inside fairshift.")
    assert "Please report it at https://" in last
    assert "Traceback" in err  # kept, for the report


def test_control_characters_in_ticket_cells_are_escaped_on_the_terminal(
        folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(folder)
    (folder / "t.csv").write_text("id,kind,created_at,team\nINC-\x1b[31m1,sev1,2027-02-01T08:00Z,"
                                  "db\x1b]0;pwned\x07\u202e\n", encoding="utf-8")
    assert main(["sla", "t.csv", *NOW]) == 0
    out = capsys.readouterr().out
    assert "INC-\\x1b[31m1" in out and "db\\x1b]0;pwned\\x07\\u202e" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


def test_messages_never_carry_control_characters_to_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "\x1b]0;owned\x07roster\r.yaml"  # the file name itself is hostile
    assert main(["check", str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "\\x1b]0;owned\\x07roster\\r.yaml: cannot read the roster" in err
    assert "\x1b" not in err and "\x07" not in err and "\r" not in err
