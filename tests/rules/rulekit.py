"""Shared kit of the rule-catalogue tests: the "double entry" proof.

Every rule is stated twice: once as a pure checker (:mod:`fairshift.rules`) and once as a
CP-SAT encoder (each rule module's ``encode``). The tests here pin the encoder's variables
to a random plan and ask the solver whether the plan is feasible (hard rules) or what it costs
(soft rules), and compare that with what the checker reports for the same plan.

* :func:`roster_dicts` / :func:`cases` — hypothesis strategies for small random rosters (and
  plans on them) in Budapest, Los Angeles and UTC, across the March DST weeks of 2027;
* :func:`pinned_feasible` / :func:`pinned_penalty` — the encoder's verdict on one plan;
* :func:`assert_hard_agrees` / :func:`assert_soft_agrees` — the property itself;
* :func:`make_roster`, :func:`eng`, :func:`rot`, :func:`plan_with` — terse hand-built rosters
  and plans for the table tests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, assume, settings
from ortools.sat.python import cp_model

from fairshift import parse_roster
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.shifts import Shift
from fairshift.errors import RosterError
from fairshift.rules import RULES, Violation
from fairshift.rules.base import LimitRule
from fairshift.solver.model import Encoding, add_constraints

__all__ = [
    "ALWAYS_ON",
    "PROPERTY",
    "Case",
    "Unrepresentable",
    "assert_hard_agrees",
    "assert_limit_agrees",
    "assert_soft_agrees",
    "cases",
    "eng",
    "hard_violations",
    "make_roster",
    "may_be_soft",
    "pinned_feasible",
    "pinned_feasible_together",
    "pinned_penalty",
    "plan_with",
    "plans",
    "representable",
    "rosters",
    "roster_dicts",
    "rot",
    "shift_at",
    "violations",
]

ZONES = ("Europe/Budapest", "America/Los_Angeles", "UTC")
NAMES = ("ann", "bob", "cy", "dee", "eva", "fay")
SKILLS = ("db", "k8s")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GHOST = "ghost"  # an id that is no engineer of any roster drawn here
ALWAYS_ON = ("coverage", "eligibility", "unavailability", "no_overlap")

# First days of horizons worth a look: the US (Mar 14) and EU (Mar 28) DST starts of 2027, HU's
# National Day (Mar 15) and Easter (Mar 26-29), the autumn DST ends (Oct 31, Nov 7).
ANCHORS = (
    date(2027, 3, 8), date(2027, 3, 12), date(2027, 3, 13), date(2027, 3, 22), date(2027, 3, 25),
    date(2027, 3, 27), date(2027, 10, 28), date(2027, 11, 5), date(2027, 12, 20), date(2027, 1, 1),
)

PROPERTY = settings(
    max_examples=int(os.environ.get("RULEKIT_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
"""Settings of every property here: modest, no deadline (``RULEKIT_EXAMPLES`` raises the count)."""


# --- the encoder's verdict ----------------------------------------------------------------------
class Unrepresentable(ValueError):
    """The plan assigns a seat the model has no variable for (outsider, unknown role, duplicate)."""


def _encode(plan: Plan, rule_id: str | tuple[str, ...]) -> tuple[Encoding, bool]:
    ids = (rule_id,) if isinstance(rule_id, str) else rule_id
    missing = [r for r in ids if r not in RULES]
    assert not missing, f"no encoder for {missing}: the model would accept anything"
    inst = plan.instance
    enc = Encoding(inst, tuple(r.id for r in inst.roster.rotations))
    add_constraints(enc, only=ids)
    ok = enc.pin(plan)
    return enc, ok


def _solve(model: cp_model.CpModel) -> tuple[cp_model.CpSolver, Any]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 30.0
    status = solver.solve(model)
    if status in (cp_model.MODEL_INVALID, cp_model.UNKNOWN):
        raise AssertionError(f"CP-SAT answered {solver.status_name(status)} on a pinned model")
    return solver, status


def representable(plan: Plan) -> bool:
    """Whether every seat of ``plan`` has a model variable (``Encoding.pin`` succeeds)."""
    return _encode(plan, "coverage")[1]


def pinned_feasible(plan: Plan, rule_id: str) -> bool:
    """Whether the model of rule ``rule_id`` alone accepts ``plan`` once every variable is pinned.

    A plan that the model cannot represent (``pin`` is False) counts as infeasible.
    """
    enc, ok = _encode(plan, rule_id)
    if not ok:
        return False
    _, status = _solve(enc.model)
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def pinned_feasible_together(plan: Plan, rule_ids: tuple[str, ...]) -> bool:
    """Like :func:`pinned_feasible`, with the encoders of all of ``rule_ids`` in one model."""
    enc, ok = _encode(plan, rule_ids)
    if not ok:
        return False
    _, status = _solve(enc.model)
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def pinned_penalty(plan: Plan, rule_id: str | tuple[str, ...]) -> int:
    """The least sum of rule ``rule_id``'s penalty terms with every variable pinned to ``plan``.

    With a tuple of ids, their encoders share one model and the sum is over all of them.
    """
    enc, ok = _encode(plan, rule_id)
    if not ok:
        raise Unrepresentable(f"the model cannot hold this plan (rule {rule_id})")
    ids = (rule_id,) if isinstance(rule_id, str) else rule_id
    terms = [p.magnitude for p in enc.penalties if p.rule in ids]
    assert len(terms) == len(enc.penalties), "an encoder added penalties of another rule"
    if not terms:
        _, status = _solve(enc.model)
        assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE), "a soft rule made the model infeasible"
        return 0
    enc.model.minimize(cp_model.LinearExpr.sum(terms))
    solver, status = _solve(enc.model)
    assert status == cp_model.OPTIMAL, f"not optimal: {solver.status_name(status)}"
    value = solver.objective_value
    assert abs(value - round(value)) < 1e-9
    return round(value)


# --- the checker's verdict ----------------------------------------------------------------------
def may_be_soft(rule_id: str) -> bool:
    """Whether a hard rule's breaches may be soft: a limit with ``mode: soft``, or
    ``public_holidays`` under ``prefer_avoid``."""
    return issubclass(RULES[rule_id].settings, LimitRule) or rule_id == "public_holidays"


def violations(plan: Plan, rule_id: str) -> list[Violation]:
    found = RULES[rule_id].check(plan)
    assert all(v.rule == rule_id for v in found), "a checker reported another rule's id"
    hard = RULES[rule_id].kind == "hard"
    assert all(v.hard == hard or (may_be_soft(rule_id) and not v.hard) for v in found), "wrong hard flag"
    assert all(v.magnitude > 0 for v in found), "a violation of magnitude 0 is no violation"
    return found


def hard_violations(plan: Plan, rule_id: str) -> list[Violation]:
    return [v for v in violations(plan, rule_id) if v.hard]


def _describe(plan: Plan) -> str:
    lines = []
    for shift, role, e in plan.assignments():
        lines.append(f"  {shift} -> {shift.local_end:%a %m-%d %H:%M} {role}: {e}")
    return "\n".join(lines) or "  (empty plan)"


def assert_hard_agrees(plan: Plan, rule_id: str) -> bool:
    """``pinned_feasible(plan, id) == (no hard violation of id)``; returns the common verdict."""
    found = hard_violations(plan, rule_id)
    feasible = pinned_feasible(plan, rule_id)
    assert feasible == (not found), (
        f"{rule_id}: encoder says {'feasible' if feasible else 'infeasible'}, checker found "
        f"{[str(v) for v in found]}; plan:\n{_describe(plan)}")
    return feasible


def assert_soft_agrees(plan: Plan, rule_id: str) -> int:
    """``pinned_penalty(plan, id) == sum of the checker's magnitudes``; returns that sum."""
    found = violations(plan, rule_id)
    total = sum(v.magnitude for v in found)
    penalty = pinned_penalty(plan, rule_id)
    assert penalty == total, (f"{rule_id}: encoder penalty {penalty} != checker magnitude {total:g}; "
                              f"checker found {[str(v) for v in found]}; plan:\n{_describe(plan)}")
    return penalty


