"""The ticket model: what happened to one ticket, as aware UTC instants.

A :class:`Ticket` has an id, a :class:`~fairshift.incidents.kinds.Kind`, when it was
created, optionally acknowledged and resolved, the intervals during which its SLA clocks
were paused (e.g. waiting on the customer), a team and free labels. Datetimes must be
aware (any zone; they are stored in UTC); a naive datetime or an interval that ends
before it starts raises :class:`~fairshift.errors.TimeError`.

>>> from datetime import datetime, timezone
>>> t = Ticket("INC-1", Kind.SEV2, datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc), team="db")
>>> t.is_open(datetime(2027, 2, 1, 10, 0, tzinfo=timezone.utc))
True
>>> Ticket("INC-2", Kind.SEV2, datetime(2027, 2, 1, 9, 0))
Traceback (most recent call last):
...
fairshift.errors.TimeError: ticket INC-2 created_at 2027-02-01T09:00:00 has no time zone; \
pass an aware datetime
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from fairshift.errors import TimeError
from fairshift.incidents.errors import IncidentError
from fairshift.incidents.kinds import Kind, parse_kind
from fairshift.time.tz import ensure_aware

__all__ = ["Pause", "Ticket", "merge_pauses"]


@dataclass(frozen=True, slots=True)
class Pause:
    """An interval ``[start, end)`` during which SLA clocks stop; ``end=None`` means ongoing.

    >>> from datetime import datetime, timezone
    >>> Pause(datetime(2027, 1, 2, tzinfo=timezone.utc), datetime(2027, 1, 1, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    fairshift.errors.TimeError: pause ends at 2027-01-01T00:00:00+00:00, before it starts \
at 2027-01-02T00:00:00+00:00; swap the two instants
    """

    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", ensure_aware(self.start, "pause start"))
        if self.end is not None:
            end = ensure_aware(self.end, "pause end")
            object.__setattr__(self, "end", end)
            if end < self.start:
                raise TimeError(
                    f"pause ends at {end.isoformat()}, before it starts at "
                    f"{self.start.isoformat()}; swap the two instants"
                )


@dataclass(frozen=True, init=False, slots=True)
class Ticket:
    """One ticket. ``kind`` may be given as a label (``"SEV-1"``); it is parsed to a Kind.

    ``pauses`` and ``labels`` accept any iterable; they are stored as a tuple and a frozenset.
    """

    id: str
    kind: Kind
    created_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    pauses: tuple[Pause, ...]
    team: str | None
    labels: frozenset[str]

    def __init__(
        self,
        id: str,
        kind: Kind | str,
        created_at: datetime,
        acknowledged_at: datetime | None = None,
        resolved_at: datetime | None = None,
        pauses: Iterable[Pause] = (),
        team: str | None = None,
        labels: Iterable[str] = frozenset(),
    ) -> None:
        if not str(id).strip():
            raise IncidentError(f"a ticket needs a non-empty id, got {id!r}")
        created = ensure_aware(created_at, f"ticket {id} created_at")
        stored = tuple(pauses)
        for pause in stored:
            if pause.start < created:
                raise TimeError(
                    f"ticket {id} has a pause starting {pause.start.isoformat()}, before "
                    f"it was created at {created.isoformat()}; start the pause later"
                )
        values = {
            "id": id, "kind": parse_kind(kind), "created_at": created, "pauses": stored,
            "acknowledged_at": _after(created, acknowledged_at, f"ticket {id} acknowledged_at"),
            "resolved_at": _after(created, resolved_at, f"ticket {id} resolved_at"),
            "team": team, "labels": frozenset(labels),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def is_open(self, now: datetime) -> bool:
        """True when the ticket exists at ``now`` and is not resolved by then."""
        now = ensure_aware(now, "now")
        return self.created_at <= now and (self.resolved_at is None or self.resolved_at > now)

    def as_of(self, now: datetime) -> Ticket:
        """The ticket as it was known at ``now``: later acknowledgements, resolutions and
        pauses are forgotten, and a pause still running at ``now`` is open-ended.

        >>> from datetime import datetime, timezone
        >>> t = Ticket("T", "sev3", datetime(2027, 1, 1, tzinfo=timezone.utc),
        ...            resolved_at=datetime(2027, 1, 3, tzinfo=timezone.utc))
        >>> t.as_of(datetime(2027, 1, 2, tzinfo=timezone.utc)).resolved_at is None
        True
        """
        now = ensure_aware(now, "now")
        ack = self.acknowledged_at if self.acknowledged_at and self.acknowledged_at <= now else None
        res = self.resolved_at if self.resolved_at and self.resolved_at <= now else None
        pauses = tuple(
            p if p.end is not None and p.end <= now else Pause(p.start, None)
            for p in self.pauses
            if p.start <= now
        )
        if ack is self.acknowledged_at and res is self.resolved_at and pauses == self.pauses:
            return self  # nothing happened after now (the usual case): no copy
        return replace(self, acknowledged_at=ack, resolved_at=res, pauses=pauses)


def _after(created: datetime, value: datetime | None, what: str) -> datetime | None:
    if value is None:
        return None
    value = ensure_aware(value, what)
    if value < created:
        raise TimeError(
            f"{what} {value.isoformat()} is before created_at {created.isoformat()}; "
            "fix one of the two"
        )
    return value


def merge_pauses(pauses: Iterable[Pause], until: datetime) -> list[tuple[datetime, datetime]]:
    """Pause intervals cut at ``until`` (open pauses end there), sorted and merged.

    >>> from datetime import datetime, timezone
    >>> d = lambda h: datetime(2027, 1, 1, h, tzinfo=timezone.utc)
    >>> [(a.hour, b.hour) for a, b in merge_pauses([Pause(d(5), None), Pause(d(1), d(3)),
    ...                                           Pause(d(2), d(4))], until=d(8))]
    [(1, 4), (5, 8)]
    """
    cut = sorted(
        (p.start, min(p.end, until) if p.end is not None else until)
        for p in pauses
        if p.start < until
    )
    merged: list[tuple[datetime, datetime]] = []
    for start, end in cut:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
