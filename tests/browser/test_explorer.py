"""The network explorer in real Chromium against the live API and the real Neo4j."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema
from playwright.sync_api import Page, expect

from tests.browser import seed
from tests.browser.pages import (
    node_point,
    open_person,
    screenshot,
    select_two_and_ask_paths,
    wait_for_drawn,
)

pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def node_ids(page: Page) -> set[str]:
    return set(page.evaluate("window.nexus.controller.cy.nodes().map((n) => n.id())"))


def classes_of(page: Page, element_id: str) -> list[str]:
    return page.evaluate("(id) => window.nexus.controller.cy.getElementById(id).classes()",
                         element_id)


def test_search_by_keyboard_opens_the_person_and_draws_the_ego_network(
        page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.locator("#canvas-state")).to_contain_text("Search for a person")
    screenshot(page, "01-empty")
    search = page.locator("#search-input")
    search.fill("Adeyemi")
    options = page.locator("#search-results [role=option]")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    marcus = next(t for t in texts if "Marcus Adeyemi" in t)
    assert "1992-03-14" in marcus and "High harm" in marcus and "Violence" in marcus
    assert "GB, NG" in marcus and "aka Marc Adeyemi" in marcus
    screenshot(page, "02-search-results")
    index = next(i for i, t in enumerate(texts) if "Marcus Adeyemi" in t)
    for _ in range(index + 1):
        search.press("ArrowDown")
    expect(options.nth(index)).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"#/person/P-B001$"))
    wait_for_drawn(page)

    profile = page.locator("#profile")
    expect(profile.locator(".person-name")).to_have_text("Marcus Adeyemi")
    expect(profile).to_contain_text("High harm")
    expect(profile).to_contain_text("⚠ Weapons")
    expect(profile.locator("[data-count=arrests] b")).to_have_text("1")
    expect(profile.locator("[data-count=convictions] b")).to_have_text("1")
    timeline = page.locator("#timeline li")
    expect(timeline).to_have_count(4)
    assert [t.split("\n")[1] for t in timeline.all_inner_texts()] == [
        "Flag", "Arrest", "Incident", "Conviction"]  # newest first: 2024-01-02 .. 2016
    expect(page.locator("#timeline-axis .mark")).to_have_count(4)

    expected = seed.expected_ego(2)
    assert node_ids(page) == expected
    assert "truncated" in classes_of(page, "P-B006")  # the hub shows a capped preview
    expect(page.locator("#notice")).to_contain_text("supernode")
    legend = page.locator("#legend-body")
    for label in ("Family", "Co-offender", "Member of", "High harm", "Derived"):
        expect(legend).to_contain_text(label)
    screenshot(page, "03-person-network")


def test_escape_closes_results_and_unknown_person_says_so(page: Page, app_url: str) -> None:
    page.goto(app_url)
    search = page.locator("#search-input")
    search.fill("zzzzqx")
    expect(page.locator("#search-results")).to_contain_text("No one matches")
    search.press("Escape")
    expect(page.locator("#search-results")).to_be_hidden()
    page.goto(f"{app_url}/#/person/P-NOSUCH")
    expect(page.locator("#canvas-state")).to_contain_text("No person with id P-NOSUCH")
    screenshot(page, "04-unknown-person")


def test_person_without_associations_gets_a_message_not_a_blank_canvas(
        page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.LONER)
    assert node_ids(page) == {seed.LONER}
    expect(page.locator("#notice")).to_contain_text("no recorded associations")
    expect(page.locator("#timeline")).to_contain_text("No arrests, charges, convictions, incidents")
    expect(page.locator("#timeline-axis")).to_be_hidden()


def test_double_click_expands_a_node(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    before = node_ids(page)
    assert seed.TARGET not in before
    page.mouse.dblclick(*node_point(page, "P-B011"))
    expect(page.locator("#notice")).to_contain_text("Added 1 person or organisation", timeout=10000)
    assert node_ids(page) == before | {seed.TARGET}
    screenshot(page, "05-expanded")


def test_two_selected_people_get_their_shortest_paths_highlighted(
        page: Page, app_url: str) -> None:
    select_two_and_ask_paths(page, app_url, seed.CENTRE, "P-B011", seed.TARGET)
    expect(page.locator("#notice")).to_contain_text("2 shortest paths of 3 hops", timeout=10000)
    page.locator("#path-all").click()  # one at a time first (test_explorer_paths.py), then all
    on_path = {"P-B001", "P-B004", "P-B005", "P-B011", "P-B012",
               "e:AS-B03", "e:AS-B04", "e:AS-B09", "e:AS-B10", "e:AS-B11"}
    for element in on_path:
        assert "path" in classes_of(page, element), element
    assert "faded" in classes_of(page, "P-B002")
    screenshot(page, "06-paths")
    page.locator("#clear-highlight").click()
    assert "path" not in classes_of(page, "P-B011")


def test_filters_hide_kinds_and_poor_grading(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    page.locator("#filters summary").click()
    page.locator("#filter-min-source").select_option("2")
    page.locator("#filter-min-assessment").select_option("C")
    # Ungraded (partner) and 3D (friend) links go; 1A family stays.
    assert "filtered" in classes_of(page, "e:AS-B02")
    assert "filtered" in classes_of(page, "e:AS-B03")
    assert "filtered" not in classes_of(page, "e:AS-B01")
    screenshot(page, "07-filters")
    page.locator("#filter-reset").click()
    page.locator("input[data-kind=SOCIAL_MEDIA]").uncheck()
    assert "filtered" in classes_of(page, "e:AS-B05")
    assert "filtered" in classes_of(page, "P-S001")  # reached only through social media
    assert "filtered" not in classes_of(page, "e:AS-B01")
    expect(page.locator("#filter-count")).to_have_text("1")


def test_layout_choice_redraws(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    before = node_point(page, "P-B002")
    page.locator("#layout-select").select_option("grid")
    page.wait_for_function(
        "([x, y]) => { const p = window.nexus.controller.renderedPosition('P-B002');"
        " return Math.abs(p.x - x) + Math.abs(p.y - y) > 1; }", arg=list(before))
    screenshot(page, "08-grid-layout")


def test_export_png_downloads_a_png(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    with page.expect_download() as info:
        page.locator("#export-png").click()
    download = info.value
    assert download.suggested_filename == "nexus-network-P-B001.png"
    data = open(download.path(), "rb").read()  # noqa: SIM115
    assert data[:8] == PNG_MAGIC
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 200 and height > 200


def test_history_is_previewed_then_downloaded_as_a_pdf(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    sdl = (Path(__file__).resolve().parents[2] / "api" / "schema.graphql").read_text()
    button = page.locator("#history-button")
    if "history" not in build_schema(sdl).query_type.fields:
        # The capability check: without the field the button is off and says why.
        expect(button).to_be_disabled()
        expect(button).to_have_attribute("title", re.compile("not available"))
        return
    expect(button).to_be_enabled()
    button.click()
    dialog = page.locator("#history-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#history-purpose")).to_have_value("automated browser test")
    # The preview is the document as printed: the server's HTML in a sandboxed frame (no
    # Markdown source, no innerHTML in the page), styled by the history's own stylesheet.
    frame_element = page.locator("#history-body iframe.history-frame")
    expect(frame_element).to_have_attribute("sandbox", "", timeout=30000)
    preview = page.frame_locator("#history-body iframe.history-frame")
    expect(preview.locator("h1.title")).to_contain_text("Marcus Adeyemi", timeout=30000)
    expect(preview.locator("body")).not_to_contain_text("**OFFICIAL-SENSITIVE**")
    expect(preview.locator("body")).not_to_contain_text("| --- |")
    expect(preview.locator("h1.part.proven")).to_have_css("background-color", "rgb(27, 94, 32)")
    expect(preview.locator("table.glance")).to_be_visible()
    expect(preview.locator(".running-header")).to_contain_text(re.compile(r"(GMT|BST)"))
    expect(page.locator("#history-body .harm-band")).to_contain_text("Harm:")
    screenshot(page, "09-history-preview")
    with page.expect_download(timeout=60000) as info:
        page.locator("#history-download").click()
    download = info.value
    assert re.fullmatch(r"history-P-B001-v\d+\.pdf", download.suggested_filename)
    data = Path(download.path()).read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 2000
    expect(page.locator("#notice")).to_contain_text("saved as version")


def test_sign_in_asks_for_a_purpose_and_refuses_a_wrong_password(
        anonymous_page: Page, app_url: str) -> None:
    page = anonymous_page
    # The browser logs the refused /auth/login answer as a console error.
    page.expected_errors = ["401 (Unauthorized)"]  # type: ignore[attr-defined]
    page.goto(f"{app_url}/#/person/{seed.CENTRE}")
    form = page.locator("#signin")
    expect(form).to_be_visible()
    screenshot(page, "00-sign-in")
    page.locator("#signin-name").fill("test-analyst")
    page.locator("#signin-password").fill("not the password")
    page.locator("#signin-submit").click()
    expect(page.locator("#signin-error")).to_contain_text("purpose")
    page.locator("#signin-purpose").fill("checking the sign-in form")
    page.locator("#signin-submit").click()
    expect(page.locator("#signin-error")).to_contain_text("purpose category")
    page.locator("#signin-category").select_option("review")
    page.locator("#signin-submit").click()
    expect(page.locator("#signin-error")).to_have_text("Wrong user name or password.")
    from tests.support.users import TEST_PASSWORD
    page.locator("#signin-password").fill(TEST_PASSWORD)
    page.locator("#signin-submit").click()
    # The deep link opens once signed in.
    wait_for_drawn(page)
    expect(page.locator("#account")).to_contain_text("test-analyst (analyst)")
    expect(page.locator("#profile .person-name")).to_have_text("Marcus Adeyemi")
    page.locator("#sign-out").click()
    expect(form).to_be_visible()
    assert page.evaluate("window.nexus.controller.nodeCount") == 0


def test_analytics_panel_says_when_analytics_have_not_run(page: Page, app_url: str) -> None:
    # This module's seed graph is never analysed: no network measures, so no key players;
    # harm scores need no run (a recorded conviction rescores its person as it is written).
    open_person(page, app_url, seed.CENTRE)
    assert page.evaluate("window.nexus.controller.cy.nodes('.harm-sized').length") >= 1
    page.locator("#analytics summary").focus()
    page.keyboard.press("Enter")  # the panel opens from the keyboard
    not_run = ("Analytics are being computed in the background; they appear here within "
               "minutes of new records.")
    expect(page.locator("#key-players")).to_have_text(not_run, timeout=10000)
    expect(page.locator("#people-at-risk")).to_have_text(not_run)