def assert_limit_agrees(plan: Plan, rule_id: str) -> tuple[bool, int]:
    """For a rule whose breaches may be hard or soft (see :func:`may_be_soft`): the pinned model
    is feasible exactly when the checker finds no hard breach, and then its least penalty is the
    sum of the soft breaches' magnitudes. Returns (feasible, that penalty)."""
    found = violations(plan, rule_id)
    hard = [v for v in found if v.hard]
    feasible = pinned_feasible(plan, rule_id)
    assert feasible == (not hard), (
        f"{rule_id}: encoder says {'feasible' if feasible else 'infeasible'}, checker found "
        f"{[str(v) for v in hard]}; plan:\n{_describe(plan)}")
    if not feasible:
        return False, 0
    total = sum(v.magnitude for v in found)
    penalty = pinned_penalty(plan, rule_id)
    assert penalty == total, (f"{rule_id}: encoder penalty {penalty} != checker magnitude {total:g}; "
                              f"checker found {[str(v) for v in found]}; plan:\n{_describe(plan)}")
    return True, penalty


# --- random rosters -----------------------------------------------------------------------------
def _focus_or(draw: st.DrawFn, focus: bool, strict: st.SearchStrategy[Any],
              loose: st.SearchStrategy[Any]) -> Any:
    return draw(strict if focus else loose)


