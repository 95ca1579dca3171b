"""Saved history versions in real Chromium against the live API and the real Neo4j: an
analyst downloads two versions of Marcus Adeyemi's history with an arrest recorded
between them, lists them, opens one, sees what changed since (the arrest's line marked
added, in green and in words), compares the two, and generates a disclosure version for
named recipients whose sharing record shows with it; an officer sees the analyst's
versions without the handling-code C report in any listing, content or comparison."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from neo4j import Driver
from playwright.sync_api import Locator, Page, expect

from api.permissions import clearance_of
from graph.db.settings import Neo4jConnection
from graph.history import build_history, generate
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import screenshot, sign_in

pytestmark = pytest.mark.slow

C_TEXT = "HERON-C-5512"
CONDITIONS = "Only via the DI on call"
UK_TIME = re.compile(r"\d{2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} (GMT|BST)")


@pytest.fixture(scope="module", autouse=True)
def c_report(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    """A C-graded report about the centre: in an analyst's history, never an officer's."""
    write_records(driver, neo4j_connection.database, {"intelligence_report": [seed.SOURCE.row(
        id="IT-HVC", reported_at="2024-02-01T10:00:00Z", summary=f"{C_TEXT}: keeps a blade",
        mentions_person_ids=[seed.CENTRE], source_evaluation="2", intelligence_assessment="B",
        handling_code="C", handling_conditions=CONDITIONS)]})
    # Plan the history's queries once outside the API's 5 s statement bound: on a busy
    # machine a fresh server's first planning alone can outlast it.
    build_history(driver, neo4j_connection.database, seed.CENTRE, as_of=datetime.now(UTC).date(),
                  purpose="warm-up", generated_by="test", clearance=clearance_of("analyst"))


def _open_dialog(page: Page, app_url: str) -> None:
    # The dialog needs the person, not the drawn network: wait for the button alone.
    page.goto(f"{app_url}/#/person/{seed.CENTRE}")
    expect(page.locator("#history-button")).to_be_enabled(timeout=30000)
    page.locator("#history-button").click()
    expect(page.locator("#history-dialog")).to_be_visible()
    frame = page.frame_locator("#history-body iframe.history-frame")
    expect(frame.locator("h1.title")).to_contain_text("Marcus Adeyemi", timeout=30000)


def _download(page: Page) -> None:
    with page.expect_download(timeout=60000):
        page.locator("#history-download").click()
    expect(page.locator("#notice")).to_contain_text("saved as version")


def _versions_tab(page: Page) -> Locator:
    page.locator("#history-tab-versions").click()
    table = page.locator("#history-versions-table")
    expect(table).to_be_visible(timeout=15000)
    return table.locator("tbody tr")


def _row(rows: Locator, version: int) -> Locator:
    return rows.filter(has=rows.page.locator(f"th:text-is('v{version}')"))


def test_versions_are_listed_opened_compared_and_disclosed(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page = anonymous_page
    sign_in(page, app_url, role="analyst", purpose="Op Heron remand file")
    _open_dialog(page, app_url)
    page.locator("#history-case").fill("OP-HERON/7")
    _download(page)                                              # version 1
    # Between the two: a new arrest, and the seed's charged arrest now NFA.
    write_records(driver, neo4j_connection.database, {"arrest": [
        seed.SOURCE.row(id="AR-HV2", person_id=seed.CENTRE, offence_ids=["092/01"],
                        arrested_at="2024-04-20T23:10:00Z", arresting_officer="PC 4711",
                        outcome="bail", custody_suite_id="L-B1"),
        seed.SOURCE.row(id="AR-B1", person_id=seed.CENTRE, offence_ids=["008/01"],
                        arrested_at="2023-05-02T01:00:00Z", arresting_officer="PC 123",
                        outcome="nfa", custody_suite_id="L-B1", incident_id="IN-B1")]})
    page.locator("#history-preview").click()
    expect(page.frame_locator("#history-body iframe.history-frame").locator("body")
           ).to_contain_text("AR-HV2", timeout=30000)
    _download(page)                                              # version 2

    rows = _versions_tab(page)
    expect(rows).to_have_count(2)
    expect(page.locator("#history-versions-status")).to_have_text(
        "Versions 1–2 of 2, newest first.")
    expect(rows.first.locator("th")).to_have_text("v2")          # newest first
    first = _row(rows, 1)
    expect(first).to_contain_text("by test-analyst")
    expect(first).to_contain_text("Op Heron remand file")
    expect(first).to_contain_text("Case OP-HERON/7")
    expect(first.locator("td").nth(1)).to_have_text(UK_TIME)
    expect(first.locator("code.hash")).to_have_text(re.compile(r"^[0-9a-f]{12}…$"))
    expect(first.locator("code.hash")).to_have_attribute("title",
                                                         re.compile(r"sha256 [0-9a-f]{64}"))
    expect(first.locator("td").nth(5)).to_have_text("No")       # not a disclosure
    screenshot(page, "50-history-versions")

    # Open version 1: its stored document in the sandboxed frame, from before the arrest.
    first.locator(".version-open").click()
    expect(page.locator("#history-version-title")).to_have_text(
        "Version 1 of the history of Marcus Adeyemi")
    expect(page.locator("#history-version-meta")).to_contain_text("OP-HERON/7")
    stored = page.locator("#history-versions iframe.history-frame")
    expect(stored).to_have_attribute("sandbox", "")
    document = page.frame_locator("#history-versions iframe.history-frame")
    expect(document.locator(".running-header").first).to_contain_text("v1", timeout=15000)
    expect(document.locator("body")).to_contain_text(C_TEXT)    # the analyst's own view
    expect(document.locator("body")).not_to_contain_text("AR-HV2")
    screenshot(page, "51-history-version-open")
    with page.expect_download(timeout=60000) as pdf:
        page.locator("#history-version-pdf").click()
    assert pdf.value.suggested_filename == f"history-{seed.CENTRE}-v1.pdf"

    # Changed since version 1: the arrest is the added line, green and said in words.
    page.locator("#history-version-since").click()
    expect(page.locator("#history-compare-title")).to_contain_text(
        "Version 1 (as at", timeout=30000)
    expect(page.locator("#history-compare-title")).to_contain_text("compared with the history now")
    added = page.locator(".diff-section[data-section='arrests_charges'] .diff-added")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("+ Added")
    expect(added).to_contain_text("AR-HV2")
    expect(added).to_have_css("background-color", "rgb(220, 252, 231)")
    expect(added).to_contain_text("21 Apr 2024, 00:10 BST")      # UK local time
    changed = page.locator(".diff-section[data-section='arrests_charges'] .diff-changed")
    expect(changed).to_contain_text("~ Changed")
    expect(changed).to_contain_text("AR-B1")
    expect(changed.locator(".diff-changes")).to_contain_text("Outcome: was “Charged")
    expect(changed).to_have_css("background-color", "rgb(254, 243, 199)")
    expect(page.locator("#history-diff-summary")).to_have_text(
        "1 line added, 0 lines removed, 1 line changed in 1 section.")
    expect(page.locator(".diff-section[data-section='intelligence']")).to_have_count(0)
    screenshot(page, "52-history-changed-since")

    # The two saved versions, chosen in the list.
    page.locator("#history-back").click()
    rows = page.locator("#history-versions-table tbody tr")
    for version in (1, 2):
        _row(rows, version).locator(".version-select").check()
    page.locator("#history-compare-selected").click()
    expect(page.locator("#history-compare-title")).to_contain_text("compared with version 2")
    expect(page.locator(".diff-section[data-section='arrests_charges'] .diff-added")
           ).to_contain_text("AR-HV2")

    # A disclosure version: recipients are required, then its sharing record shows.
    page.locator("#history-tab-disclose").click()
    page.locator("#history-disclose-generate").click()
    expect(page.locator("#history-recipients-error")).to_contain_text("Name who")
    page.locator("#history-recipients").fill("Home Office Immigration Enforcement\nCPS London\n")
    page.locator("#history-disclose-generate").click()
    expect(page.locator("#history-disclose-saved")).to_contain_text("Saved as version 3",
                                                                    timeout=30000)
    record = page.locator("#history-disclose-result .sharing-record")
    expect(record).to_contain_text("Disclosed by test-analyst to Home Office Immigration "
                                   "Enforcement and CPS London on")
    expect(record).to_have_text(UK_TIME)
    screenshot(page, "53-history-disclosure-generated")
    page.locator("#history-disclose-result button", has_text="Open it").click()
    expect(page.locator("#history-version-meta")).to_contain_text(
        "Disclosed by test-analyst to Home Office Immigration Enforcement and CPS London")
    disclosed = page.frame_locator("#history-versions iframe.history-frame")
    expect(disclosed.locator("body")).to_contain_text("WITHHELD", timeout=15000)
    expect(disclosed.locator("body")).to_contain_text(CONDITIONS)
    expect(disclosed.locator("body")).not_to_contain_text(C_TEXT)
    page.locator("#history-back").click()
    third = _row(page.locator("#history-versions-table tbody tr"), 3)
    expect(third.locator(".disclosure-badge")).to_have_text("Disclosure")
    expect(third.locator(".sharing-record")).to_contain_text("CPS London")
    screenshot(page, "54-history-versions-with-disclosure")


def test_an_officer_sees_the_analysts_versions_without_c(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    saved = generate(driver, database, seed.CENTRE, as_of=datetime.now(UTC).date(),
                     purpose="analyst's file copy", generated_by="test-analyst",
                     clearance=clearance_of("analyst"))
    version = saved.meta["version"]
    assert C_TEXT in str(saved.content)  # the control: the stored version holds it
    page = anonymous_page
    sign_in(page, app_url, role="officer")
    _open_dialog(page, app_url)
    dialog = page.locator("#history-dialog")
    rows = _versions_tab(page)
    row = _row(rows, version)
    expect(row).to_contain_text("shown as your role may see it")
    expect(dialog).not_to_contain_text(C_TEXT)
    screenshot(page, "55-history-versions-officer")
    row.locator(".version-open").click()
    expect(page.locator("#history-version-title")).to_contain_text(f"Version {version}")
    document = page.frame_locator("#history-versions iframe.history-frame")
    expect(document.locator("h1.title")).to_contain_text("Marcus Adeyemi", timeout=15000)
    expect(document.locator("body")).not_to_contain_text(C_TEXT)
    expect(document.locator("body")).not_to_contain_text("IT-HVC")
    expect(document.locator("body")).not_to_contain_text("WITHHELD")
    page.locator("#history-version-since").click()
    expect(page.locator("#history-diff-summary")).to_have_text(
        "No change: the two have the same content.", timeout=30000)
    expect(dialog).to_contain_text("some material in these versions is not included")
    expect(dialog).not_to_contain_text(C_TEXT)
    expect(dialog).not_to_contain_text("IT-HVC")
    screenshot(page, "56-history-changed-since-officer")
    # A long list goes a page of ten at a time, newest first.
    for n in range(10):
        generate(driver, database, seed.CENTRE, as_of=datetime.now(UTC).date(),
                 purpose=f"officer copy {n}", generated_by="test-officer",
                 clearance=clearance_of("officer"))
    page.locator("#history-back").click()
    status = page.locator("#history-versions-status")
    expect(status).to_have_text(re.compile(r"^Versions 1–10 of \d+, newest first\.$"))
    total = int(re.search(r"of (\d+)", status.inner_text()).group(1))  # type: ignore[union-attr]
    expect(page.locator("#history-versions-table tbody tr").first.locator("th")
           ).to_have_text(f"v{total}")
    page.locator("#history-versions-older").click()
    expect(status).to_have_text(re.compile(rf"^Versions? 11(–{total})? of {total}"))
    expect(page.locator("#history-versions-older")).to_be_disabled()
    expect(_row(page.locator("#history-versions-table tbody tr"), 1)).to_have_count(1)
    page.locator("#history-versions-newer").click()
    expect(status).to_have_text(f"Versions 1–10 of {total}, newest first.")
