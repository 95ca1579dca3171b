"""What the browser tests do on a page: sign in through the form, open a person in the
explorer and wait for the canvas, find a drawn node, ask for paths, save a screenshot
under test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.users import TEST_PASSWORD, user_name

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def sign_in(tab: Page, base: str, role: str = "analyst",
            purpose: str = "automated browser test", category: str = "other",
            case_reference: str = "") -> None:
    """Sign in through the page's own form, as a person would."""
    tab.goto(base)
    tab.locator("#signin-name").fill(user_name(role))
    tab.locator("#signin-password").fill(TEST_PASSWORD)
    tab.locator("#signin-category").select_option(category)
    tab.locator("#signin-purpose").fill(purpose)
    if case_reference:
        tab.locator("#signin-case").fill(case_reference)
    tab.locator("#signin-submit").click()
    tab.locator("#signin").wait_for(state="hidden")
    tab.locator("#account").wait_for(state="visible")


def open_person(page: Page, base: str, person_id: str) -> None:
    page.goto(f"{base}/#/person/{person_id}")
    wait_for_drawn(page)


def wait_for_drawn(page: Page) -> None:
    """The canvas is drawn: the loading overlay is gone and export is possible."""
    expect(page.locator("#export-png")).to_be_enabled(timeout=15000)
    expect(page.locator("#canvas-state")).to_be_hidden()


def node_point(page: Page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn on the canvas, in page pixels."""
    point = page.evaluate("(id) => window.nexus.controller.renderedPosition(id)", node_id)
    assert point, f"{node_id} is not on the canvas"
    return point["x"], point["y"]


def select_two_and_ask_paths(page: Page, base: str, centre: str, via: str,
                             target: str) -> None:
    """Open `centre`, expand `via` (which brings `target` on), select the centre and the
    target, and ask for their shortest paths."""
    open_person(page, base, centre)
    page.mouse.dblclick(*node_point(page, via))
    expect(page.locator("#notice")).to_contain_text("Added", timeout=10000)
    page.mouse.click(*node_point(page, centre))
    page.keyboard.down("Shift")
    page.mouse.click(*node_point(page, target))
    page.keyboard.up("Shift")
    paths = page.locator("#paths-button")
    expect(paths).to_be_enabled()
    paths.click()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot under test-artifacts/browser/ (look at them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
