"""Watches and alerts in real Chromium against the live API and the real Neo4j: an officer
watches Marcus Adeyemi from his profile; an arrest and a C-graded intelligence report are
then recorded about him by others; the Alerts page and its nav badge show the arrest and
never the C report, and marking it read clears the badge."""

from __future__ import annotations

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import open_person, screenshot, sign_in
from tests.support.factories import grading

pytestmark = pytest.mark.slow

C_MARKER = "KESTREL-ALERT-4410"


def _open_and_watch(page: Page, app_url: str, role: str, reason: str) -> None:
    sign_in(page, app_url, role=role)
    open_person(page, app_url, seed.CENTRE)
    page.locator("#watch-reason").fill(reason)
    page.locator("#watch-button").click()
    expect(page.locator("#watching-note")).to_contain_text(reason)


def test_an_officer_watches_a_person_and_reads_the_alert(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page = anonymous_page
    sign_in(page, app_url, role="officer")
    open_person(page, app_url, seed.CENTRE)
    page.locator("#watch-button").click()                     # no reason: refused, kept
    expect(page.locator("#watch-card .field-error")).to_contain_text("at least 4")
    page.locator("#watch-reason").fill("Operation Kestrel: suspected supplier")
    page.locator("#watch-button").click()
    expect(page.locator("#watching-note")).to_contain_text("Operation Kestrel")
    screenshot(page, "39-watch-card")

    row = seed.SOURCE.row
    write_records(driver, neo4j_connection.database, {
        "arrest": [row(id="AR-ALERT1", person_id=seed.CENTRE, offence_ids=["008/01"],
                       arrested_at="2026-12-01T22:15:00Z", recorded_by="PC 9001")],
        "intelligence_report": [row(id="IT-ALERTC", reported_at="2026-12-02T10:00:00Z",
                                    summary=f"{C_MARKER} meeting at the garage",
                                    mentions_person_ids=[seed.CENTRE], recorded_by="DS 77",
                                    **grading("2B", "C", handling_conditions="SB only"))],
    })

    page.locator("#nav-alerts").click()
    items = page.locator("#alerts-list li")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("new arrest (AR-ALERT1)")
    expect(items.first).to_contain_text("recorded by PC 9001")
    expect(page.locator("#alerts-badge")).to_have_text("1")
    expect(page.locator("#alerts-view")).not_to_contain_text("IT-ALERTC")
    expect(page.locator("#alerts-view")).not_to_contain_text(C_MARKER)
    expect(page.locator("#watch-list li")).to_contain_text("Operation Kestrel")
    screenshot(page, "40-alerts-officer")

    items.first.locator(".alert-mark-read").click()
    expect(page.locator("#alerts-badge")).to_be_hidden()
    expect(items.first).to_have_class("alert read")
    page.locator("#alerts-unread-only").check()
    expect(page.locator("#alerts-status")).to_have_text("No unread alerts.")

    # The alert opens its person; "Stop watching" on the profile ends the watch.
    page.locator("#alerts-unread-only").uncheck()
    items.first.locator("a.open-person").click()
    page.locator("#unwatch-button").click()
    expect(page.locator("#watch-button")).to_be_visible()


def test_an_analyst_who_watches_sees_the_c_alert(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page = anonymous_page
    _open_and_watch(page, app_url, "analyst", "Operation Kestrel: analysis")
    row = seed.SOURCE.row
    write_records(driver, neo4j_connection.database, {
        "intelligence_report": [row(id="IT-ALERTC2", reported_at="2026-12-03T10:00:00Z",
                                    summary="seen at the garage again",
                                    mentions_person_ids=[seed.CENTRE], recorded_by="DS 77",
                                    **grading("2B", "C", handling_conditions="SB only"))]})
    page.locator("#nav-alerts").click()
    expect(page.locator("#alerts-list li")).to_have_count(1)
    expect(page.locator("#alerts-list li").first).to_contain_text(
        "named in an intelligence report (IT-ALERTC2)")
    page.locator("#alerts-mark-all").click()
    expect(page.locator("#alerts-badge")).to_be_hidden()
    screenshot(page, "41-alerts-analyst")
