"""The solver's stages in the user's units, and the verdict on fairness a schedule carries.

A solved schedule's JSON keeps the solver's figures as extra keys: ``stages`` (one row per
component and stage: ``{component, name, status, value, bound}``), ``whole_components`` (the
whole-component certificates of components solved in steps) and ``fairness_status``. Stage values
are in solver units: seats for ``counts`` and ``changes``, hundredths of an hour
(:data:`fairshift.domain.burden.SCALE`) for every other stage (``total`` adds soft-rule costs to
burden hours: weighted hours); :func:`stage_amount` turns them into seats or hours.

>>> stage_amount("max_excess", 8467)
'84.67 h'
>>> stage_amount("counts", 0)
'0 seats'
>>> stage_line({"component": 1, "name": "max_excess", "status": "feasible", "value": 7211, "bound": 0})
'component 1 max_excess: 72.11 h  (not proven; bound 0.00 h)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fairshift.domain.burden import SCALE
from fairshift.domain.schedule import Schedule

__all__ = ["SEAT_STAGES", "Verdict", "stage_amount", "stage_line", "stage_rows", "verdict"]

#: stages counted in seats; every other stage is in hundredths of an hour
SEAT_STAGES = frozenset({"counts", "changes"})
#: the stages that decide fairness (the rest is cost and soft rules)
FAIRNESS_STAGES = frozenset({"counts", "balance", "max_excess", "max_shortfall"})


def stage_amount(name: str, value: float) -> str:
    """A stage value in natural units: seats, or hours (two decimals)."""
    if name in SEAT_STAGES:
        n = round(value)
        return f"{n} seat{'s' if n != 1 else ''}" if abs(value - n) < 1e-9 else f"{value:g} seats"
    return f"{value / SCALE:.2f} {'weighted h' if name == 'total' else 'h'}"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def stage_line(row: Mapping[str, Any], *, prefix: str = "") -> str:
    """One stage row as a line: ``component 0 max_excess: 84.67 h  (proven)``."""
    name = str(row.get("name", "?"))
    value, bound = _number(row.get("value")), _number(row.get("bound"))
    shown = stage_amount(name, value) if value is not None else "?"
    if row.get("status") == "optimal":
        tail = "proven"
    else:
        tail = "not proven" + (f"; bound {stage_amount(name, bound)}" if bound is not None else "")
    where = row.get("step") or f"component {row.get('component', row.get('task', '?'))}"
    return f"{prefix}{where} {name}: {shown}  ({tail})"


def stage_rows(schedule: Schedule) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``stages`` and ``whole_components`` rows a schedule carries (empty lists when none)."""
    extra = schedule.model_extra or {}

    def rows(key: str) -> list[dict[str, Any]]:
        raw = extra.get(key)
        return [dict(r) for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []

    return rows("stages"), rows("whole_components")


@dataclass(frozen=True)
class Verdict:
    """Whether a schedule's fairness is proven, in words.

    ``proven`` is True (the solver proved every fairness stage optimal), False (it did not), or
    None (no solver figures: a hand-written or imported schedule). ``overridden`` counts seats
    changed by overrides after the solve, which the proof does not cover.
    """

    proven: bool | None
    status: str
    fairness_status: str | None
    overridden: int
    bound_hours: float | None

    @property
    def headline(self) -> str:
        if self.proven is None:
            return "Fairness not checked by the solver"
        return "Fairness proven" if self.proven else "Fairness not proven"

    def sentences(self, max_excess: float, out_of_band: int) -> list[str]:
        """The verdict as sentences, with the plan's own largest excess and seats out of band."""
        band = ("every seat count is within its fair band" if out_of_band == 0
                else f"{out_of_band} seat(s) are outside their fair bands")
        figures = f"The largest burden above anyone's fair share is {max_excess:.1f} h, and {band}."
        if self.proven is None:
            first = ("This schedule carries no solver figures (written by hand or by another tool), "
                     "so nothing is claimed about it beyond the figures below.")
        elif self.proven:
            first = ("The solver proved that no schedule keeping every hard rule, within the fair seat "
                     "bands and the burden budget, has a smaller largest excess over fair share or "
                     "a smaller largest shortfall (to the stated resolution).")
        else:
            bound = (f" No schedule can do better than {self.bound_hours:.1f} h (the solver's bound)."
                     if self.bound_hours is not None else "")
            first = ("This is the fairest schedule the solver found within its time limit; it did "
                     f"not prove that none is fairer.{bound} A longer --time-limit may close the gap.")
        out = [first, figures]
        if self.overridden:
            out.append(f"{self.overridden} seat(s) were changed by overrides after the solve; the "
                       "solver's verdict is about the schedule before them.")
        return out


def _fairness_proven(status: str, recorded: str | None, stages: Sequence[Mapping[str, Any]]) -> bool | None:
    if recorded is not None:
        return recorded == "optimal"
    if status == "optimal":
        return True  # every stage of every component proven
    return False if stages or status == "feasible" else None


def verdict(schedule: Schedule) -> Verdict:
    """The verdict a schedule carries: ``fairness_status`` when recorded, else its ``status``."""
    extra = schedule.model_extra or {}
    recorded = extra.get("fairness_status")
    recorded = recorded if isinstance(recorded, str) else None
    stages, whole = stage_rows(schedule)
    proven = _fairness_proven(schedule.status, recorded, stages)
    # a component solved in steps has its steps' bounds in ``stages``, which bound the step only
    stepwise = bool(whole) or bool(extra.get("stepwise"))
    bounds = [] if stepwise else [b for r in stages if r.get("name") == "max_excess"
                               and (b := _number(r.get("bound"))) is not None]
    overridden = sum(1 for s in schedule.shifts for a in s.assignments
                     if "override_reason" in (a.model_extra or {}))
    return Verdict(proven, schedule.status, recorded, overridden, max(bounds) / SCALE if bounds else None)
