"""A roster whose model would be too large is refused before anything is built, with the numbers
and the way to raise the limit (docs/limits.md); ``check`` shows the count."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from fairshift import parse_roster, solve
from fairshift.cli import EXIT_INPUT, main
from fairshift.domain.instance import Instance
from fairshift.domain.size import check_model_size, seat_variables
from fairshift.errors import RosterError
from fairshift.limits import LimitSettingError

DATA = {
    "horizon": {"start": date(2027, 1, 4), "end": date(2027, 1, 18)},
    "engineers": [{"id": f"e{i}", "timezone": "Europe/Budapest"} for i in range(5)],
    "teams": [{"id": "t", "members": [f"e{i}" for i in range(5)]}],
    "rotations": [
        {"id": "daily", "team": "t", "every": "day", "handoff": "09:00", "timezone": "Europe/Budapest",
         "roles": {"primary": 1, "secondary": 1}},
        {"id": "weekly", "team": "t", "every": "week", "handoff": "mon 09:00", "timezone": "Europe/Budapest"},
    ],
}


def test_the_count_is_pool_times_shifts_times_seats() -> None:
    inst = Instance(parse_roster(DATA))
    # 14 daily shifts x 5 people x 2 seats + 2 weekly shifts x 5 people x 1 seat
    assert seat_variables(inst, ("daily",)) == 140
    assert seat_variables(inst, ("daily", "weekly")) == 150
    assert seat_variables(inst, ("daily", "weekly"), fixed=frozenset({"daily"})) == 10
    assert seat_variables(inst, ("weekly",), only=frozenset({"e0", "e1"})) == 4
    assert check_model_size(inst) == 150


def test_solve_and_explain_refuse_past_the_limit_naming_the_largest_rotation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    roster = parse_roster(DATA)
    monkeypatch.setenv("FAIRSHIFT_MAX_SEATS", "149")
    with pytest.raises(RosterError) as info:
        solve(roster, time_limit=5, workers=1)
    message = str(info.value)
    assert "needs 150 seat variables, more than the limit of 149" in message
    assert message.index("daily: 14 shifts x 5 people x 2 seats") < message.index("weekly: 2 shifts")
    assert "set FAIRSHIFT_MAX_SEATS to at least 150" in message
    from fairshift.solver.explain import explain

    with pytest.raises(RosterError):
        explain(roster)
    monkeypatch.setenv("FAIRSHIFT_MAX_SEATS", "150")
    assert check_model_size(Instance(roster)) == 150


def test_a_bad_setting_is_an_error_that_says_what_to_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRSHIFT_MAX_SEATS", "many")
    with pytest.raises(LimitSettingError, match="FAIRSHIFT_MAX_SEATS='many' is not a whole number"):
        check_model_size(Instance(parse_roster(DATA)))


def test_check_prints_the_count_and_exits_1_past_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(DATA), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "model: 150 seat variables (the limit is 3,000,000, FAIRSHIFT_MAX_SEATS)" in printed
    monkeypatch.setenv("FAIRSHIFT_MAX_SEATS", "100")
    assert main(["check", str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "needs 150 seat variables, more than the limit of 100" in err
    assert "Traceback" not in err
