"""``max_oncall_share``: at most a share of the horizon on call (Google SRE: 25%).

The horizon runs from local midnight of its first day to local midnight of its end on the
engineer's own clock; the hours of their shifts inside it, over its length, is their share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from fairshift.rules.base import Limit, LimitRule, Rule, Violation
from fairshift.rules.windows import HOUR, Term, cap, limit_of, midnight, overlap, up_hours

if TYPE_CHECKING:
    from datetime import datetime

    from fairshift.domain.instance import Instance, Plan
    from fairshift.domain.roster import Roster
    from fairshift.solver.model import Encoding

ID = "max_oncall_share"
SUMMARY = "No engineer is on call for more than rules.max_oncall_share.share of the horizon."


class MaxOncallShareLimit(Limit):
    """At most ``share`` (0 to 1) of the horizon on call (``null``: no cap)."""

    share: float | None = Field(default=None, ge=0, le=1)


class MaxOncallShare(MaxOncallShareLimit, LimitRule):
    """``max_oncall_share`` for everyone; ``engineers[].limits.max_oncall_share`` overrides."""


def horizon_of(roster: Roster, tz: str) -> tuple[datetime, datetime]:
    """The horizon as instants on a clock in ``tz``."""
    return midnight(roster.horizon.start, tz), midnight(roster.horizon.end, tz)


def _allowed(roster: Roster, tz: str, share: float) -> tuple[int, int]:
    lo, hi = horizon_of(roster, tz)
    length = overlap(lo, hi, lo, hi)
    return length, round(share * length)


def check(plan: Plan) -> list[Violation]:
    inst = plan.instance
    out: list[Violation] = []
    for e, items in sorted(plan.by_engineer.items()):
        if e not in inst.roster.engineers_by_id:
            continue
        limit: MaxOncallShare = limit_of(inst.roster, e, ID)
        if limit.share is None:
            continue
        tz = inst.engineer(e).timezone
        lo, hi = horizon_of(inst.roster, tz)
        held = sum(overlap(s.start, s.end, lo, hi) for s, _ in items)
        length, allowed = _allowed(inst.roster, tz, limit.share)
        if held > allowed:
            out.append(Violation(ID, limit.hard, f"{e} is on call {held / HOUR:g} h, "
                                 f"{held / length:.1%} of the horizon; the cap is {limit.share * 100:g}% "
                                 f"({allowed / HOUR:g} h)", float(up_hours(held - allowed)), (e,)))
    return out


def encode(enc: Encoding) -> None:
    """The on-call seconds inside the horizon at most the share of its length."""
    roster = enc.instance.roster
    for e in enc.engineers():
        limit: MaxOncallShare = limit_of(roster, e, ID)
        if limit.share is None:
            continue
        tz = enc.instance.engineer(e).timezone
        lo, hi = horizon_of(roster, tz)
        terms: list[Term] = [(overlap(s.start, s.end, lo, hi), enc.holds(e, s))
                             for s in enc.candidate_shifts(e)]
        cap(enc, ID, e, terms, _allowed(roster, tz, limit.share)[1], HOUR, hard=limit.hard)


def explain(inst: Instance, subject: tuple[str, ...]) -> str:
    limit: Any = limit_of(inst.roster, subject[0], ID)
    return f"{subject[0]} may be on call for at most {limit.share * 100:g}% of the horizon"


RULE = Rule(ID, "hard", SUMMARY, check, encode, settings=MaxOncallShare, explain=explain, per_engineer=True)
