"""Why a roster cannot be scheduled: minimal sets of conflicting rule instances.

Every hard constraint is added under one assumption literal per *rule instance*
(``rule|subject``, see :meth:`Encoding.require`). CP-SAT, with no objective and one worker,
returns a set of assumptions that together are infeasible; a deletion filter then drops every
member whose removal leaves the rest infeasible, so each listed conflict is necessary: relax any
one of them and the remaining set is satisfiable. After a core is found its members are
relaxed and the search repeats, to report independent conflicts too.
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from fairshift.check.precheck import Shortage, shortages
from fairshift.domain.fairness import components
from fairshift.domain.instance import Instance
from fairshift.domain.roster import Roster
from fairshift.rules import RULES, hard_rules
from fairshift.solver.model import Encoding, add_constraints

__all__ = ["Conflict", "Explanation", "explain"]


@dataclass(frozen=True)
class Conflict:
    """One rule instance that takes part in making the roster infeasible."""

    rule: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


@dataclass(frozen=True)
class Explanation:
    """Groups of conflicts; each group is a minimal infeasible set (empty: feasible)."""

    cores: tuple[tuple[Conflict, ...], ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def feasible(self) -> bool:
        return not self.cores

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(c for core in self.cores for c in core)

    def __str__(self) -> str:
        if not self.cores:
            return "no conflict found: the hard rules can be satisfied"
        lines = []
        for i, core in enumerate(self.cores, 1):
            lines.append(f"conflict {i} (all of these together cannot hold; relax any one):")
            lines.extend(f"  - {c}" for c in core)
        lines.extend(self.notes)
        return "\n".join(lines)


def _solve(enc: Encoding, lits: list[cp_model.IntVar], seconds: float) -> tuple[object, cp_model.CpSolver]:
    enc.model.clear_assumptions()
    enc.model.add_assumptions(lits)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    return solver.solve(enc.model), solver


def _core(enc: Encoding, active: list[str], deadline: float) -> list[str] | None:
    """A minimal infeasible subset of ``active`` assumption names, or None when satisfiable."""
    lits = [enc.assumptions[n] for n in active]
    status, solver = _solve(enc, lits, deadline - _time.monotonic())
    if status != cp_model.INFEASIBLE:
        return None
    by_index = {enc.assumptions[n].index: n for n in active}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    if not core:  # infeasible without any assumption: a structural problem
        return []
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        status, _ = _solve(enc, [enc.assumptions[n] for n in trial], deadline - _time.monotonic())
        if status == cp_model.INFEASIBLE:
            core = trial  # core[i] was not needed
        else:
            i += 1
    return core


def explain(roster: Roster, *, time_limit: float = 60.0, max_conflicts: int = 5) -> Explanation:
    """Explain why ``roster`` cannot be scheduled (an empty explanation when it can).

    Shifts with fewer available eligible engineers than seats are reported first without a
    solver; otherwise each component is searched for minimal infeasible sets of rule instances.
    """
    inst = Instance(roster)
    short = shortages(inst)
    if short:
        first = tuple((Conflict(_shortage_rule(inst, s), s.shift, str(s)),) for s in short[:max_conflicts])
        more = len(short) - max_conflicts
        notes = (f"... and {more} more such shifts",) if more > 0 else ()
        return Explanation(first, True, notes)
    deadline = _time.monotonic() + time_limit
    cores: list[tuple[Conflict, ...]] = []
    complete = True
    for rids in components(inst):
        enc = Encoding(inst, rids, explain=True)
        add_constraints(enc, only=hard_rules())
        active = sorted(enc.assumptions)
        while len(cores) < max_conflicts and _time.monotonic() < deadline:
            core = _core(enc, active, deadline)
            if core is None:
                break
            if not core:
                cores.append((Conflict("coverage", ",".join(rids), "the rotations "
                                       f"{', '.join(rids)} cannot be staffed at all"),))
                break
            cores.append(tuple(_describe(inst, name) for name in core))
            active = [n for n in active if n not in core]
        if _time.monotonic() >= deadline:
            complete = False
    return Explanation(tuple(cores), complete)


def _shortage_rule(inst: Instance, short: Shortage) -> str:
    """The rule that empties a short shift: skills, PTO, avoided holidays, or plain coverage."""
    rot = inst.rotation(short.rotation)
    members = [e for e in inst.pools[rot.id] if e in inst.roster.engineers_by_id]
    if len(members) - len(short.eligible) > 0 and len(short.eligible) < short.needed:
        return "eligibility"
    reasons = list(short.unavailable.values())
    if reasons and all(r.startswith("public holiday") for r in reasons):
        return "public_holidays"
    if reasons and all(r.startswith("quiet hours") for r in reasons):
        return "quiet_hours"
    return "unavailability" if reasons else "coverage"


def _describe(inst: Instance, name: str) -> Conflict:
    rule, subject = name.split("|", 1)
    sentence = RULES[rule].explain
    parts = tuple(subject.rsplit("|", 1)) if rule == "coverage" else tuple(subject.split("|"))
    return Conflict(rule, subject, sentence(inst, parts) if sentence is not None else subject)
