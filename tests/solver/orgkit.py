"""A small organisation for the solver tests: three weekly teams of four, and a weekly
incident-commander rotation drawing one person from each team (so the teams form one component
that splits at the commander rotation)."""

from __future__ import annotations

from datetime import date

from fairshift import parse_roster
from fairshift.domain.roster import Roster


def commander_org(country: str | None = None) -> Roster:
    engineers, teams, rotations = [], [], []
    for t in range(3):
        members = [f"t{t}e{i}" for i in range(4)]
        engineers += [{"id": m, "timezone": "Europe/Budapest", **({"country": country} if country else {})}
                      for m in members]
        teams.append({"id": f"t{t}", "members": members})
        rotations.append({"id": f"team{t}", "team": f"t{t}", "every": "week", "handoff": "mon 09:00",
                          "timezone": "Europe/Budapest"})
    rotations.append({"id": "commander", "members": ["t0e0", "t1e0", "t2e0"], "every": "week",
                      "handoff": "wed 09:00", "timezone": "Europe/Budapest"})
    return parse_roster({"horizon": {"start": date(2027, 1, 4), "end": date(2027, 3, 1)},
                         "engineers": engineers, "teams": teams, "rotations": rotations})
