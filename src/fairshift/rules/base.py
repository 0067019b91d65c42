"""What every rule of the catalogue shares: the rule record, violations and settings bases.

A rule module defines its settings (a frozen model: the rule's key in the ``rules:`` section),
a pure ``check(plan)`` and a CP-SAT ``encode(enc)`` (a second, independent statement of the same
rule), and, for hard rules, the sentence ``explain`` prints for one instance of it. It exports
all of that as one :class:`Rule` named ``RULE``. Rule modules import neither the solver nor
OR-Tools: the encoder works only through the :class:`~fairshift.solver.model.Encoding` it is
given, and the types of the domain and the solver are imported for type checking only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from fairshift.frozen import Frozen

if TYPE_CHECKING:
    from fairshift.domain.instance import Instance, Plan
    from fairshift.rules.settings import RuleSettings
    from fairshift.solver.model import Encoding

__all__ = ["DOCS", "Limit", "LimitRule", "NoSettings", "Rule", "SoftRule", "Violation"]

#: where every rule has its section, ``## <id>``
DOCS = "docs/rules.md"


@dataclass(frozen=True, slots=True)
class Violation:
    """One breach of one rule, in the rule's natural unit (``magnitude``).

    Weights are never applied here: a soft rule's cost in the objective is
    ``weight * magnitude`` with the weight from the roster.
    """

    rule: str
    hard: bool
    message: str
    magnitude: float = 1.0
    engineers: tuple[str, ...] = ()
    shift: str | None = None
    rotation: str | None = None

    def __str__(self) -> str:
        kind = "hard" if self.hard else "soft"
        return f"[{self.rule}, {kind}] {self.message}"


class NoSettings(Frozen):
    """A rule that is always on and has nothing to set."""


class SoftRule(Frozen):
    """A soft rule: ``weight`` 0 turns it off."""

    weight: int = Field(default=1, ge=0, le=1000)


class Limit(Frozen):
    """The part of a working-time limit an engineer may override (``engineers[].limits``): its
    figures and whether it is ``hard`` (never broken) or ``soft`` (broken at a cost)."""

    mode: Literal["hard", "soft"] = "hard"

    @property
    def hard(self) -> bool:
        return self.mode == "hard"


class LimitRule(Limit):
    """A working-time limit of the ``rules:`` section: hard by default; with ``mode: soft`` each
    unit of its magnitude costs ``weight`` (organisation-wide; ``weight: 0`` turns soft
    breaches off)."""

    weight: int = Field(default=1, ge=0, le=1000)


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue, everything about it in one record.

    ``explain`` turns the subject of one hard-rule instance (what the encoder passed to
    :meth:`~fairshift.solver.model.Encoding.require`, split at ``|``) into the sentence
    ``fairshift explain`` prints. ``per_engineer`` says that the rule's violations depend only on
    each engineer's own seats (so cover and swap checks may re-run it on two people's seats).
    ``setting`` is the field of :class:`~fairshift.rules.settings.RuleSettings` holding the
    rule's settings (None for a rule with nothing to set).
    """

    id: str
    kind: Literal["hard", "soft"]
    summary: str
    check: Callable[[Plan], list[Violation]]
    encode: Callable[[Encoding], None]
    settings: type[Frozen] = NoSettings
    explain: Callable[[Instance, tuple[str, ...]], str] | None = None
    per_engineer: bool = False

    @property
    def doc(self) -> str:
        """The rule's section of the documentation."""
        return f"{DOCS}#{self.id}"

    @property
    def hard(self) -> bool:
        return self.kind == "hard"

    def active(self, rules: RuleSettings) -> bool:
        """Whether the rule takes part in a solve: hard rules always, soft ones unless weight 0."""
        own = getattr(rules, self.id, None)
        return self.hard or (isinstance(own, SoftRule) and own.weight > 0)

    def weight(self, rules: RuleSettings) -> int:
        """The weight of the rule's soft breaches: a soft rule's ``weight``, and for a hard rule
        that may be soft in places (a limit with ``mode: soft``, ``public_holidays`` under
        ``prefer_avoid``) its ``weight`` setting; 1 for other hard rules, whose magnitudes are
        counted as they are."""
        weight = getattr(getattr(rules, self.id, None), "weight", None)
        return weight if isinstance(weight, int) else 1
