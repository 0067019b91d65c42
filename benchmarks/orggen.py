"""Seeded, deterministic synthetic organisations for the benchmarks (issue #7).

An organisation has engineers in three sites, each with its country's public holidays and local
working hours:

* ``America/Los_Angeles`` (US-CA), ``America/New_York`` (US-NY), ``Europe/Budapest`` (HU);

teams of 6-12 engineers (most at one site, some split over two sites); PTO of about 10 % of
days in blocks of 3-10 days; skills (one per team, plus ``incident-command`` and ``release``);
one primary+secondary rotation per team (weekly for S, daily otherwise) and two org-wide
rotations that couple the teams:

* ``incident-commander``: daily, 1 seat, members drawn from about 10 % of all engineers
  (at least :attr:`Spec.ic_min`), ``requires_skills: [incident-command]``;
* ``release-captain``: weekly, 1 seat, another ~10 % (at least :attr:`Spec.rc_min`),
  ``requires_skills: [release]``.

The two pools are disjoint and take at most one person per team while there are enough teams,
so every team shares engineers with the org-wide rotations. PTO is placed so that the roster
stays solvable: on any day a team keeps at least 5 people present (daily rotations; 4 for weekly
ones) and at most a third of each org-wide pool is away.

Same ``(spec, seed)`` gives the identical roster on every machine::

    >>> a, b = generate("tiny", seed=3), generate("tiny", seed=3)
    >>> a.model_dump_json() == b.model_dump_json()
    True

Command line: ``python benchmarks/orggen.py M --seed 1 --out m.yaml`` writes the roster YAML
(the input of ``fairshift solve m.yaml``) and prints a summary. The other named cases of issue #12
(``cross200``, ``fts2``, ``mixed``, ``readme``, ``site40``, ``small-*``) live in
``benchmarks/shapes.py``, built with this module's helpers; the command line writes them too.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import fairshift

__all__ = ["SITES", "SIZES", "Spec", "generate", "generate_data", "summary", "write_yaml"]

# (zone, country, subdivision, share of teams whose home is here)
SITES: tuple[tuple[str, str, str | None, float], ...] = (
    ("America/Los_Angeles", "US", "CA", 0.4),
    ("America/New_York", "US", "NY", 0.25),
    ("Europe/Budapest", "HU", None, 0.35),
)
WORKING_HOURS = (("09:00-17:00", 5), ("08:00-16:00", 2), ("10:00-18:00", 2), ("09:00-18:00", 1))
DOMAINS = ("payments", "search", "platform", "data", "mobile", "identity", "billing", "storage",
           "network", "ml", "checkout", "catalog", "infra", "messaging", "growth", "security")


@dataclass(frozen=True)
class Spec:
    """The shape of a synthetic organisation."""

    name: str
    engineers: int
    teams: int
    start: date
    end: date  # exclusive
    team_every: str  # "week" or "day"
    ic_min: int = 6  # smallest incident-commander pool (daily, 1 seat)
    rc_min: int = 4  # smallest release-captain pool (weekly, 1 seat)
    pool_share: float = 0.10  # each org-wide pool draws ~this share of all engineers
    pto_share: float = 0.10  # ~share of days each engineer is on PTO

    @property
    def days(self) -> int:
        return (self.end - self.start).days


SIZES: dict[str, Spec] = {
    # tests: three teams of 6, two weeks, daily team rotations, org-wide pools of 3
    "tiny": Spec("tiny", 18, 3, date(2027, 1, 4), date(2027, 1, 18), "day", ic_min=3, rc_min=3),
    "S": Spec("S", 30, 4, date(2027, 1, 1), date(2027, 4, 1), "week"),
    "M": Spec("M", 200, 20, date(2027, 1, 1), date(2027, 4, 1), "day"),
    "L": Spec("L", 1000, 100, date(2027, 1, 1), date(2028, 1, 1), "day"),
    "XL": Spec("XL", 5000, 500, date(2027, 1, 1), date(2027, 4, 1), "day"),
}


def _spec(spec: Spec | str) -> Spec:
    if isinstance(spec, Spec):
        return spec
    try:
        return SIZES[spec]
    except KeyError:
        raise ValueError(f"unknown size {spec!r}; choose from {', '.join(SIZES)}") from None


def _team_sizes(rng: random.Random, engineers: int, teams: int) -> list[int]:
    """``teams`` sizes in [6, 12] summing to ``engineers``."""
    if not 6 * teams <= engineers <= 12 * teams:
        raise ValueError(f"{engineers} engineers cannot form {teams} teams of 6-12")
    sizes = [rng.randint(6, 12) for _ in range(teams)]
    while sum(sizes) != engineers:
        i = rng.randrange(teams)
        if sum(sizes) > engineers and sizes[i] > 6:
            sizes[i] -= 1
        elif sum(sizes) < engineers and sizes[i] < 12:
            sizes[i] += 1
    return sizes


def _weighted(rng: random.Random, items: tuple[tuple[Any, float], ...]) -> Any:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


class _Calendar:
    """Who is away on which day (PTO), with the caps that keep the roster solvable."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.off: dict[tuple[str, date], int] = Counter()  # (group, day) -> people away

    def fits(self, groups: list[tuple[str, int, int]], start: date, end: date) -> bool:
        """Whether a block [start, end] keeps every group (id, cap, padding days) under its cap."""
        for gid, cap, pad in groups:
            day = start - timedelta(days=pad)
            while day <= end + timedelta(days=pad):
                if self.off[(gid, day)] >= cap:
                    return False
                day += timedelta(days=1)
        return True

    def take(self, groups: list[tuple[str, int, int]], start: date, end: date) -> None:
        for gid, _cap, pad in groups:
            day = start - timedelta(days=pad)
            while day <= end + timedelta(days=pad):
                self.off[(gid, day)] += 1
                day += timedelta(days=1)


