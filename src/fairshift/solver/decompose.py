"""Splitting a component at its org-wide rotations.

An org-wide rotation (an incident-commander rotation drawing a few people from every team) links
every team into one component, and one CP-SAT model of a whole organisation is slow to build and
to prove. A *hub* is a rotation whose pool meets the pools of two or more other rotations of its
component (three or more, or two for a rotation that is not a team's own). When removing the hubs
splits the component, fairshift solves in two steps: the hubs first (as their own models, one per
set of hubs that share engineers), then each remaining group of rotations with the hubs' assignments
fixed for the engineers it shares with them, so every cross-rotation rule (overlap, rest,
consecutive days, weekends, caps) still holds. If a group cannot be completed around the fixed
hubs, the whole component is solved jointly instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from fairshift.domain.fairness import connected, eligible
from fairshift.domain.instance import Instance

__all__ = ["Split", "split_component"]


@dataclass(frozen=True)
class Group:
    """Rotations solved together after the hubs, the engineers they involve, and the hubs they share."""

    rotations: tuple[str, ...]
    engineers: frozenset[str]
    hubs: tuple[str, ...]


@dataclass(frozen=True)
class Split:
    """The hubs of a component, split into independent parts (hubs that share no engineer are
    solved as separate models), and the groups solved around them."""

    hubs: tuple[str, ...]
    groups: tuple[Group, ...]
    hub_parts: tuple[tuple[str, ...], ...] = ()


def split_component(inst: Instance, rotations: tuple[str, ...],
                    extra_hubs: frozenset[str] = frozenset()) -> Split | None:
    """The hubs of a component and the groups left when they are removed, or None.
    ``extra_hubs`` are solved with the hubs as well (teams that could not be completed around
    an org-wide plan made without them)."""
    if len(rotations) < 3:
        return None
    pools = {r: frozenset(eligible(inst, inst.rotation(r))) for r in rotations}
    degree = {r: sum(1 for o in rotations if o != r and pools[r] & pools[o]) for r in rotations}
    # a hub meets three or more rotations, or two when it is not a team's own rotation (a team
    # rotation that meets the incident-commander and release-captain rotations is no hub)
    hubs = tuple(r for r in rotations if r in extra_hubs
                 or degree[r] >= 3 or (degree[r] >= 2 and inst.rotation(r).team is None))
    rest = [r for r in rotations if r not in hubs]
    if not hubs or len(rest) < 2:
        return None
    groups = _groups(rest, pools)
    if len(groups) < 2:
        return None
    out = []
    for g in groups:
        people = frozenset().union(*(pools[r] for r in g))
        touching = tuple(h for h in hubs if pools[h] & people)
        out.append(Group(g, people, touching))
    return Split(hubs, tuple(out), tuple(_groups(list(hubs), pools)))


def _groups(rotations: list[str], pools: dict[str, frozenset[str]]) -> list[tuple[str, ...]]:
    return connected({r: sorted(pools[r]) for r in rotations})
