"""Kind labels, CSV tickets, YAML policies, the CLI text and the worked example in docs/sla.md."""

from __future__ import annotations

import doctest
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairshift.errors import TimeError
from fairshift.incidents import (
    DEFAULT_SLA_POLICY,
    IncidentError,
    Kind,
    Pause,
    Ticket,
    dump_tickets_csv,
    load_sla_policy,
    load_tickets_csv,
    parse_kind,
    parse_now,
    parse_sla_policy,
    parse_tickets_csv,
    run_sla_cli,
)

ROOT = Path(__file__).resolve().parents[2]
H = timedelta(hours=1)
NOW = datetime(2027, 2, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("label", "kind"),
    [("sev1", Kind.SEV1), ("SEV-1", Kind.SEV1), ("severity-2", Kind.SEV2), ("Sev 3", Kind.SEV3),
     ("severity_4", Kind.SEV4), ("release-failure", Kind.RELEASE_FAILURE),
     ("Release Failed", Kind.RELEASE_FAILURE), ("security-critical", Kind.SECURITY_CRITICAL),
     ("sec_crit", Kind.SECURITY_CRITICAL), ("security-high", Kind.SECURITY_HIGH),
     ("Security: Medium", Kind.SECURITY_MEDIUM), ("vuln-moderate", Kind.SECURITY_MEDIUM),
     ("security-low", Kind.SECURITY_LOW), ("misc", Kind.MISC), ("Chore", Kind.MISC)],
)
def test_kind_spellings(label: str, kind: Kind) -> None:
    assert parse_kind(label) is kind


@pytest.mark.parametrize("label", ["sev5", "sev0", "security", "p1", "", "critical"])
def test_unknown_kind(label: str) -> None:
    with pytest.raises(IncidentError, match=f"unknown ticket kind {re.escape(repr(label))}"):
        parse_kind(label)


# --- CSV -------------------------------------------------------------------------------------


def test_example_tickets_load() -> None:
    tickets = load_tickets_csv(ROOT / "examples" / "tickets.csv")
    assert len(tickets) == 14
    by_id = {t.id: t for t in tickets}
    assert by_id["INC-102"].kind is Kind.SEV2 and by_id["REL-7"].kind is Kind.RELEASE_FAILURE
    assert by_id["INC-103"].created_at == datetime(2027, 1, 29, 15, 30, tzinfo=UTC)
    assert by_id["INC-104"].pauses == (Pause(datetime(2027, 1, 22, 11, tzinfo=UTC),
                                             datetime(2027, 1, 26, 11, tzinfo=UTC)),)
    assert by_id["ENG-50"].labels == {"tech-debt"} and by_id["ENG-50"].team == "core"


def csv_error(text: str) -> str:
    with pytest.raises(IncidentError) as info:
        parse_tickets_csv(text, "t.csv")
    return str(info.value)


HEAD = "id,kind,created_at,acknowledged_at,resolved_at,team,labels,pauses\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A,sev1,2027-02-01T09:00,,,,,\n",
         "t.csv:2 created_at: '2027-02-01T09:00' has no UTC offset; add one"),
        ("A,sev9,2027-02-01T09:00Z,,,,,\n", "t.csv:2 kind: unknown ticket kind 'sev9'"),
        ("A,sev1,yesterday,,,,,\n", "t.csv:2 created_at: 'yesterday' is not an ISO 8601 instant"),
        ("A,sev1,2027-02-01T09:00Z,2027-01-01T00:00Z,,,,\n",
         "t.csv:2: ticket A acknowledged_at 2027-01-01T00:00:00+00:00 is before created_at"),
        ("A,sev1,2027-02-01T09:00Z,,,,,2027-02-01T10:00Z\n",
         "t.csv:2 pauses: cannot read pause '2027-02-01T10:00Z'; write start/end"),
        ("A,sev1,2027-02-01T09:00Z,,,,,2027-02-01T10:00Z/2027-02-01T09:30Z\n",
         "t.csv:2 pauses: pause ends at 2027-02-01T09:30:00+00:00, before it starts"),
        ("A,sev1,2027-02-01T09:00Z,,,,\n", "t.csv:2: 7 cells where the header has 8"),
        ("A,sev1,2027-02-01T09:00Z,,,,,\n\nA,sev2,2027-02-01T09:00Z,,,,,\n",
         "t.csv:4 id: ticket id 'A' is already used on line 2"),
    ],
)
def test_csv_errors_name_file_line_and_column(body: str, expected: str) -> None:
    assert expected in csv_error(HEAD + body)


def test_csv_header_errors() -> None:
    assert "t.csv:1: unknown column 'resolved'; rename it to 'resolved_at'" in csv_error(
        "id,kind,created_at,resolved\n")
    assert "t.csv:1: missing column(s) created_at" in csv_error("id,kind\n")
    assert "no header row" in csv_error("\n\n")


