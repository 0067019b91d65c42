"""What ``fairshift sla TICKETS.csv --policy sla.yaml --now ...`` prints, as a pure function.

The command-line wiring lives in :mod:`fairshift.cli`; this module loads the files, builds
the report and the ordered queue of open tickets, and returns the text.

>>> from datetime import datetime, timezone
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> csv_text = "id,kind,created_at,team\\nINC-1,sev1,2027-02-01T08:00Z,db\\n"
>>> _ = (folder / "t.csv").write_text(csv_text)
>>> text = run_sla_cli(folder / "t.csv", None, datetime(2027, 2, 1, 9, tzinfo=timezone.utc))
>>> print(text.split("Open queue")[1].strip())
(1 open, most urgent first)
<BLANKLINE>
#  id     kind  team  next due              left  status
1  INC-1  sev1  db    2027-02-01 08:15 UTC    0m  breached
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from fairshift.incidents.csvio import load_tickets_csv
from fairshift.incidents.durations import format_duration
from fairshift.incidents.errors import IncidentError
from fairshift.incidents.policy import SlaPolicy
from fairshift.incidents.policy_yaml import load_sla_policy
from fairshift.incidents.priority import order_queue
from fairshift.incidents.report import format_report, sla_report, text_table
from fairshift.incidents.sla import sla_status
from fairshift.incidents.tickets import Ticket
from fairshift.time.instants import parse_instant
from fairshift.time.tz import ensure_aware

__all__ = [
    "QUEUE_LIMIT",
    "format_queue",
    "load_sla_policy",
    "load_tickets_csv",
    "parse_now",
    "run_sla_cli",
]

QUEUE_LIMIT = 20


def parse_now(text: str) -> datetime:
    """The ``--now`` option: an ISO 8601 instant with an offset, returned in UTC.

    >>> parse_now("2027-02-01T10:00+01:00").isoformat()
    '2027-02-01T09:00:00+00:00'
    >>> parse_now("2027-02-01T09:00")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    fairshift.errors.TimeError: --now '2027-02-01T09:00' has no UTC offset; ...
    """
    return parse_instant(text, "--now").astimezone(UTC)


def format_queue(tickets: Sequence[Ticket], policy: SlaPolicy, now: datetime,
                 limit: int = QUEUE_LIMIT) -> str:
    """The open tickets, most urgent first, with their next due instant (first ``limit``)."""
    queue = order_queue(tickets, policy, now)
    rows = []
    for rank, ticket in enumerate(queue[:limit], start=1):
        status = sla_status(ticket, policy, now)
        nxt = min((t for t in status.targets if t.met_at is None), key=lambda t: t.due,
                  default=None)
        rows.append([
            str(rank), ticket.id, ticket.kind.value, ticket.team or "",
            "-" if nxt is None else f"{nxt.due:%Y-%m-%d %H:%M} UTC",
            "-" if nxt is None else format_duration(nxt.remaining),
            "breached" if status.breached else "ok",
        ])
    lines = [f"Open queue ({len(queue)} open, most urgent first)", ""]
    lines += text_table(["#", "id", "kind", "team", "next due", "left", "status"], rows,
                        "rllllrl")
    if len(queue) > limit:
        lines.append(f"... and {len(queue) - limit} more")
    return "\n".join(lines)


def run_sla_cli(tickets_csv: Path | str, policy_yaml: Path | str | None, now: datetime, *,
                team: str | None = None) -> str:
    """The printable SLA report and queue for a tickets CSV and an optional policy YAML."""
    now = ensure_aware(now, "--now")
    tickets = load_tickets_csv(tickets_csv)
    policy = SlaPolicy() if policy_yaml is None else load_sla_policy(policy_yaml)
    if team is not None:
        teams = sorted({t.team for t in tickets if t.team})
        tickets = [t for t in tickets if t.team == team]
        if not tickets:
            raise IncidentError(
                f"no ticket in {tickets_csv} belongs to team {team!r}; "
                f"teams found: {', '.join(teams) or 'none'}"
            )
    report = format_report(sla_report(tickets, policy, now))
    return report + "\n\n" + format_queue(tickets, policy, now) + "\n"
