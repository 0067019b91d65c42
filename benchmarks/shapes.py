"""Named benchmark cases beyond the generator's sizes (issue #12): shapes nobody tuned for.

Every case is plain roster data, deterministic in its seed (the fixed small rosters ignore it):

* ``cross200`` — 200 engineers in 20 teams (6-12 people, the generator's three sites, PTO),
  one daily ``{primary: 1, secondary: 1}`` rotation per team and **no** org-wide rotation;
  20 people (10 %) are also members of a second team (each team lends one and receives one, the
  teams linked in the cycles of a random derangement), 2027Q1;
* ``fts2`` — two follow-the-sun rotations over two continents across the March 2027 weeks when US
  and EU daylight saving differ (2027-03-01..04-12): ``sre`` (4 Budapest + 4 Los Angeles,
  ``07:00``/``19:00`` Europe/Budapest) and ``edge`` (4 New York + 4 Tokyo, ``08:00``/``20:00``
  America/New_York), a little PTO;
* ``mixed`` — 48 engineers in 6 teams, weekly and daily team rotations mixed, and sparse skills:
  rotations whose ``requires_skills`` only 3-5 people hold (``members`` lists everybody; the
  skill decides), one team rotation that needs a second skill, 2027Q1;
* ``readme`` — ``examples/roster.yaml``, the roster the README's tour and Python example solve;
* ``small-*`` — rosters of at most 10 people: ``small-fair4`` (the worked example of
  docs/fairness.md), ``small-fts6`` (3 Budapest + 3 Los Angeles, ``07:00``/``19:00``
  Europe/Budapest, 2027-03-07..04-04, no countries), ``small-weekly7`` (7 people, weekly primary +
  secondary for a quarter, ``max_shifts: 4`` for 26 seats), ``small-daily3`` (3 people in three
  zones, daily for four weeks) and ``small-linked10`` (two teams of 5 linked by a weekly org-wide
  rotation);
* ``site40`` — a realistic 42-engineer quarter over Budapest, Los Angeles and New York: five
  teams (a follow-the-sun SRE team, weekly and daily teams, two teams with a ``shadow`` role and
  a new hire each), a daily org-wide incident-commander rotation drawn from every team, PTO.

``CASES`` maps each name to a :class:`Case`; ``GROUPS`` maps a group name (``small``, or a case's
own name) to its cases. The generator's sizes (``tiny``, ``S``, ``M``, ``L``, ``XL``) and
``example`` are cases too, in the group ``sizes``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orggen

__all__ = ["CASES", "EXAMPLE", "GROUPS", "Case", "case_data", "describe", "expand_cases"]

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"
Data = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """A named benchmark roster: how to build its data, its table group, what to report."""

    name: str
    group: str
    build: Callable[[int], Data] | None  # seed -> roster data; None: read ``source``
    source: Path | None = None
    summary: str = ""

    def data(self, seed: int = 1) -> Data:
        if self.build is None:
            from ruamel.yaml import YAML

            assert self.source is not None
            loaded: Data = YAML(typ="safe").load(self.source.read_text(encoding="utf-8"))
            return loaded
        return self.build(seed)


# --------------------------------------------------------------------------- people and PTO

SITE = {"bud": ("Europe/Budapest", "HU", None), "la": ("America/Los_Angeles", "US", "CA"),
        "ny": ("America/New_York", "US", "NY"), "tok": ("Asia/Tokyo", "JP", None)}


def _person(eid: str, site: str, skills: list[str], *, countries: bool = True, **extra: Any) -> Data:
    zone, country, sub = SITE[site]
    eng: Data = {"id": eid, "timezone": zone}
    if countries:
        eng["country"] = country
        if sub is not None:
            eng["subdivision"] = sub
    eng["skills"] = skills
    eng.update(extra)
    return eng


def _blocks(rng: random.Random, cal: orggen._Calendar, start: date, end: date, share: float,
            groups: list[tuple[str, int, int]], lengths: tuple[int, int] = (3, 10)) -> list[Data]:
    """PTO blocks of ``lengths`` days, about ``share`` of the days in ``[start, end)``, under the
    caps of ``groups`` (id, people away at most, padding days)."""
    days = (end - start).days
    target = max(0.0, rng.gauss(share * days, 0.4 * share * days))
    have, taken, out = 0, [], []
    for _ in range(40):
        if target - have < 1.5:
            break
        length = min(rng.randint(*lengths), max(lengths[0], round(target - have)))
        first = start + timedelta(days=rng.randrange(0, max(days - length, 1)))
        last = first + timedelta(days=length - 1)
        if any(first <= e + timedelta(days=7) and s <= last + timedelta(days=7) for s, e in taken):
            continue
        if not cal.fits(groups, first, last):
            continue
        cal.take(groups, first, last)
        taken.append((first, last))
        have += length
    for s, e in sorted(taken):
        out.append({"start": s.isoformat(), "end": e.isoformat(), "reason": "vacation"})
    return out


def _calendar() -> orggen._Calendar:
    return orggen._Calendar(orggen.SIZES["tiny"])  # only its day counter is used


# --------------------------------------------------------------------------- cross200

def cross200(seed: int = 1) -> Data:
    """200 engineers, 20 teams, daily primary+secondary, 10 % in a second team, no org-wide."""
    rng = random.Random(f"shapes/cross200/{seed}")
    start, end = date(2027, 1, 1), date(2027, 4, 1)
    sizes = orggen._team_sizes(rng, 200, 20)
    weights = tuple(((z, c, s), w) for z, c, s, w in orggen.SITES)
    engineers: list[Data] = []
    teams: list[Data] = []
    homes: list[str] = []
    n = 0
    for t, size in enumerate(sizes):
        home = orggen._weighted(rng, weights)
        skill = f"{orggen.DOMAINS[t % len(orggen.DOMAINS)]}-{t:02d}"
        members = []
        for _ in range(size):
            zone, country, sub = home
            eng: Data = {"id": f"e{n:03d}", "timezone": zone, "country": country}
            if sub is not None:
                eng["subdivision"] = sub
            eng["working_hours"] = orggen._weighted(rng, orggen.WORKING_HOURS)
            eng["skills"] = [skill]
            engineers.append(eng)
            members.append(eng["id"])
            n += 1
        teams.append({"id": f"t{t:02d}-{skill.rsplit('-', 1)[0]}", "members": members, "skill": skill})
        homes.append(home[0])
    # one lent member per team, to the team a derangement names (every team lends one, gets one)
    while True:
        target = list(range(20))
        rng.shuffle(target)
        if all(i != j for i, j in enumerate(target)):
            break
    by_id = {e["id"]: e for e in engineers}
    for t, dest in enumerate(target):
        lent = rng.choice(teams[t]["members"])
        teams[dest]["members"].append(lent)
        by_id[lent]["skills"].append(teams[dest]["skill"])
    cal = _calendar()
    teams_of: dict[str, list[int]] = {}
    for t, team in enumerate(teams):
        for m in team["members"]:
            teams_of.setdefault(m, []).append(t)
    for eng in engineers:
        groups = [(teams[t]["id"], max(1, len(teams[t]["members"]) - 5), 1) for t in teams_of[eng["id"]]]
        blocks = _blocks(rng, cal, start, end, 0.10, groups)
        if blocks:
            eng["unavailable"] = blocks
    rotations = [{"id": f"{team['id']}-oncall", "team": team["id"], "every": "day", "handoff": "10:00",
                  "timezone": home, "roles": {"primary": 1, "secondary": 1},
                  "requires_skills": [team["skill"]]} for team, home in zip(teams, homes, strict=True)]
    return {"name": f"cross200 (200 engineers, 20 teams, 20 in two teams, seed {seed})",
            "horizon": {"start": start.isoformat(), "end": end.isoformat()}, "engineers": engineers,
            "teams": [{"id": t["id"], "members": t["members"]} for t in teams], "rotations": rotations}


# --------------------------------------------------------------------------- fts2

def fts2(seed: int = 1) -> Data:
    """Two follow-the-sun rotations over two continents across the DST-mismatch weeks."""
    rng = random.Random(f"shapes/fts2/{seed}")
    start, end = date(2027, 3, 1), date(2027, 4, 12)
    sides = {"sre": ("bud", "la"), "edge": ("ny", "tok")}
    engineers: list[Data] = []
    teams: list[Data] = []
    cal = _calendar()
    for team, pair in sides.items():
        members = []
        for site in pair:
            for i in range(4):
                eid = f"{team}-{site}{i + 1}"
                eng = _person(eid, site, [team])
                blocks = _blocks(rng, cal, start, end, 0.05, [(f"{team}/{site}", 1, 1)], (3, 5))
                if blocks:
                    eng["unavailable"] = blocks
                engineers.append(eng)
                members.append(eid)
        teams.append({"id": team, "members": members})
    rotations = [
        {"id": "sre-follow-the-sun", "team": "sre", "every": "day", "handoff": ["07:00", "19:00"],
         "timezone": "Europe/Budapest", "roles": {"primary": 1}},
        {"id": "edge-follow-the-sun", "team": "edge", "every": "day", "handoff": ["08:00", "20:00"],
         "timezone": "America/New_York", "roles": {"primary": 1}},
    ]
    return {"name": f"fts2 (Budapest + Los Angeles, New York + Tokyo, March 2027, seed {seed})",
            "horizon": {"start": start.isoformat(), "end": end.isoformat()},
            "engineers": engineers, "teams": teams, "rotations": rotations}


# --------------------------------------------------------------------------- mixed

#: sparse skills: (skill, holders, rotation id, every, handoff, zone)
SPARSE = (("postgres", 4, "postgres-escalation", "week", "wed 09:00", "America/New_York"),
          ("network", 5, "network-escalation", "day", "09:00", "Europe/Budapest"),
          ("security", 3, "security-review", "week", "fri 12:00", "Europe/Budapest"))


def mixed(seed: int = 1) -> Data:
    """Weekly and daily team rotations mixed, and rotations only a few people are skilled for."""
    rng = random.Random(f"shapes/mixed/{seed}")
    start, end = date(2027, 1, 1), date(2027, 4, 1)
    sites = ("bud", "la", "ny")
    engineers: list[Data] = []
    teams: list[Data] = []
    rotations: list[Data] = []
    for t in range(6):
        home = sites[t % 3]
        domain = orggen.DOMAINS[t]
        members = [f"{domain}{i + 1}" for i in range(8)]
        engineers += [_person(m, home, [domain]) for m in members]
        teams.append({"id": domain, "members": members})
        weekly = t < 3
        rot: Data = {"id": f"{domain}-{'weekly' if weekly else 'daily'}", "team": domain,
                     "every": "week" if weekly else "day", "handoff": "mon 10:00" if weekly else "10:00",
                     "timezone": SITE[home][0],
                     "roles": {"primary": 1, "secondary": 1} if weekly else {"primary": 1},
                     "requires_skills": [domain]}
        rotations.append(rot)
    by_id = {e["id"]: e for e in engineers}
    # team 2 (weekly) also needs prod-access, which 5 of its 8 hold
    prod = sorted(rng.sample(teams[2]["members"], 5))
    for m in prod:
        by_id[m]["skills"].append("prod-access")
    rotations[2]["requires_skills"] = [orggen.DOMAINS[2], "prod-access"]
    everyone = [e["id"] for e in engineers]
    holders: dict[str, list[str]] = {}
    for skill, count, rid, every, handoff, zone in SPARSE:
        chosen = sorted(rng.sample(sorted(set(everyone) - set(prod)), count))
        holders[rid] = chosen
        for m in chosen:
            by_id[m]["skills"].append(skill)
        rotations.append({"id": rid, "members": everyone, "every": every, "handoff": handoff,
                          "timezone": zone, "requires_skills": [skill]})
    cal = _calendar()
    for eng in engineers:
        team = next(t for t in teams if eng["id"] in t["members"])
        groups = [(team["id"], 3, 7 if team["id"] in orggen.DOMAINS[:3] else 1)]
        groups += [(rid, 1, 7) for rid, people in holders.items() if eng["id"] in people]
        if eng["id"] in prod:
            groups.append(("prod-access", 1, 7))
        blocks = _blocks(rng, cal, start, end, 0.08, groups)
        if blocks:
            eng["unavailable"] = blocks
    return {"name": f"mixed (48 engineers, weekly and daily, sparse skills, seed {seed})",
            "horizon": {"start": start.isoformat(), "end": end.isoformat()},
            "engineers": engineers, "teams": teams, "rotations": rotations}


# --------------------------------------------------------------------------- small rosters

def small_fair4(_seed: int = 1) -> Data:
    """docs/fairness.md, "A worked example", as written there."""
    return {"name": "Fairness example",
            "horizon": {"start": "2027-02-01", "end": "2027-03-01"},
            "engineers": [
                {"id": "anna", "timezone": "Europe/Budapest"},
                {"id": "ben", "timezone": "Europe/Budapest"},
                {"id": "cara", "timezone": "Europe/Budapest",
                 "unavailable": [{"start": "2027-02-08", "end": "2027-02-14", "reason": "vacation"}]},
                {"id": "dan", "timezone": "Europe/Budapest", "history": {"burden": 40}}],
            "teams": [{"id": "core", "members": ["anna", "ben", "cara", "dan"]}],
            "rotations": [{"id": "core-daily", "team": "core", "every": "day", "handoff": "09:00",
                           "timezone": "Europe/Budapest"}]}


def small_fts6(_seed: int = 1) -> Data:
    """3 Budapest + 3 Los Angeles, 07:00/19:00 Europe/Budapest, 2027-03-07..04-04, no countries."""
    people = [_person(f"bud{i}", "bud", [], countries=False) for i in (1, 2, 3)]
    people += [_person(f"la{i}", "la", [], countries=False) for i in (1, 2, 3)]
    for p in people:
        del p["skills"]
    return {"name": "small follow-the-sun (3 + 3, March 2027)",
            "horizon": {"start": "2027-03-07", "end": "2027-04-04"}, "engineers": people,
            "teams": [{"id": "sre", "members": [p["id"] for p in people]}],
            "rotations": [{"id": "sre-fts", "team": "sre", "every": "day", "handoff": ["07:00", "19:00"],
                           "timezone": "Europe/Budapest"}]}


def small_weekly7(_seed: int = 1) -> Data:
    """7 people, weekly primary + secondary for 2027Q1 (26 seats), at most 4 shifts each."""
    people = [_person(f"hu{i}", "bud", []) for i in (1, 2, 3, 4)]
    people += [_person(f"ny{i}", "ny", []) for i in (1, 2, 3)]
    people[1]["unavailable"] = [{"start": "2027-02-08", "end": "2027-02-14", "reason": "vacation"}]
    return {"name": "small weekly (7 people, max_shifts 4)", "horizon": {"quarter": "2027Q1"},
            "rules": {"max_shifts": {"default": 4}}, "engineers": people,
            "teams": [{"id": "ops", "members": [p["id"] for p in people]}],
            "rotations": [{"id": "ops-weekly", "team": "ops", "every": "week", "handoff": "mon 09:00",
                           "timezone": "Europe/Budapest", "roles": {"primary": 1, "secondary": 1}}]}


def small_daily3(_seed: int = 1) -> Data:
    """3 people in Budapest, New York and Los Angeles, daily at 09:00 New York, four weeks."""
    people = [_person("hu", "bud", []), _person("ny", "ny", []), _person("la", "la", [])]
    return {"name": "small daily (3 people)", "horizon": {"start": "2027-01-04", "end": "2027-02-01"},
            "engineers": people, "teams": [{"id": "core", "members": ["hu", "ny", "la"]}],
            "rotations": [{"id": "core-daily", "team": "core", "every": "day", "handoff": "09:00",
                           "timezone": "America/New_York"}]}


def small_linked10(_seed: int = 1) -> Data:
    """Two teams of 5 (Budapest, Los Angeles), daily, linked by a weekly org-wide rotation."""
    bud = [_person(f"b{i}", "bud", ["ic"] if i <= 2 else []) for i in range(1, 6)]
    la = [_person(f"l{i}", "la", ["ic"] if i <= 2 else []) for i in range(1, 6)]
    bud[3]["unavailable"] = [{"start": "2027-01-18", "end": "2027-01-22", "reason": "vacation"}]
    return {"name": "small linked (2 teams of 5, one org-wide rotation)",
            "horizon": {"start": "2027-01-04", "end": "2027-03-01"}, "engineers": bud + la,
            "teams": [{"id": "bud", "members": [p["id"] for p in bud]},
                      {"id": "la", "members": [p["id"] for p in la]}],
            "rotations": [
                {"id": "bud-daily", "team": "bud", "every": "day", "handoff": "10:00",
                 "timezone": "Europe/Budapest"},
                {"id": "la-daily", "team": "la", "every": "day", "handoff": "10:00",
                 "timezone": "America/Los_Angeles"},
                {"id": "incident-commander", "members": ["b1", "b2", "l1", "l2"], "every": "week",
                 "handoff": "wed 09:00", "timezone": "Europe/Budapest", "requires_skills": ["ic"]}]}


# --------------------------------------------------------------------------- site40

#: (team, [(site, people)], its rotation)
SITE40_TEAMS: tuple[tuple[str, tuple[tuple[str, int], ...], Data], ...] = (
    ("sre", (("bud", 5), ("la", 5)),
     {"id": "sre-follow-the-sun", "every": "day", "handoff": ["07:00", "19:00"],
      "timezone": "Europe/Budapest", "roles": {"primary": 1}}),
    ("payments", (("ny", 4), ("la", 4)),
     {"id": "payments-weekly", "every": "week", "handoff": "mon 09:00", "timezone": "America/New_York",
      "roles": {"primary": 1, "secondary": 1}}),
    ("data", (("bud", 8),),
     {"id": "data-weekly", "every": "week", "handoff": "tue 10:00", "timezone": "Europe/Budapest",
      "roles": {"primary": 1, "shadow": 1}}),
    ("platform", (("ny", 4), ("bud", 4)),
     {"id": "platform-weekly", "every": "week", "handoff": "thu 10:00", "timezone": "America/New_York",
      "roles": {"primary": 1, "shadow": 1}}),
    ("mobile", (("la", 8),),
     {"id": "mobile-daily", "every": "day", "handoff": "09:00", "timezone": "America/Los_Angeles",
      "roles": {"primary": 1}}),
)
SITE40_NEW = ("data8", "platform-bud4")  # the two new hires (shadow first)


def site40(seed: int = 1) -> Data:
    """42 engineers, three sites, five teams, org-wide incident commander, follow-the-sun SRE."""
    rng = random.Random(f"shapes/site40/{seed}")
    start, end = date(2027, 1, 1), date(2027, 4, 1)
    engineers: list[Data] = []
    teams: list[Data] = []
    rotations: list[Data] = []
    ic: list[str] = []
    cal = _calendar()
    for team, parts, settings in SITE40_TEAMS:
        members = []
        for site, count in parts:
            for i in range(count):
                eid = f"{team}{i + 1}" if len(parts) == 1 else f"{team}-{site}{i + 1}"
                hours = orggen._weighted(rng, orggen.WORKING_HOURS)
                eng = _person(eid, site, [team], working_hours=hours)
                if eid in SITE40_NEW:
                    eng["new"] = True
                engineers.append(eng)
                members.append(eid)
        teams.append({"id": team, "members": members})
        rotations.append({**settings, "team": team})
        ic += sorted(rng.sample([m for m in members if m not in SITE40_NEW], 2))
    by_id = {e["id"]: e for e in engineers}
    for m in ic:
        by_id[m]["skills"].append("incident-command")
    rotations.append({"id": "incident-commander", "members": sorted(ic), "every": "day",
                      "handoff": "09:00", "timezone": "America/New_York",
                      "requires_skills": ["incident-command"]})
    for eng in engineers:
        if eng.get("new"):
            continue
        team = next(t for t in teams if eng["id"] in t["members"])
        weekly = team["id"] in ("payments", "data", "platform")
        side = eng["timezone"]
        groups = [(team["id"], len(team["members"]) - 5, 7 if weekly else 1)]
        if team["id"] == "sre":
            groups.append((f"sre/{side}", 2, 1))
        if eng["id"] in ic:
            groups.append(("incident-commander", 3, 1))
        blocks = _blocks(rng, cal, start, end, 0.08, groups)
        if blocks:
            eng["unavailable"] = blocks
    return {"name": f"site40 (42 engineers, Budapest + Los Angeles + New York, seed {seed})",
            "horizon": {"start": start.isoformat(), "end": end.isoformat()},
            "rules": {"min_rest": {"hours": 11}, "max_consecutive": {"days": 10}},
            "engineers": engineers, "teams": teams, "rotations": rotations}


# --------------------------------------------------------------------------- registry

def _size(name: str) -> Callable[[int], Data]:
    return lambda seed: orggen.generate_data(name, seed)


CASES: dict[str, Case] = {
    **{n: Case(n, "sizes", _size(n), summary=f"generator size {n}") for n in orggen.SIZES},
    "example": Case("example", "sizes", None, EXAMPLE, "examples/roster.yaml (alias of readme)"),
    "cross200": Case("cross200", "cross200", cross200, summary="200 engineers, 20 teams, 10 % in two teams"),
    "fts2": Case("fts2", "fts2", fts2, summary="two follow-the-sun pairs across the DST-mismatch weeks"),
    "mixed": Case("mixed", "mixed", mixed, summary="weekly and daily mixed, sparse skills"),
    "readme": Case("readme", "readme", None, EXAMPLE, "examples/roster.yaml (the README's tour)"),
    "small-fair4": Case("small-fair4", "small", small_fair4, summary="docs/fairness.md worked example"),
    "small-fts6": Case("small-fts6", "small", small_fts6, summary="3 + 3 follow-the-sun, March 2027"),
    "small-weekly7": Case("small-weekly7", "small", small_weekly7, summary="7 people, weekly, max_shifts 4"),
    "small-daily3": Case("small-daily3", "small", small_daily3, summary="3 people, daily, 4 weeks"),
    "small-linked10": Case("small-linked10", "small", small_linked10, summary="2 teams of 5 + org-wide"),
    "site40": Case("site40", "site40", site40, summary="42 engineers, 3 sites, org-wide + follow-the-sun"),
}
GROUPS: dict[str, tuple[str, ...]] = {"small": tuple(n for n, c in CASES.items() if c.group == "small")}


def expand_cases(names: str) -> list[str]:
    """``"small,site40"`` -> every case of the group ``small``, then ``site40`` (order kept)."""
    out: list[str] = []
    for name in (n.strip() for n in names.split(",") if n.strip()):
        found = GROUPS.get(name, (name,) if name in CASES else None)
        if found is None:
            known = ", ".join([*CASES, *GROUPS])
            raise ValueError(f"unknown case {name!r}; choose from {known}")
        out += [n for n in found if n not in out]
    return out


def case_data(name: str, seed: int = 1) -> Data:
    """The roster data of case ``name``."""
    return CASES[name].data(seed)


def describe(roster: Any) -> str:
    """One sentence of counts that describe a roster (for the notes under the tables)."""
    from collections import Counter

    import fairshift
    from fairshift.domain.fairness import components

    inst = fairshift.Instance(roster)
    days = roster.horizon.days
    pto = sum((u.end - u.start).days + 1 for e in roster.engineers for u in e.unavailable)
    memberships = Counter(m for t in roster.teams for m in t.members)
    every = Counter(r.every for r in roster.rotations)
    pools = {r.id: len(inst.eligible(r)) for r in roster.rotations}
    smallest = min(pools, key=lambda r: pools[r])
    seats = sum(len(inst.shifts[r.id]) * r.seats for r in roster.rotations)
    zones = Counter(e.timezone for e in roster.engineers)
    fts = [r.id for r in roster.rotations if r.weeks is None and len(r.handoff_times) >= 2]
    return (f"{len(roster.engineers)} engineers, {len(roster.teams)} teams "
            f"({sum(1 for n in memberships.values() if n > 1)} people in two or more), "
            f"{len(roster.rotations)} rotations ({', '.join(f'{n} {k}' for k, n in sorted(every.items()))}; "
            f"{sum(1 for r in roster.rotations if r.team is None)} without a team), {seats:,} seats, "
            f"{days} days, PTO {pto / max(days * len(roster.engineers), 1):.1%} of engineer-days, "
            f"{len(components(inst))} component(s), smallest pool {smallest} ({pools[smallest]}), "
            f"{sum(1 for e in roster.engineers if e.new)} new, follow-the-sun: {', '.join(fts) or 'none'}, "
            f"zones {dict(sorted(zones.items()))}")