def test_csv_lists_every_problem() -> None:
    message = csv_error(HEAD + "A,sev9,2027-02-01T09:00Z,,,,,\nB,sev1,2027-02-01,,,,,\n")
    assert message.startswith("2 problems in t.csv:")
    assert "t.csv:2 kind" in message and "t.csv:3 created_at" in message


def test_csv_header_is_flexible() -> None:
    text = "\ufeffCreated At,ID,Kind,Resolved-At\n2027-02-01T09:00+01:00,X,sev3,\n"
    (ticket,) = parse_tickets_csv(text)
    assert (ticket.id, ticket.created_at, ticket.resolved_at) == (
        "X", datetime(2027, 2, 1, 8, tzinfo=UTC), None)


instants = st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))
words = st.text("abcxyz-_.0123456789", min_size=1, max_size=8)


@st.composite
def csv_tickets(draw: st.DrawFn, index: int) -> Ticket:
    created = draw(instants)
    later = st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=9)).map(
        lambda d: created + d))
    pauses = draw(st.lists(st.tuples(st.timedeltas(timedelta(0), timedelta(days=3)),
                                     st.one_of(st.none(), st.timedeltas(timedelta(0), H))),
                           max_size=2))
    return Ticket(f"T-{index}", draw(st.sampled_from(list(Kind))), created, draw(later),
                  draw(later), tuple(Pause(created + s, None if e is None else created + s + e)
                                     for s, e in pauses),
                  draw(st.one_of(st.none(), words)), frozenset(draw(st.sets(words, max_size=3))))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6).flatmap(lambda n: st.tuples(*(csv_tickets(i) for i in range(n)))))
def test_csv_round_trip(tickets: tuple[Ticket, ...]) -> None:
    assert parse_tickets_csv(dump_tickets_csv(tickets)) == list(tickets)


# --- YAML ------------------------------------------------------------------------------------


def test_example_policy_loads() -> None:
    policy = load_sla_policy(ROOT / "examples" / "sla.yaml")
    sev3 = policy.target_for(Kind.SEV3)
    assert (sev3.calendar, sev3.acknowledge, sev3.resolve) == ("budapest", 8 * H, 40 * H)
    assert policy.calendar_for(Kind.SEV3).holidays.country == "HU"
    la = policy.calendar_for(Kind.RELEASE_FAILURE)
    assert (la.timezone, la.holidays.subdivision) == ("America/Los_Angeles", "CA")
    assert policy.target_for(Kind.SECURITY_CRITICAL).resolve == timedelta(days=7)
    assert policy.target_for(Kind.MISC).resolve is None
    rank = policy.priority.rank
    assert rank(Kind.SECURITY_CRITICAL) < rank(Kind.SEV3) < rank(Kind.SECURITY_HIGH)
    assert rank(Kind.SECURITY_MEDIUM) == rank(Kind.SECURITY_LOW)


def test_partial_policy_keeps_defaults() -> None:
    policy = parse_sla_policy("targets:\n  sev1: {calendar: 24x7, resolve: 2h}\n")
    assert policy.target_for(Kind.SEV1).resolve == 2 * H
    assert policy.target_for(Kind.SEV1).acknowledge is None
    assert policy.target_for(Kind.SEV2) == DEFAULT_SLA_POLICY.target_for(Kind.SEV2)
    assert policy.priority == DEFAULT_SLA_POLICY.priority
    assert parse_sla_policy("{}") == DEFAULT_SLA_POLICY


def yaml_error(text: str) -> str:
    with pytest.raises(IncidentError) as info:
        parse_sla_policy(text, "sla.yaml")
    return str(info.value)


