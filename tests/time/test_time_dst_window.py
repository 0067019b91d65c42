"""The DST check of a rotation reads exactly the handoffs that shift expansion reads: those that
start or end a shift of the horizon. A skipped handoff after the last shift ends is no problem;
one that ends the last shift is."""

from __future__ import annotations

from datetime import date

import pytest

from fairshift.domain.roster import Horizon, Rotation
from fairshift.domain.shifts import expand, handoff_problems
from fairshift.time.tz import zone


def _rotation(every: str, handoff: str) -> Rotation:
    return Rotation(id="r", members=("a",), every=every, handoff=handoff,  # type: ignore[arg-type]
                    timezone="Europe/Budapest")


# 2027-03-28 is the EU spring-forward Sunday: 02:30 does not exist in Budapest.
@pytest.mark.parametrize(("every", "handoff", "end", "rejected"), [
    ("day", "02:30", date(2027, 3, 25), False),  # the last shift ends 03-26 02:30
    ("day", "02:30", date(2027, 3, 27), False),  # ... ends 03-27 02:30
    ("day", "02:30", date(2027, 3, 28), True),   # ... would end at 03-28 02:30
    ("day", "02:30", date(2027, 3, 29), True),   # a shift would start then
    ("week", "sun 02:30", date(2027, 3, 21), False),  # the last shift ends Sun 03-21 02:30
    ("week", "sun 02:30", date(2027, 3, 22), True),   # the last shift ends Sun 03-28 02:30
])
def test_the_dst_check_and_the_expansion_agree(every: str, handoff: str, end: date, rejected: bool) -> None:
    rotation = _rotation(every, handoff)
    horizon = Horizon(start=date(2027, 3, 1), end=end)
    problems = handoff_problems(rotation, horizon)
    assert bool(problems) is rejected, problems
    if rejected:
        assert all("2027-03-28" in p for p in problems) and len(problems) == 1
    else:
        shifts = expand(rotation, horizon)  # reads no handoff the check did not
        assert shifts[-1].end.astimezone(zone("Europe/Budapest")).date() <= date(2027, 3, 27)
