"""What the browser tests do on a page: sign in through the form, open a person in the
explorer and wait for the canvas, save a screenshot under test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.users import TEST_PASSWORD, user_name

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def sign_in(tab: Page, base: str, role: str = "analyst",
            purpose: str = "automated browser test") -> None:
    """Sign in through the page's own form, as a person would."""
    tab.goto(base)
    tab.locator("#signin-name").fill(user_name(role))
    tab.locator("#signin-password").fill(TEST_PASSWORD)
    tab.locator("#signin-purpose").fill(purpose)
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


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot under test-artifacts/browser/ (look at them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
