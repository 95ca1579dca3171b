"""Intelligence histories on a hand-built graph with known content
(tests/support/history_graph.py): sections, as-at dates, the harm working, hashes, saved
versions, disclosure, renderings, and access over the CLI, HTTP and GraphQL, all against
the real Neo4j."""

from __future__ import annotations

import json
import logging
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.access import FULL, P_ONLY
from graph.db.settings import Neo4jConnection
from graph.errors import NotFound, ValidationError
from graph.history import (
    build_history,
    compare_versions,
    generate,
    list_versions,
    load_version,
    service,
)
from graph.history.model import History, canonical_json, content_hash
from graph.history.render import render_html, render_markdown, render_pdf
from tests.support import history_graph as fx
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers

TODAY = datetime.now(UTC).date()
SECTION_HEADINGS = (
    "Identity", "High-harm flags", "Convictions in the United Kingdom", "Convictions abroad",
    "Arrests and charges that did not end in a conviction", "Incidents by role",
    "Gang and organised crime group membership",
    "Associations to gang members and violent or high-harm offenders", "Network picture",
    "Direct associations", "Graded intelligence", "Checks", "Warrants", "Harm assessment",
)


@pytest.fixture(scope="module")
def known(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[tuple[Driver, str]]:
    wipe_graph(driver, neo4j_connection.database)
    fx.build(driver, neo4j_connection.database)
    yield driver, neo4j_connection.database


def history(known: tuple[Driver, str], as_of: Any = fx.AS_OF, **options: Any) -> History:
    driver, database = known
    options.setdefault("clearance", FULL)
    return build_history(driver, database, "P-1", as_of=as_of, purpose="test: bail hearing",
                         generated_by="tester", **options)


def ids(document: History, key: str) -> list[str]:
    return [item["id"] for item in document.items(key)]


def fields(item: dict[str, Any]) -> dict[str, str]:
    return dict(map(tuple, item["fields"]))


# --- sections --------------------------------------------------------------------------

def test_each_section_holds_exactly_the_expected_items(known: tuple[Driver, str]) -> None:
    document = history(known)
    assert ids(document, "identity") == ["P-1"]
    assert ids(document, "flags") == ["FL-1"]
    assert ids(document, "convictions_home") == ["CV-1"]
    assert ids(document, "convictions_abroad") == ["CV-2"]
    assert ids(document, "arrests_charges") == ["CH-3", "AR-1"]
    assert ids(document, "incidents") == ["IR-1", "IR-3"]
    assert ids(document, "memberships") == []
    # by significance: flagged P-4, convicted P-3, gang P-5, then P-10 arrested only
    assert ids(document, "associates") == ["P-4", "P-3", "P-5", "P-10"]
    assert sorted(ids(document, "direct_associations")) == ["AS-1", "AS-3", "AS-6", "AS-8"]
    assert ids(document, "intelligence") == ["IT-1", "IT-2"]
    assert ids(document, "checks") == ["CK-1"]
    assert ids(document, "warrants") == ["WA-1"]
    assert ids(document, "harm") == ["CV-1", "CV-2"]


def test_nothing_belonging_to_other_people(known: tuple[Driver, str]) -> None:
    document = history(known)
    for section in document.sections:
        if section["key"] == "associates":
            continue  # names other people on purpose, with their records as the reason
        cited = {c["record_id"] for item in section["items"] for c in item["citations"]}
        assert not cited & fx.OTHER_PEOPLES_RECORDS, section["key"]
    assert "P-3 selling cannabis" not in canonical_json(document.content)


def test_an_nfa_arrest_stays_nfa_and_never_among_convictions(known: tuple[Driver, str]) -> None:
    document = history(known, TODAY)
    convicted = {c["record_id"] for key in ("convictions_home", "convictions_abroad")
                 for item in document.items(key) for c in item["citations"]}
    assert "AR-1" not in convicted
    nfa = next(i for i in document.items("arrests_charges") if i["id"] == "AR-1")
    assert fields(nfa)["Outcome"] == "NO FURTHER ACTION (NFA)"
    assert "NFA" in nfa["title"]
    assert {s["part"] for s in document.sections if s["key"] == "arrests_charges"} == {
        "unproven"}
    assert {s["part"] for s in document.sections if s["key"].startswith("convictions")} == {
        "proven"}
    # the arrest that led to CV-1 is shown as the conviction, not as unproven material
    assert "AR-2" not in ids(document, "arrests_charges")
    assert fields(document.items("convictions_home")[0])["Arising from"] == \
        "arrest AR-2, charge CH-2"


def test_every_line_cites_its_record(known: tuple[Driver, str]) -> None:
    document = history(known)
    for section in document.sections:
        for item in section["items"]:
            assert item["citations"], (section["key"], item["id"])
            first = item["citations"][0]
            assert first["source"] == "test:history" and first["recorded_at"]
    intelligence = {i["id"]: i for i in document.items("intelligence")}
    assert intelligence["IT-1"]["citations"][0]["grading"] == "2B P"
    assert intelligence["IT-2"]["handling_code"] == "C"
    assert fields(intelligence["IT-2"])["Handling"].startswith("C — share only under")


def test_incidents_note_refusal_to_cooperate(known: tuple[Driver, str]) -> None:
    roles = {i["id"]: fields(i) for i in history(known).items("incidents")}
    assert roles["IR-1"]["Role"] == "Suspect"
    assert roles["IR-3"]["Role"] == "Witness"
    assert roles["IR-3"]["Cooperation"] == "REFUSED TO COOPERATE with police"


def test_associates_carry_the_path_that_links_them(known: tuple[Driver, str]) -> None:
    listed = {i["id"]: i for i in history(known).items("associates")}
    assert fields(listed["P-3"])["Path"] == (
        "Karim Haddad (P-1) —FAMILY [AS-1]— Omar Haddad (P-2) —FRIEND [AS-2]— "
        "Liam Walsh (P-3)")
    assert "[CV-3]" in fields(listed["P-3"])["Why listed"]
    assert "(P-5), 2 hops: gang member" in listed["P-5"]["title"]
    assert "Member of Northside Crew" in fields(listed["P-5"])["Why listed"]
    assert "high-harm flag" in listed["P-4"]["title"]
    assert "unproven" in fields(listed["P-10"])["Why listed"]
    assert listed["P-10"]["handling_code"] == "C"  # its only link is graded C
    assert {c["record_id"] for c in listed["P-3"]["citations"]} == {"AS-1", "AS-2", "CV-3"}
    # three hops away, theft only, or linked after the date: not listed
    assert not {"P-6", "P-7", "P-9", "P-2"} & set(listed)
    assert {"P-6"} <= {i["id"] for i in history(known, hops=3).items("associates")}


def test_the_network_picture_marks_kinds(known: tuple[Driver, str]) -> None:
    network = history(known).content["network"]
    nodes = {n["id"]: n for n in network["nodes"]}
    assert nodes["P-1"]["marks"] == ["subject"]  # FL-1 was cleared before the date
    assert "high_harm" in nodes["P-4"]["marks"] and "gang" in nodes["P-5"]["marks"]
    assert nodes["OR-1"]["type"] == "Organisation"
    assert {e["id"] for e in network["edges"]} >= {"AS-1", "AS-2", "AS-3", "AS-4", "ME-2"}
    svg = render_html(history(known))
    assert "<svg" in svg and "Liam Walsh" in svg and "Active high-harm flag" in svg


# --- as at a date ----------------------------------------------------------------------

def test_as_of_excludes_later_records(known: tuple[Driver, str]) -> None:
    early, now = history(known), history(known, TODAY)
    assert "AR-3" not in ids(early, "arrests_charges")
    assert "AR-3" in ids(now, "arrests_charges")
    assert "P-9" not in ids(early, "associates") and "P-9" in ids(now, "associates")
    assert "AS-7" not in ids(early, "direct_associations")
    assert "AS-7" in ids(now, "direct_associations")
    before_intel = history(known, "2023-06-01")
    assert ids(before_intel, "intelligence") == ["IT-1"]
    with pytest.raises(NotFound):
        history(known, "2014-12-31")  # the person was not yet recorded


def test_flag_history_as_at_the_date(known: tuple[Driver, str]) -> None:
    active = history(known, fx.FLAG_ACTIVE_ON).items("flags")[0]
    cleared = history(known).items("flags")[0]
    assert fields(active)["Status at as-at date"] == "ACTIVE" and "Cleared" not in fields(active)
    assert fields(cleared)["Status at as-at date"] == "CLEARED"
    assert fields(cleared)["Cleared"].startswith("2024-03-10T10:00:00Z by DI Shaw")
    assert history(known, fx.FLAG_ACTIVE_ON).content["network"]["nodes"][0]["marks"] == [
        "subject", "high_harm"]


def test_harm_shows_its_working(known: tuple[Driver, str]) -> None:
    harm = history(known).content["harm"]
    age1 = (fx.AS_OF - datetime(2019, 5, 1).date()).days / 365.25
    age2 = (fx.AS_OF - datetime(2021, 2, 1).date()).days / 365.25
    expected = 182.0 * 0.5 ** (age1 / 5) + 365.0 * 0.5 ** (age2 / 5)
    terms = {t["conviction_id"]: t for t in harm["terms"]}
    assert terms["CV-1"]["gravity"] == 182.0 and terms["CV-2"]["gravity"] == 365.0
    assert terms["CV-2"]["age_years"] == round(age2, 2)
    assert harm["recent_convictions"] == 0 and harm["frequency_term"] == 0
    assert harm["score"] == pytest.approx(expected, abs=0.02)
    assert harm["band"] == "moderate"
    assert harm["not_scored"]["arrests and charges not ending in conviction"] == 2
    assert "0.5^(age / 5 years)" in harm["formula"]


# --- hashes, versions, comparison ------------------------------------------------------

def test_the_same_content_gives_the_same_hash(known: tuple[Driver, str]) -> None:
    driver, database = known
    one = history(known)
    two = build_history(driver, database, "P-1", as_of=fx.AS_OF, purpose="another purpose",
                        generated_by="someone else", clearance=FULL)
    assert one.content_hash == two.content_hash == content_hash(two.content)
    assert one.meta["purpose"] != two.meta["purpose"]
    assert history(known, TODAY).content_hash != one.content_hash
    assert History.from_dict(json.loads(json.dumps(one.to_dict()))).content_hash == \
        one.content_hash


def test_versions_are_saved_numbered_and_compared(known: tuple[Driver, str]) -> None:
    driver, database = known
    before = len(list_versions(driver, database, "P-1", clearance=FULL))
    first = generate(driver, database, "P-1", as_of=fx.AS_OF, purpose="remand review",
                     generated_by="tester", case_reference="OP-1", clearance=FULL)
    second = generate(driver, database, "P-1", as_of=TODAY, purpose="remand review",
                      generated_by="tester", clearance=FULL)
    assert (first.meta["version"], second.meta["version"]) == (before + 1, before + 2)
    saved = list_versions(driver, database, "P-1", clearance=FULL)
    assert [v["version"] for v in saved][-2:] == [before + 1, before + 2]
    assert saved[-2]["case_reference"] == "OP-1" and saved[-2]["as_of"] == "2024-04-01"
    stored = load_version(driver, database, "P-1", before + 1, clearance=FULL)
    assert stored.content_hash == first.content_hash == saved[-2]["content_hash"]
    changes = compare_versions(driver, database, "P-1", before + 1, before + 2, clearance=FULL)
    by_key = {s["key"]: s for s in changes["sections"]}
    assert [i["id"] for i in by_key["arrests_charges"]["added"]] == ["AR-3"]
    assert [i["id"] for i in by_key["associates"]["added"]] == ["P-9"]
    assert [i["id"] for i in by_key["direct_associations"]["added"]] == ["AS-7"]
    assert by_key["convictions_home"] == {"key": "convictions_home", "part": "proven",
                                          "title": "Convictions in the United Kingdom",
                                          "added": [], "removed": [], "changed": []}
    harm_changes = {c["id"] for c in by_key["harm"]["changed"]}
    assert harm_changes == {"CV-1", "CV-2"}  # older by then: recency weights moved
    assert not changes["identical"]
    same = compare_versions(driver, database, "P-1", before + 1, before + 1, clearance=FULL)
    assert same["identical"]
    with pytest.raises(NotFound):
        compare_versions(driver, database, "P-1", before + 1, 9999, clearance=FULL)


def test_missing_purpose_is_refused(known: tuple[Driver, str]) -> None:
    driver, database = known
    for purpose in ("", "   "):
        with pytest.raises(ValidationError, match="purpose is required"):
            generate(driver, database, "P-1", as_of=fx.AS_OF, purpose=purpose,
                     generated_by="tester", clearance=FULL)


# --- disclosure and handling code C ----------------------------------------------------

def test_disclosure_withholds_c_material_and_records_recipients(
        known: tuple[Driver, str]) -> None:
    driver, database = known
    with pytest.raises(ValidationError, match="shared with"):
        generate(driver, database, "P-1", as_of=fx.AS_OF, purpose="disclosure to HO",
                 generated_by="tester", disclosure=True, clearance=FULL)
    document = generate(driver, database, "P-1", as_of=fx.AS_OF, purpose="disclosure to HO",
                        generated_by="tester", disclosure=True,
                        shared_with=["Home Office Immigration Enforcement"], clearance=FULL)
    text = canonical_json(document.content)
    assert fx.SECRET_TEXT not in text
    assert fx.KNIFE_TEXT in text  # P-coded material stays
    it2 = next(i for i in document.items("intelligence") if i["id"] == "IT-2")
    assert it2["withheld"] and it2["title"] == f"[WITHHELD — handling code C: {fx.CONDITIONS}]"
    assert next(i for i in document.items("associates") if i["id"] == "P-10")["withheld"]
    saved = list_versions(driver, database, "P-1", clearance=FULL)[-1]
    assert saved["disclosure"] is True
    assert saved["shared_with"] == ["Home Office Immigration Enforcement"]
    pdf_text = pdf_to_text(render_pdf(document))
    assert fx.SECRET_TEXT not in pdf_text and "WITHHELD" in pdf_text
    assert "DISCLOSURE VERSION" in pdf_text and "Home Office Immigration" in pdf_text


def test_a_reader_without_c_access_sees_no_trace_of_it(known: tuple[Driver, str]) -> None:
    document = history(known, clearance=P_ONLY)
    text = canonical_json(document.content)
    assert fx.SECRET_TEXT not in text and "WITHHELD" not in text and "AS-8" not in text
    assert ids(document, "intelligence") == ["IT-1"]
    assert "P-10" not in ids(document, "associates")


# --- renderings ------------------------------------------------------------------------

def pdf_to_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                            capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def test_pdf_holds_every_section_and_the_print_furniture(known: tuple[Driver, str],
                                                         tmp_path: Path) -> None:
    document = history(known)
    pdf = render_pdf(document)
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_to_text(pdf).split())
    for heading in SECTION_HEADINGS:
        assert heading in text, heading
    assert "PART A — PROVEN: convictions" in text
    assert "PART B — UNPROVEN: arrests, charges, allegations, intelligence" in text
    assert "NOT EVIDENCE OF GUILT" in text
    path = tmp_path / "history.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert 3 <= pages <= 12
    assert text.count("OFFICIAL-SENSITIVE") >= 2 * pages  # top and bottom of every page
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert document.content_hash in text  # in every page header
    assert "Intelligence history: Karim Haddad (P-1)" in text


