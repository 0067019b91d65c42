"""Dashboard figures per kind and per team, and their text table.

For a ``period`` ending at ``now`` (default 30 days), :func:`sla_report` counts per group:

* ``open`` tickets (created by ``now``, not resolved by then) and how many of them are
  ``breached`` (any SLA target breached);
* tickets ``resolved`` in the period, and the share of those with a resolve target that
  met it (``in SLA``);
* median (p50) and 90th percentile (p90, nearest-rank) of time to acknowledge and to resolve
  for tickets acknowledged / resolved in the period, in business time on the kind's
  calendar, pauses excluded (resolving counts as acknowledging);
* the wall-clock age of the oldest open ticket.

>>> from datetime import datetime, timezone
>>> from fairshift.incidents.policy import DEFAULT_SLA_POLICY
>>> d = lambda h: datetime(2027, 2, 1, h, tzinfo=timezone.utc)
>>> tickets = [Ticket("A", "sev1", d(1), d(2), d(4), team="db"),
...            Ticket("B", "sev1", d(2), d(2), d(8), team="web"), Ticket("C", "sev2", d(3))]
>>> print(format_report(sla_report(tickets, DEFAULT_SLA_POLICY, d(9))))
SLA report at 2027-02-01 09:00 UTC, resolved since 2027-01-02 09:00 UTC
<BLANKLINE>
kind  open  breached  resolved  in SLA     ack p50  ack p90  res p50  res p90  oldest
sev1     0         0         2  50% (1/2)       0m       1h       3h       6h       -
sev2     1         1         0  -                -        -        -        -      6h
all      1         1         2  50% (1/2)       0m       1h       3h       6h      6h
<BLANKLINE>
team       open  breached  resolved  in SLA      ack p50  ack p90  res p50  res p90  oldest
db            0         0         1  100% (1/1)       1h       1h       3h       3h       -
web           0         0         1  0% (0/1)         0m       0m       6h       6h       -
(no team)     1         1         0  -                 -        -        -        -      6h
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fairshift.incidents.durations import format_duration
from fairshift.incidents.kinds import Kind
from fairshift.incidents.policy import SlaPolicy
from fairshift.incidents.sla import sla_status, ticket_business_time
from fairshift.incidents.tickets import Ticket
from fairshift.text import printable
from fairshift.time.tz import ensure_aware

__all__ = ["NO_TEAM", "ReportRow", "SlaReport", "format_report", "percentile", "sla_report"]

NO_TEAM = "(no team)"


@dataclass(frozen=True)
class ReportRow:
    """The figures of one group (a kind, a team, or ``all``)."""

    group: str
    open: int
    open_breached: int
    resolved: int
    resolved_with_target: int
    resolved_within_sla: int
    ack_p50: timedelta | None
    ack_p90: timedelta | None
    resolve_p50: timedelta | None
    resolve_p90: timedelta | None
    oldest_open_age: timedelta | None

    @property
    def within_sla_share(self) -> float | None:
        """Share of resolved tickets with a resolve target that met it; None when there are none."""
        if not self.resolved_with_target:
            return None
        return self.resolved_within_sla / self.resolved_with_target


@dataclass(frozen=True)
class SlaReport:
    """Figures per kind (in priority order), per team (by name) and over all tickets."""

    now: datetime
    since: datetime
    by_kind: tuple[ReportRow, ...]
    by_team: tuple[ReportRow, ...]
    total: ReportRow


@dataclass(frozen=True)
class _Facts:
    ticket: Ticket
    is_open: bool
    breached: bool
    resolved: bool
    within_sla: bool | None
    ack_time: timedelta | None
    resolve_time: timedelta | None
    age: timedelta


def percentile(values: Sequence[timedelta], pct: int) -> timedelta | None:
    """Nearest-rank percentile (an actual value, no interpolation); None for no values.

    >>> percentile([timedelta(hours=h) for h in (5, 1, 3, 2)], 50)
    datetime.timedelta(seconds=7200)
    >>> percentile([timedelta(hours=h) for h in range(1, 11)], 90)
    datetime.timedelta(seconds=32400)
    """
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(-(-pct * len(ordered) // 100) - 1, 0)]


def _facts(ticket: Ticket, policy: SlaPolicy, now: datetime, since: datetime) -> _Facts:
    seen = ticket.as_of(now)
    status = sla_status(seen, policy, now)
    calendar = policy.calendar_for(seen.kind)
    ack = min((t for t in (seen.acknowledged_at, seen.resolved_at) if t), default=None)
    res = seen.resolved_at
    in_period = res is not None and res > since
    within = None if status.resolve is None or not in_period else not status.resolve.breached
    return _Facts(
        ticket=seen,
        is_open=res is None,
        breached=res is None and status.breached,
        resolved=in_period,
        within_sla=within,
        ack_time=ticket_business_time(seen, ack, calendar) if ack and ack > since else None,
        resolve_time=ticket_business_time(seen, res, calendar) if res and in_period else None,
        age=now - seen.created_at,
    )


def _row(group: str, facts: Sequence[_Facts]) -> ReportRow:
    acks = [f.ack_time for f in facts if f.ack_time is not None]
    resolves = [f.resolve_time for f in facts if f.resolve_time is not None]
    with_target = [f.within_sla for f in facts if f.within_sla is not None]
    return ReportRow(
        group=group,
        open=sum(f.is_open for f in facts),
        open_breached=sum(f.breached for f in facts),
        resolved=sum(f.resolved for f in facts),
        resolved_with_target=len(with_target),
        resolved_within_sla=sum(with_target),
        ack_p50=percentile(acks, 50),
        ack_p90=percentile(acks, 90),
        resolve_p50=percentile(resolves, 50),
        resolve_p90=percentile(resolves, 90),
        oldest_open_age=max((f.age for f in facts if f.is_open), default=None),
    )


def _group(facts: Sequence[_Facts], key: Callable[[_Facts], str]) -> dict[str, list[_Facts]]:
    groups: dict[str, list[_Facts]] = {}
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    return groups


def sla_report(
    tickets: Iterable[Ticket], policy: SlaPolicy, now: datetime,
    *, period: timedelta = timedelta(days=30),
) -> SlaReport:
    """Figures for the tickets created by ``now``; see the module documentation."""
    now = ensure_aware(now, "now")
    since = now - period
    facts = [_facts(t, policy, now, since) for t in tickets if t.created_at <= now]
    by_kind = _group(facts, lambda f: f.ticket.kind.value)
    order = {kind.value: (policy.priority.rank(kind), i) for i, kind in enumerate(Kind)}
    kinds = sorted(by_kind, key=order.__getitem__)
    by_team = _group(facts, lambda f: f.ticket.team or NO_TEAM)
    teams = sorted(by_team, key=lambda t: (t == NO_TEAM, t))
    return SlaReport(
        now=now,
        since=since,
        by_kind=tuple(_row(k, by_kind[k]) for k in kinds),
        by_team=tuple(_row(t, by_team[t]) for t in teams),
        total=_row("all", facts),
    )


_HEADERS = ("open", "breached", "resolved", "in SLA", "ack p50", "ack p90",
            "res p50", "res p90", "oldest")
_ALIGN = "lrrrlrrrrr"


def _cells(row: ReportRow) -> list[str]:
    share = row.within_sla_share
    in_sla = "-" if share is None else (
        f"{share:.0%} ({row.resolved_within_sla}/{row.resolved_with_target})"
    )
    times = (row.ack_p50, row.ack_p90, row.resolve_p50, row.resolve_p90, row.oldest_open_age)
    return [row.group, str(row.open), str(row.open_breached), str(row.resolved), in_sla,
            *("-" if t is None else format_duration(t) for t in times)]


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """Lines of a plain table; ``align`` has one ``l`` (left) or ``r`` (right) per column.

    Cells come from ticket files: control characters in them are shown as escapes
    (:func:`fairshift.text.printable`), so a cell cannot move the cursor or recolour the terminal.

    >>> print("\\n".join(text_table(["a", "bb"], [["xyz", "1"]], "lr")))
    a    bb
    xyz   1
    """
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    return [
        "  ".join(
            c.ljust(w) if a == "l" else c.rjust(w)
            for c, w, a in zip(r, widths, align, strict=True)
        ).rstrip()
        for r in [headers, *rows]
    ]


def format_report(report: SlaReport) -> str:
    """The report as a plain-text table (durations: see :func:`format_duration`)."""
    stamp = "%Y-%m-%d %H:%M UTC"
    lines = [f"SLA report at {report.now:{stamp}}, resolved since {report.since:{stamp}}", ""]
    rows = [_cells(r) for r in (*report.by_kind, report.total)]
    lines += text_table(["kind", *_HEADERS], rows, _ALIGN)
    lines.append("")
    lines += text_table(["team", *_HEADERS], [_cells(r) for r in report.by_team], _ALIGN)
    return "\n".join(lines)