CAL = "calendars:\n  bud:\n    timezone: Europe/Budapest\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("targets:\n  sev1: {calendar: 24x7}\n  sev1: {calendar: 24x7}\n",
         'sla.yaml:3: found duplicate key "sev1"'),
        ("targets:\n  sev1: {calendar: 24x7}\n  SEV-1: {calendar: 24x7}\n",
         "sla.yaml:3 targets.SEV-1: kind 'sev1' is given twice"),
        ("targets:\n  sev1: {calendar: 24x7}\n  sev7: {calendar: 24x7}\n",
         "sla.yaml:3 targets.sev7: unknown ticket kind 'sev7'"),
        ("targets:\n  sev1: {calendar: office}\n",
         "sla.yaml:2 targets.sev1.calendar: unknown calendar 'office'"),
        ("targets:\n  sev1: {resolve: 4h}\n", "sla.yaml:2 targets.sev1: missing calendar"),
        ("targets:\n  sev1:\n    calendar: 24x7\n    resolve: 4 hours\n",
         "sla.yaml:4 targets.sev1.resolve: cannot read duration '4 hours'"),
        ("targets:\n  sev1:\n    calendar: 24x7\n    resolve: 15\n",
         "sla.yaml:4 targets.sev1.resolve: cannot read duration '15'"),
        ("targets:\n  sev1: {calendar: 24x7, resolve: 0m}\n",
         "sla.yaml:2 targets.sev1: SLA target resolve=0:00:00 must be positive"),
        ("targets:\n  sev1: {calendar: 24x7, reslove: 4h}\n",
         "sla.yaml:2 targets.sev1.reslove: unknown key 'reslove'; did you mean 'resolve'?"),
        (CAL + "    hours: 17:00-09:00\n", "sla.yaml:2 calendars.bud: calendar has no working hours"),
        (CAL + "    hours: 9-17\n", "sla.yaml:2 calendars.bud: cannot read working hours '9-17'"),
        (CAL + "    days: funday\n", "sla.yaml:2 calendars.bud: unknown weekday 'funday'"),
        (CAL + "    country: XX\n", "'XX' is not a country the holidays package knows"),
        (CAL + "    country: US\n    subdivision: ZZ\n", "'ZZ' is not a subdivision of US"),
        (CAL + "    closed: [someday]\n", "cannot read closed date 'someday'"),
        ("calendars:\n  bud: {timezone: Europe/Budapset}\n",
         "sla.yaml:2 calendars.bud: 'Europe/Budapset' is not a known time zone (did you mean "
         "'Europe/Budapest'?)"),
        ("calendars:\n  24x7: {timezone: UTC}\n", "sla.yaml:2 calendars.24x7: '24x7' is the built"),
        ("priority: [sev1, sev2]\n", "sla.yaml:1 priority: the priority order does not list"),
        ("priority:\n  - sev1\n  - [sev2, sevX]\n", "sla.yaml:3 priority[1]: unknown ticket kind"),
        ("prority: []\n", "sla.yaml:1 prority: unknown key 'prority'; did you mean 'priority'?"),
        ("targets: [sev1]\n", "sla.yaml:1 targets: expected a mapping"),
        ("targets:\n  sev1: {calendar: 24x7\n", "sla.yaml:3: "),
    ],
)
def test_policy_errors_name_file_line_and_fix(text: str, expected: str) -> None:
    assert expected in yaml_error(text)


def test_business_days_follow_the_calendar() -> None:
    policy = parse_sla_policy(
        "calendars:\n  short: {hours: 10:00-16:30, days: mon-thu}\n"
        "targets:\n  sev4: {calendar: short, acknowledge: 1bd, resolve: 2w}\n")
    target = policy.target_for(Kind.SEV4)
    assert target.acknowledge == timedelta(hours=6, minutes=30)
    assert target.resolve == timedelta(weeks=2)
    assert policy.calendar_for(Kind.SEV4).days == {0, 1, 2, 3}


# --- CLI support and docs --------------------------------------------------------------------


def test_cli_text_for_the_examples() -> None:
    text = run_sla_cli(ROOT / "examples" / "tickets.csv", ROOT / "examples" / "sla.yaml", NOW)
    lines = text.splitlines()
    row = {line.split()[0]: line.split()[1:] for line in lines if line and line[0].isalpha()}
    assert row["sev3"] == ["1", "0", "2", "100%", "(2/2)", "1h", "8h", "21h", "37h", "2d", "17h"]
    assert row["release-failure"][:5] == ["1", "0", "1", "0%", "(0/1)"]
    assert row["all"][:5] == ["9", "1", "5", "80%", "(4/5)"]
    queue = [line.split()[1] for line in lines if re.match(r"^\d+ ", line)]
    assert queue == ["REL-7", "INC-102", "INC-107", "SEC-11", "INC-103", "SEC-12", "SEC-13",
                     "INC-105", "ENG-50"]


def test_cli_with_default_policy_and_bad_input(tmp_path: Path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text("id,kind,created_at,team\nA,sev1,2027-02-01T08:00Z,db\n")
    text = run_sla_cli(csv_file, None, NOW)
    assert "1  A   sev1  db    2027-02-01 08:15 UTC    0m  breached" in text
    with pytest.raises(IncidentError, match=r"no ticket in .* team 'web'; teams found: db"):
        run_sla_cli(csv_file, None, NOW, team="web")
    with pytest.raises(TimeError, match=r"--now .* no time zone"):
        run_sla_cli(csv_file, None, datetime(2027, 2, 1, 9))
    with pytest.raises(IncidentError, match=r"missing.csv: cannot read the tickets CSV: No such file"):
        run_sla_cli(tmp_path / "missing.csv", None, NOW)
    with pytest.raises(IncidentError, match=r"nope.yaml: cannot read the SLA policy"):
        run_sla_cli(csv_file, tmp_path / "nope.yaml", NOW)
    assert parse_now("2027-02-01T09:00Z") == NOW
    with pytest.raises(TimeError, match="not an ISO 8601 instant"):
        parse_now("monday")


def pycon_blocks(text: str) -> str:
    """The ``pycon`` code blocks; other lines blanked so line numbers match the file."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```pycon"
            lines.append("")
        else:
            lines.append(line if inside else "")
    return "\n".join(lines)


def test_docs_worked_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    source = pycon_blocks((ROOT / "docs" / "sla.md").read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(source, {}, "docs/sla.md", "docs/sla.md", 0)
    assert len(test.examples) >= 20
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
