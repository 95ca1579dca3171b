"""The custody-check page in real Chromium against the live API and the real Neo4j.

A misspelt name finds the right person first, explained; the risk summary shows the flag,
markers and a warrant in words; a candidate opens the explorer and Back returns to the
check; "create new nominal" records a person through `recordPerson`; checks run and their
results arrive, and a source that fails shows FAILED (never "no match"); a picked nominal
lists its earlier runs, and each reopens.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from tests.browser import custody_seed, seed
from tests.browser.pages import screenshot
from tests.support.abroad import AbroadService
from tests.support.factories import check_connector

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def custody_seeded(seeded: None, driver: Driver,
                   neo4j_connection: Neo4jConnection) -> dt.datetime:
    return custody_seed.add(driver, neo4j_connection.database)


def fill_arrival(page: Page, **values: str) -> None:
    page.goto(page.url.split("#")[0] + "#/custody")
    for name, value in values.items():
        page.locator(f"#arrival-{name}").fill(value)
    page.locator("#arrival-submit").click()


def candidates(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#candidates > li.candidate")


def test_the_views_are_reachable_from_the_top_bar(page: Page, app_url: str) -> None:
    page.goto(app_url)
    page.locator("#nav-custody").click()
    expect(page).to_have_url(re.compile(r"#/custody$"))
    expect(page.locator("#custody-title")).to_be_visible()
    expect(page.locator("#nav-custody")).to_have_attribute("aria-current", "page")
    expect(page.locator(".layout")).to_be_hidden()
    page.locator("#nav-screening").click()
    expect(page.locator("#screening-title")).to_be_visible()
    expect(page.locator("#custody-view")).to_be_hidden()
    page.locator("#nav-explorer").click()
    expect(page.locator("#canvas-state")).to_contain_text("Search for a person")


def test_the_form_says_what_is_wrong_and_nothing_is_searched(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/#/custody")
    page.locator("#arrival-dateOfBirth").fill("31/02/1990")
    page.locator("#arrival-reference").fill("not-a-pnc")
    page.locator("#arrival-submit").click()
    summary = page.locator("#arrival-form .form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter the family name")
    expect(summary).to_contain_text("not a real date")
    expect(summary).to_contain_text("PNC ID as 2019/0123456X")
    expect(page.locator("#arrival-familyName")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#arrival-familyName")).to_be_focused()
    expect(page.locator("#arrival-familyName-error")).to_have_text(
        "Enter the family name (surname) the person gives.")
    expect(candidates(page)).to_have_count(0)
    screenshot(page, "custody-01-validation")
    # Corrected by keyboard alone: the error clears once the form is valid.
    page.locator("#arrival-familyName").fill("Nowak")
    page.locator("#arrival-dateOfBirth").fill("1985-07")
    page.locator("#arrival-reference").fill("")
    page.locator("#arrival-familyName").press("Enter")
    expect(summary).to_be_hidden()
    expect(page.locator("#arrival-familyName")).not_to_have_attribute("aria-invalid", "true")
    expect(candidates(page).first).to_be_visible()


def test_a_misspelt_name_ranks_the_right_person_first_explained(
        page: Page, app_url: str) -> None:
    page.goto(app_url)
    fill_arrival(page, givenNames="Marcus", familyName="Adeyemmi", dateOfBirth="14/03/1992",
                 nationality="gb")
    first = candidates(page).first
    expect(first).to_have_attribute("data-person-id", seed.CENTRE)
    expect(first.locator("h4")).to_have_text("Marcus Adeyemi")
    expect(first.locator(".score")).to_contain_text(
        re.compile(r"\d+(\.\d)?% · (Strong|Possible) match"))
    family = first.locator("tr[data-field=family_name]")
    expect(family).to_contain_text("Adeyemmi")
    expect(family).to_contain_text("Adeyemi")
    expect(family.locator(".outcome")).to_have_text(re.compile(r"(≈ Variant|~ Close)"))
    expect(family).to_contain_text(re.compile(r"spelling variant|phonetic|similar"))
    expect(first.locator("tr[data-field=date_of_birth] .outcome")).to_have_text("✓ Agrees")
    risk = first.locator(".risk-list")
    expect(risk).to_contain_text("1 active flag (high harm)")
    expect(risk).to_contain_text("⚠ Warning marker: Violence")
    expect(risk).to_contain_text("⚠ Warning marker: Weapons")
    expect(risk).to_contain_text("1 conviction")
    expect(risk.locator(".risk.high").first).to_be_visible()
    expect(page.locator("#candidates-status")).to_contain_text("best first")
    screenshot(page, "custody-02-candidates")


def test_a_wanted_candidate_shows_the_warrant_in_words(page: Page, app_url: str) -> None:
    page.goto(app_url)
    fill_arrival(page, givenNames="Sofia", familyName="Nowak", dateOfBirth="1985-07",
                 nationality="PL")
    first = candidates(page).first
    expect(first).to_have_attribute("data-person-id", seed.LONER)
    expect(first).to_have_class(re.compile(r"\bwanted\b"))
    warrant = first.locator(".risk.critical")
    expect(warrant).to_have_text("WANTED: European arrest warrant, issued by PL, ref "
                                 "EAW/PL/2023/0142, for Aggravated burglary, on 2023-02-10")
    # Prominent: white on dark red, not colour alone (the text says WANTED).
    colours = warrant.evaluate(
        "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert colours == ["rgb(255, 255, 255)", "rgb(185, 28, 28)"], colours
    screenshot(page, "custody-03-wanted-candidate")


def test_open_profile_then_back_keeps_the_custody_check(page: Page, app_url: str) -> None:
    page.goto(app_url)
    fill_arrival(page, givenNames="Marcus", familyName="Adeyemi", dateOfBirth="1992-03-14")
    first = candidates(page).first
    expect(first).to_have_attribute("data-person-id", seed.CENTRE)
    first.get_by_role("link", name="Open profile and network").click()
    expect(page).to_have_url(re.compile(r"#/person/P-B001$"))
    expect(page.locator("#profile .person-name")).to_have_text("Marcus Adeyemi")
    expect(page.locator("#export-png")).to_be_enabled(timeout=15000)
    page.go_back()
    expect(page.locator("#custody-view")).to_be_visible()
    expect(candidates(page).first).to_have_attribute("data-person-id", seed.CENTRE)
    expect(page.locator("#arrival-familyName")).to_have_value("Adeyemi")


def test_picking_a_candidate_after_create_new_leaves_no_record_button(page: Page,
                                                                     app_url: str) -> None:
    """Issue 18: "None of these" then a candidate picked left "Record new nominal" one
    click away (a duplicate nominal). A country name is a nationality."""
    page.goto(app_url)
    fill_arrival(page, givenNames="Marcus", familyName="Adeyemi", dateOfBirth="14/03/1992",
                 nationality="Narnia")
    expect(page.locator("#arrival-nationality-error")).to_contain_text(
        '"Narnia" is not a country')
    expect(candidates(page)).to_have_count(0)
    fill_arrival(page, givenNames="Marcus", familyName="Adeyemi", dateOfBirth="14/03/1992",
                 nationality="United Kingdom")
    expect(candidates(page).first).to_have_attribute("data-person-id", "P-B001")
    score = candidates(page).first.locator(".score")
    expect(score).to_have_text(re.compile(r"^\d{1,2}(\.\d)?% · Strong match$"))  # never 100%
    page.locator("#create-nominal").click()
    expect(page.locator("#confirm-nominal")).to_be_visible()
    candidates(page).first.locator(".select-nominal").click()
    expect(page.locator("#nominal-title")).to_have_text("Nominal: Marcus Adeyemi")
    expect(page.locator("#confirm-nominal")).to_have_count(0)
    expect(page.locator("#new-nominal")).to_be_hidden()
    screenshot(page, "custody-04b-picked-no-record-button")


def test_create_new_nominal_records_the_person(page: Page, app_url: str, driver: Driver,
                                                neo4j_connection: Neo4jConnection) -> None:
    page.goto(app_url)
    fill_arrival(page, givenNames="Quentin", familyName="Zabrowski", dateOfBirth="1970-01-02",
                 nationality="PL", passport="ab1234567")
    expect(page.locator("#candidates-status")).not_to_contain_text("Searching")
    page.locator("#create-nominal").click()
    panel = page.locator("#new-nominal")
    expect(panel).to_contain_text("Zabrowski")
    expect(panel).to_contain_text("PL:AB1234567")
    expect(page.locator("#confirm-nominal")).to_be_focused()
    screenshot(page, "custody-04-new-nominal")
    page.locator("#confirm-nominal").click()
    expect(panel).to_contain_text(re.compile(r"New nominal P-[0-9A-F]{20} recorded"))
    title = page.locator("#nominal-title")
    expect(title).to_have_text("Nominal: Quentin Zabrowski")
    new_id = re.search(r"P-[0-9A-F]{20}", panel.inner_text()).group(0)  # type: ignore[union-attr]
    records, _, _ = driver.execute_query(
        "MATCH (p:Person {id: $id}) RETURN p.given_names AS given, p.family_name AS family, "
        "p.dates_of_birth AS dobs, p.nationalities AS nats, p.passports AS passports, "
        "p.source AS source", {"id": new_id}, database_=neo4j_connection.database)
    assert len(records) == 1
    row = records[0]
    assert (row["given"], row["family"], row["dobs"], row["nats"], row["passports"]) == (
        "Quentin", "Zabrowski", ["1970-01-02"], ["PL"], ["PL:AB1234567"])
    expect(page.locator("#run-checks")).to_be_enabled()
    # The new nominal is found by the next search.
    fill_arrival(page, givenNames="Quentin", familyName="Zabrowski", dateOfBirth="1970-01-02")
    expect(candidates(page).first).to_have_attribute("data-person-id", new_id)


def test_an_unknown_check_run_link_says_so(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/#/custody/run/CR-NOSUCH")
    expect(page.locator("#nominal-title")).to_have_text("Check run not found")
    expect(page.locator("#custody-nominal [role=alert]")).to_have_text(
        "No check run with id CR-NOSUCH. Check the link.")


# --- checks: the records-abroad service of tests/abroad_fixture.py, with faults ----------

def _wanted_new_arrival(abroad: AbroadService):  # type: ignore[no-untyped-def]
    """A foreigner the graph has never seen, wanted on an EAW in SIS II (known truth)."""
    return next(r for r in abroad.dataset.records
                if r.demo_person_id is None and r.dates_of_birth
                and any(n["system"] == "sis" for n in r.notices))


def _create_nominal(page: Page, record) -> str:  # type: ignore[no-untyped-def]
    fill_arrival(page, givenNames=record.given_names, familyName=record.family_name,
                 dateOfBirth=record.dates_of_birth[0], nationality=record.nationality)
    expect(page.locator("#candidates-status")).not_to_contain_text("Searching")
    page.locator("#create-nominal").click()
    page.locator("#confirm-nominal").click()
    panel = page.locator("#new-nominal")
    expect(panel).to_contain_text("recorded")
    return re.search(r"P-[0-9A-F]{20}", panel.inner_text()).group(0)  # type: ignore[union-attr]


def test_run_checks_results_arrive_a_warrant_is_prominent_and_a_failure_says_failed(
        page: Page, app_url: str, abroad: AbroadService, driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    record = _wanted_new_arrival(abroad)
    notice = next(n for n in record.notices if n["system"] == "sis")
    abroad.fault("ecris", "down")          # ECRIS answers 503 to every attempt
    page.goto(app_url)
    person_id = _create_nominal(page, record)

    page.locator("#run-checks").click()
    checks = page.locator("#checks > li.check")
    # The run starts with every check pending, shown in words (and a spinner).
    expect(page.locator("#checks .check-result.pending").first).to_contain_text("Pending…")
    expect(page).to_have_url(re.compile(r"#/custody/run/[A-Za-z0-9_.:-]+$"))
    screenshot(page, "custody-05-checks-pending")
    status = page.locator("#checks-status")
    expect(status).not_to_contain_text("running", timeout=30000)
    assert checks.count() == 5  # SIS II, Interpol, ECRIS, HO CID, IDENT1

    sis = page.locator("#checks li[data-kind=wanted_abroad]", has_text="SIS II")
    expect(sis).to_have_attribute("data-state", "match")
    expect(sis.locator(".check-result")).to_have_text("MATCH")
    expect(sis.locator(".check-warrant")).to_contain_text(notice["reference"])
    alert = page.locator("#check-alerts .alert.wanted")
    expect(alert).to_contain_text("WANTED")
    expect(alert).to_contain_text(notice["reference"])
    expect(alert).to_contain_text("issued by " + notice["issuing_country"])

    ecris = page.locator("#checks li[data-kind=foreign_convictions]")
    expect(ecris).to_have_attribute("data-state", "failed")
    expect(ecris.locator(".check-result")).to_have_text("FAILED")
    expect(ecris).to_contain_text('This is not a "no match".')
    expect(ecris).not_to_contain_text("No match")
    failed = page.locator("#check-alerts .alert.failed")
    expect(failed).to_contain_text("1 check FAILED.")
    expect(failed).to_contain_text("Convictions abroad (ECRIS)")
    expect(status).to_contain_text("1 FAILED")
    expect(page.locator("#run-checks")).to_have_text("Run the checks again")
    screenshot(page, "custody-06-checks-done")

    # What the page shows is what was stored.
    stored, _, _ = driver.execute_query(
        "MATCH (:Person {id: $id})-[:HAS_CHECK]->(c:Check) RETURN c.against AS against, "
        "c.result AS result", {"id": person_id}, database_=neo4j_connection.database)
    results = {r["against"]: r["result"] for r in stored}
    assert results["ECRIS"] == "failed" and results["SIS_II"] == "match", results

    # The run's URL is shareable: a fresh load shows the same results.
    page.reload()
    expect(page.locator("#nominal-title")).to_contain_text(record.family_name)
    expect(page.locator("#checks li[data-kind=foreign_convictions]")).to_have_attribute(
        "data-state", "failed")
    expect(page.locator("#check-alerts .alert.wanted")).to_contain_text(notice["reference"])


def test_a_slow_source_is_pending_then_failed_never_nothing_found(
        page: Page, app_url: str, abroad: AbroadService) -> None:
    abroad.fault("hocid", "slow")          # answers after the connectors' read timeout
    page.goto(app_url)
    fill_arrival(page, givenNames="Zofia", familyName="Nowak", dateOfBirth="1985-07")
    candidates(page).first.locator(".select-nominal").click()
    expect(page.locator("#nominal-title")).to_have_text("Nominal: Zofia Nowak")
    page.locator("#run-checks").click()
    hocid = page.locator("#checks li[data-kind=immigration_status]")
    expect(hocid).to_have_attribute("data-state", "pending")
    expect(hocid).to_have_attribute("data-state", "failed", timeout=30000)
    expect(hocid).to_contain_text("FAILED")
    expect(hocid).not_to_contain_text("No match")
    expect(page.locator("#checks-status")).not_to_contain_text("running", timeout=30000)


# --- earlier checks: a picked nominal lists its runs, each reopens --------------------------

RED, DARK_RED, WHITE = "rgb(185, 28, 28)", "rgb(127, 29, 29)", "rgb(255, 255, 255)"


def _colours(locator) -> list[str]:  # type: ignore[no-untyped-def]
    return locator.evaluate(
        "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")


def test_a_picked_nominal_shows_checks_run_days_ago_and_reopens_them(
        page: Page, app_url: str, custody_seeded: dt.datetime) -> None:
    page.goto(app_url)
    fill_arrival(page, givenNames="Marcus", familyName="Adeyemi", dateOfBirth="1992-03-14")
    candidates(page).first.locator(".select-nominal").click()
    expect(page.locator("#nominal-title")).to_have_text("Nominal: Marcus Adeyemi")
    expect(page.locator("#earlier-status")).to_have_text("1 run of checks, newest first.")
    run = page.locator("#earlier-runs > li")
    expect(run).to_have_count(1)
    expect(run).to_have_attribute("data-run-id", custody_seed.EARLIER_RUN)
    expect(run.locator(".earlier-ago")).to_have_text("3 days ago")
    local = custody_seeded.astimezone(ZoneInfo("Europe/London"))  # UK local, zone said
    month = "Sept" if local.month == 9 else f"{local:%b}"  # as en-GB Intl abbreviates
    expect(run.locator("time")).to_have_text(
        f"{local:%d} {month} {local:%Y, %H:%M} {local.tzname()}")
    expect(run.locator(".earlier-by")).to_have_text(f"by {custody_seed.EARLIER_BY}")
    # Seeded as runs were stored before their purpose was kept: it says so, no guess.
    expect(run.locator(".earlier-why")).to_have_text("purpose not recorded")
    outcomes = run.locator(".earlier-outcomes")
    expect(outcomes).to_have_text(
        "Interpol I-24/7 MATCH SIS II no match ECRIS no match Home Office CID FAILED "
        "(no answer within 5s (timed out)) IDENT1 MATCH", use_inner_text=True)
    # A match on a wanted list is white on red; FAILED is white on dark red with a ⚠,
    # and the run is framed as failed; a fingerprint match is information (amber).
    interpol = outcomes.locator("[data-source=INTERPOL_I24_7]")
    assert _colours(interpol) == [WHITE, RED]
    failed = outcomes.locator("[data-source=HO_CID]")
    assert _colours(failed) == [WHITE, DARK_RED]
    assert failed.evaluate("(el) => getComputedStyle(el, '::before').content") == '"⚠"'
    expect(run).to_have_class(re.compile(r"\bstate-failed\b"))
    assert _colours(outcomes.locator("[data-source=IDENT1]"))[1] not in (RED, DARK_RED)
    expect(page.locator("#checks > li")).to_have_count(0)      # nothing open yet
    screenshot(page, "custody-07-earlier-checks")

    run.get_by_role("link", name="Reopen this run").click()
    expect(page).to_have_url(re.compile(rf"#/custody/run/{custody_seed.EARLIER_RUN}$"))
    hocid = page.locator("#checks li[data-kind=immigration_status]")
    expect(hocid).to_have_attribute("data-state", "failed")
    expect(hocid).to_contain_text("no answer within 5s (timed out)")
    expect(page.locator("#checks li[data-kind=wanted_abroad]", has_text="Interpol I-24/7")
           ).to_have_attribute("data-state", "match")
    expect(page.locator("#checks > li")).to_have_count(5)
    expect(run).to_have_attribute("aria-current", "true")
    expect(run.locator(".reopen-run")).to_have_text("Shown below")


def test_after_a_run_the_person_lists_it_in_earlier_checks(
        page: Page, app_url: str, abroad: AbroadService) -> None:
    record = [r for r in abroad.dataset.records
              if r.demo_person_id is None and r.dates_of_birth
              and any(n["system"] == "sis" for n in r.notices)][1]
    abroad.fault("ecris", "down")
    page.goto(app_url)
    person_id = _create_nominal(page, record)
    expect(page.locator("#earlier-status")).to_have_text(
        "No checks have been run for this person.")
    expect(page.locator("#earlier-runs > li")).to_have_count(0)
    page.locator("#run-checks").click()
    expect(page).to_have_url(re.compile(r"#/custody/run/[A-Za-z0-9_.:-]+$"))
    run_id = page.url.rsplit("/", 1)[1]
    expect(page.locator("#checks-status")).not_to_contain_text("running", timeout=30000)
    # Refreshed once the run ended: listed, marked as the one shown.
    current = page.locator(f"#earlier-runs > li[data-run-id='{run_id}']")
    expect(current).to_have_attribute("aria-current", "true")
    expect(current.locator("[data-source=ECRIS]")).to_have_text("ECRIS FAILED")

    # Later, the same person picked from a new search: the run is there, and reopens.
    fill_arrival(page, givenNames=record.given_names, familyName=record.family_name,
                 dateOfBirth=record.dates_of_birth[0])
    page.locator(f"#candidates > li[data-person-id='{person_id}'] .select-nominal").click()
    expect(page.locator("#earlier-status")).to_have_text("1 run of checks, newest first.")
    run = page.locator("#earlier-runs > li")
    expect(run).to_have_attribute("data-run-id", run_id)
    expect(run).not_to_have_attribute("aria-current", "true")
    expect(run.locator(".earlier-ago")).to_have_text(re.compile(r"^(just now|\d+ minutes? ago)$"))
    expect(run.locator(".earlier-by")).to_have_text("by test-analyst")
    # Why: the purpose the officer signed in with (tests/browser/conftest.py `sign_in`),
    # stored on the run's checks; this session gave no case reference.
    why = run.locator(".earlier-why")
    expect(why).to_have_text("for: automated browser test")
    expect(why).not_to_have_attribute("title", re.compile(".*"))
    expect(run.locator("[data-source=SIS_II]")).to_have_text("SIS II MATCH")
    expect(run.locator("[data-source=ECRIS]")).to_have_text("ECRIS FAILED")
    expect(run).to_contain_text("the source answered HTTP 503; gave up after 3 attempts")
    expect(page.locator("#checks > li")).to_have_count(0)
    run.get_by_role("link", name="Reopen this run").click()
    expect(page).to_have_url(re.compile(rf"#/custody/run/{run_id}$"))
    expect(page.locator("#checks li[data-kind=foreign_convictions]")).to_have_attribute(
        "data-state", "failed")
    expect(page.locator("#checks li[data-kind=wanted_abroad]", has_text="SIS II")
           ).to_have_attribute("data-state", "match")
    expect(run).to_have_attribute("aria-current", "true")


def test_many_earlier_runs_come_a_page_at_a_time_newest_first(
        page: Page, app_url: str, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    from graph.records import write_records

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    person = seed.SOURCE.person("P-B0RUNS", "Teodor", "Wisniewski",
                                dates_of_birth=["1979-05-06"], nationalities=["PL"])
    # Why the two newest runs were made (a long purpose with a case reference, a short
    # one without; the markup is data, shown as text); the older five stored no purpose.
    long_purpose = ("intelligence development on the Northside supply network after the "
                    "arrest at Brixton custody suite")
    why = {0: {"purpose": long_purpose, "case_reference": "OP-KESTREL/0042"},
           1: {"purpose": "<b>robbery</b> enquiry"}}
    # Seven runs, one a day; ids in the reverse order of the days.
    days_ago = [(now - dt.timedelta(days=n + 1)).isoformat() for n in range(7)]
    checks = [check_connector("SIS_II", "pc-archer", at).row(
                  id=f"CK-B0RUNS-{n}", person_id=person["id"], kind="wanted_abroad",
                  against="SIS_II", checked_by="pc-archer", checked_at=at, result="no_match",
                  run_id=f"RUN-B0RUNS-{9 - n}", attempts=1, **why.get(n, {}))
              for n, at in enumerate(days_ago)]
    write_records(driver, neo4j_connection.database, {"person": [person], "check": checks})
    page.goto(app_url)
    fill_arrival(page, givenNames="Teodor", familyName="Wisniewski", dateOfBirth="1979-05-06")
    page.locator("#candidates > li[data-person-id='P-B0RUNS'] .select-nominal").click()
    status = page.locator("#earlier-status")
    expect(status).to_have_text("The latest 5 of 7 runs of checks, newest first.")
    runs = page.locator("#earlier-runs > li")
    expect(runs).to_have_count(5)
    expect(runs.first.locator(".earlier-ago")).to_have_text("1 day ago")
    newest = runs.first.locator(".earlier-why")
    expect(newest).to_have_text("for: intelligence development on the Northside supply "
                                "network… (case OP-KESTREL/0042)")
    expect(newest).to_have_attribute("title", f"for: {long_purpose} (case OP-KESTREL/0042)")
    expect(runs.nth(1).locator(".earlier-why")).to_have_text("for: <b>robbery</b> enquiry")
    expect(runs.nth(1).locator(".earlier-why b")).to_have_count(0)
    expect(runs.nth(2).locator(".earlier-why")).to_have_text("purpose not recorded")
    runs.first.scroll_into_view_if_needed()
    screenshot(page, "custody-08-earlier-checks-why")
    page.locator("#earlier-more").click()
    expect(status).to_have_text("7 runs of checks, newest first.")
    expect(runs).to_have_count(7)
    expect(page.locator("#earlier-more")).to_be_hidden()
    assert [runs.nth(i).get_attribute("data-run-id") for i in range(7)] == [
        f"RUN-B0RUNS-{9 - n}" for n in range(7)]
    expect(runs.last.locator(".earlier-ago")).to_have_text("7 days ago")


def test_a_new_nominal_already_on_record_is_flagged_as_a_possible_duplicate(
        page: Page, app_url: str, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    # The officer creates a new nominal for someone already recorded (P-B002, born "1989"):
    # the server's duplicate check pairs them and the page says so at once.
    page.goto(app_url)
    fill_arrival(page, givenNames="Tunde", familyName="Adeyemi", dateOfBirth="1989-05-02",
                 nationality="GB")
    expect(page.locator("#candidates-status")).not_to_contain_text("Searching")
    page.locator("#create-nominal").click()
    page.locator("#confirm-nominal").click()
    warning = page.locator("#possible-duplicates")
    expect(warning).to_contain_text("This person may already be recorded")
    listed = warning.locator("li[data-person-id='P-B002']")
    expect(listed).to_contain_text("Tunde Adeyemi")
    expect(listed).to_contain_text(re.compile(r"\d+% · (Strong|Possible) duplicate"))
    expect(warning.locator("a[href='#/duplicates']")).to_be_visible()
    screenshot(page, "custody-possible-duplicate")
    new_id = re.search(r"P-[0-9A-F]{20}", page.locator("#new-nominal").inner_text()).group(0)  # type: ignore[union-attr]
    records, _, _ = driver.execute_query(
        "MATCH (c:DuplicateCandidate) WHERE $id IN c.person_ids AND 'P-B002' IN c.person_ids "
        "RETURN count(c) AS n", {"id": new_id}, database_=neo4j_connection.database)
    assert records[0]["n"] == 1
    # The Duplicates page lists the pair.
    warning.locator("a[href='#/duplicates']").click()
    expect(page.locator("body")).to_contain_text(new_id)