def _pto(rng: random.Random, spec: Spec, cal: _Calendar, groups: list[tuple[str, int, int]],
         taken: list[tuple[date, date]]) -> list[dict[str, Any]]:
    """Blocks of 3-10 days until ~``pto_share`` of the horizon (varying per person)."""
    target = max(0.0, rng.gauss(spec.pto_share * spec.days, 0.4 * spec.pto_share * spec.days))
    out: list[dict[str, Any]] = []
    have = 0
    attempts = 0
    while target - have >= 1.5 and attempts < 40:
        attempts += 1
        length = min(rng.randint(3, 10), max(3, round(target - have)))
        start = spec.start + timedelta(days=rng.randrange(0, max(spec.days - length, 1)))
        end = start + timedelta(days=length - 1)
        if any(start <= e + timedelta(days=7) and s <= end + timedelta(days=7) for s, e in taken):
            continue  # at least a week between one person's blocks
        if not cal.fits(groups, start, end):
            continue
        cal.take(groups, start, end)
        taken.append((start, end))
        have += length
    for s, e in sorted(taken):
        out.append({"start": s.isoformat(), "end": e.isoformat(),
                    "reason": rng.choice(("vacation", "vacation", "vacation", "sick leave", "conference"))})
    return out


def generate_data(spec: Spec | str, seed: int = 1) -> dict[str, Any]:
    """The roster as plain data (what the YAML holds); deterministic in ``(spec, seed)``."""
    spec = _spec(spec)
    rng = random.Random(f"orggen/{spec.name}/{spec.engineers}/{spec.teams}/{seed}")
    sizes = _team_sizes(rng, spec.engineers, spec.teams)
    sites = tuple((zone, country, sub) for zone, country, sub, _w in SITES)
    site_weights = tuple(((zone, country, sub), w) for zone, country, sub, w in SITES)

    engineers: list[dict[str, Any]] = []
    teams: list[dict[str, Any]] = []
    team_site: list[tuple[str, str, str | None]] = []
    n = 0
    for t, size in enumerate(sizes):
        home = _weighted(rng, site_weights)
        other = rng.choice([s for s in sites if s != home]) if rng.random() < 0.35 else None
        domain = DOMAINS[t % len(DOMAINS)]
        tid = f"t{t:03d}-{domain}"
        members = []
        for j in range(size):
            zone, country, sub = other if other is not None and j % 2 == 1 else home
            eng: dict[str, Any] = {"id": f"e{n:04d}", "timezone": zone, "country": country}
            if sub is not None:
                eng["subdivision"] = sub
            eng["working_hours"] = _weighted(rng, WORKING_HOURS)
            skills = [domain]
            if rng.random() < 0.2:
                skills.append(rng.choice([d for d in DOMAINS if d != domain]))
            eng["skills"] = skills
            engineers.append(eng)
            members.append(eng["id"])
            n += 1
        teams.append({"id": tid, "members": members})
        team_site.append(home)

    # org-wide pools: disjoint, spread over teams (one per team while there are enough teams)
    ic_size = max(spec.ic_min, round(spec.pool_share * spec.engineers))
    rc_size = max(spec.rc_min, round(spec.pool_share * spec.engineers))
    order = list(range(len(teams)))
    picked: set[str] = set()

    if ic_size + rc_size > spec.engineers:
        raise ValueError(f"{spec.engineers} engineers cannot fill pools of {ic_size} and {rc_size}")

    def draw(count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            rng.shuffle(order)
            for t in order:
                free = [m for m in teams[t]["members"] if m not in picked]
                if free and len(chosen) < count:
                    m = rng.choice(free)
                    picked.add(m)
                    chosen.append(m)
        return sorted(chosen)

    ic = draw(ic_size)
    rc = draw(rc_size)
    by_id = {e["id"]: e for e in engineers}
    for m in ic:
        by_id[m]["skills"].append("incident-command")
    for m in rc:
        by_id[m]["skills"].append("release")

    # PTO with caps per team and per org-wide pool
    cal = _Calendar(spec)
    team_of = {m: t["id"] for t in teams for m in t["members"]}
    team_size = {t["id"]: len(t["members"]) for t in teams}
    keep = 5 if spec.team_every == "day" else 4
    pad_team = 1 if spec.team_every == "day" else 7
    for eng in engineers:
        tid = team_of[eng["id"]]
        groups = [(tid, max(1, team_size[tid] - keep), pad_team)]
        if eng["id"] in ic:
            groups.append(("@ic", max(1, ic_size // 3), 1))
        if eng["id"] in rc:
            groups.append(("@rc", max(1, rc_size // 3), 7))
        blocks = _pto(rng, spec, cal, groups, [])
        if blocks:
            eng["unavailable"] = blocks

    rotations: list[dict[str, Any]] = []
    for t, home in zip(teams, team_site, strict=True):
        rot: dict[str, Any] = {"id": f"{t['id']}-oncall", "team": t["id"], "every": spec.team_every,
                               "handoff": "mon 10:00" if spec.team_every == "week" else "10:00",
                               "timezone": home[0], "roles": {"primary": 1, "secondary": 1},
                               "requires_skills": [t["id"].split("-", 1)[1]]}
        rotations.append(rot)
    rotations.append({"id": "incident-commander", "members": ic, "every": "day", "handoff": "09:00",
                      "timezone": "America/New_York", "roles": {"primary": 1},
                      "requires_skills": ["incident-command"]})
    rotations.append({"id": "release-captain", "members": rc, "every": "week", "handoff": "tue 09:00",
                      "timezone": "Europe/Budapest", "roles": {"primary": 1},
                      "requires_skills": ["release"]})
    return {
        "name": f"synthetic {spec.name} ({spec.engineers} engineers, {spec.teams} teams, seed {seed})",
        "horizon": {"start": spec.start.isoformat(), "end": spec.end.isoformat()},
        "engineers": engineers,
        "teams": teams,
        "rotations": rotations,
    }


def generate(spec: Spec | str, seed: int = 1) -> fairshift.Roster:
    """The synthetic organisation as a validated :class:`fairshift.Roster`."""
    return fairshift.parse_roster(generate_data(spec, seed))


def yaml_text(data: dict[str, Any]) -> str:
    """Roster data as YAML (block style with flow leaves, times quoted)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Q

    def quote_times(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: quote_times(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [quote_times(v) for v in obj]
        if isinstance(obj, str) and any(ch.isdigit() for ch in obj) and ":" in obj:
            return Q(obj)
        return obj

    yaml = YAML(typ="rt")
    yaml.default_flow_style = None
    yaml.width = 4096
    buf = io.StringIO()
    buf.write("# Generated by benchmarks/orggen.py; do not edit.\n")
    yaml.dump(quote_times(data), buf)
    return buf.getvalue()


def write_yaml(path: str | Path, spec: Spec | str, seed: int = 1) -> Path:
    """Write the organisation's roster YAML (input for ``fairshift solve``)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(yaml_text(generate_data(spec, seed)), encoding="utf-8")
    return p


def summary(roster: fairshift.Roster) -> dict[str, Any]:
    """Counts that describe a generated roster (for the benchmark README)."""
    days = roster.horizon.days
    pto = sum((u.end - u.start).days + 1 for e in roster.engineers for u in e.unavailable)
    zones = Counter(e.timezone for e in roster.engineers)
    ic = roster.rotations_by_id.get("incident-commander")
    rc = roster.rotations_by_id.get("release-captain")
    return {
        "engineers": len(roster.engineers),
        "teams": len(roster.teams),
        "rotations": len(roster.rotations),
        "days": days,
        "pto_share": round(pto / (days * len(roster.engineers)), 3),
        "zones": dict(sorted(zones.items())),
        "incident_commander_pool": len(ic.members) if ic else 0,
        "release_captain_pool": len(rc.members) if rc else 0,
    }


def main(argv: list[str] | None = None) -> int:
    import shapes  # the named cases; it imports this module, so not at the top

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(shapes.CASES), help="a size or a named case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the roster YAML here")
    args = parser.parse_args(argv)
    data = shapes.case_data(args.size, args.seed)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(yaml_text(data), encoding="utf-8")
        roster = fairshift.load_roster(args.out)
    else:
        roster = fairshift.parse_roster(data)
    info = summary(roster) if args.size in SIZES else shapes.describe(roster)
    print(info, file=sys.stderr if args.out is None else sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
