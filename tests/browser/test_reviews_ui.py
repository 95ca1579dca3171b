"""The review-due list (#/reviews) in real Chromium against the live API and the real Neo4j.

The browser seed's high-harm flag (FL-B1, review 2025-01-02) is due; this module adds a
person whose review date is long past (the most overdue record, so the first row) and a
handling-code C report due for review, which an analyst sees and an officer never does,
a second overdue person (P-RV2) that a supervisor reviews from the page, one (P-RV3) that a
supervisor proposes for disposal and then withdraws from the "Proposed for disposal" list,
one (P-RV4) that someone else reviews while the page has it open, and one (P-RV5) proposed
for disposal before the page opens.
Screenshots go to /tmp/shots/reviews-*.png as well as test-artifacts/browser/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from graph.reviews.events import record_review
from tests.browser import seed
from tests.browser.pages import screenshot, sign_in
from tests.support.factories import grading

pytestmark = pytest.mark.slow

OVERDUE = "P-RV1"
REVIEWED = "P-RV2"
WITHDRAWN = "P-RV3"
RACED = "P-RV4"
PROPOSED = "P-RV5"
CONFLICT_TEXT = "Someone else reviewed this record first; the list has been refreshed."
SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module", autouse=True)
def review_records(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    person = seed.SOURCE.person
    write_records(driver, neo4j_connection.database, {
        "person": [person(OVERDUE, "Grace", "Mensah", review_date_basis="review",
                          review_date="2019-03-01"),
                   person(REVIEWED, "Tomasz", "Nowak", review_date_basis="review",
                          review_date="2019-06-01"),
                   person(WITHDRAWN, "Ines", "Duarte", review_date_basis="review",
                          review_date="2019-08-01"),
                   person(RACED, "Kwame", "Boateng", review_date_basis="review",
                          review_date="2019-09-01"),
                   person(PROPOSED, "Lena", "Vogel", review_date_basis="review",
                          review_date="2019-10-01")],
        "intelligence_report": [seed.SOURCE.row(
            id="IT-RVC", reported_at="2018-01-01T10:00:00Z",
            summary="Covert source reports a meeting",
            **grading("2B", "C", handling_conditions="police only"),
            review_date_basis="review", review_date="2019-04-01", mentions_person_ids=[OVERDUE])],
    })
    record_review(driver, neo4j_connection.database, "person", PROPOSED, "flag_for_disposal",
                  "Duplicate of an older record", None, "DI Earlier",
                  dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC))


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = screenshot(page, f"reviews-{name}")
    (SHOTS / path.name).write_bytes(path.read_bytes())


def open_reviews(page: Page) -> None:
    page.locator("#nav-reviews").click()
    expect(page).to_have_url(re.compile(r"#/reviews$"))
    expect(page.locator("#reviews-status")).to_contain_text("most overdue first")


def test_the_list_shows_the_overdue_record_first_and_opens_the_person(
        page: Page, app_url: str) -> None:
    open_reviews(page)
    expect(page.locator("#nav-reviews")).to_have_attribute("aria-current", "page")
    expect(page.locator(".layout")).to_be_hidden()
    rows = page.locator("#reviews-rows > tr")
    first = rows.first
    expect(first).to_have_attribute("data-key", f"person|{OVERDUE}")
    expect(first.locator("td.date")).to_have_text("2019-03-01")
    expect(first.locator("td.overdue-cell")).to_have_text(re.compile(r"^\d{4,} days overdue$"))
    expect(first.locator(".record-label")).to_have_text("Grace Mensah")
    # The seed's flag is due too, labelled with its person; the C report is listed for an
    # analyst.
    expect(page.locator('#reviews-rows > tr[data-key="flag|FL-B1"] .record-label')).to_have_text(
        "high harm flag: Marcus Adeyemi")
    report = page.locator('#reviews-rows > tr[data-key="intelligence_report|IT-RVC"]')
    expect(report).to_have_count(1)
    expect(page.locator('.review-kind[data-kind="intelligence_report"] .count')).to_have_text("1")
    shot(page, "list")
    first.locator("a.open-person").click()
    expect(page).to_have_url(re.compile(rf"#/person/{OVERDUE}$"))
    expect(page.locator("#profile .person-name")).to_have_text("Grace Mensah")
    expect(page.locator("#reviews-view")).to_be_hidden()


def test_the_kind_filter_narrows_the_list_and_keeps_the_counts(page: Page, app_url: str) -> None:
    open_reviews(page)
    person_count = page.locator('.review-kind[data-kind="person"] .count')
    expect(person_count).not_to_have_text("0")
    before = person_count.inner_text()
    flags = page.locator('.review-kind[data-kind="flag"]')
    flags.click()
    expect(flags).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#reviews-status")).to_contain_text("(flag)")
    kinds = page.locator("#reviews-rows > tr").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert kinds and set(kinds) == {"flag"}
    expect(person_count).to_have_text(before)  # every kind's count stays in view
    shot(page, "filtered")
    flags.click()
    expect(flags).to_have_attribute("aria-pressed", "false")
    expect(page.locator(f'#reviews-rows > tr[data-key="person|{OVERDUE}"]')).to_have_count(1)


def test_an_officer_never_receives_the_c_coded_report(anonymous_page: Page, app_url: str) -> None:
    sign_in(anonymous_page, app_url, role="officer")
    open_reviews(anonymous_page)
    expect(anonymous_page.locator(f'#reviews-rows > tr[data-key="person|{OVERDUE}"]')
           ).to_have_count(1)
    expect(anonymous_page.locator('.review-kind[data-kind="intelligence_report"] .count')
           ).to_have_text("0")
    assert "IT-RVC" not in anonymous_page.content()


def test_the_top_bar_fits_at_1280_pixels(page: Page, app_url: str) -> None:
    open_reviews(page)
    assert page.viewport_size == {"width": 1280, "height": 800}
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    boxes = {sel: page.locator(sel).bounding_box() for sel in
             ("#nav-explorer", "#nav-reviews", "#search-input", ".synthetic-note", "#sign-out")}
    assert all(boxes.values()), boxes
    nav = boxes["#nav-reviews"]
    assert nav["x"] + nav["width"] <= boxes["#search-input"]["x"]
    assert boxes["#sign-out"]["x"] + boxes["#sign-out"]["width"] <= 1280
    # At most two rows of links (the accountability views made one row too wide at
    # 1280 px), all inside the top bar.
    bar = page.locator(".topbar").bounding_box()
    links = page.locator(".views-nav a:visible")
    rows = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(rows) <= 2, rows
    assert bar and all(bar["y"] <= y and y < bar["y"] + bar["height"] for y in rows)
    # The search box still shows its whole placeholder.
    room = page.evaluate("""() => { const i = document.getElementById('search-input');
      const s = getComputedStyle(i); const c = document.createElement('canvas').getContext('2d');
      c.font = `${s.fontSize} ${s.fontFamily}`;
      return i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
             - c.measureText(i.placeholder).width; }""")
    assert room >= 0, f"the search placeholder is cut by {-room:.0f}px"
    shot(page, "topbar")


def test_an_analyst_gets_no_record_review_control(page: Page, app_url: str) -> None:
    open_reviews(page)
    expect(page.locator(f'#reviews-rows > tr[data-key="person|{REVIEWED}"]')).to_have_count(1)
    expect(page.locator("button.record-review")).to_have_count(0)
    expect(page.locator(".reviews-table th")).to_have_text(
        ["Review date", "Overdue", "Kind", "Record", "Person"])


def test_a_supervisor_records_a_review_and_the_row_goes(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page = anonymous_page
    sign_in(page, app_url, role="supervisor")
    open_reviews(page)
    row = page.locator(f'#reviews-rows > tr[data-key="person|{REVIEWED}"]')
    count = page.locator('.review-kind[data-kind="person"] .count')
    expect(page.locator(".reviews-table th").last).to_have_text("Review")
    people_before = int(count.inner_text())
    row.locator("button.record-review").click()
    expect(row.locator("button.record-review")).to_have_attribute("aria-expanded", "true")
    form = page.locator(f'tr[data-key="person|{REVIEWED}|form"] form.review-form')
    # Nothing filled in: clear errors, nothing sent.
    form.locator("button.review-save").click()
    expect(form.locator('.field-error[data-field="reason"]')).to_contain_text("needs a reason")
    expect(form.locator('.field-error[data-field="nextReviewDate"]')).to_contain_text(
        "Give the next review date")
    expect(form.locator("textarea.review-reason")).to_have_attribute("aria-invalid", "")
    shot(page, "record-errors")
    next_date = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    form.locator("input.review-next").fill(next_date)
    form.locator("textarea.review-reason").fill("Linked to a live investigation")
    form.locator("button.review-save").click()
    expect(page.locator("#reviews-status")).to_have_text(
        f"Review recorded: Person {REVIEWED} kept, next review {next_date}.")
    expect(row).to_have_count(0)
    expect(page.locator(f'tr[data-key="person|{REVIEWED}|form"]')).to_have_count(0)
    expect(count).to_have_text(str(people_before - 1))
    shot(page, "recorded")
    records, _, _ = driver.execute_query(
        "MATCH (p:Person {id: $id})-[:HAS_REVIEW]->(e:ReviewEvent) "
        "RETURN p.review_date AS date, e { .* } AS e", id=REVIEWED,
        database_=neo4j_connection.database)
    assert len(records) == 1
    event = records[0]["e"]
    assert records[0]["date"].to_native().isoformat() == next_date
    assert event["outcome"] == "retain" and event["reason"] == "Linked to a live investigation"
    assert event["previous_review_date"].to_native() == dt.date(2019, 6, 1)
    assert event["by"] == "test-supervisor"
    # Reloading the list confirms it: the record is no longer due.
    page.reload()
    open_reviews(page)
    expect(page.locator(f'#reviews-rows > tr[data-key="person|{OVERDUE}"]')).to_have_count(1)
    expect(page.locator(f'#reviews-rows > tr[data-key="person|{REVIEWED}"]')).to_have_count(0)


def _person_state(driver: Driver, database: str, person_id: str) -> dict:
    records, _, _ = driver.execute_query(
        "MATCH (p:Person {id: $id}) OPTIONAL MATCH (p)-[:HAS_REVIEW]->(e:ReviewEvent) "
        "WITH p, e ORDER BY e.at "
        "RETURN p.review_date AS date, p.disposal_proposed_at AS proposed, "
        "collect(e { .outcome, .reason, .by, .previous_review_date, .next_review_date }) AS events",
        id=person_id, database_=database)
    return records[0].data()


def test_propose_then_withdraw_from_the_proposals_list(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page = anonymous_page
    sign_in(page, app_url, role="supervisor")
    open_reviews(page)
    expect(page.locator("#reviews-show-due")).to_have_attribute("aria-pressed", "true")
    # Propose P-RV3 for disposal from the due list.
    row = page.locator(f'#reviews-rows > tr[data-key="person|{WITHDRAWN}"]')
    row.locator("button.record-review").click()
    form = page.locator(f'tr[data-key="person|{WITHDRAWN}|form"] form.review-form')
    form.locator('input[value="flag_for_disposal"]').check()
    expect(form.locator("input.review-next")).to_be_hidden()
    form.locator("textarea.review-reason").fill("Spent: no further policing purpose")
    form.locator("button.review-save").click()
    expect(page.locator("#reviews-status")).to_have_text(
        f"Review recorded: Person {WITHDRAWN} proposed for disposal (nothing is deleted).")
    expect(row).to_have_count(0)

    # It is in the proposals, newest first, with who and why; the due-date box is gone.
    page.locator("#reviews-show-proposed").click()
    expect(page.locator("#reviews-show-proposed")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#reviews-title")).to_have_text("Proposed for disposal")
    expect(page.locator("#reviews-before")).to_be_hidden()
    expect(page.locator("#reviews-status")).to_contain_text("newest proposal first")
    expect(page.locator(".reviews-table th")).to_have_text(
        ["Proposed", "Kind", "Record", "Person", "Proposed by", "Reason", "Withdraw"])
    rows = page.locator("#reviews-rows > tr")
    expect(rows.first).to_have_attribute("data-key", f"person|{WITHDRAWN}")
    expect(rows.nth(1)).to_have_attribute("data-key", f"person|{PROPOSED}")
    proposal = rows.first
    expect(proposal.locator(".record-label")).to_have_text("Ines Duarte")
    expect(proposal.locator(".proposed-by")).to_have_text("test-supervisor")
    expect(proposal.locator(".proposal-reason")).to_have_text("Spent: no further policing purpose")
    expect(proposal.locator(".proposed-at")).to_have_text(
        re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$"))
    expect(rows.nth(1).locator(".proposed-at")).to_have_text("2024-02-01 09:30 UTC")
    expect(page.locator('.review-kind[data-kind="flag"]')).to_have_count(0)  # never proposed
    expect(page.locator('.review-kind[data-kind="person"] .count')).to_have_text("2")
    shot(page, "proposed")

    # Withdraw it: checked like the retain form, then kept with the new date.
    proposal.locator("button.withdraw-proposal").click()
    withdraw = page.locator(f'tr[data-key="person|{WITHDRAWN}|form"] form.withdraw-form')
    withdraw.locator("button.withdraw-save").click()
    expect(withdraw.locator('.field-error[data-field="reason"]')).to_contain_text("needs a reason")
    expect(withdraw.locator('.field-error[data-field="nextReviewDate"]')).to_contain_text(
        "Give the next review date")
    withdraw.locator("input.review-next").fill(dt.date.today().isoformat())
    withdraw.locator("textarea.review-reason").fill("Named in a live investigation")
    withdraw.locator("button.withdraw-save").click()
    expect(withdraw.locator('.field-error[data-field="nextReviewDate"]')).to_contain_text(
        "must be after today")
    shot(page, "withdraw-errors")
    next_date = (dt.date.today() + dt.timedelta(days=180)).isoformat()
    withdraw.locator("input.review-next").fill(next_date)
    withdraw.locator("button.withdraw-save").click()
    expect(page.locator("#reviews-status")).to_have_text(
        f"Proposal withdrawn: Person {WITHDRAWN} kept, next review {next_date}.")
    expect(page.locator(f'#reviews-rows > tr[data-key="person|{WITHDRAWN}"]')).to_have_count(0)
    expect(page.locator('.review-kind[data-kind="person"] .count')).to_have_text("1")
    state = _person_state(driver, neo4j_connection.database, WITHDRAWN)
    assert state["date"].to_native().isoformat() == next_date and state["proposed"] is None
    assert [e["outcome"] for e in state["events"]] == ["flag_for_disposal", "withdraw_disposal"]
    withdrawal = state["events"][1]
    assert withdrawal["reason"] == "Named in a live investigation"
    assert withdrawal["previous_review_date"].to_native() == dt.date(2019, 8, 1)
    assert withdrawal["by"] == "test-supervisor"

    # Back on the due list, with its new date.
    page.locator("#reviews-show-due").click()
    expect(page.locator("#reviews-title")).to_have_text("Reviews due")
    page.locator("#reviews-before").fill(next_date)
    page.locator("#reviews-refresh").click()
    back = page.locator(f'#reviews-rows > tr[data-key="person|{WITHDRAWN}"]')
    expect(back.locator("td.date")).to_have_text(next_date)
    expect(back.locator("td.overdue-cell")).to_have_text("due in 180 days")
    shot(page, "back-on-due-list")


def test_someone_else_reviewing_first_is_a_clear_conflict_and_a_refresh(
        anonymous_page: Page, app_url: str, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    page = anonymous_page
    sign_in(page, app_url, role="supervisor")
    open_reviews(page)
    row = page.locator(f'#reviews-rows > tr[data-key="person|{RACED}"]')
    row.locator("button.record-review").click()
    form = page.locator(f'tr[data-key="person|{RACED}|form"] form.review-form')
    form.locator("input.review-next").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    form.locator("textarea.review-reason").fill("Reviewed from the page")
    # Meanwhile another supervisor reviews the same record.
    other_date = dt.date.today() + dt.timedelta(days=90)
    record_review(driver, neo4j_connection.database, "person", RACED, "retain",
                  "Reviewed at another desk", other_date, "another-supervisor",
                  expected_review_date=dt.date(2019, 9, 1))
    form.locator("button.review-save").click()
    expect(page.locator("#reviews-status")).to_contain_text(CONFLICT_TEXT)
    expect(page.locator("#reviews-status")).to_contain_text("most overdue first")  # reloaded
    expect(row).to_have_count(0)  # no longer due: the list was refreshed
    expect(page.locator(f'tr[data-key="person|{RACED}|form"]')).to_have_count(0)
    shot(page, "conflict")
    state = _person_state(driver, neo4j_connection.database, RACED)
    assert [e["reason"] for e in state["events"]] == ["Reviewed at another desk"]
    assert state["date"].to_native() == other_date


def test_an_analyst_sees_the_proposals_but_cannot_withdraw(page: Page, app_url: str) -> None:
    open_reviews(page)
    page.locator("#reviews-show-proposed").click()
    proposal = page.locator(f'#reviews-rows > tr[data-key="person|{PROPOSED}"]')
    expect(proposal.locator(".proposed-by")).to_have_text("DI Earlier")
    expect(proposal.locator(".proposal-reason")).to_have_text("Duplicate of an older record")
    expect(page.locator("button.withdraw-proposal")).to_have_count(0)
    expect(page.locator(".reviews-table th")).to_have_text(
        ["Proposed", "Kind", "Record", "Person", "Proposed by", "Reason"])
