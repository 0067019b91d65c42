"""PagerDuty export: the body of POST /schedules/{id}/overrides, values checked, no network."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fairshift.cli import EXIT_INPUT, main
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import ExportError, load_user_map, overrides_body, to_pagerduty

USERS = {"anna": "PANNA01", "bob": "PBOB002", "cara": "PCARA03", "dan": "PDAN004"}


def check_shape(body: Any) -> list[dict[str, Any]]:
    assert isinstance(body, dict) and set(body) == {"overrides"}
    assert isinstance(body["overrides"], list)
    for o in body["overrides"]:
        assert set(o) == {"start", "end", "user"}
        assert set(o["user"]) == {"id", "type"} and o["user"]["type"] == "user_reference"
        assert isinstance(o["user"]["id"], str) and o["user"]["id"]
        start, end = datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"])
        assert start.utcoffset() is not None and start < end  # explicit offsets, never naive
    out: list[dict[str, Any]] = body["overrides"]
    return out


def test_one_override_per_primary_seat_with_mapped_users(schedule: Schedule, roster: Roster,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PagerDuty export must not open a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    body = json.loads(to_pagerduty(schedule, roster=roster, rotation="payments-weekly", user_map=USERS))
    got = check_shape(body)
    want = [(s, s.engineers("primary")[0]) for s in schedule.shifts if s.rotation == "payments-weekly"]
    assert len(got) == len(want) == 5
    for o, (shift, eid) in zip(got, want, strict=True):
        assert o["start"] == shift.start.isoformat() and o["end"] == shift.end.isoformat()
        assert datetime.fromisoformat(o["start"]).astimezone(UTC) == shift.start.astimezone(UTC)
        assert o["user"] == {"id": USERS[eid], "type": "user_reference"}


def test_role_and_default_user_ids(schedule: Schedule) -> None:
    got = check_shape(overrides_body(schedule, rotation="payments-weekly", role="secondary"))
    want = [s.engineers("secondary")[0] for s in schedule.shifts if s.rotation == "payments-weekly"]
    assert [o["user"]["id"] for o in got] == want  # no map: the engineer id
    mine = check_shape(overrides_body(schedule, rotation="platform-daily", engineer="gus"))
    assert mine and all(o["user"]["id"] == "gus" for o in mine)
    assert len(mine) == sum(1 for s in schedule.shifts if "gus" in s.engineers())


def test_refusals(schedule: Schedule) -> None:
    with pytest.raises(ExportError, match=r"one PagerDuty schedule.*--rotation"):
        overrides_body(schedule)
    with pytest.raises(ExportError, match="no PagerDuty user id in the user map for: "):
        overrides_body(schedule, rotation="payments-weekly", user_map={"anna": "PANNA01"})
    with pytest.raises(ExportError, match="no seat has the role 'tertiary'"):
        overrides_body(schedule, rotation="payments-weekly", role="tertiary")


def test_user_map_file(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text("# engineer id: PagerDuty user id\nanna: PANNA01\nbob: PBOB002\n")
    assert load_user_map(path) == {"anna": "PANNA01", "bob": "PBOB002"}
    path.write_text("users:\n  anna: PANNA01\n")
    assert load_user_map(path) == {"anna": "PANNA01"}
    path.write_text("anna: 12\n")
    with pytest.raises(ExportError, match="must be a non-empty string"):
        load_user_map(path)
    path.write_text("- anna\n")
    with pytest.raises(ExportError, match="expected a mapping"):
        load_user_map(path)
    with pytest.raises(ExportError, match="cannot read the user map"):
        load_user_map(tmp_path / "missing.yaml")


def test_cli_pagerduty(files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, schedule_file = files
    users = tmp_path / "users.yaml"
    users.write_text("".join(f"{k}: {v}\n" for k, v in USERS.items()))
    out = tmp_path / "overrides.json"
    assert main(["export", str(schedule_file), "--format", "pagerduty", "--rotation", "payments-weekly",
                 "--user-map", str(users), "--out", str(out)]) == 0
    got = check_shape(json.loads(out.read_text()))
    assert {o["user"]["id"] for o in got} <= set(USERS.values())
    assert main(["export", str(schedule_file), "--format", "pagerduty"]) == EXIT_INPUT
    assert "--rotation" in capsys.readouterr().err


def test_a_hostile_user_map_is_a_located_error_not_a_crash(tmp_path: Path, files: tuple[Path, Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _roster, schedule = files
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
    for name, text in (("version.yaml", "%YAML 1.3\n---\nanna: P1\n"), ("bomb.yaml", bomb)):
        user_map = tmp_path / name
        user_map.write_text(text, encoding="utf-8")
        code = main(["export", str(schedule), "--format", "pagerduty", "--user-map", str(user_map)])
        err = capsys.readouterr().err
        assert code == EXIT_INPUT, err
        assert f"{user_map}:" in err and "Traceback" not in err
