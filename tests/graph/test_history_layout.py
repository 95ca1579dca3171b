"""The printed history by weight (issue 18 point 7): the order of the sections, the
associates summarised with an annex, headings kept with their content, a report's
summary said once, and UK local times, on the hand-built graph of
tests/support/history_graph.py and the real Neo4j; PDFs read with pdftotext."""

from __future__ import annotations

import copy
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from graph.access import FULL
from graph.db.settings import Neo4jConnection
from graph.history import build_history
from graph.history.associates import significance
from graph.history.localtime import uk_day, uk_text, uk_time
from graph.history.model import History
from graph.history.render import BODY_LIMIT, render_html, render_markdown, render_pdf
from tests.support import history_graph as fx
from tests.support.neo4j import wipe_graph

WEIGHT_ORDER = ["identity", "flags", "convictions_home", "convictions_abroad", "warrants",
                "checks", "intelligence", "arrests_charges", "incidents", "memberships",
                "associates", "direct_associations", "harm"]
ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture(scope="module")
def known(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[tuple[Driver, str]]:
    wipe_graph(driver, neo4j_connection.database)
    fx.build(driver, neo4j_connection.database)
    yield driver, neo4j_connection.database


def history(known: tuple[Driver, str]) -> History:
    driver, database = known
    return build_history(driver, database, "P-1", as_of=fx.AS_OF, purpose="test: layout",
                         generated_by="tester", clearance=FULL)


def pages_of(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return text.split("\f")


def with_many_associates(document: History, count: int) -> History:
    """The same document with `count` associates (copies of a real one, distinct ids)."""
    content = copy.deepcopy(document.content)
    section = next(s for s in content["sections"] if s["key"] == "associates")
    model = section["items"][0]
    section["items"] = [{**copy.deepcopy(model), "id": f"P-9{n:03d}",
                         "title": f"Associate number {n} (P-9{n:03d}), 2 hops: gang member"}
                        for n in range(1, count + 1)]
    return History(content=content, meta=dict(document.meta))


def test_sections_go_by_weight(known: tuple[Driver, str]) -> None:
    document = history(known)
    assert [s["key"] for s in document.sections] == WEIGHT_ORDER
    text = " ".join(" ".join(pages_of(render_pdf(document))).split())
    start = text.index("Times are UK local time")  # the note before the parts
    at = [text.index(heading, start) for heading in (
        "Identity (", "High-harm flags (", "Convictions in the United Kingdom (", "Warrants (",
        "Graded intelligence (", "Arrests and charges that did not end in a conviction (",
        "Associations to gang members", "Direct associations (", "Harm assessment —")]
    assert at == sorted(at), at


def test_a_report_says_its_summary_once(known: tuple[Driver, str]) -> None:
    document = history(known)
    for item in document.items("intelligence"):
        summary = dict(map(tuple, item["fields"]))["Summary"]
        assert summary not in item["title"]
        assert item["title"].startswith(f"Intelligence report {item['id']}")
    html = render_html(document)
    assert html.count(fx.KNIFE_TEXT) == 1


def test_long_associate_lists_go_to_an_annex(known: tuple[Driver, str]) -> None:
    document = with_many_associates(history(known), BODY_LIMIT + 7)
    html, markdown = render_html(document), render_markdown(document)
    for text in (html, markdown):
        assert "Annex A — Associations to gang members" in text
        assert f"entries {BODY_LIMIT + 1} to {BODY_LIMIT + 7}" in text
        for n in range(1, BODY_LIMIT + 8):  # every associate is somewhere, once
            assert text.count(f"Associate number {n} (") == 1, n
    text = " ".join(" ".join(pages_of(render_pdf(document))).split())
    body = text.index("Associate number 1 (")
    annex = text.index(f"Associate number {BODY_LIMIT + 1} (")
    assert body < text.index("Harm assessment —") < text.index("Annex A —") < annex
    assert "the other 7 listed are in Annex A" in text
    # a short list has no annex
    assert "Annex A" not in render_html(history(known))


def test_headings_are_never_stranded_at_a_page_end(known: tuple[Driver, str]) -> None:
    document = with_many_associates(history(known), BODY_LIMIT + 7)
    headings = re.compile(r"^\s*(Identity|High-harm flags|Convictions in|Convictions abroad|"
                          r"Warrants|Checks|Graded intelligence|Arrests and charges|Incidents by|"
                          r"Gang and organised|Associations to|Direct associations|Network picture)"
                          r".*\(\d+")
    furniture = re.compile(r"OFFICIAL-SENSITIVE|Page \d+ of \d+|^\s*(SUBJECT|PART [ABC]|Annex)")
    pages = [p for p in pages_of(render_pdf(document)) if p.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        lines = [line for line in page.splitlines() if line.strip() and not furniture.search(line)]
        for i, line in enumerate(lines):
            if headings.match(line):
                # the heading, its note and at least one line of content follow on this page
                assert len(lines) - i >= 3, (number, line)


def test_times_are_uk_local_with_the_zone(known: tuple[Driver, str]) -> None:
    document = history(known)
    text = " ".join(pages_of(render_pdf(document)))
    assert not ISO_INSTANT.search(text), ISO_INSTANT.search(text)
    assert re.search(r"\d{2} \w{3} \d{4} \d{2}:\d{2} (GMT|BST)", text)
    assert not ISO_INSTANT.search(render_markdown(document))
    # the saved content keeps UTC instants: the hash does not depend on the rendering
    assert ISO_INSTANT.search(document.meta["generated_at"])


def test_uk_local_time() -> None:
    assert uk_time("2024-06-01T09:30:00Z") == "01 Jun 2024 10:30 BST"
    assert uk_time("2024-01-15T09:30:00Z") == "15 Jan 2024 09:30 GMT"
    assert uk_time("2024-10-27T00:30:00Z") == "27 Oct 2024 01:30 BST"  # before the change
    assert uk_time("2024-10-27T01:30:00Z") == "27 Oct 2024 01:30 GMT"  # after it
    assert uk_time("2024-06-01") == "2024-06-01"
    assert uk_day("2024-06-30T23:30:00Z") == "2024-07-01"
    assert uk_text("since 2024-06-01T09:30:00Z, until 2024-07-01") == \
        "since 01 Jun 2024 10:30 BST, until 2024-07-01"


def _entry(pid: str, hops: int = 1, **reasons: list[Any]) -> dict[str, Any]:
    return {"person": {"id": pid}, "hops": hops, "links": [{"source_evaluation": "2"}],
            **{k: reasons.get(k, []) for k in ("flagged", "convicted", "gangs", "arrested")}}


def test_associates_are_ranked_by_significance() -> None:
    found = [_entry("P-a", 1, arrested=[{}]), _entry("P-b", 2, flagged=[{}]),
             _entry("P-c", 1, gangs=[{}]), _entry("P-d", 2, convicted=[{}, {}]),
             _entry("P-e", 1, convicted=[{}])]
    assert [e["person"]["id"] for e in sorted(found, key=significance)] == \
        ["P-b", "P-d", "P-e", "P-c", "P-a"]


def test_the_html_the_preview_frames_escapes_what_records_say(known: tuple[Driver, str]) -> None:
    """The web shows History.html in a sandboxed frame; the server's rendering escapes
    record text itself (Jinja autoescape, the picture's SVG) and links its stylesheet."""
    document = history(known)
    hostile = '<img src=x onerror="alert(1)">'
    content = copy.deepcopy(document.content)
    content["subject"]["full_name"] = hostile
    content["sections"][0]["items"][0]["title"] = hostile
    content["network"]["nodes"][0]["label"] = hostile
    html = render_html(History(content=content, meta=dict(document.meta)),
                       "/history/assets/history.css")
    assert hostile not in html and "&lt;img src=x" in html
    assert "<script" not in html and "<style" not in html and " style=" not in html
    assert '<link rel="stylesheet" href="/history/assets/history.css">' in html
