"""The HTML report in a real browser: headless Chromium (Debian's ``chromium`` package), driven by
Playwright's Python package with ``executable_path`` (Playwright's own browser download is never
used). The page is rendered from a file and checked on the rendered DOM: the sections in order,
every person's row and bar, every calendar entry laid out with a size, no console errors, no
script run (the hostile names stay text) and no request but the page itself.

Skips, saying how to install what is missing, when Chromium or Playwright is not there
(``.ci/run`` installs Chromium; ``pip install -e ".[test]"`` installs Playwright).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from exportkit import SCRIPT

from fairshift.domain.roster import Roster
from fairshift.domain.schedule import Schedule
from fairshift.exports import export_schedule

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

if CHROMIUM is None:
    pytest.skip("Chromium is not installed: `apt-get install -y chromium` (Debian) runs the browser test "
                "of the HTML report", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason='Playwright is not installed: pip install -e ".[test]"')


class Rendered:
    """What a page load left behind."""

    def __init__(self) -> None:
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page: Any = None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def render(browser: Any, path: Path) -> Iterator[Rendered]:
    seen = Rendered()
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.on("console", lambda m: seen.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    seen.page = page
    yield seen
    context.close()


@pytest.fixture(scope="module")
def report(browser: Any, schedule: Schedule, roster: Roster,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    path = tmp_path_factory.mktemp("browser") / "report.html"
    export_schedule(schedule, "html", roster=roster, out=path)
    yield from render(browser, path)


def test_no_console_errors_no_script_and_no_requests(report: Rendered) -> None:
    assert [c for c in report.console if c[0] in ("error", "warning")] == []
    assert report.errors == [] and report.dialogs == []
    assert len(report.requests) == 1 and report.requests[0].startswith("file://")


def test_sections_render_in_order_with_the_verdict_first(report: Rendered) -> None:
    ids = report.page.evaluate("[...document.querySelectorAll('section')].map(s => s.id)")
    assert ids == ["verdict", "people", "budgets", "calendar", "shifts", "stages"]
    headline = report.page.locator("#verdict h2").inner_text()
    assert headline in ("Fairness proven", "Fairness not proven")
    box = report.page.locator("#verdict").bounding_box()
    assert box is not None and box["y"] < 200  # at the top of the page


def test_every_person_has_a_rendered_row_and_bar(report: Rendered, roster: Roster) -> None:
    page = report.page
    rows = page.evaluate("[...document.querySelectorAll('tr[data-engineer]')].map(r => "
                         "[r.dataset.engineer, r.innerText, r.getBoundingClientRect().height])")
    assert [r[0] for r in rows] == [e.id for e in roster.engineers]
    for (eid, text, height), eng in zip(rows, roster.engineers, strict=True):
        assert (eng.name or eng.id) in text and f"({eid})" in text and height > 0
    assert SCRIPT in page.locator('tr[data-engineer="cara"]').inner_text()  # shown as text, not run
    bars = page.evaluate("[...document.querySelectorAll('svg.bars g.person')].map(g => "
                         "[g.dataset.engineer, g.getBBox().width])")
    assert [b[0] for b in bars] == [e.id for e in roster.engineers] and all(b[1] > 0 for b in bars)


def test_every_calendar_entry_is_laid_out(report: Rendered, schedule: Schedule, roster: Roster) -> None:
    page = report.page
    cells = page.evaluate("[...document.querySelectorAll('.cal')].map(c => [c.dataset.rotation, "
                          "c.dataset.engineers, c.getBoundingClientRect().width, c.innerText])")
    seats = [(s.rotation, " ".join(sorted(s.engineers(role))))
             for s in schedule.shifts for role in roster.rotations_by_id[s.rotation].roles]
    assert sorted((c[0], c[1]) for c in cells) == sorted(seats)
    assert all(c[2] > 0 and c[3].strip() for c in cells)
    days = page.evaluate("document.querySelectorAll('table.calendar.daily td.day').length")
    assert days == (roster.horizon.end - roster.horizon.start).days  # one daily rotation: a cell per day
    weeks = page.evaluate("document.querySelectorAll('table.calendar.weekly tbody tr').length")
    assert weeks == sum(1 for s in schedule.shifts if s.rotation == "payments-weekly")