@st.composite
def _date_ranges(draw: st.DrawFn, start: date, days: int) -> dict[str, Any]:
    first = start + timedelta(days=draw(st.integers(-2, days + 1)))
    return {"start": first, "end": first + timedelta(days=draw(st.integers(0, 3)))}


@st.composite
def _engineer(draw: st.DrawFn, eid: str, start: date, days: int, focus: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": eid, "timezone": draw(st.sampled_from(ZONES))}
    country = draw(st.sampled_from((None, "HU", "US", "HU", "US") if focus == "public_holidays"
                                   else (None, None, "HU", "US")))
    if country is not None:
        out["country"] = country
    out["working_hours"] = draw(st.sampled_from(
        ("09:00-17:00", "08:00-16:00", "10:00-18:30", "07:00-19:00", "00:00-23:59", "06:00-14:00")))
    if draw(st.booleans()):
        out["working_days"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7,
                                            unique=True))
    out["skills"] = draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=2))
    pto = draw(st.lists(_date_ranges(start, days), max_size=2 if focus != "unavailability" else 3))
    if pto:
        out["unavailable"] = [{**r, "reason": draw(st.sampled_from(("pto", "leave")))} for r in pto]
    avoid = draw(st.lists(_date_ranges(start, days), max_size=1 if focus != "preferences" else 2))
    weekdays = draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=2))
    if avoid or weekdays:
        out["preferences"] = {"avoid": avoid, "avoid_weekdays": weekdays}
    out["new"] = draw(st.booleans()) if focus == "shadowing" else draw(st.integers(0, 4)) == 0
    if draw(st.integers(0, 3 if focus == "max_shifts" else 6)) == 0:
        out["max_shifts"] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        out["history"] = {"shadow_shifts": draw(st.integers(0, 2))}
    if focus in LIMITS and draw(st.integers(0, 2)) == 0:
        out["limits"] = {focus: draw(LIMITS[focus](True, own=True))}
    if draw(st.integers(0, 1 if focus == "public_holidays" else 8)) == 0:
        out["public_holidays"] = draw(st.sampled_from(HOLIDAY_MODES))
    return out


HOLIDAY_MODES = ("avoid", "prefer_avoid", "weigh", "ignore")
_QUIET = ("22:00-07:00", "00:00-06:00", "01:30-03:00", "23:00-08:00", "02:30-03:30", "12:00-13:00",
          "09:00-09:30")


# runs of up to four weeks are summed directly, longer ones over weekly sums
_ROLLING_DAYS = st.sampled_from((1, 2, 3, 5, 7, 8, 10, 29, 31))


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any], on: bool) -> Any:
    """A value of ``strategy``, or (less often when ``on``) None."""
    return draw(strategy) if draw(st.integers(0, 4 if on else 1)) > 0 else None


