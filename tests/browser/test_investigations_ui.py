"""Saved investigations in real Chromium against the live API and the real Neo4j.

An analyst draws Marcus Adeyemi's network (which, for the analyst, holds a person linked to
him only by a C-graded link), drags a node, saves the canvas as an investigation shared
with an officer, and reopens it from the Investigations page: every node is where it was
left, and a record added since shows in the "changed since saved" note. The officer opens
the same investigation and sees no C link, no person reached only through it, and no word
of either beyond "withheld".
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import node_point, open_person, screenshot, sign_in, wait_for_drawn
from tests.support.factories import grading
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

pytestmark = pytest.mark.slow

SHOTS = Path("/tmp/i20-investigations-shots")
C_PERSON, C_LINK, C_MARKER = "P-BCX", "AS-BCX", "HERON-C-7731"
C_NAME = "Hidden Courier"


def _shot(page: Page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


@pytest.fixture
def c_material(app_url: str, driver: Driver, neo4j_connection: Neo4jConnection) -> str:
    """A person joined to the centre only by a C link (MERGEd: once per module is enough)."""
    row = seed.SOURCE.row
    write_records(driver, neo4j_connection.database, {
        "person": [seed.SOURCE.person(C_PERSON, "Hidden", "Courier", gender="male",
                                      nationalities=["GB"])],
        "association": [row(id=C_LINK, kind="friend", person_id=seed.CENTRE,
                            other_person_id=C_PERSON, detail=C_MARKER,
                            **grading("1A", "C", handling_conditions=f"SB only {C_MARKER}"))],
    })
    return app_url


def _positions(page: Page) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = page.evaluate("() => window.nexus.controller.positions()")
    return found


def _ids(page: Page) -> set[str]:
    return set(_positions(page))


def test_an_analyst_saves_and_reopens_with_positions_kept(
        anonymous_page: Page, c_material: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page, app_url = anonymous_page, c_material
    sign_in(page, app_url, role="analyst")
    open_person(page, app_url, seed.CENTRE)
    assert C_PERSON in _ids(page)
    # Drag a node somewhere else, as a person would.
    x, y = node_point(page, "P-B003")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 90, y + 60, steps=8)
    page.mouse.up()
    before = _positions(page)

    page.locator("#save-investigation").click()
    page.locator("#investigation-save").click()                 # no name: refused, kept
    expect(page.locator("#investigation-error")).to_contain_text("Give the investigation a name")
    page.locator("#investigation-name").fill("Operation Heron: Adeyemi network")
    page.locator("#investigation-case").fill("OP-HERON-12")
    page.locator("#investigation-notes").fill("Supply line through the garage")
    page.locator("#investigation-users").fill(user_name("officer"))
    _shot(page, "50-save-investigation-dialog")
    page.locator("#investigation-save").click()
    expect(page.locator("#notice")).to_contain_text("Saved the investigation")
    expect(page.locator("#investigation-bar")).to_contain_text("Operation Heron")
    expect(page).to_have_url(re.compile(r"#/investigation/INV-[0-9A-F]+$"))

    # Something new about a person on it, recorded after the save.
    row = seed.SOURCE.row
    write_records(driver, neo4j_connection.database, {"arrest": [row(
        id="AR-HERON1", person_id="P-B002", offence_ids=["008/01"],
        arrested_at="2026-12-05T22:15:00Z", recorded_by="PC 9001",
        recorded_at=dt.datetime.now(dt.UTC).isoformat())]})

    page.goto(f"{app_url}/#/")
    page.locator("#nav-investigations").click()
    item = page.locator("#investigations-list li").first
    expect(item).to_contain_text("Operation Heron: Adeyemi network")
    expect(item).to_contain_text("Case OP-HERON-12 · yours")
    expect(item).to_contain_text(f"Shared with {user_name('officer')}")
    _shot(page, "51-investigations-list")
    item.locator("a.open-investigation").click()
    wait_for_drawn(page)
    after = _positions(page)
    assert set(after) == set(before)
    moved = [i for i in before if abs(before[i]["x"] - after[i]["x"]) > 0.01
             or abs(before[i]["y"] - after[i]["y"]) > 0.01]
    assert moved == [], moved[:5]
    changes = page.locator("#investigation-changes")
    expect(changes).to_contain_text("1 new record of its people")
    page.locator(".investigation-change-list summary").click()
    expect(page.locator(".investigation-change-list")).to_contain_text("new arrest (AR-HERON1)")
    expect(page.locator("#investigation-withheld")).to_have_count(0)
    expect(page.locator("#profile")).to_contain_text("Marcus Adeyemi")
    _shot(page, "52-investigation-reopened")


SAVE = """mutation ($input: InvestigationInput!) { saveInvestigation(input: $input) {
  ok errors { message } investigation { id } } }"""


def _analysts_investigation(server: LiveServer) -> str:
    held = [seed.CENTRE, "P-B002", "P-B003", "P-B004", C_PERSON]
    nodes = [{"id": node, "x": 150.0 * n, "y": 40.0 * (n % 2)} for n, node in enumerate(held)]
    answer: dict[str, Any] = graphql(server, SAVE, "analyst", input={
        "name": "Operation Heron (shared)", "caseReference": "OP-HERON-12", "nodes": nodes,
        "centreIds": [seed.CENTRE], "sharedWithUsers": [user_name("officer")]})
    assert answer["data"]["saveInvestigation"]["ok"] is True, answer
    return str(answer["data"]["saveInvestigation"]["investigation"]["id"])


def test_an_officer_it_is_shared_with_sees_no_c_material(
        anonymous_page: Page, c_material: str, live_server: LiveServer) -> None:
    page, app_url = anonymous_page, c_material
    investigation = _analysts_investigation(live_server)
    sign_in(page, app_url, role="officer")
    page.locator("#nav-investigations").click()
    item = page.locator(f'#investigations-list li[data-investigation-id="{investigation}"]')
    expect(item).to_contain_text(f"by {user_name('analyst')}")
    expect(item.locator(".investigation-delete")).to_have_count(0)   # not the officer's
    item.locator("a.open-investigation").click()
    wait_for_drawn(page)
    assert _ids(page) == {seed.CENTRE, "P-B002", "P-B003", "P-B004"}
    edges = page.evaluate("() => window.nexus.controller.cy.edges().map(e => e.data('recordId'))")
    assert C_LINK not in edges
    expect(page.locator("#investigation-withheld")).to_contain_text("withheld from your role")
    expect(page.locator("#profile")).to_contain_text("Marcus Adeyemi")
    expect(page.locator("#investigation-bar")).not_to_contain_text("null")
    body = page.locator("body").inner_text()
    assert C_NAME not in body and C_MARKER not in body and C_PERSON not in body
    page.locator("#text-view-toggle").click()                  # the list view of the canvas
    expect(page.locator("#text-view")).to_be_visible()
    assert C_NAME not in page.locator("#text-view").inner_text()
    page.locator("#text-view-toggle").click()
    _shot(page, "53-investigation-officer-withheld")
