"""Analytics in the explorer: harm-sized nodes, key players, people at risk, community colours.

The seed graph (tests/browser/seed.py) is analysed for real with `run_all` on the test Neo4j
before the page opens, so what the page shows is what the analytics computed.
"""

from __future__ import annotations

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.analytics.run import run_all
from graph.db.settings import Neo4jConnection
from tests.browser import seed
from tests.browser.pages import open_person, screenshot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysed(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> dict[str, dict]:
    """Runs the analytics on the seed graph; returns each person's cached scores."""
    report = run_all(driver, neo4j_connection.database)
    assert report.persons > 0
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p.analytics_harm_score AS harm, "
        "p.analytics_community AS community", database_=neo4j_connection.database)
    return {r["id"]: {"harm": r["harm"], "community": r["community"]} for r in records}


def node_data(page: Page, node_id: str) -> dict:
    return page.evaluate(
        "(id) => { const n = window.nexus.controller.cy.getElementById(id);"
        " return { ...n.data(), width: n.width(), classes: n.classes(),"
        " fill: n.style('background-color') }; }", node_id)


def test_key_players_open_a_person_and_nodes_are_sized_by_harm(
        page: Page, app_url: str, analysed: dict[str, dict]) -> None:
    page.goto(app_url)
    panel = page.locator("#analytics")
    panel.locator("summary").click()
    players = page.locator("#key-players li button")
    expect(players.first).to_be_visible(timeout=15000)
    names = players.all_inner_texts()
    assert len(names) == 10, names
    # The hub with 105 spokes dominates PageRank on this graph.
    assert names[0] == "Jordan Price", names
    expect(page.locator("#people-at-risk")).to_contain_text("No one meets the at-risk criteria")
    screenshot(page, "20-key-players")

    # Keyboard: focus the second key player and press Enter.
    second_id = players.nth(1).get_attribute("data-id")
    players.nth(1).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{app_url}/#/person/{second_id}")
    expect(page.locator("#export-png")).to_be_enabled(timeout=15000)
    expect(page.locator("#profile .person-id")).to_have_text(second_id)

    # Size by harm: Marcus (convicted) is bigger than unconvicted people, whose score is 0.
    open_person(page, app_url, "P-B002")  # Marcus is then a plain node, not the centre
    assert analysed[seed.CENTRE]["harm"] > 0 and analysed["P-B008"]["harm"] == 0
    marcus, aisha = node_data(page, seed.CENTRE), node_data(page, "P-B008")
    assert "harm-sized" in marcus["classes"] and "harm-sized" in aisha["classes"]
    assert marcus["harmScore"] == pytest.approx(analysed[seed.CENTRE]["harm"])
    assert marcus["width"] > aisha["width"] >= 20, (marcus["width"], aisha["width"])
    organisation = node_data(page, "OR-B1")  # unscored: default size
    assert "harm-sized" not in organisation["classes"] and organisation["width"] == 44
    expect(page.locator("#legend-body")).to_contain_text("At risk (safeguarding)")
    expect(page.locator("#legend-body")).to_contain_text("Size = harm score")

    # Colour by community: the toggle fills people by their community number.
    before = marcus["fill"]
    page.locator("#colour-by-community").check()
    coloured = node_data(page, seed.CENTRE)
    assert "community" in coloured["classes"]
    assert coloured["community"] == analysed[seed.CENTRE]["community"]
    assert coloured["fill"] != before
    screenshot(page, "21-harm-size-and-communities")
    page.locator("#colour-by-community").uncheck()
    assert node_data(page, seed.CENTRE)["fill"] == before
