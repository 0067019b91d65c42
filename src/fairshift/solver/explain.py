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
from typing import Literal

from ortools.sat.python import cp_model

from fairshift.check.precheck import Shortage, shortages
from fairshift.domain.fairness import components
from fairshift.domain.instance import Holders, Instance
from fairshift.domain.roster import Roster
from fairshift.domain.size import check_model_size
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
    """What the search found: groups of conflicts (each a minimal infeasible set of rule
    instances), proof that the hard rules can be satisfied, or neither within the time limit.

    ``status`` is ``conflicts``, ``schedulable`` or ``unknown``. ``complete`` is False when the
    time ran out before every component was searched or every member of a core was shown
    necessary (``notes`` says which).
    """

    cores: tuple[tuple[Conflict, ...], ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)
    status: Literal["conflicts", "schedulable", "unknown"] = "schedulable"

    @property
    def feasible(self) -> bool:
        """True only when the hard rules were shown satisfiable (not when the search ran out)."""
        return self.status == "schedulable"

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(c for core in self.cores for c in core)

    def __str__(self) -> str:
        if self.status == "schedulable":
            return "no conflict: the hard rules can all be satisfied (proven by a search)"
        if not self.cores:
            return "\n".join(["unknown: the search found no conflict and no schedule within the time "
                              "limit; raise the time limit (fairshift explain --time-limit)", *self.notes])
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


def _core(enc: Encoding, active: list[str], deadline: float) -> tuple[str, list[str]]:
    """``("infeasible", core)`` with a subset of ``active`` assumption names that cannot hold
    together (minimal unless the time ran out while shrinking it: ``"infeasible-partial"``),
    ``("satisfiable", [])`` or ``("unknown", [])``."""
    lits = [enc.assumptions[n] for n in active]
    status, solver = _solve(enc, lits, deadline - _time.monotonic())
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "satisfiable", []
    if status != cp_model.INFEASIBLE:
        return "unknown", []
    by_index = {enc.assumptions[n].index: n for n in active}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    if not core:  # infeasible without any assumption: a structural problem
        return "infeasible", []
    minimal = True
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        status, _ = _solve(enc, [enc.assumptions[n] for n in trial], deadline - _time.monotonic())
        if status == cp_model.INFEASIBLE:
            core = trial  # core[i] was not needed
            continue
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            minimal = False  # not shown necessary in the time left
        i += 1
    return ("infeasible" if minimal else "infeasible-partial"), core


def explain(roster: Roster, *, time_limit: float = 60.0, max_conflicts: int = 5,
            frozen: Holders | None = None) -> Explanation:
    """Explain why ``roster`` cannot be scheduled: conflicts, proof that it can, or ``unknown``.

    Shifts with fewer available eligible engineers than seats are reported first without a
    solver; otherwise each component is searched for minimal infeasible sets of rule instances.
    ``frozen`` seats (a re-plan's published past) take part as rule instances of their own, so a
    conflict can name the published seat that no longer fits.
    """
    inst = Instance(roster)
    check_model_size(inst)
    short = shortages(inst)
    if short:
        first = tuple((Conflict(_shortage_rule(inst, s), s.shift, str(s)),) for s in short[:max_conflicts])
        more = len(short) - max_conflicts
        tail = (f"... and {more} more such shifts",) if more > 0 else ()
        return Explanation(first, True, tail, "conflicts")
    deadline = _time.monotonic() + time_limit
    cores: list[tuple[Conflict, ...]] = []
    notes: list[str] = []
    unknown = []
    for rids in components(inst):
        enc = Encoding(inst, rids, explain=True)
        add_constraints(enc, only=hard_rules())
        _pin_frozen(enc, frozen or {})
        active = sorted(enc.assumptions)
        found = "unknown"
        while len(cores) < max_conflicts and _time.monotonic() < deadline:
            found, core = _core(enc, active, deadline)
            if found in ("satisfiable", "unknown"):
                break
            if not core:
                cores.append((Conflict("coverage", ",".join(rids), "the rotations "
                                       f"{', '.join(rids)} cannot be staffed at all"),))
                break
            if found == "infeasible-partial":
                notes.append(f"(conflict {len(cores) + 1} may hold more than it needs: the time ran out "
                             "before each member was shown necessary)")
            cores.append(tuple(_describe(inst, name) for name in core))
            active = [n for n in active if n not in core]
        if found == "unknown" and not cores:
            unknown.append(", ".join(rids))
    if unknown:
        notes.append(f"not searched to the end within {time_limit:g} s: {'; '.join(unknown)}")
    status: Literal["conflicts", "schedulable", "unknown"] = (
        "conflicts" if cores else "unknown" if unknown else "schedulable")
    return Explanation(tuple(cores), not notes, tuple(notes), status)


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


def _pin_frozen(enc: Encoding, frozen: Holders) -> None:
    """Each frozen seat as an instance of its own (``frozen|<shift key>|<role>|<engineer>``)."""
    for key, roles in frozen.items():
        shift = enc.instance.by_key.get(key)
        if shift is None or key[0] not in enc.rotations:
            continue
        for e, role, var in enc.by_shift.get(key, ()):
            held = e in roles.get(role, ())
            enc.require("frozen", f"{shift.key}|{role}|{e if held else ''}", enc.model.add(var == int(held)))


def _describe(inst: Instance, name: str) -> Conflict:
    rule, subject = name.split("|", 1)
    if rule == "frozen":
        key, role, who = subject.split("|")
        text = (f"{who} keeps the published seat {role} of {key} (frozen)" if who
                else f"the published {role} seat of {key} stays as it was (frozen)")
        return Conflict(rule, subject, text)
    sentence = RULES[rule].explain
    parts = tuple(subject.rsplit("|", 1)) if rule == "coverage" else tuple(subject.split("|"))
    return Conflict(rule, subject, sentence(inst, parts) if sentence is not None else subject)
