"""CP-SAT encoders of the hard rules, one small function per rule.

These state each rule a second time, independently of :mod:`fairshift.rules` (the checkers).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from ortools.sat.python import cp_model

from fairshift.shifts import Shift
from fairshift.solver.model import Encoding


def coverage(enc: Encoding) -> None:
    """Each role of each shift has exactly its number of engineers (rotations fixed from an
    earlier stage are pinned instead, and may have holders outside this model)."""
    for rot in enc.rotation_objs():
        if rot.id in enc.fixed:
            continue
        for shift in enc.instance.shifts[rot.id]:
            for role, need in rot.roles.items():
                seats = [v for e in enc.pool(rot.id)
                         if (v := enc.x.get((e, rot.id, shift.start, role))) is not None]
                enc.require("coverage", f"{shift.key}|{role}", enc.model.add(sum(seats) == need))


def eligibility(enc: Encoding) -> None:
    """Pool members without the rotation's required skills hold nothing."""
    for rot in enc.rotation_objs():
        if not rot.requires_skills:
            continue
        ok = set(enc.eligible(rot))
        for (e, rid, _start, _role), var in enc.x.items():
            if rid == rot.id and e not in ok:
                enc.require("eligibility", f"{rot.id}|{e}", enc.model.add(var == 0))


def unavailability(enc: Encoding) -> None:
    """No shift that touches one of the engineer's unavailable local days."""
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            why = enc.instance.unavailable(e, shift)
            if why is not None:
                for var in enc.seats(e, shift):
                    enc.require("unavailability", f"{e}|{why}", enc.model.add(var == 0))


def no_overlap(enc: Encoding) -> None:
    """At any instant an engineer holds at most one seat: a clique per shift start."""
    for e in enc.engineers():
        active: list[Shift] = []  # shifts started so far that are still running (sorted by start)
        for s in enc.candidate_shifts(e):
            active = [t for t in active if t.end > s.start]
            active.append(s)
            seats = [v for t in active for v in enc.seats(e, t)]
            if len(seats) > 1:
                enc.require("no_overlap", f"{e}|{s.key}", enc.model.add_at_most_one(seats))


def min_rest(enc: Encoding) -> None:
    """Two shifts of one engineer with a gap shorter than the minimum rest are exclusive."""
    hours = enc.instance.roster.rules.min_rest.hours
    if hours <= 0:
        return
    need = timedelta(hours=hours)
    for e in enc.engineers():
        shifts = enc.candidate_shifts(e)
        for i, a in enumerate(shifts):
            for b in shifts[i + 1:]:
                if b.start >= a.end + need:
                    break  # sorted by start: every later shift rests long enough
                if b.start >= a.end:
                    both = enc.holds(e, a) + enc.holds(e, b)
                    enc.require("min_rest", f"{e}|{b.key}", enc.model.add(both <= 1))


def no_back_to_back(enc: Encoding) -> None:
    """Consecutive shifts of one rotation never share an engineer."""
    for rot in enc.rotation_objs():
        if not enc.instance.back_to_back_forbidden(rot):
            continue
        shifts = enc.instance.shifts[rot.id]
        for e in enc.pool(rot.id):
            for a, b in itertools.pairwise(shifts):
                ct = enc.model.add(enc.holds(e, a) + enc.holds(e, b) <= 1)
                enc.require("no_back_to_back", f"{rot.id}|{e}", ct)


def max_shifts(enc: Encoding) -> None:
    """At most the cap of seats over the horizon."""
    for e in enc.engineers():
        cap = enc.instance.max_shifts(e)
        if cap is not None:
            total = sum(enc.holds(e, s) for s in enc.candidate_shifts(e))
            enc.require("max_shifts", e, enc.model.add(total <= cap))


def shadowing(enc: Encoding) -> None:
    """A new engineer holds a non-shadow role only after enough earlier shadow shifts."""
    need = enc.instance.roster.rules.shadowing.shadow_shifts
    for e in enc.engineers():
        eng = enc.instance.engineer(e)
        if not eng.new:
            continue
        shifts = enc.candidate_shifts(e)
        shadows = [(t, v) for t in shifts if (v := enc.x.get((e, t.rotation, t.start, "shadow")))
                   is not None]
        for s in shifts:
            for role in enc.instance.rotation(s.rotation).roles:
                var = enc.x.get((e, s.rotation, s.start, role))
                if role == "shadow" or var is None:
                    continue
                done = eng.history.shadow_shifts + sum(v for t, v in shadows if t.end <= s.start)
                enc.require("shadowing", f"{e}|{s.key}", enc.model.add(done >= need * var))


def public_holidays(enc: Encoding) -> None:
    """With mode avoid, nobody holds a shift touching their own public holiday."""
    if enc.instance.roster.rules.public_holidays.mode != "avoid":
        return
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            days = enc.instance.holidays(e, shift)
            for var in enc.seats(e, shift) if days else ():
                enc.require("public_holidays", f"{e}|{days[0].isoformat()}", enc.model.add(var == 0))


def _day_flags(enc: Encoding, e: str) -> dict[date, list[cp_model.IntVar]]:
    """local day -> seat variables of shifts of ``e`` that touch it."""
    flags: dict[date, list[cp_model.IntVar]] = {}
    for shift in enc.candidate_shifts(e):
        for d in enc.instance.days(e, shift):
            flags.setdefault(d, []).extend(enc.seats(e, shift))
    return flags


def _flag(enc: Encoding, name: str, seats: list[cp_model.IntVar]) -> cp_model.IntVar:
    """A boolean that is 1 whenever any of ``seats`` is."""
    flag = enc.new_bool(name)
    for v in seats:
        enc.model.add_implication(v, flag)
    return flag


def max_consecutive(enc: Encoding) -> None:
    """No run of more than ``days`` local days on call."""
    cap = enc.instance.roster.rules.max_consecutive.days
    if cap is None:
        return
    for e in enc.engineers():
        on = {d: _flag(enc, f"max_consecutive|{e}|{d}", seats)
              for d, seats in sorted(_day_flags(enc, e).items())}
        for first in on:
            window = [on.get(first + timedelta(days=k)) for k in range(cap + 1)]
            flags = [w for w in window if w is not None]
            if len(flags) == cap + 1:
                enc.require("max_consecutive", f"{e}|{first}", enc.model.add(sum(flags) <= cap))


def max_weekends(enc: Encoding) -> None:
    """At most ``count`` weekends (a local Saturday or Sunday touched) on call."""
    cap = enc.instance.roster.rules.max_weekends.count
    if cap is None:
        return
    for e in enc.engineers():
        weekend: dict[date, list[cp_model.IntVar]] = {}
        for d, seats in _day_flags(enc, e).items():
            if d.weekday() >= 5:
                weekend.setdefault(d - timedelta(days=d.weekday() - 5), []).extend(seats)
        flags = [_flag(enc, f"max_weekends|{e}|{sat}", seats) for sat, seats in sorted(weekend.items())]
        if len(flags) > cap:
            enc.require("max_weekends", e, enc.model.add(sum(flags) <= cap))
