"""Paths and groups (issue 18, point 3) in real Chromium against the live API and Neo4j:
the shortest paths listed strongest first and stepped through with their kind colours kept,
the minimum grading and dates-in-force filters with their hidden count, and a group of
people drawn as their connecting network (the seed: tests/browser/seed.py).

    B001-B005-B011-B012 (phone 2B, phone 2B, friend 2B): weakest 2B, listed first
    B001-B004-B011-B012 (friend 3D, friend 2B, friend 2B): weakest 3D, second
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import seed
from tests.browser.pages import open_person, screenshot, select_two_and_ask_paths

pytestmark = pytest.mark.slow

SHOTS = Path("/tmp/paths-shots")
FIRST = ["P-B001", "P-B005", "P-B011", "P-B012", "e:AS-B04", "e:AS-B10", "e:AS-B11"]
SECOND = ["P-B001", "P-B004", "P-B011", "P-B012", "e:AS-B03", "e:AS-B09", "e:AS-B11"]
# The style map's kind colours (web/src/features/explorer/style.js), as cytoscape reports them.
PHONE, FRIEND = "rgb(180,83,9)", "rgb(21,128,61)"


def shot(page: Page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"{name}.png")


def look(page: Page, element_id: str) -> dict:
    return page.evaluate("""(id) => { const e = window.nexus.controller.cy.getElementById(id);
        return { classes: e.classes(), opacity: e.numericStyle('opacity'),
                 colour: e.isEdge() ? e.style('line-color') : null,
                 width: e.isEdge() ? e.numericStyle('width') : null }; }""", element_id)


def highlighted(page: Page) -> set[str]:
    return set(page.evaluate("window.nexus.controller.cy.elements('.path').map((e) => e.id())"))


def ask_paths(page: Page, app_url: str) -> None:
    select_two_and_ask_paths(page, app_url, seed.CENTRE, "P-B011", seed.TARGET)
    expect(page.locator("#path-list")).to_be_visible(timeout=10000)


def test_paths_are_listed_strongest_first_and_stepped_through_in_their_kind_colours(
        page: Page, app_url: str) -> None:
    ask_paths(page, app_url)
    panel = page.locator("#path-list")
    expect(panel.locator("#path-list-title")).to_have_text(
        "2 shortest paths of 3 hops: Marcus Adeyemi to Nathan Okafor")
    rows = panel.locator(".path-row")
    expect(rows).to_have_count(2)
    first, second = rows.nth(0), rows.nth(1)
    expect(first).to_contain_text("Marcus Adeyemi → Dimitri Volkov → Tyrone Walker → Nathan Okafor")
    expect(first).to_contain_text("phone contact · phone contact · friend")
    expect(first).to_contain_text(
        "Weakest link: 2B: untested source, known indirectly to the source, corroborated")
    expect(second).to_contain_text("Marcus Adeyemi → Kyle Morrison → Tyrone Walker → Nathan Okafor")
    expect(second).to_contain_text("Weakest link: 3D: source not reliable, not known to the source "
                                   "(Marcus Adeyemi — Kyle Morrison (friend))")
    expect(second.locator(".path-weakest")).to_have_class("path-weakest grading-poor")
    # The path's own grading: the weakest of each part over its links (3D from AS-B03).
    expect(first.locator(".path-grading")).to_have_text("Path grading: 2B P (weakest of each part)")
    expect(second.locator(".path-grading")).to_have_text(
        "Path grading: 3D P (weakest of each part)")

    # The strongest path is shown first, alone: its links keep their kind colours, wider.
    expect(page.locator("#path-position")).to_have_text("Path 1 of 2")
    expect(first).to_have_attribute("aria-pressed", "true")
    assert highlighted(page) == set(FIRST)
    phone, friend = look(page, "e:AS-B04"), look(page, "e:AS-B11")
    assert (phone["colour"], friend["colour"]) == (PHONE, FRIEND)
    assert phone["width"] == 7 and phone["opacity"] == 1 and "faded" not in phone["classes"]
    other = look(page, "e:AS-B03")  # on the second path only: faded, still friend green
    assert "faded" in other["classes"] and other["opacity"] < 0.2 and other["colour"] == FRIEND
    assert "faded" in look(page, "P-B004")["classes"]
    assert "faded" in look(page, "P-B002")["classes"]
    shot(page, "paths-1-stepper-first")

    page.locator("#path-next").click()
    expect(page.locator("#path-position")).to_have_text("Path 2 of 2")
    assert highlighted(page) == set(SECOND)
    assert look(page, "e:AS-B03")["colour"] == FRIEND and look(page, "e:AS-B03")["width"] == 7
    assert "faded" in look(page, "e:AS-B04")["classes"]
    assert look(page, "e:AS-B04")["colour"] == PHONE
    shot(page, "paths-2-stepper-second")
    page.locator("#path-next").click()  # wraps round
    expect(page.locator("#path-position")).to_have_text("Path 1 of 2")
    page.locator("#path-prev").click()
    expect(page.locator("#path-position")).to_have_text("Path 2 of 2")
    first.click()  # a click on a row shows that one
    expect(page.locator("#path-position")).to_have_text("Path 1 of 2")
    assert highlighted(page) == set(FIRST)
    page.locator("#path-all").click()
    expect(page.locator("#path-position")).to_have_text("All 2 paths")
    assert highlighted(page) == set(FIRST) | set(SECOND)
    page.locator("#path-close").click()
    expect(panel).to_be_hidden()
    assert highlighted(page) == set()
    assert page.evaluate("window.nexus.controller.cy.elements('.faded').length") == 0


def test_minimum_grading_and_dates_in_force_filter_the_drawn_network_and_say_how_much(
        page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    drawn = page.evaluate("[window.nexus.controller.edgeCount, window.nexus.controller.nodeCount]")
    page.locator("#filters summary").click()
    hidden = page.locator("#filter-hidden")
    page.locator("#filter-min-source").select_option("1")
    # Only source-1 and derived links stay: family 1A (AS-B01), cousin 1B (AS-B07).
    assert "filtered" not in look(page, "e:AS-B01")["classes"]
    for gone in ("e:AS-B04", "e:AS-B06", "e:AS-B03", "e:AS-B02", "P-B005", "P-B008"):
        assert "filtered" in look(page, gone)["classes"], gone
    text = hidden.inner_text()
    assert text.startswith("Hidden: ") and f"of {drawn[0]} links" in text
    assert f"of {drawn[1]} people and organisations" in text
    page.locator("#filter-reset").click()
    expect(hidden).to_have_text(f"Hidden: 0 of {drawn[0]} links, 0 of {drawn[1]} people and "
                                "organisations.")
    # In force in 2024: the phone contact ended 2023-08-31 and goes; Volkov stays, reached
    # through Tyrone Walker (Morrison's friend, his phone contact).
    page.locator("#filter-since").fill("2024-01-01")
    page.locator("#filter-since").dispatch_event("change")
    assert "filtered" in look(page, "e:AS-B04")["classes"]
    assert "filtered" not in look(page, "P-B005")["classes"]
    assert "filtered" not in look(page, "e:AS-B10")["classes"]
    assert "filtered" not in look(page, "e:AS-B01")["classes"]  # since 1992, no end
    expect(page.locator("#filter-count")).to_have_text("1")
    shot(page, "filters-dates")
    # A range the wrong way round is not applied, and the panel says so.
    page.locator("#filter-until").fill("2020-01-01")
    page.locator("#filter-until").dispatch_event("change")
    expect(hidden).to_contain_text("after the \"To\" date")
    assert "filtered" not in look(page, "e:AS-B04")["classes"]


def add_from_search(page: Page, text: str, name: str, keyboard: bool = False) -> None:
    search = page.locator("#search-input")
    search.fill(text)
    option = page.locator("#search-results [role=option]", has_text=name).first
    expect(option).to_be_visible()
    if keyboard:  # Shift+Enter on the first hit adds instead of opening
        search.press("ArrowDown")
        search.press("Shift+Enter")
    else:
        option.locator(".add-to-canvas").dispatch_event("mousedown")
    expect(page.locator("#group-people")).to_contain_text(name)


def test_people_added_to_the_canvas_are_drawn_with_their_connecting_network(
        page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    add_from_search(page, "Okafor", "Nathan Okafor")
    tray = page.locator("#group-tray")
    # The person in view came along; adding opened nobody.
    expect(tray.locator(".group-person")).to_have_count(2)
    expect(page.locator("#profile .person-name")).to_have_text("Marcus Adeyemi")
    add_from_search(page, "Kazlauskas", "Andrius Kazlauskas", keyboard=True)
    add_from_search(page, "Nowak", "Zofia Nowak")
    expect(tray.locator(".group-person")).to_have_count(4)
    add_from_search(page, "Okafor", "Nathan Okafor")
    expect(page.locator("#group-message")).to_have_text("Nathan Okafor is already in the group.")
    page.locator("#group-draw").click()
    notice = page.locator("#notice")
    expect(notice).to_contain_text("Connecting network of 4 people within 3 hops", timeout=15000)
    expect(page.locator("#canvas-state")).to_be_hidden()
    # Worked out from the seed: B001-B012 by B004 or B005 and B011; B001-B010 by B005;
    # B012-B010 by B011 and B005; Zofia Nowak has no links at all.
    nodes = set(page.evaluate("window.nexus.controller.cy.nodes().map((n) => n.id())"))
    assert nodes == {"P-B001", "P-B004", "P-B005", "P-B010", "P-B011", "P-B012", "P-B020"}
    edges = set(page.evaluate("window.nexus.controller.cy.edges().map((e) => e.id())"))
    assert edges == {"e:AS-B03", "e:AS-B04", "e:AS-B08", "e:AS-B09", "e:AS-B10", "e:AS-B11"}
    centres = set(page.evaluate("window.nexus.controller.cy.nodes('.centre').map((n) => n.id())"))
    assert centres == {"P-B001", "P-B012", "P-B010", "P-B020"}
    expect(notice).to_contain_text("6 links")
    expect(notice).to_contain_text("Not connected to Marcus Adeyemi's group within 3 hops: "
                                   "Zofia Nowak.")
    shot(page, "connecting-network")
    # Fewer hops, fewer paths: within 2 only Marcus and Andrius (by Volkov) connect.
    tray.locator(".group-remove[aria-label='Remove Zofia Nowak']").click()
    page.locator("#group-hops").select_option("2")
    page.locator("#group-draw").click()
    expect(notice).to_contain_text("Connecting network of 3 people within 2 hops", timeout=15000)
    nodes = set(page.evaluate("window.nexus.controller.cy.nodes().map((n) => n.id())"))
    assert nodes == {"P-B001", "P-B005", "P-B010", "P-B012"}
    expect(notice).to_contain_text("Nathan Okafor")
    page.locator("#back-to-person").click()
    expect(page.locator("#export-png")).to_be_enabled(timeout=15000)
    nodes = set(page.evaluate("window.nexus.controller.cy.nodes().map((n) => n.id())"))
    assert nodes == seed.expected_ego(2)
