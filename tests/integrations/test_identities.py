"""Identities in the roster: validated with located errors, in the JSON Schema, matched on import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kit import roster_data

from fairshift import RosterError, load_roster, parse_roster
from fairshift.integrations import Directory, Person


def _load(tmp_path: Path, data: dict[str, object]) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    load_roster(path)


@pytest.mark.parametrize(("change", "where", "message"), [
    (lambda d: d["engineers"][1].update(email="not-an-address"), "engineers[1].email",
     "not an e-mail address"),
    (lambda d: d["engineers"][2].update(email="ANNA@example.com"), "engineers[2].email", "also anna's"),
    (lambda d: d["engineers"][3]["pager"].update(pagerduty="PANNA01"), "engineers[3].pager.pagerduty",
     "also anna's"),
    (lambda d: d["engineers"][0]["pager"].update(grafana="two words"), "engineers[0].pager.grafana",
     "no spaces"),
    (lambda d: d["engineers"][0]["pager"].update(slack="U1"), "engineers[0].pager.slack", "unknown field"),
    (lambda d: d["rotations"][1]["pager"].update(opsgenie={"secondary": "x"}),
     "rotations[1].pager.opsgenie.secondary", "not a role of this rotation"),
])
def test_bad_identities_are_located(tmp_path: Path, change: object, where: str, message: str) -> None:
    data = roster_data()
    change(data)  # type: ignore[operator]
    with pytest.raises(RosterError) as caught:
        _load(tmp_path, data)
    found = [p for p in caught.value.problems if p.path == where]
    assert found and message in found[0].message and found[0].line is not None, caught.value


def test_a_string_names_the_primary_roles_schedule() -> None:
    roster = parse_roster(roster_data())
    rot = roster.rotations_by_id["platform-daily"]
    assert rot.pager.targets("pagerduty") == {"primary": "PPLATFO"}
    assert roster.rotations_by_id["payments-weekly"].pager.target("pagerduty", "secondary") == "PPAYSEC"


def test_matching_prefers_the_tool_id_and_never_guesses_between_two() -> None:
    data = roster_data()
    data["engineers"][1]["name"] = "Anna Kovacs"  # two engineers now share a name
    roster = parse_roster(data)
    people = Directory(roster, "pagerduty")
    assert people.match(Person(tool_id="PBOB002", name="Anna Kovacs")) == "bob"
    assert people.match(Person(name="anna kovacs")) is None
    assert people.match(Person(email="Cara@Example.com")) == "cara"
    assert people.match(Person(hint="On Call - Cara Diaz - Payments")) == "cara"
    assert people.match(Person(hint="Cara Diaz and Dan Evans")) is None
