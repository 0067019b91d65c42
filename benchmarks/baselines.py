"""Baselines: how pager tools fill rotations today, in fairshift's schedule JSON format.

* :func:`round_robin` — a PagerDuty / Opsgenie / GoAlert layer: the rotation's member list
  repeated in order. Shift ``i`` of a rotation with ``k`` seats takes members
  ``i*k, i*k+1, ..., i*k+k-1`` (mod the list length), seats filled role by role in the
  roster's role order. Nobody looks at PTO, holidays or the other rotations.
* :func:`greedy` — what a careful human or a script does: walk every shift of every rotation
  in time order and give each seat to whoever was **least recently on call** (end of their last
  shift in any rotation; never on call first; ties by id), skipping anyone *unavailable*
  (PTO touching the shift on their own clock; also own public holidays under
  ``public_holidays: avoid``) or *busy* (already holding an overlapping shift, or holding the
  previous shift of this rotation). If everyone is skipped, the rules are given up one at a
  time — first "not the previous shift", then "no overlap", then "not on PTO" — so every seat
  is filled and the hard violation shows up in :func:`fairshift.validate`.

The member list is the rotation's pool (team members, then its ``members``) restricted to those
with the rotation's ``requires_skills``: a pager tool's layer lists only qualified people.
Both functions return a :class:`fairshift.Schedule` built through :meth:`fairshift.Plan.to_schedule`,
so ``fairshift validate`` reads it like any other schedule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import fairshift
from fairshift.domain.fairness import available, eligible, engineer_metrics, fair_shares
from fairshift.domain.shifts import Shift

__all__ = ["METHODS", "greedy", "greedy_plan", "round_robin", "round_robin_plan"]


def _seats(rot: fairshift.Rotation) -> list[str]:
    """One entry per seat, role by role: ``{primary: 1, secondary: 1}`` -> [primary, secondary]."""
    return [role for role, count in rot.roles.items() for _ in range(count)]


def _schedule(plan: fairshift.Plan, status: str, stats: dict[str, int] | None = None) -> fairshift.Schedule:
    metrics = engineer_metrics(plan, fair_shares(plan.instance))
    extra = {"method": status, **({"fallbacks": stats} if stats is not None else {})}
    return plan.to_schedule(status=status, engineers={e: m.as_dict() for e, m in metrics.items()},
                            extra=extra)


def round_robin_plan(roster: fairshift.Roster) -> fairshift.Plan:
    """Plain round robin over each rotation's member list (see the module docs)."""
    inst = fairshift.Instance(roster)
    plan = fairshift.Plan(inst)
    for rot in roster.rotations:
        members = eligible(inst, rot)
        seats = _seats(rot)
        k, n = len(seats), len(members)
        for i, shift in enumerate(inst.shifts[rot.id]):
            roles: dict[str, tuple[str, ...]] = {}
            for j, role in enumerate(seats):
                roles[role] = (*roles.get(role, ()), members[(i * k + j) % n])
            plan.holders[(rot.id, shift.start)] = roles
    return plan


def round_robin(roster: fairshift.Roster) -> fairshift.Schedule:
    return _schedule(round_robin_plan(roster), "round-robin")


NEVER = datetime(1970, 1, 1, tzinfo=UTC)

# Rules the greedy gives up, in this order, when nobody is left for a seat.
RELAX = ("previous_shift", "overlap", "unavailable")


def greedy_plan(roster: fairshift.Roster) -> tuple[fairshift.Plan, Counter[str]]:
    """Least-recently-on-call greedy (see the module docs); also how often it had to give up
    a rule (key: the rule given up; ``"none"`` never counted)."""
    inst = fairshift.Instance(roster)
    plan = fairshift.Plan(inst)
    order = {rot.id: i for i, rot in enumerate(roster.rotations)}
    pools = {rot.id: eligible(inst, rot) for rot in roster.rotations}
    events: list[tuple[datetime, int, Shift]] = [
        (shift.start, order[rid], shift) for rid, shifts in inst.shifts.items() for shift in shifts]
    events.sort(key=lambda ev: (ev[0], ev[1], ev[2].index))
    busy_until: dict[str, datetime] = {}  # end of the last shift each engineer holds
    previous: dict[str, frozenset[str]] = {}  # rotation -> holders of its latest shift
    fallbacks: Counter[str] = Counter()
    shadowed: Counter[str] = Counter()  # shadow seats each engineer has held so far
    need = roster.rules.shadowing.shadow_shifts
    for _start, _o, shift in events:
        rot = inst.rotation(shift.rotation)
        chosen: list[str] = []
        roles: dict[str, tuple[str, ...]] = {}
        prev = previous.get(rot.id, frozenset())
        optional = rot.optional_roles(roster.rules)
        for role in _seats(rot):
            if role in optional:  # optional shadow seat: a new engineer who still needs one, or nobody
                learners = tuple(e for e in pools[rot.id] if inst.engineer(e).new
                                 and inst.engineer(e).history.shadow_shifts + shadowed[e] < need)
                rest = timedelta(hours=roster.rules.min_rest.hours)
                free = [e for e in learners if _fits(inst, shift, e, chosen, prev, busy_until, 0, rest)]
                if free:
                    pick = min(free, key=lambda e: (busy_until.get(e, NEVER), e))
                    chosen.append(pick)
                    shadowed[pick] += 1
                    roles[role] = (*roles.get(role, ()), pick)
                continue
            pick = _pick(inst, shift, pools[rot.id], chosen, prev, busy_until, fallbacks)
            chosen.append(pick)
            roles[role] = (*roles.get(role, ()), pick)
        for e in chosen:
            busy_until[e] = max(busy_until.get(e, shift.end), shift.end)
        previous[rot.id] = frozenset(chosen)
        plan.holders[(rot.id, shift.start)] = roles
    return plan, fallbacks


def _fits(inst: fairshift.Instance, shift: Shift, e: str, chosen: list[str], prev: frozenset[str],
          busy_until: dict[str, datetime], relaxed: int, rest: timedelta = timedelta(0)) -> bool:
    """Whether ``e`` may take a seat of ``shift`` with the first ``relaxed`` rules of
    :data:`RELAX` given up (``rest``: the time off required after their last shift)."""
    if e in chosen:
        return False
    if relaxed < 3 and not available(inst, e, shift):
        return False
    if relaxed < 2 and busy_until.get(e, NEVER) + rest > shift.start:
        return False
    return not (relaxed < 1 and e in prev)


def _pick(inst: fairshift.Instance, shift: Shift, pool: tuple[str, ...], chosen: list[str],
          prev: frozenset[str], busy_until: dict[str, datetime], fallbacks: Counter[str]) -> str:
    # least recently on call first: the end of their last shift (still running counts as latest)
    ranked = sorted(pool, key=lambda e: (busy_until.get(e, NEVER), e))
    for relaxed in range(4):
        for e in ranked:
            if _fits(inst, shift, e, chosen, prev, busy_until, relaxed):
                if relaxed:
                    fallbacks[RELAX[relaxed - 1]] += 1
                return e
    raise ValueError(f"{shift}: the pool of {shift.rotation} is smaller than its seats")


def greedy(roster: fairshift.Roster) -> fairshift.Schedule:
    plan, fallbacks = greedy_plan(roster)
    return _schedule(plan, "greedy", dict(sorted(fallbacks.items())))


METHODS: dict[str, Callable[[fairshift.Roster], fairshift.Schedule]] = {
    "round-robin": round_robin,
    "greedy": greedy,
}
