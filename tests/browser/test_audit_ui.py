"""The auditor's screen (#/audit) and the supervisor's "who consulted this person" card,
in real Chromium against the live API and the real Neo4j: the auditor lands on the log,
filters it by purpose, user, person and outcome (a refused attempt shows, marked), checks
the chain, exports the filtered view as CSV and finds the export itself in the log.
Screenshots go to test-artifacts/browser/audit-*.png."""

from __future__ import annotations

import csv
import io
import re
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from api.auth import issue_token
from tests.browser import seed
from tests.browser.pages import screenshot, sign_in
from tests.support.users import user_name

pytestmark = pytest.mark.slow


def _call(app_url: str, role: str, purpose: str, query: str) -> None:
    token = issue_token(user_name(role), purpose, "CASE-B7")
    response = httpx.post(f"{app_url}/graphql", json={"query": query}, timeout=30,
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def _signed_in(page: Page, app_url: str, role: str) -> Page:
    sign_in(page, app_url, role)
    errors = page.page_errors  # type: ignore[attr-defined]
    errors[:] = [e for e in errors if "401 (Unauthorized)" not in e]
    return page


def test_the_auditor_lands_on_the_log_filters_checks_and_exports(
        anonymous_page: Page, app_url: str) -> None:
    op = f"Op Rowan {uuid.uuid4().hex[:6]}"
    _call(app_url, "officer", op, f'{{ person(id: "{seed.CENTRE}") {{ id }} }}')
    _call(app_url, "officer", op, "{ auditLog(first: 1) { totalCount } }")  # refused
    page = _signed_in(anonymous_page, app_url, "auditor")
    expect(page).to_have_url(re.compile(r"#/audit$"))
    expect(page.locator("#nav-audit")).to_have_attribute("aria-current", "page")
    expect(page.locator("#audit-status")).to_contain_text("newest first")

    page.locator("#audit-purpose").fill(op.lower())
    page.locator("#audit-search").click()
    rows = page.locator("#audit-rows > tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#audit-status")).to_have_text(
        f'Showing 2 of 2 entries (purpose containing "{op.lower()}"), newest first.')
    refused = page.locator('#audit-rows > tr[data-outcome="refused"]')
    expect(refused).to_have_count(1)
    expect(refused.locator(".audit-outcome")).to_have_text("refused")
    consulted = page.locator('#audit-rows > tr[data-outcome="ok"]')
    expect(consulted).to_contain_text(seed.CENTRE)
    expect(consulted).to_contain_text(f"{user_name('officer')} (officer)")
    expect(consulted).to_contain_text("CASE-B7")
    screenshot(page, "audit-filtered")

    page.locator("#audit-outcome").select_option("refused")
    page.locator("#audit-search").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-outcome", "refused")
    page.locator("#audit-outcome").select_option("")
    page.locator("#audit-personId").fill(seed.CENTRE)
    page.locator("#audit-search").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-outcome", "ok")

    page.locator("#audit-since").fill("2026-02-01")
    page.locator("#audit-until").fill("2026-01-01")
    page.locator("#audit-search").click()
    expect(page.locator("#audit-until-error")).to_have_text(
        "The end of the period is before its start.")
    page.locator("#audit-since").fill("")
    page.locator("#audit-until").fill("")

    page.locator("#audit-chain-check").click()
    expect(page.locator("#audit-chain-status")).to_have_text(re.compile(
        r"^The chain is intact: [\d,]+ entries, each hash recomputed"))

    page.locator("#audit-personId").fill("")
    page.locator("#audit-search").click()
    expect(rows).to_have_count(2)
    with page.expect_download() as info:
        page.locator("#audit-export").click()
    download = info.value
    assert re.fullmatch(r"nexus-audit-\d{8}-\d{4}\.csv", download.suggested_filename)
    text = Path(download.path()).read_text(encoding="utf-8")
    exported = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["outcome"] for r in exported) == ["ok", "refused"]
    assert {r["purpose"] for r in exported} == {op}
    expect(page.locator("#audit-export-status")).to_contain_text("Exported 2 entries as CSV")

    page.locator("#audit-purpose").fill("")
    page.locator("#audit-action").fill("audit-export")
    page.locator("#audit-user").fill(user_name("auditor"))
    page.locator("#audit-search").click()
    expect(rows.first).to_contain_text("audit-export")
    screenshot(page, "audit-export-audited")


def test_the_supervisor_sees_who_consulted_the_person(anonymous_page: Page,
                                                       app_url: str) -> None:
    op = f"Op Hazel {uuid.uuid4().hex[:6]}"
    _call(app_url, "officer", op, f'{{ person(id: "{seed.TARGET}") {{ id }} }}')
    page = _signed_in(anonymous_page, app_url, "supervisor")
    page.goto(f"{app_url}/#/person/{seed.TARGET}")
    card = page.locator("#consulted-by")
    expect(card).to_be_visible(timeout=15000)
    entry = card.locator("li", has_text=op)
    expect(entry).to_contain_text(f"{user_name('officer')} (officer)")
    expect(entry).to_contain_text(f"{op} (case CASE-B7)")
    expect(page.locator("#consulted-by-status")).to_contain_text("naming this person")
    screenshot(page, "audit-consulted-by")


def test_an_analyst_has_no_consulted_card_and_no_audit_screen(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/#/person/{seed.TARGET}")
    expect(page.locator(".person-name")).to_be_visible(timeout=15000)
    expect(page.locator("#consulted-by")).to_have_count(0)
    expect(page.locator("#nav-audit")).to_be_hidden()
    page.goto(f"{app_url}/#/audit")
    expect(page).to_have_url(re.compile(r"#/$"))
