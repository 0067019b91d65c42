"""SLA clocks: per ticket and target, the due instant, elapsed and remaining business time.

Clocks run in business time on the kind's calendar, from ``created_at`` until the target is
met (acknowledged, or resolved; resolving also meets the acknowledge target) or until
``now``. Time inside the ticket's pauses does not count, so a pause moves the due instant
later, never earlier. A target is **breached** when it is met after its due instant, or
still unmet at a ``now`` past it; it then breached at the due instant. Everything is seen
as of ``now``: events recorded after ``now`` are ignored (see :meth:`Ticket.as_of`).

>>> from datetime import datetime, timezone
>>> from fairshift.incidents.policy import DEFAULT_SLA_POLICY
>>> utc = timezone.utc
>>> t = Ticket("INC-7", "sev1", datetime(2027, 2, 1, 8, 0, tzinfo=utc),
...            acknowledged_at=datetime(2027, 2, 1, 8, 20, tzinfo=utc))
>>> s = sla_status(t, DEFAULT_SLA_POLICY, datetime(2027, 2, 1, 9, 0, tzinfo=utc))
>>> s.acknowledge.due.isoformat(), s.acknowledge.breached, s.acknowledge.breached_at.isoformat()
('2027-02-01T08:15:00+00:00', True, '2027-02-01T08:15:00+00:00')
>>> s.resolve.due.isoformat(), s.resolve.elapsed, s.resolve.remaining, s.resolve.breached
('2027-02-01T12:00:00+00:00', datetime.timedelta(seconds=3600), \
datetime.timedelta(seconds=10800), False)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fairshift.errors import TimeError
from fairshift.incidents.business_time import (
    BusinessCalendar,
    Interval,
    advance,
    iter_working,
    measure,
)
from fairshift.incidents.kinds import Kind
from fairshift.incidents.policy import SlaPolicy
from fairshift.incidents.tickets import Ticket, merge_pauses
from fairshift.time.tz import ensure_aware

__all__ = ["SlaStatus", "TargetStatus", "due_instant", "sla_status", "ticket_business_time"]

@dataclass(frozen=True)
class TargetStatus:
    """One SLA target of one ticket, as of some ``now``.

    ``elapsed`` is business time counted so far (to ``met_at`` when met), ``remaining`` is
    ``target - elapsed`` but never below zero, ``overdue`` the business time beyond the target.
    """

    name: str
    calendar: str
    target: timedelta
    due: datetime
    met_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    overdue: timedelta
    breached: bool
    breached_at: datetime | None


@dataclass(frozen=True)
class SlaStatus:
    """The SLA targets of one ticket as of ``now``; a target is ``None`` when the kind has none."""

    ticket_id: str
    kind: Kind
    now: datetime
    acknowledge: TargetStatus | None
    resolve: TargetStatus | None

    @property
    def targets(self) -> tuple[TargetStatus, ...]:
        """The targets that apply, acknowledge first."""
        return tuple(t for t in (self.acknowledge, self.resolve) if t is not None)

    @property
    def next_due(self) -> datetime | None:
        """The earliest due instant among targets not met yet, or None."""
        return min((t.due for t in self.targets if t.met_at is None), default=None)

    @property
    def breached(self) -> bool:
        """True when any target is breached."""
        return any(t.breached for t in self.targets)


def without_pauses(
    intervals: Iterator[Interval], pauses: Sequence[Interval]
) -> Iterator[Interval]:
    """The working intervals minus sorted, non-overlapping ``pauses``."""
    first = 0
    for lo, hi in intervals:
        while first < len(pauses) and pauses[first][1] <= lo:
            first += 1
        cur = lo
        for p_lo, p_hi in pauses[first:]:
            if p_lo >= hi or cur >= hi:
                break
            if p_lo > cur:
                yield (cur, p_lo)
            cur = max(cur, p_hi)
        if cur < hi:
            yield (cur, hi)


def ticket_business_time(ticket: Ticket, until: datetime, calendar: BusinessCalendar) -> timedelta:
    """Business time on ``calendar`` from creation to ``until``, pauses (cut at ``until``) excluded.

    >>> from datetime import datetime, timezone
    >>> from fairshift.incidents.tickets import Pause
    >>> d = lambda h: datetime(2027, 1, 1, h, tzinfo=timezone.utc)
    >>> from fairshift.incidents.business_time import TWENTY_FOUR_SEVEN
    >>> t = Ticket("T", "sev2", d(0), pauses=(Pause(d(2), d(5)),))
    >>> ticket_business_time(t, d(8), TWENTY_FOUR_SEVEN)
    datetime.timedelta(seconds=18000)
    """
    until = ensure_aware(until, "until")
    if until < ticket.created_at:
        return timedelta(0)
    pauses = merge_pauses(ticket.pauses, until)
    start = ticket.created_at
    return measure(without_pauses(iter_working(calendar, start, until), pauses), until)


def due_instant(
    ticket: Ticket, target: timedelta, calendar: BusinessCalendar, pauses_until: datetime
) -> datetime:
    """When ``target`` business time since creation elapses, counting pauses up to
    ``pauses_until`` (a pause still open there is taken to end there)."""
    pauses = merge_pauses(ticket.pauses, ensure_aware(pauses_until, "pauses_until"))
    start = ticket.created_at
    return advance(without_pauses(iter_working(calendar, start), pauses), start, target)


def _target_status(
    name: str, ticket: Ticket, target: timedelta, policy: SlaPolicy, met_at: datetime | None,
    now: datetime,
) -> TargetStatus:
    cal_name = policy.target_for(ticket.kind).calendar
    calendar = policy.calendars[cal_name]
    stop = met_at if met_at is not None else now
    due = due_instant(ticket, target, calendar, stop)
    elapsed = ticket_business_time(ticket, stop, calendar)
    breached = stop > due
    return TargetStatus(
        name=name,
        calendar=cal_name,
        target=target,
        due=due,
        met_at=met_at,
        elapsed=elapsed,
        remaining=max(target - elapsed, timedelta(0)),
        overdue=max(elapsed - target, timedelta(0)),
        breached=breached,
        breached_at=due if breached else None,
    )


def sla_status(ticket: Ticket, policy: SlaPolicy, now: datetime) -> SlaStatus:
    """The ticket's SLA targets as of ``now`` (see the module documentation for the rules).

    >>> from datetime import datetime, timezone
    >>> from fairshift.incidents.policy import DEFAULT_SLA_POLICY
    >>> t = Ticket("T", "sec-medium", datetime(2027, 1, 1, tzinfo=timezone.utc))
    >>> s = sla_status(t, DEFAULT_SLA_POLICY, datetime(2027, 1, 2, tzinfo=timezone.utc))
    >>> s.acknowledge is None, s.resolve.due.date().isoformat(), s.resolve.remaining.days
    (True, '2027-04-01', 89)
    """
    now = ensure_aware(now, "now")
    if now < ticket.created_at:
        raise TimeError(
            f"now {now.isoformat()} is before ticket {ticket.id} was created "
            f"({ticket.created_at.isoformat()}); pass a later now"
        )
    seen = ticket.as_of(now)
    target = policy.target_for(seen.kind)
    ack_met = min((t for t in (seen.acknowledged_at, seen.resolved_at) if t), default=None)
    ack = res = None
    if target.acknowledge is not None:
        ack = _target_status("acknowledge", seen, target.acknowledge, policy, ack_met, now)
    if target.resolve is not None:
        res = _target_status("resolve", seen, target.resolve, policy, seen.resolved_at, now)
    return SlaStatus(seen.id, seen.kind, now, ack, res)
