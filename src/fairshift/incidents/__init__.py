"""Incident triage: ticket kinds, priority ordering, business-time SLA clocks and reports.

Everything here is a pure function of its arguments: no clock is read, ``now`` is always
passed in, and instants come out as aware UTC datetimes. See ``docs/sla.md``.

>>> from datetime import datetime, timedelta, timezone
>>> created = datetime(2027, 2, 1, 9, tzinfo=timezone.utc)
>>> t = Ticket("INC-1", parse_kind("SEV-1"), created)
>>> s = sla_status(t, DEFAULT_SLA_POLICY, created + timedelta(minutes=5))
>>> s.acknowledge.due.isoformat(), s.acknowledge.remaining
('2027-02-01T09:15:00+00:00', datetime.timedelta(seconds=600))
"""

from fairshift.incidents.business_time import (
    ALL_DAYS,
    MON_FRI,
    TWENTY_FOUR_SEVEN,
    BusinessCalendar,
    add_business_time,
    business_time_between,
)
from fairshift.incidents.cli_support import format_queue, parse_now, run_sla_cli
from fairshift.incidents.csvio import dump_tickets_csv, load_tickets_csv, parse_tickets_csv
from fairshift.incidents.durations import format_duration, parse_duration
from fairshift.incidents.errors import IncidentError
from fairshift.incidents.kinds import Kind, parse_kind
from fairshift.incidents.policy import (
    DEFAULT_CALENDARS,
    DEFAULT_PRIORITY,
    DEFAULT_SLA_POLICY,
    DEFAULT_TARGETS,
    PriorityPolicy,
    SlaPolicy,
    SlaTarget,
)
from fairshift.incidents.policy_yaml import load_sla_policy, parse_sla_policy
from fairshift.incidents.priority import NO_DEADLINE, PriorityKey, order_queue, priority_key
from fairshift.incidents.report import ReportRow, SlaReport, format_report, sla_report
from fairshift.incidents.sla import SlaStatus, TargetStatus, sla_status, ticket_business_time
from fairshift.incidents.tickets import Pause, Ticket

__all__ = [
    "ALL_DAYS",
    "DEFAULT_CALENDARS",
    "DEFAULT_PRIORITY",
    "DEFAULT_SLA_POLICY",
    "DEFAULT_TARGETS",
    "MON_FRI",
    "NO_DEADLINE",
    "TWENTY_FOUR_SEVEN",
    "BusinessCalendar",
    "IncidentError",
    "Kind",
    "Pause",
    "PriorityKey",
    "PriorityPolicy",
    "ReportRow",
    "SlaPolicy",
    "SlaReport",
    "SlaStatus",
    "SlaTarget",
    "TargetStatus",
    "Ticket",
    "add_business_time",
    "business_time_between",
    "dump_tickets_csv",
    "format_duration",
    "format_queue",
    "format_report",
    "load_sla_policy",
    "load_tickets_csv",
    "order_queue",
    "parse_duration",
    "parse_kind",
    "parse_now",
    "parse_sla_policy",
    "parse_tickets_csv",
    "priority_key",
    "run_sla_cli",
    "sla_report",
    "sla_status",
    "ticket_business_time",
]
