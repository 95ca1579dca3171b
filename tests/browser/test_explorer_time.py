"""Issue 18, time, in real Chromium against the live API and the real Neo4j: the time slider
shows only the links in force in a month (checked against the seed's own rows), Play steps
month by month, the person's timeline on a time axis (one mark per record, named for a
screen reader, a click highlights the row; an officer gets no mark for a handling-code C
report) and the canvas's List view lists what is drawn.

Over the browser seed this module adds, for Marcus Adeyemi (P-B001): a charge, two
intelligence reports (one P, one C), a check, and an incident he was the victim of and did
not cooperate over; with the seed's arrest, conviction, incident and flag that is one
record of every kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import open_person, screenshot, sign_in
from tests.support.factories import grading

pytestmark = pytest.mark.slow

CENTRE = seed.CENTRE
C_REPORT = "IT-TC1"
SHOTS = Path("/tmp/time-shots")


@pytest.fixture(scope="module", autouse=True)
def records(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    row = seed.SOURCE.row
    write_records(driver, neo4j_connection.database, {
        "incident": [row(id="IN-T2", occurred_at="2020-02-14T23:00:00Z", type="assault",
                         description="Assault in a stairwell", location_id="L-B1")],
        "incident_role": [row(id="IR-T2", person_id=CENTRE, incident_id="IN-T2", role="victim",
                              cooperated=False)],
        "charge": [row(id="CH-T1", person_id=CENTRE, arrest_id="AR-B1", offence_ids=["008/01"],
                       charged_at="2023-05-03T10:00:00Z", status="pending")],
        "intelligence_report": [
            row(id="IT-TP1", reported_at="2022-11-05T10:00:00Z",
                summary="Seen with Kyle Morrison at Coldharbour Lane", review_date_basis="review",
                    review_date="2030-01-01",
                mentions_person_ids=[CENTRE], **grading("2B")),
            row(id=C_REPORT, reported_at="2024-03-05T10:00:00Z", summary="Covert source report",
                review_date_basis="review", review_date="2030-01-01", mentions_person_ids=[CENTRE],
                **grading("2C", "C", handling_conditions="Police only")),
        ],
        "check": [row(id="CK-T1", person_id=CENTRE, kind="wanted_abroad", against="SIS_II",
                      checked_by="DC 9", checked_at="2024-05-01T03:00:00Z", result="no_match")],
    })


def _shot(page: Page, name: str) -> None:
    path = screenshot(page, f"time-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"{name}.png").write_bytes(path.read_bytes())


def _month(date: str | None) -> str | None:
    return date[:7] if date else None


def _expected_at(month: str) -> tuple[set[str], set[str], int, int]:
    """From the seed rows alone: the links drawn at 2 hops in force in `month`, the nodes
    they join (and the centre), how many links are drawn in all, and how many of those in
    force have no start date."""
    ego = seed.expected_ego(2)
    rows = [(a["id"], a["person_id"], a["other_person_id"], a.get("since"), a.get("until"))
            for a in seed.ASSOCIATIONS]
    rows += [(m["id"], m["person_id"], m["organisation_id"], m.get("since"), m.get("until"))
             for m in seed.MEMBERSHIPS]
    drawn = [r for r in rows if r[1] in ego and r[2] in ego]
    in_force = [r for r in drawn
                if (not r[3] or r[3][:7] <= month) and (not r[4] or r[4][:7] >= month)]
    nodes = {CENTRE} | {r[1] for r in in_force} | {r[2] for r in in_force}
    undated = sum(1 for r in in_force if not r[3])
    return {f"e:{r[0]}" for r in in_force}, nodes, len(drawn), undated


def _shown(page: Page) -> tuple[set[str], set[str]]:
    shown = page.evaluate("""() => { const cy = window.nexus.controller.cy;
      const on = cy.elements().not('.filtered').not('.off-date');
      return [on.edges().map((e) => e.id()), on.nodes().map((n) => n.id())]; }""")
    return set(shown[0]), set(shown[1])


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def month_words(month: str) -> str:
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def _slide_to(page: Page, month: str) -> None:
    first = page.locator("#time-slider").get_attribute("min")
    assert first == "0"
    start = page.evaluate("() => document.getElementById('time-month').dataset.first")
    y0, m0 = map(int, start.split("-"))
    y, m = map(int, month.split("-"))
    page.locator("#time-slider").fill(str((y - y0) * 12 + m - m0))


def test_the_slider_shows_only_the_links_in_force_that_month(page: Page, app_url: str) -> None:
    open_person(page, app_url, CENTRE)
    bar = page.locator("#timebar")
    expect(bar).to_be_visible()
    _, _, total, _ = _expected_at("2000-01")
    expect(page.locator("#time-readout")).to_have_text(
        f"All {total} links shown, whatever their dates.")
    everything = _shown(page)
    assert len(everything[0]) == total
    # The span starts at the earliest date drawn: Tunde's family link, 1992-03.
    assert page.evaluate("() => document.getElementById('time-month').dataset.first") == "1992-03"

    for month in ("1992-03", "2016-06", "2019-06", "2023-08", "2023-09"):
        edges, nodes, _, undated = _expected_at(month)
        _slide_to(page, month)
        expect(page.locator("#time-month")).to_have_text(month)
        expect(page.locator("#time-readout")).to_have_text(
            f"Links in force on {month}: {len(edges)} of {total}"
            f" ({undated} with no start date, counted as in force)")
        assert _shown(page) == (edges, nodes), month
        expect(page.locator("#time-slider")).to_have_attribute("aria-valuetext", month_words(month))
    # Dimitri Volkov's phone contact ended 2023-08-31.
    assert "e:AS-B04" in _expected_at("2023-08")[0] and "e:AS-B04" not in _expected_at("2023-09")[0]
    # 2016-06: the partner (2019), phone (2022), social media (2021) links and Marcus's own
    # membership (2018) are not in force yet; Chloe Barnes is joined by nothing else.
    _slide_to(page, "2016-06")
    edges, nodes, _, _ = _expected_at("2016-06")
    assert {"e:AS-B02", "e:AS-B04", "e:AS-B05", "e:ME-B1"}.isdisjoint(edges)
    assert "P-B003" not in nodes and CENTRE in nodes
    assert len(edges) < total
    _shot(page, "slider-mid-way")

    page.locator("#time-all").click()
    expect(page.locator("#time-all")).to_have_attribute("aria-pressed", "true")
    assert _shown(page) == everything


def test_play_steps_month_by_month_and_pause_stops(page: Page, app_url: str) -> None:
    open_person(page, app_url, CENTRE)
    _slide_to(page, "2023-06")
    play = page.locator("#time-play")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    expect(play).to_have_text("Pause")
    expect(page.locator("#time-month")).to_have_text("2023-07", timeout=3000)
    expect(page.locator("#time-month")).to_have_text("2023-08", timeout=3000)
    expect(page.locator("#time-month")).to_have_text("2023-09", timeout=3000)
    play.click()
    expect(play).to_have_text("Play")
    stopped = page.locator("#time-month").inner_text()
    page.wait_for_timeout(1600)
    expect(page.locator("#time-month")).to_have_text(stopped)
    edges, nodes, _, _ = _expected_at(stopped)
    assert _shown(page) == (edges, nodes)


def _marks(page: Page) -> list[dict[str, str]]:
    return page.locator("#timeline-axis .mark").evaluate_all(
        "els => els.map((e) => ({id: e.dataset.id, kind: e.dataset.kind, "
        "name: e.getAttribute('aria-label'), role: e.getAttribute('role'), "
        "tab: e.getAttribute('tabindex')}))")


def test_the_timeline_axis_has_a_named_mark_per_record(page: Page, app_url: str) -> None:
    open_person(page, app_url, CENTRE)
    rows = page.locator("#timeline li[data-id]")
    expect(rows).to_have_count(9)  # arrest, charge, conviction, 2 incidents, flag, 2 reports, check
    marks = _marks(page)
    listed = rows.evaluate_all("els => els.map((e) => e.dataset.kind + ':' + e.dataset.id)")
    assert sorted(f"{m['kind']}:{m['id']}" for m in marks) == sorted(listed)
    assert {m["kind"] for m in marks} == {"arrest", "charge", "conviction", "incident", "flag",
                                         "intelligence", "check"}
    assert all(m["role"] == "button" and m["name"] for m in marks)
    assert [m["tab"] for m in marks].count("0") == 1  # one tab stop, arrows inside
    victim = next(m for m in marks if m["id"] == "IN-T2")
    assert victim["name"] == ("Incident, 2020-02-14: Assault · as victim · did not cooperate "
                              "with police · Brixton custody suite")
    assert next(m for m in marks if m["id"] == "AR-B1")["name"].startswith(
        "Arrest, 2023-05-02: Inflicting GBH without intent · Charged")
    # Marks run left to right in time.
    xs = page.locator("#timeline-axis .mark").evaluate_all(
        "els => els.map((e) => [e.dataset.id, Number(e.getAttribute('cx'))])")
    by_id = dict(xs)
    assert by_id["CV-B1"] < by_id["IN-T2"] < by_id["IT-TP1"] < by_id["AR-B1"] < by_id["CK-T1"]

    # A click shows the record in the list.
    page.locator('#timeline-axis .mark[data-id="IN-T2"]').click()
    row = page.locator('#timeline li[data-id="IN-T2"]')
    expect(row).to_have_attribute("aria-current", "true")
    expect(page.locator("#timeline li[aria-current]")).to_have_count(1)
    # The keyboard: arrows move along the axis, Enter shows the record.
    mark = page.locator('#timeline-axis .mark[data-id="IN-T2"]')
    expect(mark).to_be_focused()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("() => document.activeElement.dataset.id")
    assert focused == "IT-TP1"
    page.keyboard.press("Enter")
    expect(page.locator('#timeline li[data-id="IT-TP1"]')).to_have_attribute("aria-current", "true")
    expect(row).not_to_have_attribute("aria-current", "true")
    page.keyboard.press("End")  # the newest: the check of 2024-05-01
    assert page.evaluate("() => document.activeElement.dataset.id") == "CK-T1"
    _shot(page, "timeline-axis")


def test_an_officer_gets_no_mark_for_a_handling_code_c_report(anonymous_page: Page,
                                                               app_url: str) -> None:
    sign_in(anonymous_page, app_url, "officer")
    page = anonymous_page
    page.page_errors[:] = [e for e in page.page_errors  # type: ignore[attr-defined]
                           if "401 (Unauthorized)" not in e]
    open_person(page, app_url, CENTRE)
    expect(page.locator("#timeline li[data-id]")).to_have_count(8)
    ids = {m["id"] for m in _marks(page)}
    assert "IT-TP1" in ids and C_REPORT not in ids
    assert C_REPORT not in page.content()


def test_the_list_view_lists_what_is_drawn(page: Page, app_url: str) -> None:
    open_person(page, app_url, CENTRE)
    expect(page.locator("#text-view")).to_be_hidden()
    drawn = _shown(page)
    expect(page.locator("#canvas-summary")).to_contain_text(
        f"{len(drawn[0])} links drawn")
    page.locator("#text-view-toggle").click()
    expect(page.locator("#text-view-toggle")).to_have_attribute("aria-pressed", "true")
    people = page.locator("#text-view-people tbody tr")
    expect(people).to_have_count(len(drawn[1]))
    assert set(people.evaluate_all("els => els.map((e) => e.dataset.id)")) == drawn[1]
    first = people.first
    expect(first.locator("th")).to_have_text("Marcus Adeyemi")
    expect(first).to_contain_text("centre")
    tunde = page.locator('#text-view-people tr[data-id="P-B002"]')
    expect(tunde.locator("td").nth(2)).to_have_text("1")
    aisha = page.locator('#text-view-people tr[data-id="P-B008"]')
    expect(aisha.locator("td").nth(2)).to_have_text("2")
    links = page.locator("#text-view-links tbody tr")
    expect(links).to_have_count(len(drawn[0]))
    family = page.locator('#text-view-links tr[data-id="AS-B01"]')
    for text in ("Marcus Adeyemi", "Tunde Adeyemi", "family", "since 1992-03-14", "1A P"):
        expect(family).to_contain_text(text)
    _shot(page, "text-view")
    # It follows the canvas: the slider at 2016-06 leaves Chloe Barnes out.
    _slide_to(page, "2016-06")
    edges, nodes, _, _ = _expected_at("2016-06")
    expect(people).to_have_count(len(nodes))
    expect(links).to_have_count(len(edges))
    expect(page.locator('#text-view-people tr[data-id="P-B003"]')).to_have_count(0)
