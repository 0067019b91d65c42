"""Hand-off messages: who hands over to whom, local start times, incidents; the Slack payload is
checked against Slack's documented Block Kit limits (at most 50 blocks; header text at most 150
characters; section text at most 3000) by our own checker and by ``slack_sdk``'s block models,
for any input (hypothesis), and user text is escaped for mrkdwn."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift import parse_roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.handoff import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_LIMIT,
    handoff_markdown,
    handoff_slack,
    slack_escape,
)
from fairshift.workflows.handoff import Handoff, HandoffError, Incident, handoff

ROSTER = parse_roster({
    "horizon": {"start": "2027-03-01", "end": "2027-03-29"},
    "engineers": [{"id": "anna", "name": "Anna Kovacs", "timezone": "Europe/Budapest"},
                  {"id": "ben", "name": "Ben Carter", "timezone": "America/Los_Angeles"},
                  {"id": "cara", "timezone": "America/New_York"}],
    "rotations": [{"id": "pay", "name": "Payments", "members": ["anna", "ben", "cara"], "every": "week",
                   "handoff": "mon 09:00", "timezone": "Europe/Budapest",
                   "roles": {"primary": 1, "secondary": 1}},
                  {"id": "biz", "members": ["anna", "ben"], "every": "day", "handoff": "09:00",
                   "until": "17:00", "days": ["mon", "tue", "wed", "thu", "fri"],
                   "timezone": "Europe/Budapest"}],
})


def _shift(rid: str, start: str, end: str, **roles: str) -> dict[str, Any]:
    return {"rotation": rid, "start": start, "end": end,
            "assignments": [{"role": r, "engineer": e} for r, e in roles.items()]}


SCHEDULE = Schedule.model_validate({"horizon": {"start": "2027-03-01", "end": "2027-03-29"}, "shifts": [
    _shift("pay", "2027-03-08T09:00+01:00", "2027-03-15T09:00+01:00", primary="anna", secondary="cara"),
    _shift("pay", "2027-03-15T09:00+01:00", "2027-03-22T09:00+01:00", primary="ben", secondary="cara"),
    _shift("biz", "2027-03-12T09:00+01:00", "2027-03-12T17:00+01:00", primary="ben"),
    _shift("biz", "2027-03-15T09:00+01:00", "2027-03-15T17:00+01:00", primary="anna"),
]})
AT = datetime(2027, 3, 15, 8, tzinfo=UTC)  # Monday 09:00 in Budapest (CET)


def test_who_hands_over_to_whom_and_when_they_start_on_their_own_clock() -> None:
    h = handoff(ROSTER, SCHEDULE, AT, incidents=[Incident("INC-1", "db down")])
    biz, pay = h.rotations
    assert pay.name == "Payments"
    primary, secondary = pay.changes
    assert (primary.role, primary.outgoing, primary.staying) == ("primary", ("anna",), ())
    (ben,) = primary.incoming
    # 09:00 CET is 01:00 in Los Angeles: PDT (UTC-7) since 03-14, while Budapest is still on CET
    assert (ben.name, ben.local_start.isoformat(), ben.local_end.isoformat()) == (
        "Ben Carter", "2027-03-15T01:00:00-07:00", "2027-03-22T01:00:00-07:00")
    assert (secondary.outgoing, secondary.incoming, secondary.staying) == ((), (), ("cara",))
    # a rotation with gaps: Friday's holder hands over on Monday; the gap is stated
    assert biz.previous_end == datetime(2027, 3, 12, 16, tzinfo=UTC)
    text = handoff_markdown(h)
    assert "**primary**: anna → ben" in text and "**secondary**: cara stays on" in text
    assert "Ben Carter starts Mon 2027-03-15 01:00 PDT (America/Los\\_Angeles)" in text
    assert "(the previous shift ended Fri 2027-03-12 17:00 CET)" in text
    assert "- INC-1: db down" in text


def test_an_instant_without_a_hand_off_names_the_nearest_ones() -> None:
    with pytest.raises(HandoffError, match=r"no shift starts at 2027-03-15T07:00:00\+00:00; the nearest "
                       r"hand-offs are at 2027-03-08T08:00:00\+00:00 and 2027-03-15T08:00:00\+00:00"):
        handoff(ROSTER, SCHEDULE, datetime(2027, 3, 15, 7, tzinfo=UTC), rotation="pay")
    with pytest.raises(HandoffError, match="'py' is not a known rotation"):
        handoff(ROSTER, SCHEDULE, AT, rotation="py")


# --- Slack Block Kit ------------------------------------------------------------------------------

def check_block_kit(payload: dict[str, Any]) -> None:
    """Slack's documented limits, checked by us and by slack_sdk's block models."""
    json.dumps(payload)  # serialisable
    blocks = payload["blocks"]
    assert isinstance(payload["text"], str) and payload["text"]
    assert 1 <= len(blocks) <= MAX_BLOCKS
    for b in blocks:
        if b["type"] == "header":
            assert b["text"]["type"] == "plain_text" and 1 <= len(b["text"]["text"]) <= HEADER_LIMIT
        elif b["type"] == "section":
            assert b["text"]["type"] == "mrkdwn" and 1 <= len(b["text"]["text"]) <= SECTION_LIMIT
        elif b["type"] == "context":
            assert 1 <= len(b["elements"]) <= 10
        else:
            assert b == {"type": "divider"}
    sdk = pytest.importorskip("slack_sdk.models.blocks", reason="pip install slack-sdk (a test extra)")
    for b in blocks:
        parsed = sdk.Block.parse(b)
        assert parsed is not None and parsed.to_dict() == b
        parsed.validate_json()  # raises SlackObjectFormationError past a limit


def test_a_plain_payload_is_valid_block_kit() -> None:
    payload = handoff_slack(handoff(ROSTER, SCHEDULE, AT, incidents=[Incident("INC-1", "db")]))
    check_block_kit(payload)
    assert payload["blocks"][0]["text"]["text"] == "Hand-off: biz, Payments"
    assert any("*primary*: anna → ben" in b.get("text", {}).get("text", "") for b in payload["blocks"])


HOSTILE = st.text(alphabet=st.sampled_from(list("ab <>&*_~`|\n:@!é😀")), max_size=40)


@settings(max_examples=80, deadline=None)
@given(incidents=st.lists(st.builds(Incident, HOSTILE.filter(bool), st.text(max_size=5000) | HOSTILE),
                          max_size=400),
       rotations=st.integers(1, 70), name=HOSTILE.filter(lambda s: s.strip() != ""))
def test_any_hand_off_fits_the_limits_and_escapes_user_text(incidents: list[Incident], rotations: int,
                                                            name: str) -> None:
    one = handoff(ROSTER, SCHEDULE, AT).rotations[1]
    many = tuple(dataclasses.replace(one, rotation=f"r{i}", name=name * 20) for i in range(rotations))
    payload = handoff_slack(Handoff(AT, many, tuple(incidents)))
    check_block_kit(payload)
    mrkdwn = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    for text in mrkdwn:  # no raw control character from user text survives
        assert "<" not in text and ">" not in text
        assert "&" not in text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
    shown = "\n".join(mrkdwn)
    counted = [int(n) for n in re.findall(r"… and (\d+) more incidents", shown)]
    listed = shown.count("• ")
    assert listed + sum(counted) == len(incidents)  # every incident is shown or counted


def test_escaping_follows_slack() -> None:
    assert slack_escape("<https://evil|click> & <!channel>") == (
        "&lt;https://evil|click&gt; &amp; &lt;!channel&gt;")
    assert slack_escape("two\nlines") == "two lines"


def test_without_a_roster_each_role_is_listed_once_with_ids_and_utc() -> None:
    h = handoff(None, SCHEDULE, AT, rotation="pay")
    (pay,) = h.rotations
    assert [(c.role, c.outgoing, [p.engineer for p in c.incoming], c.staying) for c in pay.changes] == [
        ("primary", ("anna",), ["ben"], ()), ("secondary", (), [], ("cara",))]
    assert (pay.name, pay.timezone, pay.changes[0].incoming[0].timezone) == ("pay", "UTC", "UTC")
