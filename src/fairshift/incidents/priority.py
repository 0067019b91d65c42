"""Queue order: priority class first, then the earliest SLA deadline, then the oldest ticket.

The class comes from the policy's :class:`~fairshift.incidents.policy.PriorityPolicy`. The
deadline is the earliest due instant among the ticket's targets not yet met as of ``now``
(tickets without one sort after those with one in the same class); ties fall to
``created_at`` and then the ticket id, so the order is total. Sorting is stable: tickets
with equal keys (same class, deadline, creation and id) keep their input order.

>>> from datetime import datetime, timezone
>>> from fairshift.incidents.policy import DEFAULT_SLA_POLICY
>>> d = lambda day, h: datetime(2027, 2, day, h, tzinfo=timezone.utc)
>>> tickets = [Ticket("A", "misc", d(1, 9)), Ticket("B", "sev3", d(1, 10)),
...            Ticket("C", "sev1", d(1, 11)), Ticket("D", "sev3", d(1, 9), resolved_at=d(1, 10)),
...            Ticket("E", "security-critical", d(1, 8)), Ticket("F", "sev3", d(1, 9))]
>>> [t.id for t in order_queue(tickets, DEFAULT_SLA_POLICY, d(1, 12))]
['C', 'F', 'B', 'E', 'A']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from fairshift.incidents.policy import SlaPolicy
from fairshift.incidents.sla import sla_status
from fairshift.incidents.tickets import Ticket
from fairshift.time.tz import ensure_aware

__all__ = ["NO_DEADLINE", "PriorityKey", "order_queue", "priority_key"]

NO_DEADLINE = datetime.max.replace(tzinfo=UTC)
"""The deadline of a ticket with no unmet SLA target: after every real deadline."""


class PriorityKey(NamedTuple):
    """Sort key of a ticket; smaller is more urgent."""

    rank: int
    deadline: datetime
    created_at: datetime
    ticket_id: str


def priority_key(ticket: Ticket, policy: SlaPolicy, now: datetime) -> PriorityKey:
    """The ticket's sort key as of ``now`` (a ticket created after ``now`` raises TimeError).

    >>> from datetime import datetime, timezone
    >>> from fairshift.incidents.policy import DEFAULT_SLA_POLICY
    >>> t = Ticket("INC-1", "SEV-2", datetime(2027, 2, 1, 9, tzinfo=timezone.utc))
    >>> k = priority_key(t, DEFAULT_SLA_POLICY, datetime(2027, 2, 1, 9, 30, tzinfo=timezone.utc))
    >>> k.rank, k.deadline.isoformat()
    (2, '2027-02-01T10:00:00+00:00')
    """
    status = sla_status(ticket, policy, now)
    deadline = status.next_due or NO_DEADLINE
    return PriorityKey(policy.priority.rank(ticket.kind), deadline, ticket.created_at, ticket.id)


def order_queue(tickets: Iterable[Ticket], policy: SlaPolicy, now: datetime) -> list[Ticket]:
    """The tickets open at ``now`` (created by then, not resolved by then), most urgent first."""
    now = ensure_aware(now, "now")
    open_now = [t for t in tickets if t.is_open(now)]
    keys = {id(t): priority_key(t, policy, now) for t in open_now}
    return sorted(open_now, key=lambda t: keys[id(t)])
