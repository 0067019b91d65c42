"""Ticket kinds and the label spellings they are parsed from.

A :class:`Kind` is one of four defect severities, a release failure, a security
vulnerability rated critical/high/medium/low, or miscellaneous engineering work.
:func:`parse_kind` accepts the spellings found in issue trackers; case, spaces, dashes,
underscores and dots do not matter.

>>> parse_kind("SEV-1")
<Kind.SEV1: 'sev1'>
>>> parse_kind("severity_3").value
'sev3'
>>> parse_kind("Security: High").value
'security-high'
>>> parse_kind("securty-hgh")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
fairshift.incidents.errors.IncidentError: unknown ticket kind 'securty-hgh' \
(did you mean 'security-high'?); use one of sev1, sev2, sev3, sev4, release-failure, ...
"""

from __future__ import annotations

import re
from enum import StrEnum

from fairshift.incidents.errors import IncidentError
from fairshift.text import did_you_mean

__all__ = ["Kind", "parse_kind"]


class Kind(StrEnum):
    """What a ticket is about; the value is the canonical label."""

    SEV1 = "sev1"
    SEV2 = "sev2"
    SEV3 = "sev3"
    SEV4 = "sev4"
    RELEASE_FAILURE = "release-failure"
    SECURITY_CRITICAL = "security-critical"
    SECURITY_HIGH = "security-high"
    SECURITY_MEDIUM = "security-medium"
    SECURITY_LOW = "security-low"
    MISC = "misc"


_SEVERITY = re.compile(r"^(?:sev|severity|s)([1-4])(?:defect|bug|incident)?$")
_SECURITY = re.compile(
    r"^(?:security|sec|vuln|vulnerability|securityvulnerability|securityvuln)"
    r"(critical|crit|high|medium|med|moderate|low)$"
)
_RATINGS = {
    "critical": Kind.SECURITY_CRITICAL,
    "crit": Kind.SECURITY_CRITICAL,
    "high": Kind.SECURITY_HIGH,
    "medium": Kind.SECURITY_MEDIUM,
    "med": Kind.SECURITY_MEDIUM,
    "moderate": Kind.SECURITY_MEDIUM,
    "low": Kind.SECURITY_LOW,
}
_ALIASES = {
    "releasefailure": Kind.RELEASE_FAILURE,
    "releasefailed": Kind.RELEASE_FAILURE,
    "releasefail": Kind.RELEASE_FAILURE,
    "failedrelease": Kind.RELEASE_FAILURE,
    "release": Kind.RELEASE_FAILURE,
    "misc": Kind.MISC,
    "miscellaneous": Kind.MISC,
    "engineering": Kind.MISC,
    "engineeringwork": Kind.MISC,
    "misceng": Kind.MISC,
    "chore": Kind.MISC,
    "task": Kind.MISC,
    "other": Kind.MISC,
}


def _compact(label: str) -> str:
    return re.sub(r"[^0-9a-z]", "", label.lower())


def parse_kind(label: str | Kind) -> Kind:
    """The :class:`Kind` a label names; an unknown label raises :class:`IncidentError`.

    >>> [parse_kind(s).value for s in ("sev1", "Severity 4", "sec_crit", "release-failure")]
    ['sev1', 'sev4', 'security-critical', 'release-failure']
    """
    if isinstance(label, Kind):
        return label
    compact = _compact(label)
    if m := _SEVERITY.match(compact):
        return Kind(f"sev{m.group(1)}")
    if m := _SECURITY.match(compact):
        return _RATINGS[m.group(1)]
    if compact in _ALIASES:
        return _ALIASES[compact]
    canonical = [k.value for k in Kind]
    hint = did_you_mean(label.strip().lower(), canonical)
    raise IncidentError(
        f"unknown ticket kind {label!r}{hint}; use one of {', '.join(canonical)} "
        "(spellings such as SEV-1, severity-2, sec-high, release-failed, chore are accepted too)"
    )
