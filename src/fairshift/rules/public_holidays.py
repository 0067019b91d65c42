"""``public_holidays``: nobody is on call on their own public holiday, where the mode says so.

The mode of a seat is the engineer's ``public_holidays`` if set, else the rotation's, else
``rules.public_holidays.mode``:

* ``avoid`` — never on call on one's own public holiday (hard);
* ``prefer_avoid`` — not on call on one's own holiday where the others can cover: each holiday a
  seat touches costs ``weight`` (soft), and holiday hours weigh extra burden as with ``weigh``;
* ``weigh`` (the default) — holiday hours add burden (see :mod:`fairshift.domain.burden`);
* ``ignore`` — holidays are ordinary days.

Neither ``weigh`` nor ``ignore`` is ever a violation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from fairshift.frozen import Frozen
from fairshift.rules.base import Rule, Violation

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.roster import Roster
    from fairshift.solver.model import Encoding

ID = "public_holidays"
SUMMARY = "Under avoid, no one holds a shift touching their own public holiday (prefer_avoid: at a cost)."

HolidayMode = Literal["avoid", "prefer_avoid", "weigh", "ignore"]


class PublicHolidays(Frozen):
    """The organisation's holiday mode (rotations and engineers may set their own) and the cost of
    each holiday a seat touches under ``prefer_avoid``."""

    mode: HolidayMode = "weigh"
    weight: int = Field(default=8, ge=0, le=1000, description="Cost per holiday under prefer_avoid")


def holiday_mode(roster: Roster, eid: str, rid: str) -> HolidayMode:
    """The mode of ``eid``'s seats on rotation ``rid``: the engineer's, the rotation's, the roster's."""
    own = roster.engineer(eid).public_holidays
    if own is not None:
        return own
    rot = roster.rotations_by_id[rid].public_holidays
    return rot if rot is not None else roster.rules.public_holidays.mode


def weighs(mode: HolidayMode) -> bool:
    """Whether holiday hours add burden under ``mode``."""
    return mode in ("weigh", "prefer_avoid")


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for shift, _role, e in plan.assignments():
        if e not in inst.roster.engineers_by_id:
            continue
        mode = holiday_mode(inst.roster, e, shift.rotation)
        days = inst.holidays(e, shift) if mode in ("avoid", "prefer_avoid") else ()
        if days:
            name = inst.engineer(e).calendar.name(days[0])
            out.append(Violation(ID, mode == "avoid", f"{shift}: {days[0].isoformat()} is a public "
                                 f"holiday for {e} ({name}), {mode}", float(len(days)), (e,),
                                 shift.key, shift.rotation))
    return out


def encode(enc: Encoding) -> None:
    """Seats on the holder's own holidays: forbidden under avoid, a cost under prefer_avoid."""
    roster = enc.instance.roster
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            mode = holiday_mode(roster, e, shift.rotation)
            if mode not in ("avoid", "prefer_avoid"):
                continue
            days = enc.instance.holidays(e, shift)
            if not days:
                continue
            if mode == "prefer_avoid":
                enc.penalize(ID, f"{ID}|{e}|{shift.key}", len(days) * enc.holds(e, shift))
                continue
            for var in enc.seats(e, shift):
                enc.require(ID, f"{e}|{days[0].isoformat()}", enc.model.add(var == 0))


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    return f"{subject[1]} is a public holiday for {subject[0]} (mode avoid)"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=PublicHolidays, explain=explain, per_engineer=True)
