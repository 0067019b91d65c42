"""SLA and priority policies: which targets apply to each kind, and how the queue is ordered.

An :class:`SlaPolicy` names its business calendars, maps every :class:`Kind` to an
:class:`SlaTarget` (time to acknowledge and time to resolve, on one named calendar) and
carries the :class:`PriorityPolicy` that orders the queue. :data:`DEFAULT_SLA_POLICY` holds
documented example targets; load your own from YAML with
:func:`fairshift.incidents.policy_yaml.load_sla_policy`.

>>> DEFAULT_SLA_POLICY.target_for(Kind.SEV1)
SlaTarget(calendar='24x7', acknowledge=datetime.timedelta(seconds=900), \
resolve=datetime.timedelta(seconds=14400))
>>> DEFAULT_SLA_POLICY.target_for(Kind.SECURITY_MEDIUM).resolve.days
90
>>> DEFAULT_PRIORITY.rank(Kind.RELEASE_FAILURE) < DEFAULT_PRIORITY.rank(Kind.SEV2)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from types import MappingProxyType

from fairshift.incidents.business_time import MON_FRI, TWENTY_FOUR_SEVEN, BusinessCalendar
from fairshift.incidents.errors import IncidentError
from fairshift.incidents.kinds import Kind, parse_kind

__all__ = [
    "DEFAULT_CALENDARS",
    "DEFAULT_PRIORITY",
    "DEFAULT_SLA_POLICY",
    "DEFAULT_TARGETS",
    "PriorityPolicy",
    "SlaPolicy",
    "SlaTarget",
]

ALWAYS = "24x7"


@dataclass(frozen=True)
class SlaTarget:
    """The targets of one kind: time to acknowledge and to resolve (``None``: no target),
    measured in business time on the calendar named ``calendar``."""

    calendar: str = ALWAYS
    acknowledge: timedelta | None = None
    resolve: timedelta | None = None

    def __post_init__(self) -> None:
        for name in ("acknowledge", "resolve"):
            value = getattr(self, name)
            if value is not None and value <= timedelta(0):
                raise IncidentError(
                    f"SLA target {name}={value} must be positive; leave it out for no target"
                )


@dataclass(frozen=True)
class PriorityPolicy:
    """Priority classes, most urgent first; each kind is in exactly one class.

    Within a class, tickets are ordered by their next SLA deadline, then by age.

    >>> p = PriorityPolicy.from_labels(["sev1", "release-failure", "sev2", "security-critical",
    ...     "sev3", ["security-high", "security-medium", "security-low"], ["sev4", "misc"]])
    >>> p.rank(Kind.SECURITY_CRITICAL) < p.rank(Kind.SEV3)
    True
    >>> p.rank(Kind.SEV4) == p.rank(Kind.MISC)
    True
    """

    classes: tuple[frozenset[Kind], ...]
    _ranks: Mapping[Kind, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        classes = tuple(frozenset(c) for c in self.classes)
        object.__setattr__(self, "classes", classes)
        ranks: dict[Kind, int] = {}
        for rank, group in enumerate(classes):
            if not group:
                raise IncidentError(f"priority class {rank + 1} is empty; remove it")
            for kind in group:
                if kind in ranks:
                    raise IncidentError(
                        f"kind {kind.value!r} is listed twice in the priority order "
                        f"(classes {ranks[kind] + 1} and {rank + 1}); keep one"
                    )
                ranks[kind] = rank
        missing = [k.value for k in Kind if k not in ranks]
        if missing:
            raise IncidentError(
                f"the priority order does not list {', '.join(missing)}; every kind must "
                "appear once, e.g. add them as a last class"
            )
        object.__setattr__(self, "_ranks", ranks)

    @classmethod
    def from_labels(cls, classes: Iterable[str | Iterable[str]]) -> PriorityPolicy:
        """Build from labels: a string is a class of one kind, a list a class of several."""
        return cls(
            tuple(
                frozenset([parse_kind(c)] if isinstance(c, str) else map(parse_kind, c))
                for c in classes
            )
        )

    def rank(self, kind: Kind) -> int:
        """0 for the most urgent class, then 1, 2, ..."""
        return self._ranks[kind]


DEFAULT_PRIORITY = PriorityPolicy.from_labels(
    [
        "sev1",
        "release-failure",
        "sev2",
        "sev3",
        "security-critical",
        "security-high",
        "security-medium",
        "security-low",
        ["sev4", "misc"],
    ]
)

DEFAULT_CALENDARS: Mapping[str, BusinessCalendar] = MappingProxyType({
    ALWAYS: TWENTY_FOUR_SEVEN,
    "business": BusinessCalendar("UTC", time(9), time(17), MON_FRI),
})

_H = timedelta(hours=1)
DEFAULT_TARGETS: Mapping[Kind, SlaTarget] = MappingProxyType({
    Kind.SEV1: SlaTarget(ALWAYS, timedelta(minutes=15), 4 * _H),
    Kind.SEV2: SlaTarget(ALWAYS, _H, 24 * _H),
    Kind.RELEASE_FAILURE: SlaTarget("business", _H, 8 * _H),
    Kind.SEV3: SlaTarget("business", 8 * _H, 40 * _H),
    Kind.SEV4: SlaTarget("business", 40 * _H, 160 * _H),
    Kind.SECURITY_CRITICAL: SlaTarget(ALWAYS, 24 * _H, timedelta(days=7)),
    Kind.SECURITY_HIGH: SlaTarget(ALWAYS, 72 * _H, timedelta(days=30)),
    Kind.SECURITY_MEDIUM: SlaTarget(ALWAYS, None, timedelta(days=90)),
    Kind.SECURITY_LOW: SlaTarget(ALWAYS, None, timedelta(days=180)),
    Kind.MISC: SlaTarget("business"),
})


@dataclass(frozen=True)
class SlaPolicy:
    """Named calendars, one :class:`SlaTarget` per kind, and the queue's priority order.

    The calendar ``24x7`` is always present and always open.
    """

    calendars: Mapping[str, BusinessCalendar] = field(default_factory=lambda: DEFAULT_CALENDARS)
    targets: Mapping[Kind, SlaTarget] = field(default_factory=lambda: DEFAULT_TARGETS)
    priority: PriorityPolicy = DEFAULT_PRIORITY

    def __post_init__(self) -> None:
        calendars = dict(self.calendars)
        if calendars.setdefault(ALWAYS, TWENTY_FOUR_SEVEN) != TWENTY_FOUR_SEVEN:
            raise IncidentError(
                f"calendar name {ALWAYS!r} is reserved for the always-open calendar; "
                "give your calendar another name"
            )
        object.__setattr__(self, "calendars", calendars)
        object.__setattr__(self, "targets", dict(self.targets))
        missing = [k.value for k in Kind if k not in self.targets]
        if missing:
            raise IncidentError(
                f"the SLA policy has no targets for {', '.join(missing)}; add them (an empty "
                "target with just a calendar means no SLA)"
            )
        for kind, target in self.targets.items():
            if target.calendar not in calendars:
                raise IncidentError(
                    f"kind {kind.value!r} uses calendar {target.calendar!r}, which is not "
                    f"defined; define it or use one of {', '.join(sorted(calendars))}"
                )

    def target_for(self, kind: Kind) -> SlaTarget:
        """The targets of ``kind``."""
        return self.targets[kind]

    def calendar_for(self, kind: Kind) -> BusinessCalendar:
        """The calendar on which ``kind``'s targets are measured."""
        return self.calendars[self.targets[kind].calendar]


DEFAULT_SLA_POLICY = SlaPolicy()
