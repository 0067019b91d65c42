"""Inline SVG bars of each person's burden against their fair share, written by hand.

No plotting library: the report's HTML stays one self-contained file that renders without
matplotlib. Each person gets one horizontal bar split into what their burden is made of (on-call
hours, then the extra weight of weekend, own-holiday, off-hours and night hours, see
:mod:`fairshift.domain.burden`), a black tick at their fair share and the figures at the end.
Every text is escaped; every bar has a ``<title>`` (a tooltip) with the numbers.

>>> svg = burden_bars([Bar("anna", "Anna <A>", (("hours", 10.0), ("night", 2.0)), 10.0)])
>>> svg.startswith("<svg") and "Anna &lt;A&gt;" in svg and svg.count('class="part ') == 2
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["COLOURS", "LABELS", "Bar", "burden_bars"]

#: colour of each part of a bar (colour-blind safe palette)
COLOURS = {"hours": "#4c78a8", "weekend": "#f58518", "holiday": "#e45756", "off_hours": "#72b7b2",
           "night": "#54a24b"}
LABELS = {"hours": "on-call hours", "weekend": "weekend extra", "holiday": "own-holiday extra",
          "off_hours": "off-hours extra", "night": "night extra"}

_ROW, _LABEL, _BAR, _FIGURES, _TOP = 22, 190, 460, 190, 34


@dataclass(frozen=True)
class Bar:
    """One person's bar: ``parts`` are (category, weighted hours) adding up to their burden."""

    id: str
    name: str
    parts: tuple[tuple[str, float], ...]
    fair_share: float

    @property
    def burden(self) -> float:
        return sum(v for _, v in self.parts)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _legend(categories: Sequence[str]) -> list[str]:
    out, x = [], _LABEL
    for c in categories:
        out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS.get(c, "#999")}"/>'
                   f'<text x="{x + 16}" y="18">{_e(LABELS.get(c, c))}</text>')
        x += 22 + 7 * len(LABELS.get(c, c))
    out.append(f'<line x1="{x}" y1="6" x2="{x}" y2="22" stroke="#111" stroke-width="2"/>'
               f'<text x="{x + 6}" y="18">fair share</text>')
    return out


def burden_bars(bars: Sequence[Bar], *, title: str = "Burden against fair share") -> str:
    """The bars as one ``<svg>`` element (width 840 px, one 22 px row per person)."""
    top = max([b.burden for b in bars] + [b.fair_share for b in bars] + [1.0])
    scale = _BAR / top
    categories = list(dict.fromkeys(c for b in bars for c, v in b.parts if v > 0)) or ["hours"]
    width, height = _LABEL + _BAR + _FIGURES, _TOP + _ROW * len(bars) + 8
    out = [f'<svg class="bars" role="img" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
           f"<title>{_e(title)}</title>", '<g class="legend" font-size="11">', *_legend(categories), "</g>"]
    for i, b in enumerate(bars):
        y = _TOP + i * _ROW
        excess = b.burden - b.fair_share
        tip = (f"{b.name}: burden {b.burden:.1f} h, fair share {b.fair_share:.1f} h, "
               f"excess {excess:+.1f} h; " + ", ".join(f"{LABELS.get(c, c)} {v:.1f} h" for c, v in b.parts))
        out.append(f'<g class="person" data-engineer="{_e(b.id)}"><title>{_e(tip)}</title>')
        out.append(f'<text x="{_LABEL - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
                   f"{_e(b.name)}</text>")
        x = float(_LABEL)
        for c, v in b.parts:
            if v <= 0:
                continue
            w = v * scale
            out.append(f'<rect class="part {_e(c)}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="16" '
                       f'fill="{COLOURS.get(c, "#999")}"/>')
            x += w
        tick = _LABEL + b.fair_share * scale
        out.append(f'<line class="share" x1="{tick:.1f}" y1="{y}" x2="{tick:.1f}" y2="{y + 22}" '
                   'stroke="#111" stroke-width="2"/>')
        colour = "#b42318" if excess > 0.05 else "#1d232a"
        out.append(f'<text x="{_LABEL + _BAR + 10}" y="{y + 15}" font-size="12" fill="{colour}">'
                   f"{b.burden:.0f} / {b.fair_share:.0f} h ({excess:+.0f})</text></g>")
    out.append("</svg>")
    return "".join(out)
