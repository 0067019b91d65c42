"""A greedy first plan, given to CP-SAT as the hint of a model's first stage.

Shifts of the model's rotations are walked in time order and each seat goes to the pool member who
is furthest below their fair seat count (then the one whose burden so far is lowest for their
part of the pool, then least recently on call, then by id), skipping
whoever is away, already holds an overlapping seat, would break the minimum rest, or held the
previous shift of a rotation that forbids back-to-back shifts. Seats pinned in advance are kept.
A seat nobody fits is left empty, and so are optional seats. The plan is only a hint: CP-SAT
repairs what it breaks and the result is checked like any other; on large, easy rosters (an
hourly rotation for a year) it turns a search that finds nothing in a minute into a first
solution at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ortools.sat.python import cp_model

from fairshift.domain.fairness import FairShares
from fairshift.domain.instance import Holders
from fairshift.domain.shifts import Shift
from fairshift.solver.model import Encoding, SeatKey

__all__ = ["complete_hint", "greedy_hint"]

_NEVER = datetime.min.replace(tzinfo=UTC)


def greedy_hint(enc: Encoding, shares: FairShares, pinned: Holders, *,
                groups: list[list[str]] | None = None) -> dict[SeatKey, int]:
    """The greedy plan of the module docs as 0/1 values of the model's seat variables. Within
    each of ``groups`` (interchangeable engineers, whose burdens the model orders by id) the
    engineers' whole schedules are relabelled so that the burdens fall in that order."""
    inst = enc.instance
    rest = timedelta(hours=inst.roster.rules.min_rest.hours)
    shifts = sorted((s for rid in enc.rotations if rid not in enc.fixed for s in inst.shifts[rid]),
                    key=lambda s: (s.start, s.rotation))
    held: dict[str, list[Shift]] = {}  # the greedy seats of each engineer, in time order
    fixed: dict[str, list[Shift]] = {}  # the pinned ones
    count: dict[tuple[str, str], int] = {}
    load: dict[str, int] = {}
    previous: dict[str, tuple[str, ...]] = {}
    chosen: set[SeatKey] = set()
    for key, roles in pinned.items():  # pinned seats (org-wide, frozen) come first
        shift = inst.by_key.get(key)
        if shift is None:
            continue
        for role, names in roles.items():
            for e in names:
                fixed.setdefault(e, []).append(shift)
                count[(e, shift.rotation)] = count.get((e, shift.rotation), 0) + 1
                chosen.add((e, shift.rotation, shift.start, role))
    for shift in shifts:
        rot = inst.rotation(shift.rotation)
        back_to_back = inst.back_to_back_forbidden(rot)
        pool = enc.pool(rot.id)
        here = [e for names in pinned.get((rot.id, shift.start), {}).values() for e in names]
        optional = rot.optional_roles(inst.roster.rules)
        for role, need in rot.roles.items():
            if role in optional:  # optional seats (shadows) stay empty: the solver fills them
                continue
            taken = list(pinned.get((rot.id, shift.start), {}).get(role, ()))
            while len(taken) < need:
                best = None
                for e in pool:
                    if e in here or (e, rot.id, shift.start, role) not in enc.x:
                        continue
                    if not enc.available(e, shift) or (back_to_back and e in previous.get(rot.id, ())):
                        continue
                    mine = held.get(e, [])
                    near = [*mine[-8:], *fixed.get(e, ())]
                    if any(t.start < shift.end + rest and shift.start < t.end + rest for t in near):
                        continue
                    fair = shares.counts.get((e, rot.id), 0.0)
                    part = max(float(shares.alpha(e, rot.id)), 1e-9)
                    last = mine[-1].end if mine else _NEVER
                    behind = round(count.get((e, rot.id), 0) - fair)
                    score: tuple[int, float, datetime, str] = (behind, load.get(e, 0) / part, last, e)
                    if best is None or score < best[0]:
                        best = (score, e)
                if best is None:
                    break
                e = best[1]
                taken.append(e)
                here.append(e)
                held.setdefault(e, []).append(shift)
                count[(e, rot.id)] = count.get((e, rot.id), 0) + 1
                load[e] = load.get(e, 0) + inst.burden(e, shift)
                chosen.add((e, rot.id, shift.start, role))
        previous[rot.id] = tuple(here)
    if groups:
        chosen = _ordered(enc, chosen, groups)
    return {key: int(key in chosen) for key in enc.x}


def _ordered(enc: Encoding, chosen: set[SeatKey], groups: list[list[str]]) -> set[SeatKey]:
    """``chosen`` with each group's schedules handed out by burden, the largest to the first id."""
    burden: dict[str, int] = {}
    for e, rid, start, _role in chosen:
        burden[e] = burden.get(e, 0) + enc.instance.burden(e, enc.instance.by_key[(rid, start)])
    rename: dict[str, str] = {}
    for group in groups:
        by_load = sorted(group, key=lambda e: (-burden.get(e, 0), e))
        rename.update(zip(by_load, group, strict=True))
    return {(rename.get(e, e), rid, start, role) for e, rid, start, role in chosen}


def complete_hint(model: cp_model.CpModel, seats: dict[cp_model.IntVar, int], seconds: float,
                  variables: list[cp_model.IntVar] | None = None) -> dict[cp_model.IntVar, int] | None:
    """Every variable's value in the best solution of ``model`` with the seats fixed as given
    (the auxiliary variables, the stage's objective among them, follow from the seats by
    propagation), or None when those seats are not a solution or the short search ran out.
    CP-SAT takes a *complete* feasible hint as its first solution at once; an incomplete one only
    guides its search. ``variables``: ``model``'s variables by proto index, when the caller has
    them."""
    trial = model.clone()
    trial.clear_hints()  # type: ignore[no-untyped-call]
    for var, val in seats.items():  # fixed in the domain: no constraint to add per seat
        domain = trial.proto.variables[var.index].domain
        domain.clear()
        domain.extend([val, val])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.catch_sigint_signal = False
    if solver.solve(trial) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    count = len(model.proto.variables)
    if variables is None or len(variables) != count:
        variables = [model.get_int_var_from_proto_index(i) for i in range(count)]
    return dict(zip(variables, solver.response_proto.solution, strict=True))
