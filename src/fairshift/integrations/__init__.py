"""Pager tools in and out: import today's schedules, audit their fairness, push solved schedules back.

* :mod:`~fairshift.integrations.identity` — who is who: engineers matched by tool id, e-mail, name;
* :mod:`~fairshift.integrations.entries` — on-call entries onto the roster's shifts
  (:func:`build_schedule`), with every gap, overlap and unknown person reported;
* :mod:`~fairshift.integrations.ical`, :mod:`~fairshift.integrations.pagerduty`,
  :mod:`~fairshift.integrations.opsgenie`, :mod:`~fairshift.integrations.goalert`,
  :mod:`~fairshift.integrations.grafana` — one module per source and target;
* :mod:`~fairshift.integrations.push` — the seats wanted, the state file, the plan of a push;
* :mod:`~fairshift.integrations.http` — the HTTP client (httpx, timeouts, retries, tokens from the
  environment);
* :mod:`~fairshift.integrations.audit` — ``fairshift audit``.

Nothing here loads OR-Tools; httpx is imported only when a request is sent
(``pip install fairshift[pager]``). See ``docs/integrations.md``.
"""

from __future__ import annotations

from fairshift.integrations.entries import ImportProblem, ImportResult, OnCallEntry, build_schedule
from fairshift.integrations.errors import HttpError, ImportFormatError, IntegrationError, MissingTokenError
from fairshift.integrations.identity import Directory, Person
from fairshift.integrations.push import PushPlan, PushReport, PushState
from fairshift.integrations.sources import IMPORT_FORMATS, import_schedule

__all__ = [
    "IMPORT_FORMATS",
    "PUSH_TARGETS",
    "Directory",
    "HttpError",
    "ImportFormatError",
    "ImportProblem",
    "ImportResult",
    "IntegrationError",
    "MissingTokenError",
    "OnCallEntry",
    "Person",
    "PushPlan",
    "PushReport",
    "PushState",
    "build_schedule",
    "import_schedule",
]

PUSH_TARGETS = ("pagerduty", "opsgenie", "goalert", "grafana")
