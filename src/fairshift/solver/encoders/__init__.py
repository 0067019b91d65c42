"""The CP-SAT encoders, one per rule id, applied in catalogue order by :func:`add_constraints`."""

from __future__ import annotations

from collections.abc import Callable

from fairshift.solver.encoders import hard, soft
from fairshift.solver.model import Encoding

__all__ = ["ENCODERS", "add_constraints"]

ENCODERS: dict[str, Callable[[Encoding], None]] = {
    "coverage": hard.coverage,
    "eligibility": hard.eligibility,
    "unavailability": hard.unavailability,
    "no_overlap": hard.no_overlap,
    "min_rest": hard.min_rest,
    "no_back_to_back": hard.no_back_to_back,
    "max_shifts": hard.max_shifts,
    "shadowing": hard.shadowing,
    "public_holidays": hard.public_holidays,
    "max_consecutive": hard.max_consecutive,
    "max_weekends": hard.max_weekends,
    "daytime_handoff": soft.daytime_handoff,
    "spacing": soft.spacing,
    "pair_diversity": soft.pair_diversity,
    "preferences": soft.preferences,
}


def add_constraints(enc: Encoding, *, only: tuple[str, ...] | None = None) -> None:
    """Apply every encoder (or only those in ``only``) to ``enc``."""
    for rid, encode in ENCODERS.items():
        if only is None or rid in only:
            encode(enc)
