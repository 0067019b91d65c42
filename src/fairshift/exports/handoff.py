"""Hand-off messages for a team's chat: Slack Block Kit JSON and plain Markdown.

The Slack payload is a message body for ``chat.postMessage`` or an incoming webhook: a ``text``
fallback (notifications, screen readers) and ``blocks``. It stays inside Slack's documented
limits whatever the input: at most 50 blocks; a ``header`` block's plain text at most 150
characters; a ``section`` block's text at most 3000 characters; a ``context`` block at most 10
elements. What does not fit is cut with ``…`` and counted ("… and 12 more incidents"). User text
(names, rotation names, incident ids and titles) is escaped for Slack's ``mrkdwn``: ``&``, ``<``
and ``>`` become ``&amp;``, ``&lt;`` and ``&gt;``, so a title cannot inject a link or a mention.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fairshift.exports.report_md import md
from fairshift.time.tz import zone
from fairshift.workflows.handoff import Handoff, Incident, RoleChange, RotationHandoff

__all__ = ["HEADER_LIMIT", "MAX_BLOCKS", "SECTION_LIMIT", "handoff_markdown", "handoff_slack",
           "handoff_slack_json", "slack_escape"]

MAX_BLOCKS = 50
HEADER_LIMIT = 150
SECTION_LIMIT = 3000
_ROTATION_BLOCKS = 30  # rotation sections before "… and N more rotations"
_DAY = "%a %Y-%m-%d %H:%M %Z"


def slack_escape(text: str) -> str:
    """Escape Slack's three control characters (and nothing else, as Slack asks); line breaks in
    user text become spaces, so one value stays on one line.

    >>> slack_escape("<@U123> & <!here>")
    '&lt;@U123&gt; &amp; &lt;!here&gt;'
    """
    flat = " ".join(text.splitlines())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with ``…``, never inside an ``&…;`` entity."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _when(value: datetime, tz_name: str) -> str:
    return value.astimezone(zone(tz_name)).strftime(_DAY)


def _change_text(c: RoleChange, esc: Any, bold: str) -> str:
    out = ", ".join(esc(e) for e in c.outgoing) or "(nobody)"
    inc = ", ".join(esc(p.engineer) for p in c.incoming)
    parts = []
    if c.incoming or c.outgoing:
        parts.append(f"{bold}{esc(c.role)}{bold}: {out} → {inc or '(nobody)'}")
    if c.staying:
        parts.append(f"{bold}{esc(c.role)}{bold}: {', '.join(esc(e) for e in c.staying)} stays on")
    for p in c.incoming:
        parts.append(f"    {esc(p.name)} starts {p.local_start.strftime(_DAY)} ({esc(p.timezone)}), "
                     f"until {p.local_end.strftime(_DAY)}")
    return "\n".join(parts)


def _rotation_lines(r: RotationHandoff, esc: Any, bold: str) -> list[str]:
    ident = f" ({esc(r.rotation)})" if r.name != r.rotation else ""
    head = f"{bold}{esc(r.name)}{bold}{ident}, {_when(r.start, r.timezone)}"
    gap = ""
    if r.previous_end is not None and r.previous_end != r.start:
        gap = f" (the previous shift ended {_when(r.previous_end, r.timezone)})"
    return [head + gap, *(_change_text(c, esc, bold) for c in r.changes)]


def _incident_line(i: Incident, esc: Any) -> str:
    return f"• {esc(i.id)}" + (f": {esc(i.title)}" if i.title else "")


def _title(h: Handoff) -> str:
    names = ", ".join(" ".join(r.name.splitlines()) for r in h.rotations)
    return f"Hand-off: {names}"


def _pack(lines: list[str], limit: int, budget: int, noun: str) -> list[str]:
    """``lines`` joined into at most ``budget`` texts of at most ``limit`` characters; what does not
    fit is counted in a last line ``… and N more <noun>``."""
    texts: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        line = _clip(line, limit)
        joined = f"{current}\n{line}" if current else line
        if len(joined) <= limit:
            current = joined
            continue
        if len(texts) + 1 == budget:  # the last text: room for the count
            rest = len(lines) - i
            more = f"… and {rest} more {noun}"
            while current and len(f"{current}\n{more}") > limit:
                current = current.rsplit("\n", 1)[0] if "\n" in current else ""
                rest += 1
                more = f"… and {rest} more {noun}"
            texts.append(f"{current}\n{more}" if current else more)
            return texts
        texts.append(current)
        current = line
    if current:
        texts.append(current)
    return texts


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def handoff_slack(h: Handoff) -> dict[str, Any]:
    """The hand-off as a Slack message payload (``text`` and ``blocks``) within the Block Kit limits."""
    blocks: list[dict[str, Any]] = [
        {"type": "header",
         "text": {"type": "plain_text", "text": _clip(_title(h), HEADER_LIMIT), "emoji": True}}]
    shown = h.rotations[:_ROTATION_BLOCKS]
    for r in shown:
        blocks.append(_section(_clip("\n".join(_rotation_lines(r, slack_escape, "*")), SECTION_LIMIT)))
    if len(h.rotations) > len(shown):
        blocks.append(_section(f"… and {len(h.rotations) - len(shown)} more rotations hand off now"))
    blocks.append({"type": "divider"})
    lines = [_incident_line(i, slack_escape) for i in h.incidents]
    budget = MAX_BLOCKS - len(blocks) - 2  # the incidents heading and the closing context
    heading = f"*Open incidents ({len(h.incidents)})*" if h.incidents else "*No open incidents*"
    blocks.append(_section(heading))
    for text in _pack(lines, SECTION_LIMIT, budget, "incidents"):
        blocks.append(_section(text))
    blocks.append({"type": "context", "elements": [
        {"type": "mrkdwn", "text": f"fairshift · hand-off at {h.at.isoformat()}"}]})
    return {"text": _clip(slack_escape(_title(h)), SECTION_LIMIT), "blocks": blocks}


def handoff_slack_json(h: Handoff) -> str:
    """:func:`handoff_slack` as JSON text (UTF-8, two-space indent)."""
    return json.dumps(handoff_slack(h), indent=2, ensure_ascii=False) + "\n"


def handoff_markdown(h: Handoff) -> str:
    """The hand-off as plain Markdown (for chats without Block Kit, e-mail, a wiki page)."""
    lines = [f"## {md(_title(h))}", ""]
    for r in h.rotations:
        head, *rest = _rotation_lines(r, md, "**")
        lines += [f"- {head}"]
        for block in rest:
            lines += [f"  - {ln.strip()}" if not ln.startswith("    ") else f"    - {ln.strip()}"
                      for ln in block.splitlines()]
    lines += ["", f"**Open incidents ({len(h.incidents)})**" if h.incidents else "**No open incidents**"]
    if h.incidents:
        lines.append("")
        lines += [f"- {md(i.id)}" + (f": {md(i.title)}" if i.title else "") for i in h.incidents]
    lines += ["", f"_fairshift, hand-off at {h.at.isoformat()}_"]
    return "\n".join(lines) + "\n"
