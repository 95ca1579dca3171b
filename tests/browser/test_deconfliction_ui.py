"""Deconfliction in real Chromium against the live API and the real Neo4j: an analyst opens
Marcus Adeyemi; an officer opening him then sees on his profile who else is working on him
(the analyst, the role, when, the purpose category, never the analyst's words), and the
words once signed in on the analyst's case reference. A supervisor marks another person as
the subject of a sensitive operation; an officer opening that person sees only whom to
contact, and the supervisor's alerts say who looked."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import seed
from tests.browser.pages import open_person, screenshot, sign_in, wait_for_drawn

pytestmark = pytest.mark.slow

ANALYST_WORDS = "Op Larch: mapping the supply line"


@pytest.fixture
def desk(browser: Browser, app_url: str) -> Iterator[Callable[[], Page]]:
    """Other people at other desks: each a browser context of their own."""
    contexts = []

    def new_desk() -> Page:
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        return contexts[-1].new_page()

    yield new_desk
    for context in contexts:
        context.close()


def _card(page: Page) -> object:
    card = page.locator("#deconfliction")
    card.scroll_into_view_if_needed()
    return card


def test_an_officer_sees_who_else_is_working_on_the_person(
        anonymous_page: Page, desk: Callable[[], Page], app_url: str) -> None:
    analyst = desk()
    sign_in(analyst, app_url, role="analyst", purpose=ANALYST_WORDS, category="intelligence",
            case_reference="OP-LARCH")
    open_person(analyst, app_url, seed.CENTRE)
    expect(analyst.locator("#deconfliction-summary")).to_have_text(
        "No one else has consulted or watches this person in the last 30 days.")

    officer = anonymous_page
    sign_in(officer, app_url, role="officer", purpose="custody 1234 overnight",
            category="custody", case_reference="CU-1234")
    open_person(officer, app_url, seed.CENTRE)
    rows = officer.locator("#deconfliction-list li")
    expect(rows).to_have_count(1)                  # the analyst; not the officer's own look
    row = rows.first
    expect(row).to_have_attribute("data-user", "test-analyst")
    expect(row).to_contain_text("test-analyst (analyst)")
    expect(row).to_contain_text("UTC")
    expect(row.locator(".deconfliction-why")).to_have_text("Intelligence development")
    expect(officer.locator("#deconfliction")).not_to_contain_text("supply line")
    expect(officer.locator("#deconfliction")).not_to_contain_text("OP-LARCH")
    expect(officer.locator("#deconfliction-summary")).to_contain_text(
        "Others consulted this person in the last 30 days (1 entry)")
    expect(officer.locator("#sensitive-mark-details")).to_have_count(0)   # supervisors only
    _card(officer)
    screenshot(officer, "42-deconfliction-officer")

    # On the analyst's case reference, the analyst's words are shown too.
    officer = desk()
    sign_in(officer, app_url, role="officer", purpose="Larch arrest enquiry",
            category="investigation", case_reference="op-larch")
    open_person(officer, app_url, seed.CENTRE)
    shared = officer.locator("#deconfliction-list li.shared")
    expect(shared).to_have_count(1)
    expect(shared.locator(".deconfliction-shared")).to_have_text(
        f"Your case OP-LARCH: “{ANALYST_WORDS}”")
    _card(officer)
    screenshot(officer, "43-deconfliction-same-case")


def test_a_sensitive_operation_shows_only_whom_to_contact_and_alerts_its_owner(
        anonymous_page: Page, desk: Callable[[], Page], app_url: str) -> None:
    supervisor = anonymous_page
    sign_in(supervisor, app_url, role="supervisor", purpose="Op Nightjar oversight",
            category="review")
    open_person(supervisor, app_url, seed.TARGET)
    supervisor.locator("#sensitive-mark-details summary").click()
    supervisor.locator("#sensitive-mark").click()             # no reason: refused, kept
    expect(supervisor.locator("#deconfliction .field-error")).to_contain_text("at least 4")
    supervisor.locator("#sensitive-reason").fill("Op Nightjar: covert deployment")
    supervisor.locator("#sensitive-mark").click()
    expect(supervisor.locator("#sensitive-owned")).to_contain_text(
        "You own a sensitive operation on this person since")
    expect(supervisor.locator("#sensitive-owned")).to_contain_text("Op Nightjar")
    _card(supervisor)
    screenshot(supervisor, "44-sensitive-owner")

    officer = desk()
    sign_in(officer, app_url, role="officer", purpose="custody 5678", category="custody")
    open_person(officer, app_url, seed.TARGET)
    expect(officer.locator("#sensitive-notice")).to_have_text(
        "Subject of a sensitive operation: contact the owning supervisor test-supervisor")
    expect(officer.locator("#deconfliction-list")).to_have_count(0)
    expect(officer.locator("#deconfliction")).not_to_contain_text("Nightjar")
    expect(officer.locator("#profile .person-name")).to_be_visible()   # the records stay
    _card(officer)
    screenshot(officer, "45-sensitive-notice-officer")

    supervisor.locator("#nav-alerts").click()
    item = supervisor.locator("#alerts-list li[data-kind='sensitive_consultation']")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(
        "looked at during your sensitive operation: by test-officer (officer), "
        "Custody: a detained person")
    expect(supervisor.locator("#alerts-badge")).to_have_text("1")
    screenshot(supervisor, "46-sensitive-alert")

    # Ended by its owner: the officer's card lists people again.
    item.locator("a.open-person").click()
    supervisor.locator("#sensitive-clear").click()
    expect(supervisor.locator("#sensitive-mark-details")).to_be_visible()
    officer.reload()
    wait_for_drawn(officer)
    expect(officer.locator("#deconfliction-summary")).to_be_visible()
    expect(officer.locator("#sensitive-notice")).to_have_count(0)
