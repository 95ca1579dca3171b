"""Issue 18 in real Chromium against the live API and the real Neo4j: the profile of records,
search by identifier / date of birth / nationality with paging, and the roles' views.

Over the browser seed this module adds, for Marcus Adeyemi (P-B001): twelve intelligence
reports graded P (one with a review date long past) and one graded C carrying a marker
that an officer must never receive, and an arrest that ended in no further action. The
seed's high-harm flag (FL-B1) has a review date in the past (2025-01-02).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Browser, Page, expect

from api.permissions import ROLE_PERMISSIONS, Permission
from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import screenshot, sign_in
from tests.support.factories import grading
from tests.support.users import ROLES

pytestmark = pytest.mark.slow

CENTRE = seed.CENTRE
C_MARKER = "ZEBRA-CONDITIONAL-7731"
C_REPORT = "IT-PRC1"
P_REPORTS = [f"IT-PR{n:02d}" for n in range(1, 13)]
SHOTS = Path("/tmp/profile-shots")


@pytest.fixture(scope="module", autouse=True)
def profile_records(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    row = seed.SOURCE.row
    reports = [row(id=rid, reported_at=f"2024-{n:02d}-10T10:00:00Z",
                   summary=f"Report {n:02d}: seen with associates at Coldharbour Lane",
 review_date_basis="review",
                       review_date="2030-01-01", mentions_person_ids=[CENTRE],
                   **grading("1A" if n % 2 else "2B"))
               for n, rid in enumerate(P_REPORTS, start=1)]
    reports[0]["review_date"] = "2020-06-01"  # the oldest report is long past review
    reports.append(row(id=C_REPORT, reported_at="2024-12-20T10:00:00Z",
                       summary=f"Covert source: {C_MARKER}", review_date_basis="review",
                           review_date="2030-01-01",
                       mentions_person_ids=[CENTRE],
                       **grading("2C", "C", handling_conditions="Police only, no onward sharing")))
    write_records(driver, neo4j_connection.database, {
        "intelligence_report": reports,
        "arrest": [row(id="AR-PNFA", person_id=CENTRE, offence_ids=["092/01"],
                       arrested_at="2024-11-02T01:00:00Z", arresting_officer="PC 9",
                       outcome="nfa", custody_suite_id="L-B1")],
    })


def _shot(page: Page, name: str) -> None:
    path = screenshot(page, f"issue18-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"test-{name}.png").write_bytes(path.read_bytes())


def _signed_in(anonymous_page: Page, app_url: str, role: str) -> Page:
    sign_in(anonymous_page, app_url, role)
    errors = anonymous_page.page_errors  # type: ignore[attr-defined]
    errors[:] = [e for e in errors if "401 (Unauthorized)" not in e]
    return anonymous_page


def _records(page: Page, app_url: str, person_id: str = CENTRE) -> None:
    page.goto(f"{app_url}/#/person/{person_id}/records")
    expect(page.locator("#records-title")).to_be_visible(timeout=15000)


# --- the profile of records ------------------------------------------------------------


def test_the_records_list_intelligence_in_words_and_page_through_it(page: Page,
                                                                      app_url: str) -> None:
    _records(page, app_url)
    intel = page.locator("#records-intelligence")
    expect(intel.locator(".page-text")).to_have_text("1–10 of 13")
    expect(intel.locator("li.record")).to_have_count(10)
    newest = intel.locator(f'li.record[data-id="{C_REPORT}"]')  # an analyst receives C
    expect(newest).to_contain_text("Untested source · known indirectly · share only under "
                                   "the stated conditions")
    expect(newest).to_contain_text("Handling conditions: Police only, no onward sharing")
    expect(newest).to_contain_text(C_MARKER)
    expect(intel.locator('li.record[data-id="IT-PR11"]')).to_contain_text(
        "Reliable source · known directly · lawful sharing permitted")
    _shot(page, "records-analyst")
    intel.locator(".page-next").click()
    expect(intel.locator(".page-text")).to_have_text("11–13 of 13")
    assert intel.locator("li.record").evaluate_all("els => els.map(e => e.dataset.id)") == [
        "IT-PR03", "IT-PR02", "IT-PR01"]
    oldest = intel.locator('li.record[data-id="IT-PR01"]')
    expect(oldest.locator(".overdue")).to_have_text(
        re.compile(r"^⚠ Review overdue since 2020-06-01 \(\d+ years\)$"))
    expect(intel.locator(".page-next")).to_be_disabled()
    intel.locator(".page-prev").click()
    expect(intel.locator(".page-text")).to_have_text("1–10 of 13")


def test_the_records_show_associates_memberships_outcomes_and_overdue_flags(
        page: Page, app_url: str) -> None:
    _records(page, app_url)
    associates = page.locator("#records-associates")
    expect(associates.locator(".page-text")).to_have_text("1–5 of 5")
    phone = associates.locator('li.record[data-id="AS-B04"]')
    expect(phone).to_contain_text("Phone contact")
    expect(phone).to_contain_text("In force: 2022-02-01 to 2023-08-31")
    expect(phone).to_contain_text("2B P")
    expect(phone).to_contain_text("Untested source · known indirectly, corroborated")
    expect(associates.locator('li.record[data-id="AS-B02"]')).to_contain_text("Not graded")
    expect(associates.locator('li.record[data-id="AS-B01"]')).to_contain_text(
        "In force: since 1992-03-14 · brother")
    member = page.locator('#records-memberships li.record[data-id="ME-B1"]')
    expect(member).to_contain_text("Coldharbour Crew")
    expect(member).to_contain_text("In force: since 2018-01-01")
    arrests = page.locator("#records-arrests")
    expect(arrests.locator('li.record[data-id="AR-PNFA"] .outcome')).to_have_text(
        "No further action")
    expect(arrests.locator('li.record[data-id="AR-B1"] .outcome')).to_have_text("Charged")
    assert not re.search(r"\bnfa\b", page.locator("#records-view").inner_text(), re.I)
    incident = page.locator('#records-incidents li.record[data-incident-id="IN-B1"]')
    expect(incident).to_contain_text("Suspect")
    expect(incident).to_contain_text("stabbing")
    expect(page.locator("#records-charges")).to_contain_text("No charges recorded.")
    flag = page.locator('#records-flags li.record[data-id="FL-B1"]')
    expect(flag.locator(".overdue")).to_have_text(
        re.compile(r"^⚠ Review overdue since 2025-01-02 \("))
    expect(page.locator(".overdue.banner")).to_contain_text("A flag is past its review date")
    expect(page.locator("#withheld-note")).to_have_count(0)  # an analyst receives C
    # An associate opens their own records; the way back goes to the network.
    associates.locator('li.record[data-id="AS-B01"] a').click()
    expect(page).to_have_url(re.compile(r"#/person/P-B002/records$"))
    expect(page.locator("#records-title")).to_have_text("Tunde Adeyemi")
    page.locator("#records-network-link").click()
    expect(page).to_have_url(re.compile(r"#/person/P-B002$"))


def test_the_sidebar_opens_the_records_and_words_outcomes(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/#/person/{CENTRE}")
    expect(page.locator("#profile .person-name")).to_have_text("Marcus Adeyemi")
    timeline = page.locator('#timeline li[data-id="AR-PNFA"]')
    expect(timeline).to_contain_text("No further action")
    expect(page.locator("#profile .flags .overdue")).to_contain_text(
        "Review overdue since 2025-01-02")
    page.locator("#profile [data-count=intelligence]").click()
    expect(page).to_have_url(re.compile(r"#/person/P-B001/records$"))
    expect(page.locator("#nav-explorer")).to_have_attribute("aria-current", "page")


def test_an_officer_gets_the_note_and_no_handling_code_c(anonymous_page: Page,
                                                         app_url: str) -> None:
    page = _signed_in(anonymous_page, app_url, "officer")
    _records(page, app_url)
    intel = page.locator("#records-intelligence")
    expect(intel.locator(".page-text")).to_have_text("1–10 of 12")
    note = page.locator("#withheld-note")
    expect(note).to_be_visible()
    note_text = note.inner_text()
    assert "handling code C" in note_text and not re.search(r"\d", note_text)
    _shot(page, "records-officer")
    intel.locator(".page-next").click()
    expect(intel.locator(".page-text")).to_have_text("11–12 of 12")
    html = page.content()
    assert C_MARKER not in html and C_REPORT not in html and "Police only" not in html
    # The note reads the same on a record that holds no C material at all: it says
    # nothing about this record.
    _records(page, app_url, seed.LONER)
    expect(page.locator("#withheld-note")).to_have_text(note_text)
    page.goto(f"{app_url}/#/person/{CENTRE}")
    expect(page.locator("#profile-withheld-note")).to_have_text(note_text)
    expect(page.locator("#profile [data-count=intelligence] b")).to_have_text("12")


# --- search ----------------------------------------------------------------------------


def _search(page: Page, text: str) -> None:
    """Type a search and wait for its answer (the status is blanked first, so the last
    search's status cannot pass for this one's)."""
    page.evaluate("document.getElementById('search-status').textContent = ''")
    search = page.locator("#search-input")
    search.fill(text)
    expect(page.locator("#search-status")).not_to_have_text(re.compile("Searching|^$"))


def test_search_puts_exact_identifiers_and_dates_of_birth_first(page: Page,
                                                                app_url: str) -> None:
    page.goto(app_url)
    options = page.locator("#search-results [role=option]")
    for typed, matched in [("2012/0456789K", "Exact PNC ID match"), ("P-B001", "Exact id match"),
                           ("p-b001", "Exact id match")]:
        _search(page, typed)
        expect(options.first).to_have_attribute("data-id", CENTRE)
        expect(options.first.locator(".chip.exact")).to_have_text(matched)
    _search(page, "14/03/1992")
    expect(options.first).to_have_attribute("data-id", CENTRE)
    expect(options.first).to_have_attribute("data-matched", "date_of_birth")
    _search(page, "P-B020")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("data-id", seed.LONER)
    page.locator("#search-input").press("Enter")
    expect(page).to_have_url(re.compile(r"#/person/P-B020$"))


def test_search_filters_by_nationality_name_or_code_date_and_flag(page: Page,
                                                                  app_url: str) -> None:
    page.goto(app_url)
    options = page.locator("#search-results [role=option]")
    page.locator("#search-filters-toggle").click()
    expect(page.locator("#search-filters")).to_be_visible()
    _search(page, "Adeyemi")
    expect(options).to_have_count(2)  # Marcus and Tunde
    page.locator("#search-nationality").fill("Nigeria")  # Marcus holds GB and NG
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("data-id", CENTRE)
    expect(page.locator("#search-filter-count")).to_have_text("1")
    page.locator("#search-nationality").fill("ng")
    expect(options).to_have_count(1)
    page.locator("#search-nationality").fill("Lithuania")
    expect(page.locator("#search-results .none")).to_contain_text("with these filters")
    page.locator("#search-nationality").fill("")
    page.locator("#search-dob").fill("1989")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("data-id", "P-B002")
    page.locator("#search-dob").fill("")
    page.locator("#search-flagged").check()
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("data-id", CENTRE)
    page.locator("#search-dob").fill("14/13/1992")
    expect(page.locator("#search-filter-error")).to_contain_text("DD/MM/YYYY")
    _shot(page, "search-filters")


def test_search_pages_through_every_hit(page: Page, app_url: str) -> None:
    page.goto(app_url)
    _search(page, "Spoke Follower")
    status = page.locator("#search-status")
    expect(status).to_have_text(f"10 of {seed.HUB_SIZE} shown")
    more = page.locator("#search-more")
    expect(more).to_have_text(f"Show 10 more (11–20 of {seed.HUB_SIZE})")
    more.dispatch_event("mousedown")
    expect(status).to_have_text(f"20 of {seed.HUB_SIZE} shown")
    search = page.locator("#search-input")
    options = page.locator("#search-results [role=option]")
    while more.count():  # the keyboard reaches the rest: down to "Show more", Enter
        for _ in range(options.count() + 1):
            if more.get_attribute("aria-selected") == "true":
                break
            search.press("ArrowDown")
        expect(more).to_have_attribute("aria-selected", "true")
        shown = page.locator("#search-results [data-index]").count()
        search.press("Enter")
        expect(page.locator("#search-results [data-index]")).to_have_count(
            min(shown + 10, seed.HUB_SIZE))
        expect(page.locator(f'#search-results [data-index="{shown}"]')).to_have_attribute(
            "aria-selected", "true")
    expect(status).to_have_text(f"{seed.HUB_SIZE} matches")
    ids = page.locator("#search-results [data-index]").evaluate_all(
        "els => els.map(e => e.dataset.id)")
    assert sorted(ids) == [f"P-S{n:03d}" for n in range(1, seed.HUB_SIZE + 1)]


# --- roles, shortcuts, narrow screens --------------------------------------------------

READERS = {role for role, held in ROLE_PERMISSIONS.items() if Permission.READ_PERSONS in held}
INVESTIGATION = ["explorer", "custody", "screening", "duplicates", "reviews", "topharm",
                 "safeguarding", "alerts", "investigations"]
# The nav of each role, in order; the auditor lands on the audit log, the others on the first.
NAV: dict[str, list[str]] = {
    "officer": INVESTIGATION, "analyst": INVESTIGATION,
    "supervisor": [*INVESTIGATION, "accountability"],
    "auditor": ["accountability", "audit"], "admin": ["access"],
}


def _views_of(role: str) -> list[str]:
    return NAV[role]


def _visible_nav(page: Page) -> list[str]:
    return page.locator(".views-nav a:visible").evaluate_all(
        "els => els.map(e => e.id.replace('nav-', ''))")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_only_its_views_and_each_opens_cleanly(anonymous_page: Page,
                                                               app_url: str, role: str) -> None:
    page = _signed_in(anonymous_page, app_url, role)
    expected = _views_of(role)
    expect(page.locator(".views-nav a:visible")).to_have_count(len(expected))
    assert _visible_nav(page) == expected
    start = "audit" if role == "auditor" else expected[0]
    expect(page.locator(f"#nav-{start}")).to_have_attribute("aria-current", "page")
    if role in READERS:
        expect(page.locator("#search")).to_be_visible()
    else:
        expect(page.locator("#search")).to_be_hidden()
        _shot(page, f"start-{role}")
    for view in expected:
        page.locator(f"#nav-{view}").click()
        expect(page.locator(f"#nav-{view}")).to_have_attribute("aria-current", "page")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        text = page.locator("body").inner_text()
        assert "your role may not" not in text.lower(), (role, view)
    if role in READERS:
        page.goto(f"{app_url}/#/person/{CENTRE}/records")
        expect(page.locator("#records-title")).to_be_visible()
    else:  # a deep link to a view the role may not use brings the start view, no error
        page.goto(f"{app_url}/#/person/{CENTRE}")
        expect(page).to_have_url(re.compile(f"#/{start}$"))
        if start == "access":
            expect(page.locator("#access-refused")).to_contain_text("Explorer is not one of")
        page.goto(f"{app_url}/#/reviews")
        expect(page).to_have_url(re.compile(f"#/{start}$"))
    page.wait_for_load_state("networkidle")
    assert "your role may not" not in page.locator("body").inner_text().lower()
    # (the page fixture fails the test on any pageerror or console error)


def test_the_auditor_can_check_the_audit_chain(anonymous_page: Page, app_url: str) -> None:
    page = _signed_in(anonymous_page, app_url, "auditor")
    expect(page.locator("#audit-title")).to_be_visible()  # the auditor's start view
    page.locator("#account-name").click()
    expect(page.locator("#access-title")).to_be_visible()
    expect(page.locator("#access-audit-link")).to_have_attribute("href", "#/audit")
    expect(page.locator("#access-permissions")).to_contain_text("Read the whole audit log")
    page.locator("#audit-integrity").click()
    expect(page.locator("#audit-integrity-status")).to_have_text(
        re.compile(r"^The chain is intact: \d+ entries, each hash checked\.$"))


def test_keyboard_shortcuts_focus_the_search_and_open_the_help(page: Page,
                                                               app_url: str) -> None:
    page.goto(f"{app_url}/#/reviews")
    expect(page.locator("#reviews-title")).to_be_visible()
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    expect(page.locator("#search-input")).to_be_focused()
    page.keyboard.type("?x")  # typed into the field, not a shortcut
    expect(page.locator("#search-input")).to_have_value("?x")
    expect(page.locator("#help-dialog")).not_to_be_visible()
    page.locator("#search-input").press("Escape")
    page.locator("#search-input").press("Escape")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("?")
    expect(page.locator("#help-dialog")).to_be_visible()
    expect(page.locator("#help-dialog")).to_contain_text("Search people")
    page.keyboard.press("Escape")
    expect(page.locator("#help-dialog")).not_to_be_visible()
    page.locator("#help-button").click()
    expect(page.locator("#help-dialog")).to_be_visible()
    page.locator("#help-close").click()
    expect(page.locator("#help-dialog")).not_to_be_visible()


def _no_sideways_scroll(page: Page, root: str) -> None:
    widths = page.evaluate("""(root) => {
      const view = document.querySelector(root);
      return { doc: document.documentElement.scrollWidth, win: window.innerWidth,
               view: view.scrollWidth, viewClient: view.clientWidth };
    }""", root)
    assert widths["doc"] <= widths["win"], widths
    assert widths["view"] <= widths["viewClient"] + 1, (root, widths)


def test_the_main_views_fit_390_pixels(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_in(page, app_url, "supervisor")
        for hash_, root in [(f"#/person/{CENTRE}", ".layout"),
                            (f"#/person/{CENTRE}/records", "#records-view"),
                            ("#/custody", "#custody-view"), ("#/screening", "#screening-view"),
                            ("#/duplicates", "#duplicates-view"), ("#/reviews", "#reviews-view"),
                            ("#/access", "#access-view")]:
            page.goto(f"{app_url}/{hash_}")
            expect(page.locator(root)).to_be_visible()
            page.wait_for_load_state("networkidle")
            _no_sideways_scroll(page, root)
            if root == "#records-view":
                expect(page.locator("#records-title")).to_be_visible()
                _shot(page, "records-390")
        assert not errors, errors
    finally:
        context.close()
