"""The top-harm list (#/top-harm), "Who is flagged" (#/accountability) and the safeguarding
page (#/safeguarding) in real Chromium
against the live API, over tests/support/accountability_graph.py: the list with the
working of a score, its filters and the link into the person; the disproportionality
tables with small counts marked and the Chart.js trend by quarter, for a supervisor and an
auditor, and not for an analyst; a person at risk referred for safeguarding from the page
(the referral queued, no flag set), and the page saying being listed is not evidence.
Screenshots: test-artifacts/browser/accountability-*.png."""

from __future__ import annotations

import re

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from tests.browser.pages import screenshot, sign_in
from tests.support import accountability_graph
from tests.support.neo4j import wipe_graph

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded(driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    """This module's graph instead of the browser seed."""
    wipe_graph(driver, neo4j_connection.database)
    accountability_graph.build(driver, neo4j_connection.database)


def _as(page: Page, app_url: str, role: str) -> Page:
    sign_in(page, app_url, role)
    errors = page.page_errors  # type: ignore[attr-defined]
    errors[:] = [e for e in errors if "401 (Unauthorized)" not in e]
    return page


def test_the_top_harm_list_shows_the_working_and_filters(page: Page, app_url: str) -> None:
    page.locator("#nav-topharm").click()
    expect(page).to_have_url(re.compile(r"#/top-harm$"))
    status = page.locator("#top-harm-status")
    expect(status).to_have_text("Showing 10 of 12 people, highest harm first.")
    expect(page.locator("#top-harm-computed")).to_contain_text("Scores computed ")
    expect(page.locator("#top-harm-computed")).to_contain_text("as at 2025-07-01")
    first = page.locator("#top-harm-rows > tr").first
    expect(first).to_have_attribute("data-person-id", "P-T1")
    expect(first).to_contain_text("flag active")
    expect(first).to_contain_text("Camden")
    first.locator(".working summary").click()
    working = first.locator(".working-list li")
    expect(working).to_have_count(1)
    expect(working).to_contain_text("gravity 374 × recency weight 0.8")
    expect(working).to_contain_text("within 3 years: +28 to F")
    expect(working).to_contain_text("008/01: 365 CCHI days")
    expect(page.locator("#top-harm-formula")).to_contain_text(
        "Arrests, charges and intelligence weigh 0")
    screenshot(page, "accountability-top-harm")
    page.locator("#top-harm-more").click()
    expect(page.locator("#top-harm-rows > tr")).to_have_count(12)

    page.locator("#top-harm-borough").fill("Hackney")
    page.locator("#top-harm-flag").select_option("CLEARED")
    page.locator("#top-harm-search").click()
    expect(status).to_have_text(
        "Showing 1 of 1 person (borough Hackney, flag cleared), highest harm first.")
    page.locator("#top-harm-community").fill("x")
    page.locator("#top-harm-search").click()
    expect(page.locator("#top-harm-community-error")).to_contain_text("A community is a number")
    page.locator("#top-harm-community").fill("")
    page.locator("#top-harm-search").click()
    page.locator("#top-harm-rows a.open-person").first.click()
    expect(page).to_have_url(re.compile(r"#/person/P-T2$"))
    expect(page.locator(".person-name")).to_be_visible(timeout=15000)


@pytest.mark.parametrize("role", ["supervisor", "auditor"])
def test_who_is_flagged_shows_rates_small_counts_and_the_trend(
        anonymous_page: Page, app_url: str, role: str) -> None:
    page = _as(anonymous_page, app_url, role)
    page.locator("#nav-accountability").click()
    expect(page).to_have_url(re.compile(r"#/accountability$"))
    page.locator("#acc-since").fill("2025-01-01")
    page.locator("#acc-until").fill("2025-06-30")
    page.locator("#acc-show").click()
    expect(page.locator("#acc-status")).to_have_text(
        "20 high-harm flags set from 2025-01-01 to 2025-06-30 on 169 people in the graph "
        "(118.3 per 1,000), by nationality; 18 still active.")
    flags = page.locator("#acc-flags")
    gb = flags.locator('tr[data-group="GB"]')
    expect(gb.locator(".rate")).to_have_text("98.4")
    expect(gb.locator(".ratio")).to_have_text("0.83×")
    expect(gb.locator(".small-note")).to_have_text("")
    al = flags.locator('tr[data-group="AL"]')
    expect(al.locator(".ratio")).to_have_text("1.61×")
    expect(al.locator(".small-note")).to_have_text("small count: do not compare")
    expect(page.locator("#acc-rule")).to_contain_text("fewer than 10")
    top = page.locator("#acc-top-harm")
    expect(top.locator('tr[data-group="AL"] td').nth(2)).to_have_text("5")
    chart = page.locator("#acc-chart")
    expect(chart).to_have_attribute("data-quarters", "2025-Q1,2025-Q2")
    expect(chart).to_have_attribute("data-series", "all people,GB,AL")
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    drawn = page.evaluate("""() => {
      const c = document.getElementById('acc-chart');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) inked += 1;
      return inked;
    }""")
    assert drawn > 1000, "the chart drew nothing"
    expect(page.locator('#acc-quarters tr[data-quarter="2025-Q2"]')).to_contain_text("190.5 (8) ⚠")
    page.locator("#acc-by").select_option("BOROUGH")
    page.locator("#acc-show").click()
    expect(flags.locator('tr[data-group="Camden"]')).to_be_visible()
    screenshot(page, f"accountability-{role}")


def test_an_analyst_has_no_accountability_view(page: Page, app_url: str) -> None:
    expect(page.locator("#nav-accountability")).to_be_hidden()
    page.goto(f"{app_url}/#/accountability")
    expect(page).to_have_url(re.compile(r"#/$"))


def test_a_person_at_risk_is_referred_for_safeguarding_never_flagged(
        page: Page, app_url: str, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    page.locator("#nav-safeguarding").click()
    expect(page).to_have_url(re.compile(r"#/safeguarding$"))
    expect(page.locator("#safeguarding-not-evidence")).to_contain_text(
        "Being listed, or referred, is not evidence of anything")
    expect(page.locator("#safeguarding-queue-status")).to_have_text("No referrals yet.")
    person = page.locator('#safeguarding-at-risk li[data-person-id="P-R1"]')
    expect(person).to_contain_text("3 of 3 associates have offending recorded")
    person.locator(".refer-open").click()
    person.locator(".refer-send").click()
    expect(person.locator(".field-error")).to_contain_text("Say why the person needs support")
    person.locator("textarea").fill("Seen with older associates; possible county lines grooming")
    person.locator(".refer-send").click()
    expect(person.locator(".referred")).to_contain_text("No flag was set.")
    queued = page.locator('#safeguarding-queue li[data-person-id="P-R1"]')
    expect(queued).to_contain_text("possible county lines grooming")
    expect(queued).to_contain_text("by test-analyst")
    expect(page.locator("#safeguarding-queue-status")).to_have_text(
        "Showing 1 of 1 referral, newest first.")
    screenshot(page, "accountability-safeguarding")
    records, _, _ = driver.execute_query(
        "MATCH (p:Person {id: 'P-R1'}) RETURN COUNT { (p)-[:HAS_FLAG]->() } AS flags, "
        "COUNT { (p)-[:REFERRED_FOR_SAFEGUARDING]->() } AS referrals",
        database_=neo4j_connection.database)
    assert (records[0]["flags"], records[0]["referrals"]) == (0, 1)


def test_the_auditor_has_no_safeguarding_page(anonymous_page: Page, app_url: str) -> None:
    page = _as(anonymous_page, app_url, "auditor")
    expect(page.locator("#nav-safeguarding")).to_be_hidden()
    expect(page.locator("#nav-topharm")).to_be_hidden()
