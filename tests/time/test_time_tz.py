"""One tz database: IANA names, zoneinfo and pytz zones give the same instants; errors name dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import pytz

from fairshift.domain.roster import Engineer, Horizon, Rotation
from fairshift.domain.shifts import expand
from fairshift.errors import TimeError
from fairshift.time.tz import available_zones, ensure_aware, localize, suggest_zone, zone, zone_name

NAMES = ["Europe/Budapest", "America/New_York", "America/Los_Angeles", "Australia/Lord_Howe", "UTC"]
YEAR = Horizon(start=date(2027, 1, 1), end=date(2028, 1, 1))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("every", "handoff"), [("week", "sun 09:00"), ("day", ("07:00", "19:00"))])
def test_pytz_zoneinfo_and_name_give_identical_shifts(name: str, every: str, handoff: object) -> None:
    def build(tz: object) -> Rotation:
        return Rotation.model_validate(
            {"id": "r", "members": ["a"], "every": every, "handoff": handoff, "timezone": tz}
        )

    by_name, by_pytz, by_zoneinfo = build(name), build(pytz.timezone(name)), build(ZoneInfo(name))
    assert by_name.timezone == by_pytz.timezone == by_zoneinfo.timezone == name
    reference = expand(by_name, YEAR)
    assert expand(by_pytz, YEAR) == reference
    assert expand(by_zoneinfo, YEAR) == reference
    assert len(reference) == (52 if every == "week" else 2 * 365)


def test_pytz_engineer_zone_is_stored_by_name() -> None:
    eng = Engineer(id="a", timezone=pytz.timezone("Europe/Budapest"))  # type: ignore[arg-type]
    assert eng.timezone == "Europe/Budapest"
    other = Engineer(id="b", timezone=ZoneInfo("America/Los_Angeles"))  # type: ignore[arg-type]
    assert other.timezone == "America/Los_Angeles"


def test_pytz_zone_never_leaks_local_mean_time() -> None:
    # pytz's Budapest object, used as a plain tzinfo, is on local mean time (+01:16)
    lmt = datetime(2027, 1, 4, 9, tzinfo=pytz.timezone("Europe/Budapest"))
    assert lmt.utcoffset() == timedelta(hours=1, minutes=16)
    # but resolved by name it is CET, the same instant as with the name or zoneinfo
    expected = datetime(2027, 1, 4, 8, tzinfo=UTC)
    for tz in ("Europe/Budapest", pytz.timezone("Europe/Budapest"), ZoneInfo("Europe/Budapest")):
        assert localize(date(2027, 1, 4), time(9), tz) == expected
    assert zone(pytz.timezone("Europe/Budapest")).utcoffset(datetime(2027, 1, 4, 9)) == timedelta(hours=1)


@pytest.mark.parametrize("name", NAMES)
def test_localize_agrees_with_pytz_on_ordinary_times(name: str) -> None:
    tz = pytz.timezone(name)
    for day in (date(2026, 1, 15), date(2027, 7, 1), date(2028, 12, 31)):
        expected = tz.localize(datetime.combine(day, time(12, 30)), is_dst=None).astimezone(pytz.utc)
        assert localize(day, time(12, 30), name) == expected
        assert localize(day, time(12, 30), tz) == expected


def test_zone_reads_the_bundled_database() -> None:
    z = zone("Europe/Budapest")
    assert isinstance(z, ZoneInfo) and z.key == "Europe/Budapest"
    assert zone("Europe/Budapest") is z  # cached: one object per name
    assert zone("UTC").key == zone("Etc/UTC").key == "UTC"
    assert set(NAMES) - {"UTC"} <= available_zones()
    assert zone_name(UTC) == "UTC"
    assert zone_name(pytz.utc) == "UTC"
    assert zone_name(pytz.timezone("Australia/Lord_Howe")) == "Australia/Lord_Howe"


def test_unknown_zone_suggests_the_closest() -> None:
    assert suggest_zone("Europe/Budapets") == "Europe/Budapest"
    assert suggest_zone("europe/budapest") == "Europe/Budapest"
    assert suggest_zone("Mars/Olympus_Mons") is None
    with pytest.raises(TimeError) as info:
        zone("Europe/Budapets")
    assert str(info.value) == "'Europe/Budapets' is not a known time zone (did you mean 'Europe/Budapest'?)"


def test_a_fixed_offset_has_no_name() -> None:
    with pytest.raises(TimeError, match="cannot tell the IANA name"):
        zone_name(timezone(timedelta(hours=2)))


# --- localize: skipped and repeated wall times ------------------------------------------------------

@pytest.mark.parametrize(
    ("day", "wall", "name", "text"),
    [
        (date(2027, 3, 28), time(2, 30), "Europe/Budapest",
         "02:30 does not exist on 2027-03-28 in Europe/Budapest (clocks jump forward)"),
        (date(2027, 3, 14), time(2, 0), "America/New_York",
         "02:00 does not exist on 2027-03-14 in America/New_York (clocks jump forward)"),
        (date(2027, 10, 3), time(2, 10), "Australia/Lord_Howe",
         "02:10 does not exist on 2027-10-03 in Australia/Lord_Howe (clocks jump forward)"),
        (date(2027, 10, 31), time(2, 30), "Europe/Budapest",
         "02:30 happens twice on 2027-10-31 in Europe/Budapest (clocks go back)"),
        (date(2027, 11, 7), time(1, 0), "America/Los_Angeles",
         "01:00 happens twice on 2027-11-07 in America/Los_Angeles (clocks go back)"),
        (date(2027, 4, 4), time(1, 45), "Australia/Lord_Howe",
         "01:45 happens twice on 2027-04-04 in Australia/Lord_Howe (clocks go back)"),
    ],
)
def test_localize_refuses_skipped_and_repeated_times(day: date, wall: time, name: str, text: str) -> None:
    with pytest.raises(TimeError) as info:
        localize(day, wall, name)
    assert str(info.value) == text
    with pytest.raises(TimeError):
        localize(day, wall, pytz.timezone(name))


def u(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_localize_policies() -> None:
    gap, rep = date(2027, 3, 28), date(2027, 10, 31)
    bud = "Europe/Budapest"
    # 02:30 on the gap day: read with CEST (00:30 UTC) or with CET (01:30 UTC)
    assert localize(gap, time(2, 30), bud, nonexistent="earlier") == u(2027, 3, 28, 0, 30)
    assert localize(gap, time(2, 30), bud, nonexistent="later") == u(2027, 3, 28, 1, 30)
    # 02:30 on the repeated day: first in CEST (00:30 UTC), then in CET (01:30 UTC)
    assert localize(rep, time(2, 30), bud, ambiguous="earlier") == u(2027, 10, 31, 0, 30)
    assert localize(rep, time(2, 30), bud, ambiguous="later") == u(2027, 10, 31, 1, 30)
    # Lord Howe's half-hour: 01:45 is 14:45 UTC (+11:00) or 15:15 UTC (+10:30)
    lh = "Australia/Lord_Howe"
    assert localize(date(2027, 4, 4), time(1, 45), lh, ambiguous="earlier") == u(2027, 4, 3, 14, 45)
    assert localize(date(2027, 4, 4), time(1, 45), lh, ambiguous="later") == u(2027, 4, 3, 15, 15)
    # policies do not change an ordinary time
    assert localize(gap, time(9), bud, nonexistent="earlier", ambiguous="later") == u(2027, 3, 28, 7)


# --- ensure_aware ------------------------------------------------------------------------------------

def test_ensure_aware_rejects_naive() -> None:
    with pytest.raises(TimeError, match="2027-01-04T09:00:00 has no time zone"):
        ensure_aware(datetime(2027, 1, 4, 9), "shift start")


def test_ensure_aware_rejects_local_mean_time() -> None:
    lmt = datetime(2027, 1, 4, 9, tzinfo=pytz.timezone("Europe/Budapest"))
    with pytest.raises(TimeError, match=r"local-mean-time offset; with pytz use zone\.localize"):
        ensure_aware(lmt)


def test_ensure_aware_accepts_and_normalises() -> None:
    expected = datetime(2027, 7, 1, 7, tzinfo=UTC)
    localized = pytz.timezone("Europe/Budapest").localize(datetime(2027, 7, 1, 9))
    for value in (localized, datetime(2027, 7, 1, 9, tzinfo=ZoneInfo("Europe/Budapest")),
                  datetime(2027, 7, 1, 7, tzinfo=UTC), datetime(2027, 7, 1, 7, tzinfo=pytz.utc)):
        out = ensure_aware(value)
        assert out == expected and out.tzinfo is UTC
