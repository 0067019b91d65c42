"""Dashboard figures: hand-computed report, period boundaries, consistency property."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.incidents import (
    DEFAULT_SLA_POLICY,
    Kind,
    Pause,
    Ticket,
    format_duration,
    format_report,
    sla_report,
)
from fairshift.incidents.report import percentile

NOW = datetime(2027, 2, 5, 12, tzinfo=UTC)  # Friday
H = timedelta(hours=1)


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 2, day, hour, tzinfo=UTC)


TICKETS = [
    # sev3 on the UTC 09:00-17:00 Mon-Fri calendar: acknowledge 8 h, resolve 40 h.
    Ticket("A", "sev3", at(1, 9), at(1, 10), at(2, 17), team="db"),  # 1 h ack, 16 h resolve
    Ticket("B", "sev3", at(1, 16), at(2, 16), at(3, 12), team="db"),  # 8 h ack, 12 h resolve
    Ticket("C", "sev3", at(1, 9), at(1, 9), team="web",
           pauses=(Pause(at(1, 12), at(3, 12)),)),  # open; 3 h + 8 h + 8 h + 5 h = 24 h elapsed
    Ticket("D", "sev1", at(4, 8), at(4, 9), team="web"),  # open, resolve due 12:00 Thursday
    Ticket("E", "sev1", datetime(2026, 12, 1, tzinfo=UTC), resolved_at=datetime(2026, 12, 1, 1,
           tzinfo=UTC), team="web"),  # resolved before the period: not counted as resolved
    Ticket("F", "misc", at(5, 13), team="db"),  # created after now: ignored
]


def test_hand_computed_report() -> None:
    report = sla_report(TICKETS, DEFAULT_SLA_POLICY, NOW)
    assert report.since == NOW - timedelta(days=30)
    sev1, sev3 = report.by_kind
    assert (sev1.group, sev3.group) == ("sev1", "sev3")
    assert (sev3.open, sev3.open_breached, sev3.resolved) == (1, 0, 2)
    assert (sev3.resolved_with_target, sev3.resolved_within_sla) == (2, 2)
    assert sev3.within_sla_share == 1.0
    assert (sev3.ack_p50, sev3.ack_p90) == (1 * H, 8 * H)  # A 1 h, B 8 h, C 0 h -> 0, 1, 8
    assert (sev3.resolve_p50, sev3.resolve_p90) == (12 * H, 16 * H)
    assert sev3.oldest_open_age == NOW - at(1, 9)
    assert (sev1.open, sev1.open_breached, sev1.resolved) == (1, 1, 0)
    assert sev1.within_sla_share is None and sev1.resolve_p50 is None
    assert sev1.ack_p50 == H  # D only: E was acknowledged (by resolving) before the period
    assert [r.group for r in report.by_team] == ["db", "web"]
    db, web = report.by_team
    assert (db.open, db.resolved, web.open, web.open_breached) == (0, 2, 2, 1)
    assert report.total.open == 2 and report.total.resolved == 2


def test_time_to_resolve_excludes_pauses() -> None:
    closed = Ticket("C2", Kind.SEV3, at(1, 9), at(1, 9), at(4, 10),
                    pauses=(Pause(at(1, 12), at(3, 12)),))
    row = sla_report([closed], DEFAULT_SLA_POLICY, NOW).total
    # Mon 09-12 (3 h), Wed 12-17 (5 h), Thu 09-10 (1 h).
    assert row.resolve_p50 == 9 * H


def test_period_is_configurable() -> None:
    # The period is (now - period, now]: B resolved Wednesday 12:00, A Tuesday 17:00.
    report = sla_report(TICKETS, DEFAULT_SLA_POLICY, NOW, period=timedelta(days=2, hours=1))
    assert report.total.resolved == 1 and report.total.resolve_p50 == 12 * H
    assert sla_report(TICKETS, DEFAULT_SLA_POLICY, NOW, period=timedelta(days=2)).total.resolved == 0


def test_table_text() -> None:
    text = format_report(sla_report(TICKETS, DEFAULT_SLA_POLICY, NOW))
    lines = text.splitlines()
    assert lines[0] == "SLA report at 2027-02-05 12:00 UTC, resolved since 2027-01-06 12:00 UTC"
    assert lines[2].split() == ["kind", "open", "breached", "resolved", "in", "SLA", "ack",
                                "p50", "ack", "p90", "res", "p50", "res", "p90", "oldest"]
    assert lines[4].split() == ["sev3", "1", "0", "2", "100%", "(2/2)", "1h", "8h", "12h",
                                "16h", "4d", "3h"]
    assert "(no team)" not in text
    assert all(len(line) <= 100 for line in lines)


def test_percentile_nearest_rank() -> None:
    values = [timedelta(minutes=m) for m in (30, 10, 20)]
    assert percentile(values, 50) == timedelta(minutes=20)
    assert percentile(values, 90) == timedelta(minutes=30)
    assert percentile(values, 1) == timedelta(minutes=10)
    assert percentile([], 50) is None
    assert format_duration(timedelta(days=90)) == "90d"


ticket_strategy = st.builds(
    lambda i, kind, team, created, ack, res: Ticket(
        f"T{i}", kind, NOW - created, None if ack is None else NOW - created + ack,
        None if res is None else NOW - created + res, team=team),
    st.integers(0, 10**6),
    st.sampled_from(list(Kind)),
    st.sampled_from([None, "db", "web"]),
    st.timedeltas(-timedelta(days=1), timedelta(days=60)),
    st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=2))),
    st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=20))),
)


@settings(max_examples=60, deadline=None)
@given(batch=st.lists(ticket_strategy, max_size=20))
def test_groups_add_up_to_the_total(batch: list[Ticket]) -> None:
    report = sla_report(batch, DEFAULT_SLA_POLICY, NOW)
    for rows in (report.by_kind, report.by_team):
        for name in ("open", "open_breached", "resolved", "resolved_within_sla"):
            assert sum(getattr(r, name) for r in rows) == getattr(report.total, name)
    for row in (*report.by_kind, *report.by_team, report.total):
        assert 0 <= row.open_breached <= row.open
        assert 0 <= row.resolved_within_sla <= row.resolved_with_target <= row.resolved
        for lo, hi in ((row.ack_p50, row.ack_p90), (row.resolve_p50, row.resolve_p90)):
            assert (lo is None) == (hi is None)
            assert lo is None or hi is None or timedelta(0) <= lo <= hi
    assert report.total.open == sum(t.is_open(NOW) for t in batch)
