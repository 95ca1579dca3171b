"""Duplicate review ("same as") in real Chromium against the live API and the real Neo4j.

Two records of one Ukrainian man, spelt as two systems transliterate him (Oleksandr
Shevchenko / Aleksandr Schewtschenko), are added to the browser seed and the real
duplicate scan (`graph.identity.duplicates.scan`) stores the candidate pairs. The seed's
105 "Spoke Follower…" records are namesakes of each other, so the scan also stores
thousands of weaker pairs: enough to page through. Decisions are checked in Neo4j.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from neo4j import Driver
from playwright.sync_api import Locator, Page, expect

from graph.db.settings import Neo4jConnection
from graph.identity import duplicates
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import screenshot
from tests.support.users import user_name

pytestmark = pytest.mark.slow

A, B = "P-D001", "P-D002"
PAIR = f"{A}|{B}"
LINK = f"SA-{A}-{B}"
PEOPLE = [
    seed.SOURCE.person(A, "Oleksandr", "Shevchenko", dates_of_birth=["1988-05-21"],
                       nationalities=["UA"], gender="male", place_of_birth="Kyiv",
                       passports=["UA:FE123456"]),
    seed.SOURCE.person(B, "Aleksandr", "Schewtschenko", dates_of_birth=["1988-05-21"],
                       nationalities=["UA"], gender="male", place_of_birth="Kyiv"),
]


@pytest.fixture(scope="module", autouse=True)
def scanned(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> int:
    write_records(driver, neo4j_connection.database, {"person": PEOPLE})
    result = duplicates.scan(driver, neo4j_connection.database, by="test:browser")
    return result.stored


@pytest.fixture(autouse=True)
def no_decisions(driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    """Every test starts with the pairs undecided (the scan's candidates stay)."""
    driver.execute_query("MATCH (n) WHERE n:SameAsLink OR n:SameAsEvent DETACH DELETE n",
                         database_=neo4j_connection.database)


def stored_link(driver: Driver, database: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(
        """MATCH (l:SameAsLink {id: $id})
           RETURN l { .* } AS link,
                  [(p:Person)-[:SAME_AS]->(l) | p.id] AS people,
                  [(l)-[:HAS_EVENT]->(e:SameAsEvent) | e { .* }] AS events""",
        id=LINK, database_=database)
    if not records:
        return None
    row = records[0]
    return {**row["link"], "people": sorted(row["people"]),
            "events": sorted(row["events"], key=lambda e: e["seq"])}


def person_snapshot(driver: Driver, database: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) WHERE p.id IN $ids RETURN p { .* } AS p ORDER BY p.id",
        ids=[A, B], database_=database)
    return [r["p"] for r in records]


def open_duplicates(page: Page, app_url: str) -> None:
    page.goto(app_url)
    page.locator("#nav-duplicates").click()
    expect(page).to_have_url(re.compile(r"#/duplicates$"))
    expect(page.locator("#dup-status")).to_contain_text("best first")


def pair_card(page: Page) -> Locator:
    return page.locator(f'#dup-pairs > li[data-pair="{PAIR}"]')


def open_profile(page: Page, person_id: str) -> Locator:
    """Open a profile and wait for its identity-cluster answer; the "Also recorded as" block."""
    with page.expect_response(lambda r: r.url.endswith("/graphql")
                              and "query Identity" in (r.request.post_data or "")):
        page.goto(page.url.split("#")[0] + f"#/person/{person_id}")
    expect(page.locator("#profile .person-id")).to_have_text(person_id)
    return page.locator("#also-recorded")


def open_possible(page: Page, person_id: str) -> Locator:
    """Open a profile and wait for its identity and possible-duplicates answers; the
    "Possible duplicates" block."""
    def asked(name: str) -> Any:
        return lambda r: (r.url.endswith("/graphql")
                          and f"query {name}" in (r.request.post_data or ""))

    with page.expect_response(asked("Identity")), \
            page.expect_response(asked("PossibleDuplicates")):
        page.goto(page.url.split("#")[0] + f"#/person/{person_id}")
    expect(page.locator("#profile .person-id")).to_have_text(person_id)
    return page.locator("#profile-possible-duplicates")


def test_the_profile_says_an_undecided_pair_may_be_a_duplicate(
        page: Page, app_url: str) -> None:
    page.goto(app_url)
    block = open_possible(page, A)
    expect(block).to_be_visible()
    expect(block.locator("h2")).to_have_text("Possible duplicates")
    expect(page.locator("#also-recorded")).to_be_hidden()      # nothing confirmed yet
    first = block.locator("li").first
    expect(first).to_have_attribute("data-person-id", B)        # best first
    expect(first.locator("a")).to_have_text(f"Aleksandr Schewtschenko ({B})")
    expect(first).to_contain_text(">99.9% · Strong duplicate")  # never "100%"
    screenshot(page, "dup-00-profile-possible-duplicates")
    first.locator("a").click()                                  # the other record's profile
    expect(page).to_have_url(re.compile(rf"#/person/{B}$"))
    expect(page.locator(f'#profile-possible-duplicates li[data-person-id="{A}"] a')).to_have_text(
        f"Oleksandr Shevchenko ({A})")
    page.locator("#profile-possible-duplicates a", has_text="Review on the Duplicates page").click()
    expect(page).to_have_url(re.compile(r"#/duplicates$"))
    expect(pair_card(page)).to_have_attribute("data-status", "undecided")


def test_the_pair_is_listed_first_side_by_side_and_explained(
        page: Page, app_url: str, scanned: int, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    open_duplicates(page, app_url)
    expect(page.locator("#nav-duplicates")).to_have_attribute("aria-current", "page")
    expect(page.locator(".layout")).to_be_hidden()
    first = page.locator("#dup-pairs > li").first
    expect(first).to_have_attribute("data-pair", PAIR)          # best score first
    expect(first).to_have_attribute("data-status", "undecided")
    expect(first.locator(".score")).to_have_text(">99.9% · Strong match")  # never "100%"
    record_a = first.locator('.dup-record[data-side="A"]')
    record_b = first.locator('.dup-record[data-side="B"]')
    expect(record_a.locator("h4")).to_have_text("Oleksandr Shevchenko")
    expect(record_b.locator("h4")).to_have_text("Aleksandr Schewtschenko")
    expect(record_a.locator('[data-fact="datesOfBirth"]')).to_have_text("1988-05-21")
    expect(record_b.locator('[data-fact="nationalities"]')).to_have_text("UA")
    expect(record_a.locator('[data-fact="passports"]')).to_have_text("UA:FE123456")
    expect(record_b.locator('[data-fact="passports"]')).to_have_text("—")
    # The scorer's explanation, field by field, in custody-format's words.
    family = first.locator('tr[data-field="family_name"]')
    expect(family.locator("td")).to_have_text(
        ["Shevchenko", "Schewtschenko", "≈ Variant", re.compile("transliteration"),
         re.compile(r"^\+\d")])
    expect(first.locator('tr[data-field="given_names"] td').nth(3)).to_contain_text(
        "phonetic key")
    expect(first.locator('tr[data-field="date_of_birth"] .outcome')).to_have_text("✓ Agrees")
    expect(first.locator('tr[data-field="passport"] .outcome')).to_have_text("– Not compared")
    expect(first.locator(".dup-confirm")).to_have_text("Same person")
    expect(first.locator(".dup-reject")).to_have_text("Not the same")
    expect(first.locator(".dup-undo")).to_have_count(0)
    # The list says how many pairs there are: the count the API reads from the graph.
    records, _, _ = driver.execute_query(
        "MATCH (c:DuplicateCandidate) WHERE c.score >= 0.5 RETURN count(c) AS n",
        database_=neo4j_connection.database)
    total = records[0]["n"]
    assert total > 40 and scanned >= total
    expect(page.locator("#dup-status")).to_have_text(
        f"{total} pairs scoring 50% or more, best first; showing 20.")
    screenshot(page, "dup-01-list")
    # Paging: the next 20, none repeated, the status follows.
    page.locator("#dup-more").click()
    expect(page.locator("#dup-pairs > li")).to_have_count(40)
    expect(page.locator("#dup-status")).to_contain_text("showing 40.")
    keys = page.locator("#dup-pairs > li").evaluate_all("els => els.map(e => e.dataset.pair)")
    assert len(set(keys)) == 40


def test_confirm_needs_a_reason_then_also_recorded_as_then_undo(
        page: Page, app_url: str, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    db = neo4j_connection.database
    before = person_snapshot(driver, db)
    open_duplicates(page, app_url)
    card = pair_card(page)
    card.locator(".dup-confirm").click()
    reason = card.locator(".dup-reason")
    error = card.locator(".field-error")
    expect(error).to_have_text(re.compile("Give a reason for your decision"))
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_be_focused()
    reason.fill("   ")                                           # blank is still no reason
    card.locator(".dup-confirm").click()
    expect(error).to_be_visible()
    screenshot(page, "dup-02-no-reason")
    assert stored_link(driver, db) is None                      # nothing was sent or written

    why = "same custody photograph; Kyiv birth certificate on both files"
    reason.fill(why)
    card.locator(".dup-confirm").click()
    card = pair_card(page)
    expect(card).to_have_attribute("data-status", "confirmed")
    expect(card.locator(".decision-line")).to_have_text(re.compile(
        rf"= Same person Confirmed by {user_name('analyst')} on "
        rf"\d{{4}}-\d\d-\d\d \d\d:\d\d UTC: {re.escape(why)}$"))
    expect(card.locator(".dup-undo")).to_have_text("Undo")
    expect(card.locator(".dup-confirm")).to_have_count(0)
    screenshot(page, "dup-03-confirmed")
    link = stored_link(driver, db)
    assert link is not None
    assert (link["status"], link["reason"], link["decided_by"]) == (
        "confirmed", why, user_name("analyst"))
    assert link["people"] == [A, B]
    assert [(e["action"], e["reason"], e["by"]) for e in link["events"]] == [
        ("confirmed", why, user_name("analyst"))]

    # "Undecided only" leaves the decided pair out; off again, it is back with its decision.
    page.locator("#dup-undecided").check()
    expect(page.locator("#dup-status")).to_contain_text("undecided pairs")
    expect(page.locator("#dup-pairs > li").first).to_be_visible()
    expect(pair_card(page)).to_have_count(0)
    page.locator("#dup-undecided").uncheck()
    expect(pair_card(page)).to_have_attribute("data-status", "confirmed")

    # The profile of either record lists the other, with who confirmed it and why.
    pair_card(page).locator('.dup-record[data-side="A"] h4 a').click()
    expect(page.locator("#profile .person-name")).to_have_text("Oleksandr Shevchenko")
    also = page.locator("#also-recorded")
    expect(also).to_be_visible()
    expect(also.locator("h2")).to_have_text("Also recorded as")
    item = also.locator(f'li[data-person-id="{B}"]')
    expect(item.locator("a")).to_have_text(f"Aleksandr Schewtschenko ({B})")
    expect(item).to_contain_text(f"Confirmed the same person by {user_name('analyst')}")
    expect(item).to_contain_text(why)
    screenshot(page, "dup-04-also-recorded-as")
    item.locator("a").click()                                    # opens the other record
    expect(page).to_have_url(re.compile(rf"#/person/{B}$"))
    expect(page.locator("#profile .person-name")).to_have_text("Aleksandr Schewtschenko")
    expect(page.locator(f'#also-recorded li[data-person-id="{A}"] a')).to_have_text(
        f"Oleksandr Shevchenko ({A})")

    # Undo: a reason again, then the pair is undecided and the profiles lose the block.
    open_duplicates(page, app_url)
    card = pair_card(page)
    card.locator(".dup-undo").click()
    expect(card.locator(".field-error")).to_have_text(re.compile("reason for undoing"))
    assert stored_link(driver, db)["status"] == "confirmed"     # type: ignore[index]
    card.locator(".dup-reason").fill("prints came back for someone else")
    card.locator(".dup-undo").click()
    card = pair_card(page)
    expect(card).to_have_attribute("data-status", "undone")
    expect(card.locator(".decision-line")).to_have_text(re.compile(
        r"^↺ Decision undone Undone by test-analyst on .* UTC: prints came back for someone else$"))
    expect(card.locator(".dup-confirm")).to_be_visible()       # can be decided again
    card.locator(".dup-events summary").click()
    expect(card.locator(".dup-events li")).to_have_count(2)
    expect(card.locator(".dup-events li").nth(1)).to_contain_text(
        "undone by test-analyst: prints came back for someone else")
    screenshot(page, "dup-05-undone")
    link = stored_link(driver, db)
    assert link is not None and link["status"] == "undone"
    assert [(e["action"], e["reason"]) for e in link["events"]] == [
        ("confirmed", why), ("undone", "prints came back for someone else")]
    assert person_snapshot(driver, db) == before                # nothing merged or changed
    for person_id in (A, B):
        expect(open_profile(page, person_id)).to_be_hidden()


def test_not_the_same_is_recorded_and_never_listed_as_also_recorded(
        page: Page, app_url: str, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    open_duplicates(page, app_url)
    card = pair_card(page)
    card.locator(".dup-reason").fill("twin brothers: different fingerprints on IDENT1")
    card.locator(".dup-reject").click()
    card = pair_card(page)
    expect(card).to_have_attribute("data-status", "rejected")
    expect(card.locator(".decision-badge").first).to_have_text("≠ Not the same")
    expect(card.locator(".dup-undo")).to_be_visible()
    link = stored_link(driver, neo4j_connection.database)
    assert link is not None and (link["status"], link["reason"]) == (
        "rejected", "twin brothers: different fingerprints on IDENT1")
    expect(open_possible(page, A).locator(f'li[data-person-id="{B}"]')).to_have_count(0)
    expect(page.locator("#also-recorded")).to_be_hidden()
