"""How large the solver's model of a roster is, counted before anything is built.

The solver has one 0/1 variable per engineer who may take a seat of a shift (pool × shifts ×
seats per rotation); the model's size, its build time and its memory grow with that count. It
is counted here, without OR-Tools, so ``fairshift check`` can show it and ``solve`` can refuse a
roster past :data:`fairshift.limits.MODEL_SEATS` before minutes of building (docs/limits.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from fairshift.domain.instance import Instance
from fairshift.errors import Problem, RosterError
from fairshift.limits import MODEL_SEATS

__all__ = ["check_model_size", "seat_variables"]


def seat_variables(inst: Instance, rotations: Sequence[str], only: frozenset[str] | None = None,
                   fixed: frozenset[str] = frozenset()) -> int:
    """Seat variables of a model of ``rotations`` (the ``fixed`` ones excluded, only the engineers
    in ``only`` when given): pool × shifts × seats, summed."""
    size = 0
    for rid in rotations:
        if rid in fixed:
            continue
        rot = inst.rotation(rid)
        pool = [e for e in inst.eligible(rot) if only is None or e in only]
        size += len(pool) * len(inst.shifts[rid]) * max(rot.seats, 1)
    return size


def check_model_size(inst: Instance) -> int:
    """The roster's seat variables; a :class:`RosterError` naming the largest rotations when they
    are more than :data:`~fairshift.limits.MODEL_SEATS` allows."""
    limit = MODEL_SEATS.value()
    sizes = {r.id: seat_variables(inst, (r.id,)) for r in inst.roster.rotations}
    total = sum(sizes.values())
    if total <= limit:
        return total
    worst = sorted(sizes, key=lambda r: -sizes[r])[:3]
    detail = "; ".join(f"{r}: {len(inst.shifts[r]):,} shifts x {len(inst.eligible(inst.rotation(r)))} "
                       f"people x {inst.rotation(r).seats} seats" for r in worst)
    raise RosterError([Problem(
        f"the roster needs {total:,} seat variables, more than the limit of {limit:,} ({detail}); "
        f"use fewer handoffs, a shorter horizon or smaller pools, or {MODEL_SEATS.raise_hint(total)}",
        "rotations")])
