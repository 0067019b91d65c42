"""The CP-SAT model of one component: variables, named constraints and penalty terms.

Every variable is named ``<rule>|<subject>|<window>`` so that logs and explanations speak
the roster's language. Hard constraints go through :meth:`Encoding.require`, which in
explain mode enforces them only under one assumption literal per *rule instance*
(``rule|subject``), so an infeasible core names rule instances, not variable indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from ortools.sat.python import cp_model

from fairshift.domain.fairness import available, eligible
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Rotation
from fairshift.domain.shifts import Shift
from fairshift.rules import CATALOGUE

__all__ = ["Encoding", "Penalty", "Var", "add_constraints"]

SeatKey = tuple[str, str, datetime, str]  # engineer, rotation, start (UTC), role
Var = cp_model.IntVar


@dataclass(frozen=True)
class Penalty:
    """A soft-rule term: ``magnitude`` (a variable or expression) of rule ``rule``."""

    rule: str
    name: str
    magnitude: cp_model.LinearExprT


@dataclass(eq=False)
class Encoding:
    """The model of the rotations ``rotations`` of ``instance``."""

    instance: Instance
    rotations: tuple[str, ...]
    explain: bool = False
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[SeatKey, cp_model.IntVar] = field(default_factory=dict)
    penalties: list[Penalty] = field(default_factory=list)
    assumptions: dict[str, cp_model.IntVar] = field(default_factory=dict)
    pair_repeats: dict[tuple[str, str, str], cp_model.IntVar] = field(default_factory=dict)
    only: frozenset[str] | None = None
    fixed: frozenset[str] = frozenset()
    _pools: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _shifts_of: dict[str, list[Shift]] = field(default_factory=dict)
    by_shift: dict[tuple[str, datetime], list[tuple[str, str, cp_model.IntVar]]] = field(
        default_factory=dict)

    def __post_init__(self) -> None:
        for rid in self.rotations:
            rot = self.instance.rotation(rid)
            roles = [role for role, n in rot.roles.items() if n > 0]
            for shift in self.instance.shifts[rid]:
                here = self.by_shift[(rid, shift.start)] = []
                for e in self.pool(rid):
                    for role in roles:
                        var = self.x[(e, rid, shift.start, role)] = self.model.new_bool_var(
                            f"x|{e}|{shift.key}|{role}")
                        here.append((e, role, var))

    # --- access -------------------------------------------------------------------------
    def rotation_objs(self) -> list[Rotation]:
        return [self.instance.rotation(r) for r in self.rotations]

    def seats(self, e: str, shift: Shift) -> list[cp_model.IntVar]:
        """Variables of ``e`` holding any role of ``shift``."""
        rot = self.instance.rotation(shift.rotation)
        return [v for role in rot.roles if (v := self.x.get((e, shift.rotation, shift.start, role)))
                is not None]

    def pool(self, rid: str) -> tuple[str, ...]:
        """Engineers of rotation ``rid`` who have variables in this model.

        Normally the rotation's whole pool; a model restricted to ``only`` (a team solved after
        the org-wide rotations it shares were fixed) keeps just those engineers.
        """
        found = self._pools.get(rid)
        if found is None:
            known = self.instance.roster.engineers_by_id
            found = self._pools[rid] = tuple(e for e in self.instance.pools[rid] if e in known
                                             and (self.only is None or e in self.only))
        return found

    def engineers(self) -> list[str]:
        seen: dict[str, None] = {}
        for rid in self.rotations:
            for e in self.pool(rid):
                seen[e] = None
        return list(seen)

    def candidate_shifts(self, e: str) -> list[Shift]:
        """Shifts of this component that ``e`` has a variable for, in time order."""
        found = self._shifts_of.get(e)
        if found is None:
            out = [s for rid in self.rotations if e in self.pool(rid) for s in self.instance.shifts[rid]]
            found = self._shifts_of[e] = sorted(out, key=lambda s: (s.start, s.rotation))
        return list(found)

    def holds(self, e: str, shift: Shift) -> cp_model.LinearExpr:
        """1 when ``e`` holds any role of ``shift`` (no_overlap makes it 0/1)."""
        return cp_model.LinearExpr.sum(self.seats(e, shift))

    def eligible(self, rot: Rotation) -> tuple[str, ...]:
        return tuple(e for e in eligible(self.instance, rot) if self.only is None or e in self.only)

    def available(self, e: str, shift: Shift) -> bool:
        return available(self.instance, e, shift)

    # --- building -----------------------------------------------------------------------
    def require(self, rule: str, subject: str, ct: cp_model.Constraint) -> None:
        """A hard constraint of rule instance ``rule|subject``."""
        if not self.explain:
            return
        name = f"{rule}|{subject}"
        lit = self.assumptions.get(name)
        if lit is None:
            lit = self.assumptions[name] = self.model.new_bool_var(f"assume|{name}")
        ct.only_enforce_if(lit)

    def penalize(self, rule: str, name: str, magnitude: cp_model.LinearExprT) -> None:
        self.penalties.append(Penalty(rule, name, magnitude))

    def new_bool(self, name: str) -> cp_model.IntVar:
        return self.model.new_bool_var(name)

    def new_int(self, lo: int, hi: int, name: str) -> cp_model.IntVar:
        return self.model.new_int_var(lo, hi, name)

    def day_flags(self, e: str) -> dict[date, list[Var]]:
        """Local day of ``e`` -> the seat variables of the shifts of ``e`` that touch it."""
        flags: dict[date, list[Var]] = {}
        for shift in self.candidate_shifts(e):
            for d in self.instance.days(e, shift):
                flags.setdefault(d, []).extend(self.seats(e, shift))
        return flags

    def flag(self, name: str, seats: list[Var]) -> Var:
        """A boolean that is 1 whenever any of ``seats`` is."""
        flag = self.new_bool(name)
        for v in seats:
            self.model.add_implication(v, flag)
        return flag

    def pin(self, plan: Plan) -> bool:
        """Fix every variable to ``plan``'s assignment. False when the plan assigns someone who
        has no variable at all (not in the pool, unknown role or shift): no model can hold it."""
        wanted: set[SeatKey] = set()
        for shift, role, e in plan.assignments():
            if shift.rotation in self.rotations:
                wanted.add((e, shift.rotation, shift.start, role))
        for key, var in self.x.items():
            self.model.add(var == (1 if key in wanted else 0))
        return wanted <= set(self.x) and not plan.unknown and _no_duplicates(plan, self.rotations)


def _no_duplicates(plan: Plan, rotations: Iterable[str]) -> bool:
    for rid in rotations:
        for shift in plan.instance.shifts[rid]:
            names = plan.engineers(shift)
            if len(names) != len(set(names)):
                return False
    return True


def add_constraints(enc: Encoding, *, only: Iterable[str] | None = None) -> None:
    """Apply every rule's encoder (or only those in ``only``) to ``enc``, in catalogue order."""
    wanted = None if only is None else set(only)
    for rule in CATALOGUE:
        if wanted is None or rule.id in wanted:
            rule.encode(enc)