def test_markdown_and_html_say_the_same(known: tuple[Driver, str]) -> None:
    document = history(known)
    markdown, html = render_markdown(document), render_html(document)
    for heading in SECTION_HEADINGS[:-2]:
        assert heading in markdown and heading in html, heading
    for text in (markdown, html):
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert "NO FURTHER ACTION (NFA)" in text and "AR-1" in text
        assert document.content_hash in text
    assert markdown.index("PART A — PROVEN") < markdown.index("PART B — UNPROVEN")


# --- the command line, HTTP and GraphQL ------------------------------------------------

def test_cli_writes_a_pdf_and_refuses_without_purpose(
        known: tuple[Driver, str], neo4j_connection: Neo4jConnection, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    monkeypatch.setenv("NEO4J_URI", neo4j_connection.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_connection.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_connection.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_connection.database)
    out = tmp_path / "p1.pdf"
    runner = CliRunner()
    result = runner.invoke(app, ["history", "P-1", "--format", "pdf", "-o", str(out),
                                 "--purpose", "CLI test", "--as-of", "2024-04-01",
                                 "--case-ref", "OP-CLI", "--by", "cli-tester"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert "OP-CLI" in pdf_to_text(out.read_bytes())
    refused = runner.invoke(app, ["history", "P-1", "--format", "json", "--purpose", " "])
    assert refused.exit_code != 0 and "purpose" in refused.output
    missing = runner.invoke(app, ["history", "P-1", "--format", "json"])
    assert missing.exit_code != 0 and "--purpose" in missing.output


def test_warm_up_builds_a_history_and_writes_nothing(
        known: tuple[Driver, str], neo4j_connection: Neo4jConnection,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # `nexus serve` runs this at start-up so Neo4j has planned the history's queries
    # before an officer asks: it must leave no version, no audit entry, nothing at all.
    from cli import app

    driver, database = known
    for name in ("URI", "USER", "PASSWORD", "DATABASE"):
        monkeypatch.setenv(f"NEO4J_{name}", getattr(neo4j_connection, name.lower()))
    count = ("MATCH (n) WITH count(n) AS nodes "
             "RETURN nodes, COUNT { ()-[]->() } AS links")
    before = driver.execute_query(count, database_=database).records[0]
    result = CliRunner().invoke(app, ["warm-up"])
    assert result.exit_code == 0, result.output
    assert "history queries planned in" in result.output
    after = driver.execute_query(count, database_=database).records[0]
    assert (after["nodes"], after["links"]) == (before["nodes"], before["links"])


def test_the_warm_up_watch_plans_again_once_neo4j_forgets(
        known: tuple[Driver, str], caplog: pytest.LogCaptureFixture) -> None:
    """`nexus serve` keeps `nexus warm-up --watch` beside its workers: when Neo4j has
    forgotten the history's plans (as after a restart), it plans them again."""
    driver, database = known
    caplog.set_level(logging.INFO, logger=service.__name__)
    stop = threading.Event()
    watcher = threading.Thread(target=service.keep_warm, args=(driver, database, stop),
                               kwargs={"every": 1})

    def warm_ups() -> int:
        return sum("history queries planned" in r.getMessage() for r in caplog.records)

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 120
        while warm_ups() < count and time.monotonic() < deadline:
            time.sleep(0.2)
        assert warm_ups() == count, caplog.text

    watcher.start()
    try:
        wait_for(1)  # at once
        assert service.plans_held(driver, database)
        time.sleep(3)
        assert warm_ups() == 1, "plans still held: no second warm-up"
        driver.execute_query("CALL db.clearQueryCaches()", database_=database)
        wait_for(2)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()


@pytest.fixture(scope="module")
def server(known: tuple[Driver, str], live_server: LiveServer) -> LiveServer:
    return live_server


def test_pdf_download_over_http(server: LiveServer) -> None:
    url = f"{server.url}/history/P-1.pdf"
    response = httpx.get(url, params={"purpose": "HTTP test", "asOf": "2024-04-01"},
                         headers=auth_headers("analyst"), timeout=60)
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/pdf"
    assert int(response.headers["x-history-version"]) >= 1
    assert fx.SECRET_TEXT in " ".join(pdf_to_text(response.content).split())
    officer = httpx.get(url, params={"purpose": "HTTP test", "asOf": "2024-04-01"},
                        headers=auth_headers("officer"), timeout=60)
    assert officer.status_code == 200
    assert fx.SECRET_TEXT not in " ".join(pdf_to_text(officer.content).split())
    html = httpx.get(f"{server.url}/history/P-1.html", params={"purpose": "HTTP test"},
                     headers=auth_headers("analyst"), timeout=60)
    assert html.status_code == 200 and "PART A — PROVEN" in html.text
    assert httpx.get(f"{server.url}/history/assets/history.css").status_code == 200


def test_http_refusals(server: LiveServer) -> None:
    url = f"{server.url}/history/P-1.pdf"
    no_purpose = httpx.get(url, headers=auth_headers("analyst"), timeout=30)
    assert no_purpose.status_code == 400 and "purpose" in no_purpose.json()["error"]["message"]
    assert httpx.get(url, params={"purpose": "x y z"}, timeout=30).status_code == 401
    auditor = httpx.get(url, params={"purpose": "x y z"}, headers=auth_headers("auditor"),
                        timeout=30)
    assert auditor.status_code == 403
    unknown = httpx.get(f"{server.url}/history/P-404.pdf", params={"purpose": "x y z"},
                        headers=auth_headers("analyst"), timeout=30)
    assert unknown.status_code == 404
    bad_date = httpx.get(url, params={"purpose": "x y z", "asOf": "yesterday"},
                         headers=auth_headers("analyst"), timeout=30)
    assert bad_date.status_code == 400


HISTORY = """
query ($id: ID!, $purpose: String!, $asOf: Date) {
  history(personId: $id, purpose: $purpose, asOf: $asOf, caseReference: "OP-GQL") {
    personId version contentHash purpose caseReference asOf harmBand generatedBy
    sections { key part itemCount } content markdown
  }
}
"""


def gql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                          headers=auth_headers("analyst"), timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_graphql_history_versions_and_comparison(server: LiveServer) -> None:
    body = gql(server, HISTORY, id="P-1", purpose="GraphQL test", asOf="2024-04-01")
    assert "errors" not in body, body
    first = body["data"]["history"]
    sections = {s["key"]: s for s in first["sections"]}
    assert sections["arrests_charges"]["itemCount"] == 2
    assert sections["arrests_charges"]["part"] == "unproven"
    assert sections["convictions_home"]["part"] == "proven"
    assert first["caseReference"] == "OP-GQL" and first["generatedBy"] == "test-analyst"
    assert first["content"]["subject"]["id"] == "P-1"
    assert "PART B — UNPROVEN" in first["markdown"]
    second = gql(server, HISTORY, id="P-1", purpose="GraphQL test")["data"]["history"]
    assert second["version"] == first["version"] + 1
    versions = [e["node"] for e in gql(
        server, "query { historyVersions(personId: \"P-1\", first: 2) { edges { node { "
                "version purpose contentHash } } } }")["data"]["historyVersions"]["edges"]]
    assert versions[0]["version"] == second["version"]  # newest first
    assert versions[1]["contentHash"] == first["contentHash"]
    compared = gql(server, """query ($id: ID!, $a: Int!, $b: Int!) {
      compareHistoryVersions(personId: $id, from: $a, to: $b) {
        identical fromHash sections { key added removed changed } } }""",
                   id="P-1", a=first["version"], b=second["version"])
    result = compared["data"]["compareHistoryVersions"]
    assert not result["identical"] and result["fromHash"] == first["contentHash"]
    arrests = next(s for s in result["sections"] if s["key"] == "arrests_charges")
    assert [item["id"] for item in arrests["added"]] == ["AR-3"]


def test_graphql_refuses_a_missing_purpose(server: LiveServer) -> None:
    blank = gql(server, HISTORY, id="P-1", purpose="  ")
    assert blank["data"] is None
    assert blank["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "purpose is required" in blank["errors"][0]["message"]
    absent = httpx.post(f"{server.url}/graphql", headers=auth_headers("analyst"), timeout=30,
                        json={"query": 'query { history(personId: "P-1") { version } }'})
    assert absent.status_code in (200, 400)
    assert "purpose" in absent.json()["errors"][0]["message"]
