"""Queue ordering: default classes, team policies, deadlines, totality and stability."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.incidents import (
    DEFAULT_SLA_POLICY,
    NO_DEADLINE,
    IncidentError,
    Kind,
    PriorityPolicy,
    Ticket,
    order_queue,
    priority_key,
)

NOW = datetime(2027, 2, 3, 12, tzinfo=UTC)  # a Wednesday
H = timedelta(hours=1)


def test_default_order_of_classes() -> None:
    kinds = list(Kind)
    tickets = [Ticket(f"T{i}", kind, NOW - H) for i, kind in enumerate(reversed(kinds))]
    order = [t.kind.value for t in order_queue(tickets, DEFAULT_SLA_POLICY, NOW)]
    assert order[:8] == ["sev1", "release-failure", "sev2", "sev3", "security-critical",
                         "security-high", "security-medium", "security-low"]
    assert sorted(order[8:]) == ["misc", "sev4"]
    assert DEFAULT_SLA_POLICY.priority.rank(Kind.SEV4) == DEFAULT_SLA_POLICY.priority.rank(Kind.MISC)


def test_team_policy_puts_critical_security_above_sev3() -> None:
    policy = replace(DEFAULT_SLA_POLICY, priority=PriorityPolicy.from_labels(
        ["sev1", "release-failure", "sev2", "security-critical", "sev3", "security-high",
         "security-medium", "security-low", ["sev4", "misc"]]))
    tickets = [Ticket("S3", "sev3", NOW - H), Ticket("SC", "security-critical", NOW - H)]
    assert [t.id for t in order_queue(tickets, DEFAULT_SLA_POLICY, NOW)] == ["S3", "SC"]
    assert [t.id for t in order_queue(tickets, policy, NOW)] == ["SC", "S3"]


def test_within_a_class_earliest_deadline_then_oldest() -> None:
    # sev3 on the UTC 09-17 business calendar: acknowledge 8 h, resolve 40 h.
    acked_old = Ticket("ACKED", "sev3", NOW - 5 * H, acknowledged_at=NOW - 4 * H)
    fresh = Ticket("FRESH", "sev3", NOW - H)  # acknowledge due Thursday 11:00
    twin_old = Ticket("TWIN-A", "sev3", datetime(2027, 2, 3, 2, tzinfo=UTC))
    twin_new = Ticket("TWIN-B", "sev3", datetime(2027, 2, 3, 8, tzinfo=UTC))  # same deadline
    order = order_queue([acked_old, twin_new, fresh, twin_old], DEFAULT_SLA_POLICY, NOW)
    assert [t.id for t in order] == ["TWIN-A", "TWIN-B", "FRESH", "ACKED"]
    keys = [priority_key(t, DEFAULT_SLA_POLICY, NOW) for t in order]
    assert keys[0].deadline == keys[1].deadline == datetime(2027, 2, 3, 17, tzinfo=UTC)


def test_resolved_and_future_tickets_are_not_queued() -> None:
    tickets = [Ticket("DONE", "sev1", NOW - 2 * H, resolved_at=NOW - H),
               Ticket("LATER", "sev1", NOW + H), Ticket("OPEN", "misc", NOW - H)]
    assert [t.id for t in order_queue(tickets, DEFAULT_SLA_POLICY, NOW)] == ["OPEN"]
    assert priority_key(tickets[2], DEFAULT_SLA_POLICY, NOW).deadline == NO_DEADLINE


def test_sort_is_stable_for_equal_keys() -> None:
    a = Ticket("SAME", "sev2", NOW - H, labels=frozenset({"first"}))
    b = Ticket("SAME", "sev2", NOW - H, labels=frozenset({"second"}))
    assert order_queue([a, b], DEFAULT_SLA_POLICY, NOW) == [a, b]
    assert order_queue([b, a], DEFAULT_SLA_POLICY, NOW) == [b, a]


@pytest.mark.parametrize(
    ("classes", "message"),
    [
        (["sev1"], "does not list sev2, sev3"),
        ([*Kind, "sev1"], "'sev1' is listed twice"),
        ([*Kind, []], "priority class 11 is empty"),
    ],
)
def test_bad_priority_policies(classes: list[str | list[str]], message: str) -> None:
    with pytest.raises(IncidentError, match=message):
        PriorityPolicy.from_labels(classes)


# --- properties ----------------------------------------------------------------------------


@st.composite
def priority_policies(draw: st.DrawFn) -> PriorityPolicy:
    kinds = draw(st.permutations(list(Kind)))
    cuts = sorted(draw(st.sets(st.integers(1, len(kinds) - 1), max_size=len(kinds) - 1)))
    bounds = [0, *cuts, len(kinds)]
    return PriorityPolicy(tuple(frozenset(kinds[a:b]) for a, b in itertools.pairwise(bounds)))


@st.composite
def tickets(draw: st.DrawFn, index: int) -> Ticket:
    created = NOW - draw(st.timedeltas(-timedelta(days=2), timedelta(days=60)))
    ack = draw(st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=3))))
    res = draw(st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=10))))
    return Ticket(f"T{index:03d}", draw(st.sampled_from(list(Kind))), created,
                  None if ack is None else created + ack, None if res is None else created + res)


ticket_lists = st.integers(0, 25).flatmap(
    lambda n: st.tuples(*(tickets(i) for i in range(n))).map(list)
)


@settings(max_examples=100, deadline=None)
@given(batch=ticket_lists, priority=priority_policies(), seed=st.randoms(use_true_random=False))
def test_queue_is_a_total_order_consistent_with_the_policy(
    batch: list[Ticket], priority: PriorityPolicy, seed: object
) -> None:
    policy = replace(DEFAULT_SLA_POLICY, priority=priority)
    queue = order_queue(batch, policy, NOW)
    assert sorted(t.id for t in queue) == sorted(t.id for t in batch if t.is_open(NOW))
    keys = [priority_key(t, policy, NOW) for t in queue]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)  # distinct ids: no ties, the order is total
    for before, after in itertools.pairwise(keys):
        assert before.rank <= after.rank
        if before.rank == after.rank:
            assert (before.deadline, before.created_at) <= (after.deadline, after.created_at)
    shuffled = list(batch)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    assert order_queue(shuffled, policy, NOW) == queue
