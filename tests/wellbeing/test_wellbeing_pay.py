"""``fairshift pay``: two people in different countries, every figure checked by hand.

anna (Budapest, HU, 09:00-17:00 Mon-Fri) holds the Budapest weekly shift Mon 2027-03-15 09:00 ->
Mon 2027-03-22 09:00 (168 h; no clock change in Budapest that week). On her clock:

* Mon 03-15, Hungary's National Day: 09:00-24:00 = 15 h holiday (2 h of night, 22-24);
* Tue-Fri 03-16..19: 4 x (8 h weekday + 16 h off-hours), 4 x 9 h night (00-07, 22-24);
* Sat-Sun 03-20..21: 48 h weekend, 18 h night;
* Mon 03-22 00:00-09:00: 9 h off-hours (before her working hours), 7 h night.

So weekday 32, off-hours 73, weekend 48, holiday 15 (sum 168) and night 63. At the HU rates
(HUF: weekday 0, off-hours 900, weekend 1500, holiday 3000, night 400): 0 + 65 700 + 72 000 +
45 000 + 25 200 = 207 900.00 HUF.

ben (Los Angeles, US-CA) holds two Los Angeles weekly shifts, Mon 09:00 to Mon 09:00:

* 03-08 -> 03-15 (167 h: the US springs forward on Sun 03-14): Mon 8 weekday + 7 off-hours,
  Tue-Fri 4 x (8 + 16), Sat 24 + Sun 23 weekend, Mon 9 off-hours; night 2 + 36 + 9 + 8
  (the skipped hour 02:00-03:00 was night) + 7 = 62;
* 03-29 -> 04-05 (168 h): Mon 8 + 7, Tue 8 + 16, Wed 03-31 Cesar Chavez Day 24 h holiday,
  Thu-Fri 2 x (8 + 16), Sat-Sun 48 weekend, Mon 9 off-hours; night 2 + 9 + 9 + 18 + 18 + 7 = 63.

So weekday 72, off-hours 144, weekend 95, holiday 24 (sum 335), night 125. At the US-CA rates
(USD: weekday 0, off-hours 3.125, weekend 5.25, holiday 8, night 1.10): 450.00 + 498.75 +
192.00 + 137.50 = 1278.25 USD.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairshift import parse_roster
from fairshift.domain.instance import Instance, Plan
from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports.pay import PAY_COLUMNS, pay_csv, pay_html, pay_markdown
from fairshift.io.pay import load_pay_rates, parse_pay_rates
from fairshift.workflows.pay import PayRates, RatesError, pay_report

RATES = {
    "currency": "EUR",
    "default": {"weekday": 0, "off_hours": 1, "weekend": 2, "holiday": 3, "night": 0.5},
    "countries": {
        "HU": {"currency": "HUF", "weekday": 0, "off_hours": 900, "weekend": 1500, "holiday": 3000,
               "night": 400},
        "US-CA": {"currency": "USD", "weekday": 0, "off_hours": 3.125, "weekend": 5.25, "holiday": 8,
                  "night": 1.10},
    },
}


def _roster(**extra: Any) -> Roster:
    return parse_roster({
        "name": "pay", "horizon": {"start": date(2027, 3, 1), "end": date(2027, 4, 5)},
        "engineers": [
            {"id": "anna", "name": "Anna Kovacs", "timezone": "Europe/Budapest", "country": "HU"},
            {"id": "ben", "name": "Ben Carter", "timezone": "America/Los_Angeles", "country": "US",
             "subdivision": "CA"},
            {"id": "cy", "timezone": "Europe/Budapest", "country": "HU", "site": "budapest-hq"},
        ],
        "teams": [{"id": "core", "members": ["anna", "ben", "cy"]}],
        "rotations": [
            {"id": "bud", "members": ["anna", "cy"], "every": "week", "handoff": "mon 09:00",
             "timezone": "Europe/Budapest"},
            {"id": "lax", "members": ["ben", "cy"], "every": "week", "handoff": "mon 09:00",
             "timezone": "America/Los_Angeles", **extra},
        ],
    })


def _schedule(roster: Roster, seats: dict[tuple[str, str], str]) -> Schedule:
    inst = Instance(roster)
    plan = Plan(inst)
    for (rid, day), who in seats.items():
        shift = next(s for s in inst.shifts[rid] if s.local_start.date().isoformat() == day)
        plan.holders[(rid, shift.start)] = {"primary": (who,)}
    return plan.to_schedule(status="hand-made")


SEATS = {("bud", "2027-03-15"): "anna", ("lax", "2027-03-08"): "ben", ("lax", "2027-03-29"): "ben"}


def _hours(line: Any) -> dict[str, Decimal]:
    return {k: v for k, v in line.hours.items()}


def test_two_people_in_two_countries_by_hand() -> None:
    roster = _roster()
    report = pay_report(roster, _schedule(roster, SEATS), PayRates.model_validate(RATES))
    anna, ben = report.lines
    assert (anna.engineer, anna.currency, anna.rates, anna.seats) == ("anna", "HUF", ("country HU",), 1)
    assert _hours(anna) == {"weekday": 32, "off_hours": 73, "weekend": 48, "holiday": 15, "night": 63}
    assert anna.total_hours == 168
    assert anna.amounts == {"weekday": Decimal("0.00"), "off_hours": Decimal("65700.00"),
                            "weekend": Decimal("72000.00"), "holiday": Decimal("45000.00"),
                            "night": Decimal("25200.00")}
    assert anna.total == Decimal("207900.00")
    assert anna.holidays == ((date(2027, 3, 15), "National Day", Decimal(15)),)

    assert (ben.engineer, ben.currency, ben.rates, ben.seats) == ("ben", "USD", ("country US-CA",), 2)
    assert _hours(ben) == {"weekday": 72, "off_hours": 144, "weekend": 95, "holiday": 24, "night": 125}
    assert ben.total_hours == 335
    assert ben.amounts == {"weekday": Decimal("0.00"), "off_hours": Decimal("450.00"),
                           "weekend": Decimal("498.75"), "holiday": Decimal("192.00"),
                           "night": Decimal("137.50")}
    assert ben.total == Decimal("1278.25")
    assert ben.holidays == ((date(2027, 3, 31), "Cesar Chavez Day", Decimal(24)),)
    assert report.totals() == {"HUF": Decimal("207900.00"), "USD": Decimal("1278.25")}


def test_a_pay_period_cuts_seats_at_each_engineers_local_midnight() -> None:
    roster = _roster()
    # March only: ben's 03-29 seat counts until Wed 03-31 24:00 Los Angeles time
    report = pay_report(roster, _schedule(roster, SEATS), PayRates.model_validate(RATES),
                        period=(date(2027, 3, 1), date(2027, 4, 1)))
    ben = report.lines[1]
    assert _hours(ben) == {"weekday": 40 + 16, "off_hours": 80 + 23, "weekend": 47, "holiday": 24,
                           "night": 62 + 20}
    april = pay_report(roster, _schedule(roster, SEATS), PayRates.model_validate(RATES),
                       period=(date(2027, 4, 1), date(2027, 5, 1)))
    assert [ln.engineer for ln in april.lines] == ["ben"]
    assert april.lines[0].total_hours + ben.total_hours == 335


def test_precedence_team_over_site_over_country_over_default() -> None:
    rates = PayRates.model_validate({
        **RATES,
        "sites": {"budapest-hq": {"currency": "HUF", "weekday": 1, "off_hours": 1, "weekend": 1, "holiday": 1,
                                  "night": 0}},
        "teams": {"core": {"weekday": 9, "off_hours": 9, "weekend": 9, "holiday": 9, "night": 0}},
    })
    roster = _roster(team="core", members_mode="add")
    cy = roster.engineer("cy")
    assert rates.table_for(cy, "core")[0] == "team core"  # type: ignore[index]
    assert rates.table_for(cy, None)[0] == "site budapest-hq"  # type: ignore[index]
    assert rates.table_for(roster.engineer("anna"), None)[0] == "country HU"  # type: ignore[index]
    nowhere = roster.engineer("ben").model_copy(update={"country": "DE", "subdivision": None})
    assert rates.table_for(nowhere, None)[0] == "default"  # type: ignore[index]
    # ben's lax seats now follow the team table (in the file's currency), not the country table
    report = pay_report(roster, _schedule(roster, SEATS), rates)
    ben = next(ln for ln in report.lines if ln.engineer == "ben")
    assert (ben.currency, ben.rates, ben.total) == ("EUR", ("team core",), Decimal("3015.00"))


def test_amounts_round_half_up_at_the_end() -> None:
    # 1 weekend hour at 0.025: half-up gives 0.03 (banker's rounding would give 0.02); three
    # night hours at 0.005 are 0.015 exactly, rounded once to 0.02 (not 3 x 0.01)
    rates = PayRates.model_validate({"currency": "EUR", "default": {
        "weekday": 0, "off_hours": 0, "weekend": "0.025", "holiday": 0, "night": "0.005"}})
    roster = _roster()
    data = {"name": "x", "horizon": {"start": "2027-03-01", "end": "2027-04-05"}, "shifts": [
        {"rotation": "bud", "start": "2027-03-06T10:00:00+01:00", "end": "2027-03-06T11:00:00+01:00",
         "assignments": [{"role": "primary", "engineer": "cy"}]},
        {"rotation": "bud", "start": "2027-03-02T01:00:00+01:00", "end": "2027-03-02T04:00:00+01:00",
         "assignments": [{"role": "primary", "engineer": "cy"}]}]}
    only = PayRates.model_validate({**rates.model_dump(), "countries": {}})
    (line,) = pay_report(roster, Schedule.model_validate(data), only).lines
    assert line.amounts["weekend"] == Decimal("0.03") and line.amounts["night"] == Decimal("0.02")
    assert line.total == Decimal("0.04")  # 0.025 + 0.015 = 0.040


def test_seats_nobody_can_price_and_strangers_are_errors() -> None:
    roster = _roster()
    no_default = PayRates.model_validate({"countries": {"US-CA": RATES["countries"]["US-CA"]}})
    with pytest.raises(RatesError, match=r"no rate table for cy .*add a default: table"):
        pay_report(roster, _schedule(roster, {("bud", "2027-03-01"): "cy"}), no_default)
    stranger = _schedule(roster, SEATS).model_dump()
    stranger["shifts"][0]["assignments"] = [{"role": "primary", "engineer": "zed"}]
    with pytest.raises(RatesError, match="'zed' is not a known engineer"):
        pay_report(roster, Schedule.model_validate(stranger), PayRates.model_validate(RATES))


def test_outputs_carry_the_same_figures() -> None:
    roster = _roster()
    report = pay_report(roster, _schedule(roster, SEATS), PayRates.model_validate(RATES))
    csv_text = pay_csv(report)
    header, anna, ben = csv_text.splitlines()
    assert header.split(",") == list(PAY_COLUMNS)
    row = dict(zip(PAY_COLUMNS, anna.split(","), strict=True))
    assert (row["hours_off_hours"], row["amount_total"], row["holidays"]) == (
        "73.00", "207900.00", "2027-03-15 National Day (15.00 h)")
    assert "1278.25" in ben and csv_text.endswith("\r\n")
    text = pay_markdown(report)
    assert "Total HUF: 207900.00" in text and "Total USD: 1278.25" in text
    assert "- Ben Carter: 2027-03-31 Cesar Chavez Day, 24.00 h" in text
    page = pay_html(report)
    assert "<td class=\"n\">207900.00</td>" in page and "Cesar Chavez Day" in page


def test_user_text_is_escaped_in_every_format() -> None:
    roster = parse_roster({**_roster().model_dump(), "engineers": [
        {"id": "anna", "name": "=HYPERLINK(\"x\") <b>|*", "timezone": "Europe/Budapest", "country": "HU"},
        {"id": "ben", "timezone": "America/Los_Angeles", "country": "US", "subdivision": "CA"},
        {"id": "cy", "timezone": "Europe/Budapest"}]})
    rates = PayRates.model_validate(RATES)
    report = pay_report(roster, _schedule(roster, {("bud", "2027-03-15"): "anna"}), rates)
    assert "'=HYPERLINK" in pay_csv(report)
    assert "<b>" not in pay_markdown(report) and "\\|" in pay_markdown(report)
    assert "<b>" not in pay_html(report) and "&lt;b&gt;" in pay_html(report)


def test_rates_file_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text("currency: eur\ndefault: {weekday: 0, off_hours: 1, weekend: -2, holiday: 3}\n"
                    "teams:\n  cor: {weekday: 0, off_hours: 1, weekend: 2, holiday: 3, night: 0}\n",
                    encoding="utf-8")
    with pytest.raises(RatesError) as info:
        load_pay_rates(path, _roster())
    shown = [str(p) for p in info.value.problems]
    assert shown == [
        f"{path}:1:11 currency: 'eur' is not a currency code; write three capital letters, e.g. EUR",
        f"{path}:2:10 default.night: this rate is required (every table lists all five)",
        f"{path}:2:46 default.weekend: -2: input should be greater than or equal to 0 (an amount per hour, "
        "e.g. 2.50)",
    ]
    path.write_text("currency: EUR\nteams:\n  cor: {weekday: 0, off_hours: 1, weekend: 2, holiday: 3, "
                    "night: 0}\n", encoding="utf-8")
    with pytest.raises(RatesError) as info:
        load_pay_rates(path, _roster())
    (problem,) = info.value.problems
    assert str(problem) == f"{path}:3:3 teams.cor: 'cor' is not a known team (did you mean 'core'?)"
    with pytest.raises(RatesError, match="no currency for default"):
        parse_pay_rates({"default": RATES["default"]})


def test_a_holiday_on_a_weekend_is_paid_as_a_holiday_once() -> None:
    """anna's Easter week, Mon 2027-03-22 09:00 CET -> Mon 03-29 09:00 CEST (167 h: Budapest springs
    forward on Easter Sunday): Mon 8 weekday + 7 off-hours, Tue-Thu 3 x (8 + 16), Good Friday 24 h
    holiday, Sat 24 h weekend, Easter Sunday 23 h holiday (not weekend), Easter Monday 00-09 9 h
    holiday. Night: 2 + 27 + 9 + 9 + 8 (the skipped hour) + 7 = 62."""
    roster = _roster()
    rates = PayRates.model_validate(RATES)
    report = pay_report(roster, _schedule(roster, {("bud", "2027-03-22"): "anna"}), rates)
    (anna,) = report.lines
    assert _hours(anna) == {"weekday": 32, "off_hours": 55, "weekend": 24, "holiday": 56, "night": 62}
    assert anna.total == Decimal(55 * 900 + 24 * 1500 + 56 * 3000 + 62 * 400)  # 278 300 HUF
    assert [(d.isoformat(), n, h) for d, n, h in anna.holidays] == [
        ("2027-03-26", "Good Friday", 24), ("2027-03-28", "Easter", 23), ("2027-03-29", "Easter Monday", 9)]