@st.composite
def _max_hours(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    rolling = {"days": draw(_ROLLING_DAYS), "hours": draw(st.sampled_from((8, 12.5, 24, 36, 60, 200)))}
    return {"month": _maybe(draw, st.sampled_from((12, 24, 48, 100.5, 200)), on),
            "week": _maybe(draw, st.sampled_from((12, 24, 40, 60)), on),
            "rolling": rolling if draw(st.booleans()) else None}


@st.composite
def _max_period_shifts(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    rolling = {"days": draw(_ROLLING_DAYS), "shifts": draw(st.integers(0, 5))}
    return {"month": _maybe(draw, st.integers(0, 6), on), "week": _maybe(draw, st.integers(0, 3), on),
            "rolling": rolling if draw(st.booleans()) else None}


@st.composite
def _max_rest_days(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    return {"count": _maybe(draw, st.integers(0, 2), on), "day": draw(st.sampled_from(WEEKDAYS))}


@st.composite
def _max_oncall_share(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    return {"share": _maybe(draw, st.sampled_from((0.05, 0.1, 0.2, 0.3, 0.5)), on)}


@st.composite
def _weekly_rest(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    return {"hours": _maybe(draw, st.sampled_from((11, 24, 35, 48, 100.5)), on)}


@st.composite
def _average_week(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    return {"hours": _maybe(draw, st.sampled_from((8, 24, 40, 48)), on), "weeks": draw(st.integers(1, 3))}


@st.composite
def _quiet_hours(draw: st.DrawFn, on: bool) -> dict[str, Any]:
    return {"hours": _maybe(draw, st.sampled_from(_QUIET), on)}


_FIGURES = {"max_hours": _max_hours, "max_period_shifts": _max_period_shifts,
            "max_rest_days": _max_rest_days, "max_oncall_share": _max_oncall_share,
            "weekly_rest": _weekly_rest, "average_week": _average_week, "quiet_hours": _quiet_hours}


def _limit(figures: Any) -> Any:
    @st.composite
    def draw_limit(draw: st.DrawFn, on: bool, own: bool = False) -> dict[str, Any]:
        """A limit's settings: some of its figures (all for the rules section), a mode, a weight."""
        data: dict[str, Any] = draw(figures(on))
        if own:  # an engineer's override sets only some fields
            data = {k: v for k, v in data.items() if draw(st.booleans())}
        if not own or draw(st.booleans()):
            data["mode"] = draw(st.sampled_from(("hard", "soft")))
        if not own and draw(st.booleans()):
            data["weight"] = draw(st.integers(0, 3))
        return data
    return draw_limit


#: limit rule id -> strategy of its settings (``own=True``: an engineer's override)
LIMITS = {rid: _limit(f) for rid, f in _FIGURES.items()}

# Rules whose breaches mostly need one engineer in two rotations: draw two rotations or more.
_CROSS_ROTATION = frozenset({"no_overlap", "min_rest", "max_shifts", "shadowing", "max_consecutive",
                             "max_hours", "max_period_shifts", "weekly_rest", "average_week",
                             "max_oncall_share"})

_ROLES: tuple[dict[str, int], ...] = (
    {"primary": 1}, {"primary": 1, "secondary": 1}, {"primary": 1, "shadow": 1},
    {"primary": 1, "shadow": 0}, {"primary": 2},
)
_DAILY = (["09:00"], ["07:00", "19:00"], ["00:00"], ["02:30"], ["08:00", "20:00"], ["09:00", "17:30"],
          ["23:00"], ["02:30", "14:30"])
_WEEKLY_TIMES = ("09:00", "00:00", "02:30", "10:00", "17:00")


@st.composite
def _rotation(draw: st.DrawFn, rid: str, names: Sequence[str], teams: Sequence[str],
              focus: str | None) -> dict[str, Any]:
    if focus == "pair_diversity":
        roles = draw(st.sampled_from([r for r in _ROLES if sum(r.values()) >= 2]))
    elif focus == "shadowing":
        roles = draw(st.sampled_from(({"primary": 1, "shadow": 1}, {"primary": 1, "shadow": 1},
                                      {"primary": 1})))
    else:
        roles = draw(st.sampled_from(_ROLES))
    seats = sum(roles.values())
    out: dict[str, Any] = {"id": rid, "timezone": draw(st.sampled_from(ZONES)), "roles": roles}
    if draw(st.booleans()):
        out["every"] = "week"
        day = draw(st.sampled_from(WEEKDAYS))
        out["handoff"] = f"{day} {draw(st.sampled_from(_WEEKLY_TIMES))}"
    else:
        out["every"] = "day"
        times = draw(st.sampled_from(_DAILY))
        out["handoff"] = times if len(times) > 1 or draw(st.booleans()) else times[0]
    out["dst"] = "resolve"
    how = draw(st.sampled_from(("team", "members", "both", "replace")))
    if how != "members":
        out["team"] = draw(st.sampled_from(teams))
    if how != "team":
        out["members"] = draw(st.lists(st.sampled_from(names), unique=True,
                                       min_size=seats if how != "both" else 1, max_size=len(names)))
    if how == "replace":
        out["members_mode"] = "replace"
    if draw(st.integers(0, 1 if focus == "eligibility" else 3)) == 0:
        out["requires_skills"] = draw(st.lists(st.sampled_from(SKILLS), unique=True, min_size=1,
                                               max_size=2))
    switch = draw(st.sampled_from((None, None, True, False)))
    if switch is not None:
        out["no_back_to_back"] = switch
    if draw(st.integers(0, 1 if focus == "public_holidays" else 6)) == 0:
        out["public_holidays"] = draw(st.sampled_from(HOLIDAY_MODES))
    return out


@st.composite
def _rules(draw: st.DrawFn, focus: str | None) -> dict[str, Any]:
    f = focus
    return {
        "min_rest": {"hours": _focus_or(draw, f == "min_rest", st.sampled_from((4, 8, 11.5, 12, 13, 24, 48)),
                                        st.sampled_from((0, 0, 8, 12, 13)))},
        "no_back_to_back": {"enabled": _focus_or(draw, f == "no_back_to_back", st.just(True),
                                                 st.booleans())},
        "max_shifts": {"default": _focus_or(draw, f == "max_shifts", st.integers(0, 5),
                                            st.one_of(st.none(), st.integers(1, 6)))},
        "shadowing": {"shadow_shifts": draw(st.integers(0, 3)),
                      "seats": draw(st.sampled_from(("optional", "required")))},
        "public_holidays": {"mode": _focus_or(draw, f == "public_holidays",
                                              st.sampled_from(("avoid", "prefer_avoid")),
                                              st.sampled_from(HOLIDAY_MODES)),
                            "weight": draw(st.integers(0, 3))},
        "max_consecutive": {"days": _focus_or(draw, f == "max_consecutive", st.integers(1, 6),
                                              st.one_of(st.none(), st.integers(1, 6)))},
        "max_weekends": {"count": _focus_or(draw, f == "max_weekends", st.integers(0, 2),
                                            st.one_of(st.none(), st.integers(0, 2)))},
        **{rid: draw(limit(f == rid)) for rid, limit in LIMITS.items()
           if f == rid or draw(st.integers(0, 3)) == 0},
    }


@st.composite
def roster_dicts(draw: st.DrawFn, focus: str | None = None) -> dict[str, Any]:
    """A small random roster as plain data (what a YAML file holds).

    ``focus`` (a rule id) makes that rule's parameters non-trivial more often.
    """
    start = draw(st.one_of(st.sampled_from(ANCHORS),
                           st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 10))))
    days = draw(st.integers(3, 21))
    n = draw(st.integers(2, 6))
    names = NAMES[:n]
    engineers = [draw(_engineer(e, start, days, focus)) for e in names]
    teams = [{"id": f"t{i}", "members": draw(st.lists(st.sampled_from(names), unique=True, min_size=1))}
             for i in range(draw(st.integers(1, 2)))]
    least = 2 if focus in _CROSS_ROTATION else 1
    rotations = [draw(_rotation(f"r{i}", names, [t["id"] for t in teams], focus))
                 for i in range(draw(st.integers(least, 3)))]
    return {"name": "random", "horizon": {"start": start, "end": start + timedelta(days=days)},
            "engineers": engineers, "teams": teams, "rotations": rotations, "rules": draw(_rules(focus))}


@st.composite
def rosters(draw: st.DrawFn, focus: str | None = None) -> Roster:
    """A valid random roster (drawn data that the roster model rejects is discarded)."""
    return draw(_rosters_with_data(focus))[1]


@st.composite
def _rosters_with_data(draw: st.DrawFn, focus: str | None) -> tuple[dict[str, Any], Roster]:
    data = draw(roster_dicts(focus))
    try:
        roster = parse_roster(data)
    except RosterError:
        assume(False)
        raise  # pragma: no cover - assume(False) raises
    shifts = sum(len(Instance(roster).shifts[r.id]) for r in roster.rotations)
    assume(shifts <= 90)
    return data, roster


# --- random plans -------------------------------------------------------------------------------
@st.composite
def plans(draw: st.DrawFn, inst: Instance, *, outsiders: bool = False, defects: bool = False) -> Plan:
    """A random plan of ``inst``: for each shift and role a random set of engineers.

    Counts are sometimes wrong and shifts sometimes empty (both representable). ``outsiders``
    adds engineers outside the rotation's pool (and ids of no engineer at all); ``defects``
    adds what no model can hold either: one engineer in two roles of a shift, unknown roles.
    """
    plan = Plan(inst)
    empty = draw(st.integers(0, 8))  # out of 10: how often a shift is left empty
    wrong = draw(st.integers(0, 5))  # out of 10: how often a role gets a random count
    stray = draw(st.integers(0, 4)) if outsiders else 0
    broken = draw(st.integers(0, 3)) if defects else 0
    everyone = [e.id for e in inst.roster.engineers]
    for rot in inst.roster.rotations:
        pool = list(inst.pools[rot.id])
        others = [e for e in everyone if e not in pool] + [GHOST]
        for shift in inst.shifts[rot.id]:
            if draw(st.integers(0, 9)) < empty:
                continue
            roles: dict[str, tuple[str, ...]] = {}
            taken: list[str] = []
            for role, need in rot.roles.items():
                count = need
                if (need > 0 or broken) and draw(st.integers(0, 9)) < wrong:
                    count = draw(st.integers(0, need + 1))  # need 0: a seat of no variable
                free = [e for e in pool if e not in taken]
                names = draw(st.lists(st.sampled_from(free), unique=True, min_size=min(count, len(free)),
                                      max_size=min(count, len(free)))) if free else []
                if stray and draw(st.integers(0, 9)) < stray:
                    names.append(draw(st.sampled_from(others)))
                if broken and taken and draw(st.integers(0, 9)) < broken:
                    names.append(draw(st.sampled_from(taken)))
                taken.extend(names)
                if names:
                    roles[role] = tuple(names)
            if broken and draw(st.integers(0, 9)) < broken:
                roles["tertiary"] = (draw(st.sampled_from(pool)),)
            if roles:
                plan.holders[(rot.id, shift.start)] = roles
    return plan


@dataclass(frozen=True)
class Case:
    """A drawn roster (and the data it was parsed from), its instance and a plan on it."""

    data: dict[str, Any]
    roster: Roster
    instance: Instance
    plan: Plan

    def __repr__(self) -> str:
        return f"Case(data={self.data!r},\n plan=\n{_describe(self.plan)})"


@st.composite
def cases(draw: st.DrawFn, focus: str | None = None, *, outsiders: bool = False,
          defects: bool = False) -> Case:
    data, roster = draw(_rosters_with_data(focus))
    inst = Instance(roster)
    plan = draw(plans(inst, outsiders=outsiders, defects=defects))
    return Case(data, roster, inst, plan)


# --- hand-built rosters and plans ---------------------------------------------------------------
def eng(eid: str, tz: str = "UTC", **fields: Any) -> dict[str, Any]:
    """An engineer as roster data."""
    return {"id": eid, "timezone": tz, **fields}


def rot(rid: str, members: Sequence[str], every: str = "day", handoff: str | list[str] = "09:00",
        tz: str = "UTC", **fields: Any) -> dict[str, Any]:
    """A rotation as roster data (members only, no team)."""
    return {"id": rid, "members": list(members), "every": every, "handoff": handoff, "timezone": tz,
            **fields}


def make_roster(start: date, days: int, engineers: Sequence[Mapping[str, Any]],
                rotations: Sequence[Mapping[str, Any]], rules: Mapping[str, Any] | None = None,
                teams: Sequence[Mapping[str, Any]] = ()) -> Instance:
    """The instance of a hand-written roster (which must be valid)."""
    data = {"name": "table", "horizon": {"start": start, "end": start + timedelta(days=days)},
            "engineers": list(engineers), "teams": list(teams), "rotations": list(rotations),
            "rules": dict(rules or {})}
    return Instance(parse_roster(data))


def shift_at(inst: Instance, rid: str, local: str) -> Shift:
    """The shift of ``rid`` starting at local wall time ``local`` ("2027-03-28 09:00")."""
    for s in inst.shifts[rid]:
        if s.local_start.strftime("%Y-%m-%d %H:%M") == local:
            return s
    raise KeyError(f"{rid} has no shift starting {local}: "
                   f"{[s.local_start.strftime('%Y-%m-%d %H:%M') for s in inst.shifts[rid]]}")


def plan_with(inst: Instance, seats: Mapping[tuple[str, str | int], Mapping[str, Sequence[str]]]) -> Plan:
    """A plan from ``{(rotation, index or local start): {role: engineers}}``."""
    plan = Plan(inst)
    for (rid, at), roles in seats.items():
        shift = inst.shifts[rid][at] if isinstance(at, int) else shift_at(inst, rid, at)
        plan.holders[(rid, shift.start)] = {role: tuple(names) for role, names in roles.items()}
    return plan


def utc(text: str) -> datetime:
    """An aware UTC instant from ``"2027-03-28 07:00"``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
