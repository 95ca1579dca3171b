"""Issue 19, point 1, in real Chromium against the live API and the real Neo4j: the flag
as a case file. An analyst sets a flag on chosen evidence; an officer sees the seed
flag's overdue review and unproven basis and records a challenge (and may decide
nothing); a supervisor upholds a challenge, which clears the flag, and the whole trail
shows it. The seed's flag FL-B1 (Marcus Adeyemi, P-B001) rests on no recorded evidence
and its review date (2025-01-02) has passed.
"""

from __future__ import annotations

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import screenshot, sign_in

pytestmark = pytest.mark.slow

CENTRE = seed.CENTRE


def _as(page: Page, app_url: str, role: str) -> Page:
    sign_in(page, app_url, role)
    errors = page.page_errors  # type: ignore[attr-defined]
    errors[:] = [e for e in errors if "401 (Unauthorized)" not in e]
    page.goto(f"{app_url}/#/person/{CENTRE}")
    expect(page.locator("#profile .person-name")).to_have_text("Marcus Adeyemi", timeout=30000)
    return page


def _open_case(page: Page, flag_id: str) -> None:
    page.locator(f"#profile-flags li[data-id='{flag_id}'] .open-flag-case").click()
    expect(page.locator("#flag-case-title")).to_be_visible(timeout=15000)


def test_an_analyst_sets_a_flag_on_chosen_evidence(anonymous_page: Page, app_url: str) -> None:
    page = _as(anonymous_page, app_url, "analyst")
    page.locator("#set-flag-open").click()
    form = page.locator("#set-flag-form")
    expect(form).to_be_visible()
    form.locator("#set-flag-reason").fill("Escalating knife violence")
    form.locator("#set-flag-submit").click()
    expect(page.locator("#set-flag-error")).to_contain_text("at least one record")
    form.locator("input[name=evidence][value='AR-B1']").check()
    form.locator("#set-flag-owner").fill("DI Shah")
    form.locator("#set-flag-submit").click()
    case = page.locator("#flag-case")
    expect(case.locator("#flag-case-owner")).to_have_text("DI Shah", timeout=15000)
    expect(case.locator("#flag-case-evidence li[data-id='AR-B1']")).to_contain_text("unproven")
    expect(case.locator(".unproven-note")).to_contain_text("no conviction")
    expect(case.locator("#flag-case-trail li")).to_have_count(1)
    expect(case.locator("#flag-case-trail li").first).to_contain_text("Set by")
    # An analyst may set, not review, clear or decide.
    expect(case.locator("#flag-review-form")).to_have_count(0)
    expect(case.locator("#flag-challenge-form")).to_be_visible()
    screenshot(page, "issue19-flag-set")


def test_an_officer_sees_overdue_and_unproven_and_records_a_challenge(
        anonymous_page: Page, app_url: str) -> None:
    page = _as(anonymous_page, app_url, "officer")
    expect(page.locator("#set-flag-open")).to_have_count(0)  # officers do not set flags
    item = page.locator("#profile-flags li[data-id='FL-B1']")
    expect(item.locator(".chip.unproven")).to_be_visible()
    _open_case(page, "FL-B1")
    case = page.locator("#flag-case")
    expect(case.locator("#flag-case-overdue")).to_contain_text("Review overdue since 2025-01-02")
    expect(case.locator("#flag-case-unproven")).to_be_visible()
    form = case.locator("#flag-challenge-form")
    form.locator("#flag-challenge-by").select_option("representative")
    form.locator("#flag-challenge-detail").fill("Okafor & Co solicitors")
    form.locator("#flag-challenge-grounds").fill("No conviction supports this flag")
    form.locator("button[type=submit]").click()
    challenge = page.locator("#flag-case-challenges li").first
    expect(challenge).to_contain_text("Okafor & Co solicitors", timeout=15000)
    expect(challenge).to_contain_text("open")
    expect(challenge.locator("form")).to_have_count(0)  # an officer decides nothing
    expect(page.locator("#flag-case-trail li[data-action='challenged']")).to_have_count(1)
    screenshot(page, "issue19-flag-challenged")


def test_a_supervisor_upholds_a_challenge_and_the_flag_is_cleared(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    write_records(driver, neo4j_connection.database, {"flag": [seed.SOURCE.row(
        id="FL-BSUP", person_id=CENTRE, kind="high_harm", reason="Convicted of wounding",
        set_by="DS Clarke", set_at="2024-06-01T09:00:00Z", review_date="2099-01-01",
        owner="DS Clarke", evidence_conviction_ids=["CV-B1"])]})
    page = _as(anonymous_page, app_url, "supervisor")
    _open_case(page, "FL-BSUP")
    case = page.locator("#flag-case")
    expect(case.locator("#flag-case-unproven")).to_have_count(0)  # rests on a conviction
    expect(case.locator("#flag-case-evidence li[data-id='CV-B1']")).to_contain_text("proven")
    form = case.locator("#flag-challenge-form")
    form.locator("#flag-challenge-by").select_option("other_agency")
    form.locator("#flag-challenge-grounds").fill("The conviction was quashed on appeal")
    form.locator("button[type=submit]").click()
    decide = page.locator("#flag-case-challenges li form")
    expect(decide).to_be_visible(timeout=15000)
    decide.locator("select[name=outcome]").select_option("upheld")
    decide.locator("textarea[name=reason]").fill("Appeal judgment seen")
    decide.locator("button[type=submit]").click()
    expect(page.locator("#flag-case-challenges li").first).to_contain_text(
        "Upheld", timeout=15000)
    expect(page.locator("#flag-case .chips")).to_contain_text("cleared")
    actions = page.locator("#flag-case-trail li").evaluate_all(
        "items => items.map(li => li.dataset.action)")
    assert actions == ["set", "challenged", "challenge_upheld", "cleared"]
    expect(page.locator("#profile-flags li[data-id='FL-BSUP']")).to_contain_text("cleared")
    expect(page.locator("#flag-review-form")).to_have_count(0)  # a cleared flag is not reviewed
    screenshot(page, "issue19-flag-upheld")
