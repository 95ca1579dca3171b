"""Saved history versions over real HTTP against the real Neo4j: the paged listing, opening
a version and its PDF, "changed since" (a version against another or against the history
now, like with like), disclosure versions, and handling code C kept from officers in every
one of them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph.access import FULL
from graph.db.settings import Neo4jConnection
from graph.history import build_history
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers, graphql

C_TEXT = "VESPER-C-7731"       # the summary of a C report: never an officer's
P_TEXT = "VESPER-P-visible"    # a P report beside it: everyone's
CONDITIONS = "Only via the DI on call"

GENERATE = """query ($id: ID!, $purpose: String!, $case: String, $disclosure: Boolean! = false,
                     $sharedWith: [String!]) {
  history(personId: $id, purpose: $purpose, caseReference: $case, disclosure: $disclosure,
          sharedWith: $sharedWith) { version contentHash disclosure sharedWith } }"""
VERSIONS = """query ($id: ID!, $first: Int!, $after: String) {
  historyVersions(personId: $id, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id version generatedBy generatedAt purpose caseReference asOf
                   contentHash disclosure sharedWith withheld } } } }"""
OPEN = """query ($id: ID!, $version: Int!) { historyVersion(personId: $id, version: $version) {
  version contentHash generatedBy purpose caseReference disclosure sharedWith withheld
  content html markdown } }"""
COMPARE = """query ($id: ID!, $from: Int!, $to: Int) {
  compareHistoryVersions(personId: $id, from: $from, to: $to) {
    fromVersion toVersion fromHash toHash fromAsOf toAsOf fromHarmScore toHarmScore
    identical withheld handlingCodes sections { key part title added removed changed } } }"""


def ok(server: LiveServer, query: str, role: str, **variables: Any) -> dict[str, Any]:
    body = graphql(server, query, role, timeout=60, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def generate(server: LiveServer, role: str, purpose: str = "remand hearing",
             **variables: Any) -> int:
    version: int = ok(server, GENERATE, role, id="P-1", purpose=purpose,
                      **variables)["history"]["version"]
    return version


def listed(server: LiveServer, role: str, first: int = 50) -> list[dict[str, Any]]:
    page = ok(server, VERSIONS, role, id="P-1", first=first)["historyVersions"]
    return [edge["node"] for edge in page["edges"]]


def changes(result: dict[str, Any], key: str) -> dict[str, Any]:
    section: dict[str, Any] = next(s for s in result["sections"] if s["key"] == key)
    return section


def pdf_text(pdf: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                   check=True).stdout.decode().split())


@pytest.fixture(scope="module")
def server(driver: Driver, neo4j_connection: Neo4jConnection,
           live_server: LiveServer) -> Iterator[LiveServer]:
    database = neo4j_connection.database
    wipe_graph(driver, database)
    api_fixture.build(driver, database)
    row = api_fixture.SOURCE.row
    write_records(driver, database, {"intelligence_report": [
        row(id="IT-VC", reported_at="2024-02-01T10:00:00Z", summary=f"{C_TEXT} holds a gun",
            mentions_person_ids=["P-1"], source_evaluation="1", intelligence_assessment="A",
            handling_code="C", handling_conditions=CONDITIONS),
        row(id="IT-VP", reported_at="2024-02-02T10:00:00Z", summary=P_TEXT,
            mentions_person_ids=["P-1"], source_evaluation="2", intelligence_assessment="B",
            handling_code="P")]})
    # Plan the history's queries once outside the API's 5 s statement bound: on a busy
    # machine a fresh server's first planning alone can outlast it.
    build_history(driver, database, "P-1", as_of=date.today(), purpose="warm-up",
                  generated_by="test", clearance=FULL)
    yield live_server
    wipe_graph(driver, database)


def test_versions_are_listed_newest_first_a_page_at_a_time(server: LiveServer) -> None:
    first = generate(server, "analyst", purpose="remand hearing", case="OP-ONE/1")
    second = generate(server, "officer", purpose="bail review", case="OP-ONE/2")
    third = generate(server, "analyst", purpose="charging decision")
    page = ok(server, VERSIONS, "analyst", id="P-1", first=2)["historyVersions"]
    assert page["totalCount"] >= 3 and page["pageInfo"]["hasNextPage"]
    nodes = [e["node"] for e in page["edges"]]
    assert [n["version"] for n in nodes] == [third, second]
    assert nodes[1]["generatedBy"] == "test-officer" and nodes[1]["purpose"] == "bail review"
    assert nodes[1]["caseReference"] == "OP-ONE/2" and nodes[1]["disclosure"] is False
    assert nodes[1]["generatedAt"].endswith("+00:00") and len(nodes[1]["contentHash"]) == 64
    rest = ok(server, VERSIONS, "analyst", id="P-1", first=2,
              after=page["pageInfo"]["endCursor"])["historyVersions"]
    assert rest["edges"][0]["node"]["version"] == first
    assert rest["edges"][0]["node"]["caseReference"] == "OP-ONE/1"
    # The officer is shown the same versions, the analysts' in the view of an officer.
    officer = {n["version"]: n for n in listed(server, "officer")}
    assert officer[first]["withheld"] is True and officer[second]["withheld"] is False
    analyst = {n["version"]: n for n in listed(server, "analyst")}
    assert officer[first]["contentHash"] != analyst[first]["contentHash"]
    assert officer[second]["contentHash"] == analyst[second]["contentHash"]
    too_many = graphql(server, VERSIONS, "analyst", id="P-1", first=-1)
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    refused = graphql(server, VERSIONS, "auditor", id="P-1", first=5)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_version_opens_as_it_was_stored(server: LiveServer, driver: Driver,
                                          neo4j_connection: Neo4jConnection) -> None:
    number = generate(server, "analyst", purpose="opened later", case="OP-OPEN")
    write_records(driver, neo4j_connection.database, {"arrest": [api_fixture.SOURCE.row(
        id="AR-OPEN", person_id="P-1", offence_ids=["105/01"],
        arrested_at="2024-03-01T10:00:00Z", outcome="nfa")]})
    opened = ok(server, OPEN, "analyst", id="P-1", version=number)["historyVersion"]
    assert opened["version"] == number and opened["purpose"] == "opened later"
    assert opened["caseReference"] == "OP-OPEN" and opened["withheld"] is False
    assert "AR-OPEN" not in json.dumps(opened["content"])  # what was stored, not today's
    assert f"v{number}" in opened["html"] and C_TEXT in opened["html"]
    listed_hash = {n["version"]: n["contentHash"] for n in listed(server, "analyst")}[number]
    assert opened["contentHash"] == listed_hash
    missing = graphql(server, OPEN, "analyst", id="P-1", version=9999)
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_changed_since_names_the_added_and_changed_lines(
        server: LiveServer, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    before = generate(server, "analyst", purpose="before the arrest")
    row = api_fixture.SOURCE.row
    write_records(driver, database, {"arrest": [
        row(id="AR-SINCE", person_id="P-1", offence_ids=["008/01"],
            arrested_at="2024-04-01T10:00:00Z", arresting_officer="PC 77", outcome="bail"),
        # AR-1 was NFA; now released under investigation.
        row(id="AR-1", person_id="P-1", offence_ids=["008/01"],
            arrested_at="2023-05-02T01:00:00Z", arresting_officer="PC 123",
            outcome="released_under_investigation", custody_suite_id="L-1",
            incident_id="IN-1")]})
    now = ok(server, COMPARE, "analyst", id="P-1", **{"from": before})["compareHistoryVersions"]
    assert now["fromVersion"] == before and now["toVersion"] is None
    assert not now["identical"] and now["handlingCodes"] == ["C", "P"]
    arrests = changes(now, "arrests_charges")
    assert arrests["part"] == "unproven"
    assert [item["id"] for item in arrests["added"]] == ["AR-SINCE"]
    assert arrests["added"][0]["citations"][0]["record_id"] == "AR-SINCE"
    changed = {c["id"]: c for c in arrests["changed"]}
    outcome = next(c for c in changed["AR-1"]["changes"] if c["field"] == "Outcome")
    assert "NFA" in outcome["before"] and "Released under investigation" in outcome["after"]
    assert changes(now, "convictions_home") == {
        "key": "convictions_home", "part": "proven", "title": "Convictions in the United Kingdom",
        "added": [], "removed": [], "changed": []}
    # Saved after the change, the new version says the same against the old one.
    after = generate(server, "analyst", purpose="after the arrest")
    saved = ok(server, COMPARE, "analyst", id="P-1", to=after,
               **{"from": before})["compareHistoryVersions"]
    assert saved["toVersion"] == after
    assert changes(saved, "arrests_charges")["added"] == arrests["added"]
    assert ok(server, COMPARE, "analyst", id="P-1", **{"from": after}
              )["compareHistoryVersions"]["identical"] is True


def test_a_version_is_compared_like_with_like(server: LiveServer) -> None:
    """An officer's version held no C: an analyst comparing it with the history now (or
    with their own version) is not told the C items were added."""
    officers = generate(server, "officer", purpose="officer's copy")
    analysts = generate(server, "analyst", purpose="analyst's copy")
    for to in (None, analysts):
        result = ok(server, COMPARE, "analyst", id="P-1", to=to,
                    **{"from": officers})["compareHistoryVersions"]
        assert result["handlingCodes"] == ["P"] and result["identical"] is True, to
        assert C_TEXT not in json.dumps(result)
    own = ok(server, COMPARE, "analyst", id="P-1", **{"from": analysts}
             )["compareHistoryVersions"]
    assert own["handlingCodes"] == ["C", "P"] and own["identical"] is True


def test_an_officer_meets_no_c_material_in_versions(server: LiveServer) -> None:
    officers = generate(server, "officer", purpose="officer's own")
    analysts = generate(server, "analyst", purpose="analyst with C")
    normal = ok(server, OPEN, "analyst", id="P-1", version=analysts)["historyVersion"]
    assert C_TEXT in json.dumps(normal)  # the control: the version does hold it
    answers = [
        graphql(server, VERSIONS, "officer", id="P-1", first=100),
        graphql(server, OPEN, "officer", id="P-1", version=analysts),
        graphql(server, COMPARE, "officer", id="P-1", **{"from": analysts}),
        graphql(server, COMPARE, "officer", id="P-1", to=analysts, **{"from": officers}),
    ]
    for answer in answers:
        text = json.dumps(answer)
        assert "errors" not in answer, answer
        assert C_TEXT not in text and "IT-VC" not in text and CONDITIONS not in text
    opened = answers[1]["data"]["historyVersion"]
    assert opened["withheld"] is True and P_TEXT in opened["html"]
    assert "WITHHELD" not in opened["html"]  # no trace of it either
    assert answers[2]["data"]["compareHistoryVersions"]["handlingCodes"] == ["P"]
    pdf = httpx.get(f"{server.url}/history/P-1/versions/{analysts}.pdf",
                    headers=auth_headers("officer"), timeout=60)
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert C_TEXT not in text and "IT-VC" not in text and P_TEXT in text


def test_a_disclosure_version_withholds_c_and_records_who_it_went_to(
        server: LiveServer) -> None:
    normal = generate(server, "analyst", purpose="internal")
    missing = graphql(server, GENERATE, "analyst", id="P-1", purpose="disclosure",
                      disclosure=True, sharedWith=["  "])
    assert missing["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "shared with" in missing["errors"][0]["message"]
    disclosed = generate(server, "analyst", purpose="Disclosure to the Home Office",
                         case="OP-HO/4", disclosure=True,
                         sharedWith=["Home Office Immigration Enforcement", "CPS London"])
    record = {n["version"]: n for n in listed(server, "analyst")}[disclosed]
    assert record["disclosure"] is True and record["generatedBy"] == "test-analyst"
    assert record["sharedWith"] == ["Home Office Immigration Enforcement", "CPS London"]
    assert record["caseReference"] == "OP-HO/4" and record["generatedAt"]
    texts = {}
    for number in (normal, disclosed):
        opened = ok(server, OPEN, "analyst", id="P-1", version=number)["historyVersion"]
        texts[number] = json.dumps(opened["content"]) + opened["html"] + opened["markdown"]
    # The analyst's normal version holds the C summary; the disclosure version does not,
    # only the marker that something under handling code C was withheld.
    assert C_TEXT in texts[normal] and C_TEXT not in texts[disclosed]
    assert f"[WITHHELD — handling code C: {CONDITIONS}]" in texts[disclosed]
    assert P_TEXT in texts[disclosed]
    pdf = httpx.get(f"{server.url}/history/P-1/versions/{disclosed}.pdf",
                    headers=auth_headers("analyst"), timeout=60)
    text = pdf_text(pdf.content)
    assert C_TEXT not in text and "WITHHELD" in text and "CPS London" in text
    # Against the normal version, each C line shows as changed into its marker.
    result = ok(server, COMPARE, "analyst", id="P-1", to=disclosed,
                **{"from": normal})["compareHistoryVersions"]
    intelligence = changes(result, "intelligence")
    assert [c["id"] for c in intelligence["changed"]] == ["IT-VC"]
    assert C_TEXT not in json.dumps([c["after"] for item in intelligence["changed"]
                                     for c in item["changes"]])


def test_a_saved_versions_pdf_saves_nothing_new_and_is_audited(server: LiveServer) -> None:
    number = generate(server, "analyst", purpose="PDF later")
    count = ok(server, VERSIONS, "analyst", id="P-1", first=1)["historyVersions"]["totalCount"]
    url = f"{server.url}/history/P-1/versions/{number}.pdf"
    response = httpx.get(url, headers=auth_headers("analyst"), timeout=60)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["x-history-version"] == str(number)
    assert response.headers["content-disposition"] == \
        f'attachment; filename="history-P-1-v{number}.pdf"'
    opened = ok(server, OPEN, "analyst", id="P-1", version=number)["historyVersion"]
    assert response.headers["x-content-hash"] == opened["contentHash"]
    assert ok(server, VERSIONS, "analyst", id="P-1", first=1
              )["historyVersions"]["totalCount"] == count
    assert httpx.get(url, timeout=30).status_code == 401
    assert httpx.get(url, headers=auth_headers("auditor"), timeout=30).status_code == 403
    assert httpx.get(f"{server.url}/history/P-1/versions/9999.pdf",
                     headers=auth_headers("analyst"), timeout=30).status_code == 404
    log = ok(server, """{ auditLog(personId: "P-1", action: "history-download", first: 20) {
                            edges { node { user detail } } } }""", "auditor")
    details = [e["node"]["detail"] for e in log["auditLog"]["edges"]]
    assert any(f"pdf of saved v{number}" in (d or "") for d in details), details


def test_a_version_saved_before_views_is_neither_listed_nor_counted_for_an_officer(
        server: LiveServer, driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    """The page query and the Python view rule agree: such a version (its generator's
    clearance unknown) is left out of an officer's count and pages, not cut after."""
    number = generate(server, "analyst", purpose="before views were stored")
    driver.execute_query(
        "MATCH (v:HistoryVersion {person_id: 'P-1', version: $n}) "
        "REMOVE v.codes, v.content_p, v.content_p_hash", n=number,
        database_=neo4j_connection.database)
    def total(role: str) -> int:
        count: int = ok(server, VERSIONS, role, id="P-1", first=1)["historyVersions"]["totalCount"]
        return count
    officer, analyst = listed(server, "officer", 100), listed(server, "analyst", 100)
    assert number not in [n["version"] for n in officer] and total("officer") == len(officer)
    assert number in [n["version"] for n in analyst] and total("analyst") == len(analyst)
    assert total("analyst") == total("officer") + 1
    hidden = graphql(server, OPEN, "officer", id="P-1", version=number)
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    compared = graphql(server, COMPARE, "officer", id="P-1", **{"from": number})
    assert compared["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # For the analyst it compares with the history now as their own view.
    own = ok(server, COMPARE, "analyst", id="P-1", **{"from": number})["compareHistoryVersions"]
    assert own["identical"] is True and own["handlingCodes"] == ["C", "P"]


def test_opening_and_comparing_are_audited_consultations(server: LiveServer) -> None:
    number = generate(server, "officer", purpose="audited later")
    ok(server, OPEN, "officer", id="P-1", version=number)
    ok(server, COMPARE, "officer", id="P-1", **{"from": number})
    log = ok(server, """{ auditLog(personId: "P-1", first: 50) {
                            edges { node { user action detail purpose } } } }""", "auditor")
    entries = [e["node"] for e in log["auditLog"]["edges"] if e["node"]["user"] == "test-officer"]
    opened = [e for e in entries if "history-version" in e["action"]]
    compared = [e for e in entries if "history-compare" in e["action"]]
    assert any(f"opened v{number}" in (e["detail"] or "") for e in opened), entries
    assert any(f"v{number} -> now" in (e["detail"] or "") for e in compared), entries
    assert all(e["purpose"] for e in opened + compared)
