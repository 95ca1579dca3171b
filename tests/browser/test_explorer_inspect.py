"""Issue 18 in the browser: networks that read (no overlapping nodes, Fit frames the
network, labels by zoom, the depth control, hubs opening at 1 hop) and links that can be
inspected (the edge card from `link(id)`, the node card's path to the centre).

Geometry is read from cytoscape in the page (`controller.geometry()`: node boxes without
labels, counted as overlapping by spread.js's `countOverlaps`); the same counter run on the
network squeezed into a ball proves it sees overlap when there is some."""

from __future__ import annotations

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.browser import seed
from tests.browser.pages import node_point, open_person, screenshot, wait_for_drawn

# At most this share of the drawn nodes may be in an overlapping pair.
OVERLAP_SHARE = 0.01
DERIVED = "AS-CO-P-B001-P-B003"


@pytest.fixture(scope="module", autouse=True)
def co_offenders(seeded: None, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    """Chloe Barnes (P-B003) a suspect in the stabbing Marcus was arrested for: a derived
    co-offender link beside their recorded partner link."""
    write_records(driver, neo4j_connection.database, {"incident_role": [
        seed.SOURCE.row(id="IR-B3", person_id="P-B003", incident_id="IN-B1", role="suspect")]})


def geometry(page: Page) -> dict:
    return page.evaluate("window.nexus.controller.geometry()")


def edge_point(page: Page, edge_id: str) -> tuple[float, float]:
    """A page point on the edge, as far from every node as the edge allows."""
    point = page.evaluate("""(id) => {
      const cy = window.nexus.controller.cy; const edge = cy.getElementById(id);
      const s = edge.source().renderedPosition(); const t = edge.target().renderedPosition();
      const others = cy.nodes().map((n) => n.renderedPosition());
      // The midpoint is on the edge, curved or not; a straight edge offers more points.
      const points = [edge.renderedMidpoint()];
      if (!edge.controlPoints()) {
        for (let k = 2; k <= 8; k += 1) {
          points.push({ x: s.x + (t.x - s.x) * k / 10, y: s.y + (t.y - s.y) * k / 10 });
        }
      }
      let best = null;
      for (const p of points) {
        const clear = Math.min(...others.map((o) => Math.hypot(o.x - p.x, o.y - p.y)));
        if (!best || clear > best.clear) best = { ...p, clear };
      }
      const box = cy.container().getBoundingClientRect();
      return { x: box.left + best.x, y: box.top + best.y, clear: best.clear };
    }""", edge_id)
    assert point["clear"] > 12, f"no point of {edge_id} is clear of nodes: {point}"
    return point["x"], point["y"]


def test_the_network_is_spread_without_overlap_and_fit_frames_it(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    drawn = geometry(page)
    assert drawn["nodes"] == len(seed.expected_ego(2))
    assert drawn["overlaps"] <= OVERLAP_SHARE * drawn["nodes"], drawn
    assert drawn["inView"] == drawn["nodes"], drawn
    # Small on screen: only the centre and the hubs keep their labels.
    assert drawn["zoom"] < 1
    assert seed.CENTRE in drawn["labelledIds"] and "P-B006" in drawn["labelledIds"]
    assert drawn["labelled"] <= 13
    screenshot(page, "inspect-01-spread")

    # Zoomed far in and panned away, Fit brings the whole network back into view.
    page.evaluate("() => { const cy = window.nexus.controller.cy; cy.zoom(3); "
                  "cy.pan({x: -4000, y: -4000}); }")
    assert geometry(page)["inView"] < drawn["nodes"]
    page.locator("#fit-button").click()
    fitted = geometry(page)
    assert fitted["inView"] == fitted["nodes"]
    assert abs(fitted["zoom"] - drawn["zoom"]) < 0.01 * drawn["zoom"]
    # Zoomed in past 1, every label shows.
    page.evaluate("() => window.nexus.controller.cy.zoom({level: 1.5, position: {x: 0, y: 0}})")
    assert geometry(page)["labelled"] == fitted["nodes"]

    # The counter sees a ball for what it is: the same nodes squeezed 20 times.
    page.evaluate("""() => { const cy = window.nexus.controller.cy;
      cy.nodes().positions((n) => ({ x: n.position('x') / 20, y: n.position('y') / 20 })); }""")
    assert geometry(page)["overlaps"] > OVERLAP_SHARE * drawn["nodes"] * 10


def test_a_hub_opens_at_one_hop_and_offers_two(page: Page, app_url: str) -> None:
    open_person(page, app_url, "P-B006")  # 106 links, more than the fan-out cap
    expect(page.locator("#depth-select")).to_have_value("1")
    notice = page.locator("#notice")
    expect(notice).to_contain_text("is a hub")
    expect(notice).to_contain_text("opens at 1 hop")
    one_hop = page.evaluate("window.nexus.controller.nodeCount")
    assert one_hop == seed.FANOUT + 1
    assert geometry(page)["overlaps"] <= OVERLAP_SHARE * one_hop
    screenshot(page, "inspect-02-hub-one-hop")
    page.locator("#show-two-hops").click()
    expect(page.locator("#depth-select")).to_have_value("2")
    wait_for_drawn(page)
    expect(page.locator("#notice")).not_to_contain_text("is a hub")
    assert page.evaluate("window.nexus.controller.nodeCount") > one_hop


def test_the_depth_control_draws_one_two_or_three_hops(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    expect(page.locator("#depth-select")).to_have_value("2")
    ids = lambda: set(page.evaluate("window.nexus.controller.cy.nodes().map((n) => n.id())"))  # noqa: E731
    assert ids() == seed.expected_ego(2)
    for depth in (3, 1):
        page.locator("#depth-select").select_option(str(depth))
        wait_for_drawn(page)
        expect(page.locator("#depth-select")).to_have_value(str(depth))
        page.wait_for_timeout(200)
        assert ids() == seed.expected_ego(depth), depth
        drawn = geometry(page)
        assert drawn["overlaps"] <= OVERLAP_SHARE * drawn["nodes"], (depth, drawn)


def test_clicking_a_link_shows_its_kind_dates_grading_and_source(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    page.mouse.click(*edge_point(page, "e:AS-B01"))
    card = page.locator("#edge-card")
    expect(card).to_be_visible()
    expect(card.locator("h3")).to_have_text("Marcus Adeyemi — Tunde Adeyemi")
    for text in ("family", "brother", "since 1992-03-14 (no end recorded)", "Grading: 1A P",
                 "1: reliable source", "A: known directly to the source",
                 "P: lawful sharing permitted", "test:browser", "PC 4711",
                 "2024-05-01 09:00 UTC", "no: recorded"):
        expect(card).to_contain_text(text)
    screenshot(page, "inspect-03-edge-card")
    card.get_by_role("button", name="Close").click()
    expect(card).to_be_hidden()


def test_a_derived_link_shows_the_shared_incident(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    # Partner and co-offender join the same two people: two curved edges, click the derived one.
    page.evaluate("() => window.nexus.controller.cy.getElementById('e:AS-B02')"
                  ".addClass('filtered')")
    page.mouse.click(*edge_point(page, f"e:{DERIVED}"))
    card = page.locator("#edge-card")
    expect(card.locator("h3")).to_have_text("Marcus Adeyemi — Chloe Barnes")
    for text in ("co-offender", "yes: found by Nexus from shared incidents",
                 "derived:shared-incident", "Not graded: derived from records",
                 "Shared incidents (1)", "IN-B1",
                 "2023-05-01 · stabbing · Brixton custody suite · Marcus Adeyemi: suspect, "
                 "arrested; Chloe Barnes: suspect"):
        expect(card).to_contain_text(text)
    screenshot(page, "inspect-04-derived-link")


def test_the_node_card_says_how_the_node_connects_to_the_centre(page: Page, app_url: str) -> None:
    open_person(page, app_url, seed.CENTRE)
    page.mouse.click(*node_point(page, "P-B011"))
    card = page.locator("#node-card")
    expect(card.locator(".connection-summary")).to_have_text(
        "2 hops from Marcus Adeyemi, via Kyle Morrison (friend).")
    expect(card.locator(".connection-chain")).to_have_text(
        "Marcus Adeyemi → Kyle Morrison (friend) → Tyrone Walker (friend)")
    page.mouse.click(*node_point(page, "P-B007"))
    expect(card.locator(".connection-chain")).to_have_text(
        "Marcus Adeyemi → Coldharbour Crew (member of) → Reece Campbell (has member)")
    page.mouse.click(*node_point(page, "P-B002"))
    expect(card.locator(".connection-summary")).to_have_text(
        "Direct link to Marcus Adeyemi: family.")
