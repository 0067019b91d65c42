"""Plots of a schedule as PNG files, drawn with matplotlib's Agg canvas (no display, no pyplot).

* ``timeline-<rotation>.png`` — who is on call when, one row per engineer, one colour per role,
  times in the rotation's zone;
* ``burden.png`` — each engineer's burden (bar) against their fair share (black tick);
* ``offhours-heatmap.png`` — engineer x local hour of day: hours on call outside the engineer's
  working time, summed over the horizon (see :func:`offhours_by_local_hour`).

Figures are sized in whole pixels (``width x height`` at :data:`DPI`), all rendered before any file
is written, and each file is written atomically.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from fairshift.domain.fairness import engineer_metrics
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.common import display_names, fit_roster
from fairshift.exports.errors import MissingDependencyError
from fairshift.io.files import atomic_write_bytes
from fairshift.time.tz import wall_clock, zone

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DPI", "PlotFile", "offhours_by_local_hour", "render_plots", "write_plots"]

DPI = 100


@dataclass(frozen=True)
class PlotFile:
    """A written PNG and its size in pixels."""

    path: Path
    width: int
    height: int


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    return max((min(a1, b1) - max(a0, b0)).total_seconds(), 0.0) / 3600


def _working_window(plan: Plan, eid: str, day: date) -> tuple[datetime, datetime] | None:
    eng = plan.instance.engineer(eid)
    if day.weekday() not in eng.working_weekdays or eng.calendar.is_holiday(day):
        return None
    h0, h1 = eng.hours
    return (wall_clock(day, h0, eng.timezone),
            wall_clock(day, h1, eng.timezone))


def offhours_by_local_hour(plan: Plan) -> dict[str, tuple[float, ...]]:
    """Per engineer, 24 sums: hours on call outside working time, by local hour of day.

    Working time is read as in :mod:`fairshift.domain.burden` (working days within working hours, minus
    the engineer's public holidays), so each row sums to the engineer's ``off_hours``.
    """
    out: dict[str, tuple[float, ...]] = {}
    for eng in plan.instance.roster.engineers:
        zi = zone(eng.timezone)
        windows: dict[date, tuple[datetime, datetime] | None] = {}
        sums = [0.0] * 24
        for shift, _role in plan.by_engineer.get(eng.id, []):
            t = shift.start
            while t < shift.end:
                local = t.astimezone(zi)
                into = timedelta(minutes=local.minute, seconds=local.second, microseconds=local.microsecond)
                nxt = min(t - into + timedelta(hours=1), shift.end)
                day = local.date()
                if day not in windows:
                    windows[day] = _working_window(plan, eng.id, day)
                w = windows[day]
                working = _overlap(t, nxt, w[0], w[1]) if w is not None else 0.0
                sums[local.hour] += (nxt - t).total_seconds() / 3600 - working
                t = nxt
        out[eng.id] = tuple(sums)
    return out


def _label(text: str) -> str:
    """User text for a matplotlib label: a ``$`` would start mathtext (and can fail to parse)."""
    return text.replace("$", r"\$")


def _figure(width: int, height: int) -> Figure:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError("plots", "matplotlib", "plots") from None
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _day_ticks(origin: datetime, first: datetime, last: datetime, tz: str) -> tuple[list[float], list[str]]:
    """Local midnights between ``first`` and ``last`` as days since ``origin``, thinned to fit."""
    zi = zone(tz)
    day, stop = first.astimezone(zi).date(), last.astimezone(zi).date()
    span = (stop - day).days
    step = 1 if span <= 16 else 7 if span <= 120 else 28
    if step == 7:
        day += timedelta(days=(7 - day.weekday()) % 7)  # Mondays
    positions, labels = [], []
    while day <= stop:
        at = wall_clock(day, time(0), tz)
        positions.append((at - origin).total_seconds() / 86400)
        labels.append(day.strftime("%b %d"))
        day += timedelta(days=step)
    return positions, labels


def _timeline(plan: Plan, rid: str, names: dict[str, str]) -> tuple[bytes, int, int]:
    from matplotlib.patches import Patch

    inst = plan.instance
    rot = inst.rotation(rid)
    shifts = inst.shifts[rid]
    people = list(inst.pools[rid])
    roles = list(rot.roles)
    origin = shifts[0].start if shifts else datetime.combine(inst.roster.horizon.start, time(0), UTC)
    bars: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for shift in shifts:
        for role, who in plan.roles(shift).items():
            if role not in roles:
                roles.append(role)
            for e in who:
                if e not in people:
                    people.append(e)
                x0 = (shift.start - origin).total_seconds() / 86400
                bars.setdefault((e, role), []).append((x0, shift.hours / 24))
    width, height = 1400, max(240, 110 + 26 * len(people))
    fig = _figure(width, height)
    ax = fig.add_axes((0.16, 60 / height, 0.82, 1 - 100 / height))
    colours = [f"C{i % 10}" for i in range(len(roles))]
    for i, e in enumerate(people):
        for role, colour in zip(roles, colours, strict=True):
            spans = bars.get((e, role))
            if spans:
                ax.broken_barh(spans, (i - 0.38, 0.76), facecolors=colour, edgecolor="white", linewidth=0.4)
    ax.set_yticks(range(len(people)), [_label(names.get(e, e)) for e in people], fontsize=8)
    ax.set_ylim(len(people) - 0.5, -0.5)
    if shifts:
        ax.set_xlim(0, (shifts[-1].end - origin).total_seconds() / 86400)
        ticks, labels = _day_ticks(origin, shifts[0].start, shifts[-1].end, rot.timezone)
        ax.set_xticks(ticks, labels, fontsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(_label(f"{rot.name or rid}: who is on call when (dates in {rot.timezone})"), fontsize=10,
                 loc="left")
    ax.legend(handles=[Patch(facecolor=c, label=_label(r)) for r, c in zip(roles, colours, strict=True)],
              loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, ncols=len(roles), frameon=False)
    return _png(fig), width, height


def _burden(plan: Plan, names: dict[str, str]) -> tuple[bytes, int, int]:
    metrics = engineer_metrics(plan)
    ids = list(metrics)
    width, height = max(640, 120 + 36 * len(ids)), 520
    fig = _figure(width, height)
    ax = fig.add_axes((80 / width, 0.28, 1 - 110 / width, 0.64))
    xs = range(len(ids))
    burden = [metrics[e].burden for e in ids]
    share = [metrics[e].fair_share for e in ids]
    colours = ["#c0392b" if metrics[e].excess > 0.05 else "#2e86c1" for e in ids]
    ax.bar(xs, burden, color=colours, width=0.7, label="burden")
    ax.scatter(xs, share, marker="_", s=400, linewidths=2.5, color="black", zorder=3, label="fair share")
    ax.set_xticks(list(xs), [_label(names.get(e, e)) for e in ids], rotation=60, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(ids) - 0.4)
    ax.set_ylabel("weighted hours")
    ax.set_title("Burden against fair share (red: above fair share)", fontsize=10)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="upper right")
    return _png(fig), width, height


def _heatmap(plan: Plan, names: dict[str, str]) -> tuple[bytes, int, int]:
    heat = offhours_by_local_hour(plan)
    ids = list(heat)
    width, height = 1000, max(260, 120 + 22 * len(ids))
    fig = _figure(width, height)
    ax = fig.add_axes((0.17, 60 / height, 0.72, 1 - 100 / height))
    cax = fig.add_axes((0.91, 60 / height, 0.02, 1 - 100 / height))
    matrix = [list(heat[e]) for e in ids] or [[0.0] * 24]
    image = ax.imshow(matrix, aspect="auto", cmap="magma_r", interpolation="nearest", vmin=0)
    ax.set_xticks(range(24), [f"{h:02d}" for h in range(24)], fontsize=8)
    ax.set_yticks(range(len(ids)), [_label(names.get(e, e)) for e in ids], fontsize=8)
    ax.set_xlabel("local hour of day (each engineer's own zone)")
    ax.set_title("Off-hours on call by local hour (hours over the horizon)", fontsize=10)
    fig.colorbar(image, cax=cax, label="hours")
    return _png(fig), width, height


def render_plots(schedule: Schedule, roster: Roster) -> dict[str, tuple[bytes, int, int]]:
    """File name to (PNG bytes, width, height) for every plot; nothing is written."""
    _figure(1, 1)  # fail early, with the install hint, when matplotlib is missing
    r = fit_roster(roster, schedule)
    plan = Plan.from_schedule(Instance(r), schedule)
    names = display_names(schedule, r)
    out: dict[str, tuple[bytes, int, int]] = {}
    for rot in r.rotations:
        out[f"timeline-{rot.id}.png"] = _timeline(plan, rot.id, names)
    out["burden.png"] = _burden(plan, names)
    out["offhours-heatmap.png"] = _heatmap(plan, names)
    return out


def write_plots(schedule: Schedule, roster: Roster, directory: str | Path) -> list[PlotFile]:
    """Render every plot, then write each PNG atomically into ``directory``."""
    rendered = render_plots(schedule, roster)
    folder = Path(directory)
    written = []
    for name, (data, width, height) in rendered.items():
        atomic_write_bytes(folder / name, data)
        written.append(PlotFile(folder / name, width, height))
    return written

