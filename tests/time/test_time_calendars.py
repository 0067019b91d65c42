"""HolidayCalendar: public holidays per country/subdivision, extra closed dates, errors."""

from __future__ import annotations

from datetime import date

import pytest

from fairshift.errors import FairshiftError
from fairshift.time.calendars import HolidayCalendar, daterange, known_countries, known_subdivisions


def test_hungary_2027() -> None:
    hu = HolidayCalendar("HU")
    assert hu.is_holiday(date(2027, 3, 15))
    assert hu.name(date(2027, 3, 15)) == "National Day"
    # Easter Sunday 2027 is March 28, so Easter Monday is March 29 and Good Friday March 26
    assert hu.name(date(2027, 3, 29)) == "Easter Monday"
    assert hu.name(date(2027, 3, 26)) == "Good Friday"
    assert not hu.is_holiday(date(2027, 3, 30))
    assert hu.name(date(2027, 3, 30)) is None
    assert [d for d, _ in hu.between(date(2027, 3, 1), date(2027, 4, 1))] == [
        date(2027, 3, 15), date(2027, 3, 26), date(2027, 3, 28), date(2027, 3, 29),
    ]


def test_hungarian_bridge_days_and_working_saturdays() -> None:
    # The 2024 decree: Monday 2024-08-19 off, worked back on Saturday 2024-08-03;
    # Tuesday 2024-12-24 off (worked on 2024-12-07), Friday 2024-12-27 off (worked on 2024-12-14).
    hu = HolidayCalendar("HU")
    assert hu.name(date(2024, 8, 19)) == "Day off (substituted from 08/03/2024)"
    assert hu.name(date(2024, 12, 27)) == "Day off (substituted from 12/14/2024)"
    for saturday in (date(2024, 8, 3), date(2024, 12, 7), date(2024, 12, 14)):
        assert saturday.weekday() == 5
        assert not hu.is_holiday(saturday)  # a working Saturday is not a holiday


def test_california_day_after_thanksgiving_2027() -> None:
    # Thanksgiving 2027: fourth Thursday of November = 2027-11-25
    ca, us = HolidayCalendar("US", "CA"), HolidayCalendar("US")
    assert ca.is_holiday(date(2027, 11, 25)) and us.is_holiday(date(2027, 11, 25))
    assert ca.name(date(2027, 11, 26)) == "Day After Thanksgiving"
    assert not us.is_holiday(date(2027, 11, 26))
    assert us.name(date(2027, 11, 26)) is None


def test_extra_closed_dates() -> None:
    company_day = date(2027, 8, 2)
    cal = HolidayCalendar("HU", extra_closed=frozenset({company_day}))
    assert cal.is_holiday(company_day) and cal.name(company_day) == "closed"
    assert not HolidayCalendar("HU").is_holiday(company_day)
    # an extra date on a public holiday keeps the holiday's name
    both = cal.with_closed([date(2027, 8, 20)])
    assert both.name(date(2027, 8, 20)) == "State Foundation Day"
    assert list(both.between(date(2027, 8, 1), date(2027, 9, 1))) == [
        (date(2027, 8, 2), "closed"), (date(2027, 8, 20), "State Foundation Day"),
    ]
    assert both.holiday_set(date(2027, 8, 1), date(2027, 8, 20)) == frozenset({company_day})  # end exclusive
    assert cal.extra_closed == frozenset({company_day})  # with_closed made a copy


def test_no_country_means_only_extra_dates() -> None:
    none = HolidayCalendar()
    assert not none.is_holiday(date(2027, 1, 1))
    assert list(none.between(date(2027, 1, 1), date(2028, 1, 1))) == []
    only = HolidayCalendar(extra_closed=frozenset({date(2027, 1, 1)}))
    assert only.name(date(2027, 1, 1)) == "closed"


def test_between_spans_years() -> None:
    days = HolidayCalendar("HU").holiday_set(date(2027, 12, 24), date(2028, 1, 2))
    assert days == frozenset({date(2027, 12, 24), date(2027, 12, 25), date(2027, 12, 26), date(2028, 1, 1)})


def test_unknown_country_and_subdivision() -> None:
    with pytest.raises(FairshiftError, match="'XX' is not a country the holidays package knows"):
        HolidayCalendar("XX")
    with pytest.raises(FairshiftError, match=r"'ZZ' is not a subdivision of US; codes: AK, AL, "):
        HolidayCalendar("US", "ZZ")
    with pytest.raises(FairshiftError, match="a subdivision needs a country"):
        HolidayCalendar(None, "CA")


def test_known_codes() -> None:
    assert {"HU", "US", "AU"} <= known_countries()
    assert "CA" in known_subdivisions("US") and "NSW" in known_subdivisions("AU")
    assert known_subdivisions("XX") == frozenset()


def test_daterange_is_end_exclusive() -> None:
    assert list(daterange(date(2027, 2, 27), date(2027, 3, 2))) == [
        date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1),
    ]
