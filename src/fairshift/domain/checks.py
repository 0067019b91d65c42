"""Cross-reference checks of a roster: every problem, each with the path of its field."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from fairshift.domain.identities import TOOLS
from fairshift.domain.shifts import time_problems
from fairshift.errors import Problem
from fairshift.text import unknown
from fairshift.time.calendars import known_countries, known_subdivisions, unknown_subdivision

if TYPE_CHECKING:
    from fairshift.domain.roster import Roster

__all__ = ["reference_problems"]


def _duplicates(ids: list[str]) -> set[str]:
    return {i for i, n in Counter(ids).items() if n > 1}


def _engineer_problems(roster: Roster) -> list[Problem]:
    problems: list[Problem] = []
    dup = _duplicates([e.id for e in roster.engineers])
    seen: set[str] = set()
    countries = known_countries()
    for i, eng in enumerate(roster.engineers):
        if eng.id in dup and eng.id in seen:
            problems.append(Problem(f"duplicate engineer id {eng.id!r}", f"engineers[{i}].id"))
        seen.add(eng.id)
        if eng.country is not None and eng.country not in countries:
            problems.append(Problem(
                f"{eng.country!r} is not a country the holidays package knows "
                "(use an ISO 3166 alpha-2 code such as HU or US)", f"engineers[{i}].country"))
        elif eng.subdivision is not None:
            if eng.country is None:
                problems.append(Problem("a subdivision needs a country", f"engineers[{i}].subdivision"))
            elif eng.subdivision not in known_subdivisions(eng.country):
                problems.append(Problem(unknown_subdivision(eng.country, eng.subdivision),
                                        f"engineers[{i}].subdivision"))
    return problems


def _team_problems(roster: Roster) -> list[Problem]:
    problems: list[Problem] = []
    known = set(roster.engineers_by_id)
    dup = _duplicates([t.id for t in roster.teams])
    seen: set[str] = set()
    for i, team in enumerate(roster.teams):
        if team.id in dup and team.id in seen:
            problems.append(Problem(f"duplicate team id {team.id!r}", f"teams[{i}].id"))
        seen.add(team.id)
        if not team.members:
            problems.append(Problem("a team needs at least one member", f"teams[{i}].members"))
        for j, m in enumerate(team.members):
            if m not in known:
                names = roster.engineer_aliases
                problems.append(Problem(unknown("engineer", m, names), f"teams[{i}].members[{j}]"))
        for m in _duplicates(list(team.members)):
            problems.append(Problem(f"{m!r} is listed twice", f"teams[{i}].members"))
    return problems


def _rotation_problems(roster: Roster) -> list[Problem]:
    problems: list[Problem] = []
    engineers = set(roster.engineers_by_id)
    teams = set(roster.teams_by_id)
    dup = _duplicates([r.id for r in roster.rotations])
    seen: set[str] = set()
    for i, rot in enumerate(roster.rotations):
        at = f"rotations[{i}]"
        if rot.id in dup and rot.id in seen:
            problems.append(Problem(f"duplicate rotation id {rot.id!r}", f"{at}.id"))
        seen.add(rot.id)
        if rot.team is not None and rot.team not in teams:
            team_names = {t.id: (t.name,) for t in roster.teams}
            problems.append(Problem(unknown("team", rot.team, team_names), f"{at}.team"))
        for j, m in enumerate(rot.members):
            if m not in engineers:
                names = roster.engineer_aliases
                problems.append(Problem(unknown("engineer", m, names), f"{at}.members[{j}]"))
        pool = [e for e in roster.pool(rot) if e in engineers]
        if rot.team in teams or not rot.team:
            if not pool:
                problems.append(Problem("the rotation's pool is empty", f"{at}.team"))
            elif len(pool) < rot.required_seats(roster.rules):
                problems.append(Problem(
                    f"each shift needs {rot.required_seats(roster.rules)} engineers but the pool "
                    f"has only {len(pool)}",
                    f"{at}.roles"))
        problems.extend(Problem(msg, f"{at}.{field}") for field, msg in time_problems(rot, roster.horizon))
    return problems


def _identity_problems(roster: Roster) -> list[Problem]:
    """Two engineers with one e-mail or one tool id; a rotation's tool schedule for a role it lacks."""
    problems: list[Problem] = []
    owners: dict[tuple[str, str], str] = {}
    for i, eng in enumerate(roster.engineers):
        keys = [("email", eng.email.lower(), "email")] if eng.email else []
        keys += [(tool, value, f"pager.{tool}") for tool in TOOLS if (value := eng.pager.of(tool))]
        for kind, value, field in keys:
            first = owners.setdefault((kind, value), eng.id)
            if first != eng.id:
                what = "e-mail" if kind == "email" else f"{kind} id"
                problems.append(Problem(f"{what} {value!r} is also {first}'s; each person needs their own",
                                        f"engineers[{i}].{field}"))
    for i, rot in enumerate(roster.rotations):
        for tool in TOOLS:
            for role in rot.pager.targets(tool):
                if role not in rot.roles:
                    problems.append(Problem(
                        f"role {role!r} is not a role of this rotation ({', '.join(rot.roles)})",
                        f"rotations[{i}].pager.{tool}.{role}"))
    return problems


def reference_problems(roster: Roster) -> list[Problem]:
    """Every cross-reference problem of ``roster``, in document order."""
    return (_engineer_problems(roster) + _team_problems(roster) + _rotation_problems(roster)
            + _identity_problems(roster))
