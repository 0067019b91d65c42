"""CP-SAT encoders of the soft rules: each adds named penalty terms in the rule's own unit."""

from __future__ import annotations

from itertools import combinations, pairwise

from fairshift.solver.model import Encoding


def daytime_handoff(enc: Encoding) -> None:
    """|holds(a) - holds(b)| for every engineer outside working time at the a->b handoff."""
    for rot in enc.rotation_objs():
        shifts = enc.instance.shifts[rot.id]
        for a, b in pairwise(shifts):
            for e in enc.pool(rot.id):
                if e not in enc.instance.roster.engineers_by_id or enc.instance.working_at(e, b.start):
                    continue
                p = enc.new_bool(f"daytime_handoff|{e}|{b.key}")
                enc.model.add(p >= enc.holds(e, a) - enc.holds(e, b))
                enc.model.add(p >= enc.holds(e, b) - enc.holds(e, a))
                enc.penalize("daytime_handoff", p.name, p)


def spacing(enc: Encoding) -> None:
    """Shifts beyond the first within each window of a rotation's shifts."""
    for rot in enc.rotation_objs():
        shifts = enc.instance.shifts[rot.id]
        width = enc.instance.spacing_window(rot)
        for e in enc.pool(rot.id):
            for i in range(len(shifts) - width + 1):
                held = sum(enc.holds(e, s) for s in shifts[i:i + width])
                t = enc.new_int(0, width - 1, f"spacing|{e}|{shifts[i].key}")
                enc.model.add(t >= held - 1)
                enc.penalize("spacing", t.name, t)


def pair_diversity(enc: Encoding) -> None:
    """Repeats of the same pair sharing a shift of a rotation."""
    for rot in enc.rotation_objs():
        if rot.seats < 2:
            continue
        shifts = enc.instance.shifts[rot.id]
        pool = list(enc.pool(rot.id))
        for a, b in combinations(sorted(pool), 2):
            together = []
            for s in shifts:
                z = enc.new_bool(f"pair_diversity|{a}+{b}|{s.key}")
                enc.model.add(z >= enc.holds(a, s) + enc.holds(b, s) - 1)
                together.append(z)
            extra = enc.new_int(0, len(shifts), f"pair_diversity|{a}+{b}|{rot.id}")
            enc.model.add(extra >= sum(together) - 1)
            enc.pair_repeats[(rot.id, a, b)] = extra
            enc.penalize("pair_diversity", extra.name, extra)


def preferences(enc: Encoding) -> None:
    """Seats on local days or weekdays the engineer asked to avoid."""
    for e in enc.engineers():
        for shift in enc.candidate_shifts(e):
            if enc.instance.avoided(e, shift):
                enc.penalize("preferences", f"preferences|{e}|{shift.key}", enc.holds(e, shift))
