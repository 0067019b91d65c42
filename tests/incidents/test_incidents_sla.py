"""SLA status: due instants, pauses, breaches, hand-computed and property-based."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.errors import TimeError
from fairshift.incidents import (
    DEFAULT_CALENDARS,
    DEFAULT_SLA_POLICY,
    MON_FRI,
    TWENTY_FOUR_SEVEN,
    BusinessCalendar,
    IncidentError,
    Kind,
    Pause,
    SlaPolicy,
    SlaTarget,
    Ticket,
    add_business_time,
    business_time_between,
    sla_status,
)
from fairshift.time.calendars import HolidayCalendar
from fairshift.time.tz import zone

BUD = zone("Europe/Budapest")
H = timedelta(hours=1)
BUDAPEST = BusinessCalendar("Europe/Budapest", time(9), time(17), MON_FRI, HolidayCalendar("HU"))
POLICY = SlaPolicy(
    calendars={**DEFAULT_CALENDARS, "budapest": BUDAPEST},
    targets={
        **DEFAULT_SLA_POLICY.targets,
        Kind.SEV3: SlaTarget("budapest", acknowledge=1 * H, resolve=2 * H),
        Kind.SEV4: SlaTarget("budapest", resolve=8 * H),
    },
)


def bud(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BUD)


@pytest.mark.parametrize(
    ("created", "ack_due", "due"),
    [
        # Friday -> Monday
        (bud(2027, 5, 7, 16, 30), bud(2027, 5, 10, 9, 30), bud(2027, 5, 10, 10, 30)),
        # Whit Monday is a Hungarian public holiday -> Tuesday
        (bud(2027, 5, 14, 16, 30), bud(2027, 5, 18, 9, 30), bud(2027, 5, 18, 10, 30)),
    ],
)
def test_friday_afternoon_ticket_due_after_the_weekend(
    created: datetime, ack_due: datetime, due: datetime
) -> None:
    ticket = Ticket("T-1", Kind.SEV3, created)
    status = sla_status(ticket, POLICY, created + timedelta(minutes=10))
    assert status.resolve is not None and status.acknowledge is not None
    assert status.resolve.due == due
    assert status.resolve.elapsed == timedelta(minutes=10)
    assert status.resolve.remaining == 2 * H - timedelta(minutes=10)
    assert not status.resolve.breached and status.resolve.breached_at is None
    assert status.acknowledge.due == ack_due


def test_pause_moves_due_later_by_the_paused_business_time() -> None:
    created = bud(2027, 5, 10, 9)  # Monday
    pause = Pause(bud(2027, 5, 10, 12), bud(2027, 5, 11, 12))  # waiting on the customer
    ticket = Ticket("T-2", Kind.SEV4, created, pauses=(pause,))
    status = sla_status(ticket, POLICY, bud(2027, 5, 11, 13))
    assert status.resolve is not None
    # 3 h before the pause, 5 h after it: Tuesday 12:00 + 5 h = Tuesday 17:00.
    assert status.resolve.due == bud(2027, 5, 11, 17)
    assert status.resolve.elapsed == 4 * H  # Mon 09-12 and Tue 12-13
    unpaused = sla_status(replace(ticket, pauses=()), POLICY, bud(2027, 5, 11, 13))
    assert unpaused.resolve is not None and unpaused.resolve.due == bud(2027, 5, 10, 17)
    assert unpaused.resolve.breached and unpaused.resolve.breached_at == bud(2027, 5, 10, 17)


def test_ongoing_pause_holds_the_clock_at_now() -> None:
    created = bud(2027, 5, 10, 9)
    ticket = Ticket("T-3", Kind.SEV4, created, pauses=(Pause(bud(2027, 5, 10, 10)),))
    for now in (bud(2027, 5, 10, 15), bud(2027, 5, 11, 15)):
        status = sla_status(ticket, POLICY, now)
        assert status.resolve is not None
        assert status.resolve.elapsed == H
        assert status.resolve.due == add_business_time(now, 7 * H, BUDAPEST)
        assert not status.resolve.breached


def test_breach_when_resolved_late() -> None:
    created = datetime(2027, 2, 1, 8, tzinfo=UTC)
    ticket = Ticket("T-4", "sev1", created, acknowledged_at=created + timedelta(minutes=10),
                    resolved_at=created + 5 * H)
    status = sla_status(ticket, DEFAULT_SLA_POLICY, created + 6 * H)
    ack, res = status.acknowledge, status.resolve
    assert ack is not None and res is not None
    assert (ack.breached, ack.elapsed, ack.remaining) == (False, timedelta(minutes=10),
                                                         timedelta(minutes=5))
    assert (res.due, res.met_at) == (created + 4 * H, created + 5 * H)
    assert (res.breached, res.breached_at, res.overdue) == (True, created + 4 * H, H)
    assert res.remaining == timedelta(0) and status.breached and status.next_due is None


def test_resolving_meets_the_acknowledge_target() -> None:
    created = datetime(2027, 2, 1, 8, tzinfo=UTC)
    ticket = Ticket("T-5", "sev2", created, resolved_at=created + timedelta(minutes=30))
    status = sla_status(ticket, DEFAULT_SLA_POLICY, created + 3 * H)
    assert status.acknowledge is not None
    assert status.acknowledge.met_at == created + timedelta(minutes=30)
    assert not status.breached


def test_events_after_now_are_ignored() -> None:
    created = datetime(2027, 2, 1, 8, tzinfo=UTC)
    ticket = Ticket("T-6", "sev1", created, acknowledged_at=created + 2 * H,
                    resolved_at=created + 3 * H)
    status = sla_status(ticket, DEFAULT_SLA_POLICY, created + H)
    assert status.acknowledge is not None and status.acknowledge.met_at is None
    assert status.acknowledge.breached  # 15 min target, an hour in, not acknowledged yet
    assert status.next_due == created + timedelta(minutes=15)


def test_met_after_closing_time_of_due_day_counts_as_breached() -> None:
    # Due Friday 17:00 (end of the working day); resolved Saturday: no extra business time
    # elapsed, but the ticket was resolved after its due instant.
    created = bud(2027, 5, 7, 15)
    ticket = Ticket("T-7", Kind.SEV3, created, resolved_at=bud(2027, 5, 8, 10))
    status = sla_status(ticket, POLICY, bud(2027, 5, 9))
    assert status.resolve is not None
    assert status.resolve.due == bud(2027, 5, 7, 17)
    assert status.resolve.elapsed == 2 * H and status.resolve.breached


def test_calendar_days_target_is_elapsed_time_across_dst() -> None:
    created = bud(2027, 3, 22, 10)  # CET
    status = sla_status(Ticket("S-1", "security-critical", created), DEFAULT_SLA_POLICY, created)
    assert status.resolve is not None
    assert status.resolve.due == created.astimezone(UTC) + timedelta(days=7)  # 168 h later
    assert status.resolve.due.astimezone(BUD).hour == 11  # 11:00 CEST on the wall clock


def test_kind_without_targets_has_no_status() -> None:
    created = datetime(2027, 2, 1, tzinfo=UTC)
    status = sla_status(Ticket("M", "misc", created), DEFAULT_SLA_POLICY, created + H)
    assert status.targets == () and status.next_due is None and not status.breached


def test_bad_ticket_input() -> None:
    created = datetime(2027, 2, 1, tzinfo=UTC)
    with pytest.raises(TimeError, match=r"created_at .* no time zone"):
        Ticket("X", "sev1", datetime(2027, 2, 1))
    with pytest.raises(TimeError, match=r"resolved_at .* before created_at"):
        Ticket("X", "sev1", created, resolved_at=created - H)
    with pytest.raises(TimeError, match=r"pause ends .* before it starts"):
        Pause(created + H, created)
    with pytest.raises(TimeError, match=r"pause starting .* before it was created"):
        Ticket("X", "sev1", created, pauses=(Pause(created - H, created),))
    with pytest.raises(IncidentError, match="unknown ticket kind 'sev7'"):
        Ticket("X", "sev7", created)
    with pytest.raises(IncidentError, match="non-empty id"):
        Ticket(" ", "sev1", created)
    with pytest.raises(TimeError, match="before ticket X was created"):
        sla_status(Ticket("X", Kind.SEV1, created), DEFAULT_SLA_POLICY, created - H)
    with pytest.raises(TimeError, match=r"now .* no time zone"):
        sla_status(Ticket("X", Kind.SEV1, created), DEFAULT_SLA_POLICY, datetime(2027, 3, 1))


# --- properties ----------------------------------------------------------------------------

START = datetime(2027, 1, 1, tzinfo=UTC)
offsets = st.timedeltas(timedelta(0), timedelta(days=300))
pause_specs = st.lists(
    st.tuples(st.timedeltas(timedelta(0), timedelta(days=20)),
              st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=5)))),
    max_size=4,
)


@settings(max_examples=120, deadline=None)
@given(
    created_offset=offsets,
    pauses=pause_specs,
    target=st.timedeltas(timedelta(minutes=1), timedelta(days=10)),
    now_after=st.timedeltas(timedelta(0), timedelta(days=30)),
    calendar=st.sampled_from([BUDAPEST, TWENTY_FOUR_SEVEN]),
)
def test_pauses_never_make_due_earlier(
    created_offset: timedelta, pauses: list[tuple[timedelta, timedelta | None]],
    target: timedelta, now_after: timedelta, calendar: BusinessCalendar,
) -> None:
    created = START + created_offset
    now = created + now_after
    ticket = Ticket("P", Kind.SEV4, created, pauses=tuple(
        Pause(created + s, None if length is None else created + s + length)
        for s, length in pauses
    ))
    policy = replace(POLICY, calendars={**DEFAULT_CALENDARS, "budapest": calendar},
                     targets={**POLICY.targets, Kind.SEV4: SlaTarget("budapest", resolve=target)})
    paused = sla_status(ticket, policy, now).resolve
    plain = sla_status(replace(ticket, pauses=()), policy, now).resolve
    assert paused is not None and plain is not None
    assert plain.due == add_business_time(created, target, calendar)
    assert paused.due >= plain.due
    assert paused.elapsed <= plain.elapsed == business_time_between(created, now, calendar)
    assert paused.elapsed + paused.remaining - paused.overdue == target
    assert paused.breached == (now > paused.due)
    if paused.breached:
        assert paused.elapsed >= target and paused.breached_at == paused.due
    else:
        assert paused.elapsed <= target
