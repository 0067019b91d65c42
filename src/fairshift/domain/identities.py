"""Who an engineer is in the pager tools, and which tool schedule a rotation is pushed to.

One place for every identity the integrations need (see ``docs/roster.md`` and
``docs/integrations.md``)::

    engineers:
      - id: anna
        email: anna@example.com      # matched case-insensitively; Grafana OnCall matches on it too
        pager:                       # per-tool user identities, each optional
          pagerduty: PABC123         # PagerDuty user id
          opsgenie: anna@example.com # Opsgenie username (its login e-mail) or user id
          goalert: 0b4c...           # GoAlert user id
          grafana: anna              # Grafana OnCall username
    rotations:
      - id: payments-weekly
        pager:
          pagerduty: PSCHED1                           # the schedule of the primary role
          opsgenie: {primary: payments, secondary: payments-backup}

A tool schedule given as one string is the one of the ``primary`` role; a mapping names one per
role. Which roles exist, and that no two engineers share an e-mail or a tool id, is checked with
the roster's other cross-references (:func:`fairshift.domain.checks.reference_problems`).

>>> PagerIds(pagerduty="PABC123").of("pagerduty")
'PABC123'
>>> PagerSchedules(pagerduty="PSCHED1").target("pagerduty", "primary")
'PSCHED1'
>>> PagerSchedules(opsgenie={"secondary": "backup"}).target("opsgenie", "primary") is None
True
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, Field, field_validator

from fairshift.frozen import Frozen

__all__ = ["TOOLS", "Email", "PagerIds", "PagerSchedules", "Tool", "check_email", "control_free"]

Tool = Literal["pagerduty", "opsgenie", "goalert", "grafana"]
TOOLS: tuple[str, ...] = get_args(Tool)

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")



def _tool_id(value: str) -> str:
    if not value or len(value) > 200 or any(c.isspace() or _CONTROL.match(c) for c in value):
        raise ValueError(f"{value!r} is not a tool id: 1 to 200 characters, no spaces or control "
                         "characters")
    return value


def _schedule_ref(value: str) -> str:
    if not value.strip() or len(value) > 200 or _CONTROL.search(value):
        raise ValueError(f"{value!r} is not a schedule id or name: 1 to 200 characters, no control "
                         "characters")
    return value


ToolId = Annotated[str, AfterValidator(_tool_id),
                   Field(description="The user's id or username in the tool (no spaces)")]
ScheduleRef = Annotated[str, AfterValidator(_schedule_ref),
                        Field(description="The schedule's id (or, in Opsgenie, its name) in the tool")]


def check_email(value: str) -> str:
    """``value`` if it looks like a deliverable address (``name@domain.tld``), else ValueError.

    >>> check_email("anna@example.com")
    'anna@example.com'
    >>> check_email("anna@localhost")
    Traceback (most recent call last):
    ValueError: 'anna@localhost' is not an e-mail address; write it like anna@example.com
    """
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address; write it like anna@example.com")
    return value


Email = Annotated[str, Field(max_length=254, description="An e-mail address, e.g. anna@example.com")]


class PagerIds(Frozen):
    """An engineer's user identity in each pager tool (each optional)."""

    pagerduty: ToolId | None = Field(default=None, description="PagerDuty user id, e.g. PABC123")
    opsgenie: ToolId | None = Field(default=None, description="Opsgenie username (login e-mail) or id")
    goalert: ToolId | None = Field(default=None, description="GoAlert user id")
    grafana: ToolId | None = Field(default=None, description="Grafana OnCall username")

    def of(self, tool: str) -> str | None:
        """The identity in ``tool`` (one of :data:`TOOLS`), None when not given."""
        value = getattr(self, tool)
        return value if isinstance(value, str) else None


def _per_role(value: Any) -> Any:
    return {"primary": value} if isinstance(value, str) else value


RoleTargets = dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")], ScheduleRef]


class PagerSchedules(Frozen):
    """The tool schedule each role of a rotation is pushed to: one string (the primary role's)
    or a mapping of role to schedule."""

    pagerduty: RoleTargets | None = Field(default=None, description="PagerDuty schedule id(s)")
    opsgenie: RoleTargets | None = Field(default=None, description="Opsgenie schedule id(s) or name(s)")
    goalert: RoleTargets | None = Field(default=None, description="GoAlert schedule id(s)")
    grafana: RoleTargets | None = Field(default=None, description="Grafana OnCall schedule id(s)")

    _one = field_validator("pagerduty", "opsgenie", "goalert", "grafana", mode="before")(_per_role)

    def targets(self, tool: str) -> dict[str, str]:
        """Role -> schedule in ``tool`` (empty when the rotation is not mapped there)."""
        value = getattr(self, tool)
        return dict(value) if isinstance(value, dict) else {}

    def target(self, tool: str, role: str) -> str | None:
        return self.targets(tool).get(role)


def control_free(text: str) -> str:
    """``text`` with every control character (line breaks included) replaced by a space.

    >>> control_free("Anna\\r\\nBEGIN:VEVENT")
    'Anna  BEGIN:VEVENT'
    """
    return _CONTROL.sub(" ", text)
