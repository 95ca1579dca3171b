"""Accountability over HTTP (tests/support/accountability_graph.py): the top-harm list with
its working and filters; flag disproportionality for supervisors and auditors only; and
safeguarding referrals, which never set a flag."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support import accountability_graph
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql

TOP = """query ($borough: String, $flagState: FlagState, $first: Int = 20) {
  highHarm(first: $first, borough: $borough, flagState: $flagState) {
    totalCount
    edges { node { rank borough flagState computedAt person { id }
      harm { score asOf }
      working { convictionId gravity recencyWeight weighted inFrequencyWindow
                offences { code chiDays } } } } } }"""
DISPROPORTIONALITY = """query ($by: GroupBy!, $from: Date, $to: Date, $top: Int = 100) {
  flagDisproportionality(by: $by, from: $from, to: $to, top: $top) {
    by from to rule top
    flags { overall { people events active ratePer1000 }
            groups { group people events active ratePer1000 ratio small } }
    topHarm { overall { events } groups { group events ratio small } }
    quarters { quarter start end flags { overall { events } groups { group events small } } } } }"""
REFER = """mutation ($personId: ID!, $reason: String!, $key: String) {
  referForSafeguarding(personId: $personId, reason: $reason, idempotencyKey: $key) {
    ok errors { field code message }
    referral { id reason status referredBy atRisk offendingAssociates person { id } } } }"""
QUEUE = """{ safeguardingReferrals(first: 50) { totalCount
  edges { node { id reason referredBy person { id } } } } }"""


@pytest.fixture(scope="module")
def server(live_server: LiveServer, driver: Driver,
           neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    wipe_graph(driver, neo4j_connection.database)
    accountability_graph.build(driver, neo4j_connection.database)
    yield live_server


def _data(body: dict) -> dict:  # type: ignore[type-arg]
    assert not body.get("errors"), body
    return body["data"]


def test_the_top_harm_list_shows_the_working_and_filters(server: LiveServer) -> None:
    top = _data(graphql(server, TOP, "officer"))["highHarm"]
    assert top["totalCount"] == 12
    first = top["edges"][0]["node"]
    assert (first["person"]["id"], first["borough"], first["flagState"]) == (
        "P-T1", "Camden", "ACTIVE")
    assert first["computedAt"] and first["harm"]["asOf"] == accountability_graph.AS_OF
    [working] = first["working"]
    assert working["gravity"] == 374 and working["inFrequencyWindow"]
    assert {o["code"]: o["chiDays"] for o in working["offences"]} == {"008/01": 365,
                                                                      "105/01": 9}
    assert working["weighted"] + 28 == pytest.approx(first["harm"]["score"], abs=0.02)
    hackney = _data(graphql(server, TOP, "analyst", borough="HACKNEY",
                            flagState="CLEARED"))["highHarm"]
    assert [e["node"]["person"]["id"] for e in hackney["edges"]] == ["P-T2"]
    bad = graphql(server, TOP, "analyst", borough="x" * 101)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_top_harm_list_is_audited_with_everyone_it_shows(server: LiveServer) -> None:
    graphql(server, TOP, "analyst", first=3)
    log = _data(graphql(server, '{ auditLog(first: 1, action: "high-harm") { edges { node '
                                "{ user subjectIds detail } } } }", "auditor"))
    entry = log["auditLog"]["edges"][0]["node"]
    assert entry["user"] == "test-analyst" and len(entry["subjectIds"]) == 3
    assert "P-T1" in entry["subjectIds"]


@pytest.mark.parametrize("role", ["supervisor", "auditor"])
def test_disproportionality_by_nationality(server: LiveServer, role: str) -> None:
    period = {"from": "2025-01-01", "to": "2025-06-30"}
    found = _data(graphql(server, DISPROPORTIONALITY, role, by="NATIONALITY",
                          **period))["flagDisproportionality"]
    assert (found["from"], found["to"]) == ("2025-01-01", "2025-06-30")
    assert found["flags"]["overall"] == {"people": 169, "events": 20, "active": 18,
                                         "ratePer1000": pytest.approx(118.34, abs=0.01)}
    groups = {g["group"]: g for g in found["flags"]["groups"]}
    assert groups["GB"]["ratio"] == pytest.approx(0.831, abs=0.001)
    assert (groups["GB"]["small"], groups["AL"]["small"]) == (False, True)
    assert "fewer than 10" in found["rule"]
    assert [q["quarter"] for q in found["quarters"]] == ["2025-Q1", "2025-Q2"]
    top = {g["group"]: g["events"] for g in found["topHarm"]["groups"]}
    assert top == {"GB": 7, "AL": 5, "unknown": 0}
    by_borough = _data(graphql(server, DISPROPORTIONALITY, role, by="BOROUGH", **period))
    assert {g["group"] for g in by_borough["flagDisproportionality"]["flags"]["groups"]} == {
        "Camden", "Hackney", "unknown"}


@pytest.mark.parametrize("role", ["officer", "analyst", "admin"])
def test_disproportionality_is_refused_to_other_roles(server: LiveServer, role: str) -> None:
    body = graphql(server, DISPROPORTIONALITY, role, by="NATIONALITY")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_disproportionality_checks_its_period_and_top(server: LiveServer) -> None:
    backwards = {"from": "2025-02-01", "to": "2025-01-01"}
    body = graphql(server, DISPROPORTIONALITY, "auditor", by="BOROUGH", **backwards)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}
    body = graphql(server, DISPROPORTIONALITY, "auditor", by="BOROUGH", top=0)
    assert body["errors"][0]["extensions"]["field"] == "top"
    default = _data(graphql(server, DISPROPORTIONALITY, "auditor", by="BOROUGH"))
    period = default["flagDisproportionality"]
    assert period["from"] < period["to"]  # the year to today


def _flags(driver: Driver, database: str) -> int:
    records, _, _ = driver.execute_query("MATCH (f:Flag) RETURN count(f) AS n",
                                         database_=database)
    return records[0]["n"]


def test_a_referral_is_queued_and_never_a_flag(server: LiveServer, driver: Driver,
                                               neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    flags = _flags(driver, database)
    at_risk = _data(graphql(server, "{ peopleAtRisk(first: 5) { edges { node "
                                    "{ person { id } } } } }", "officer"))
    assert [e["node"]["person"]["id"] for e in at_risk["peopleAtRisk"]["edges"]] == ["P-R1"]
    done = _data(graphql(server, REFER, "officer", personId="P-R1",
                         reason="Groomed by older associates", key="k-1"))
    referral = done["referForSafeguarding"]["referral"]
    assert done["referForSafeguarding"]["ok"]
    assert (referral["status"], referral["referredBy"], referral["atRisk"],
            referral["offendingAssociates"]) == ("open", "test-officer", True, 3)
    again = _data(graphql(server, REFER, "officer", personId="P-R1",
                          reason="Groomed by older associates", key="k-1"))
    assert again["referForSafeguarding"]["referral"]["id"] == referral["id"]  # idempotent
    queue = _data(graphql(server, QUEUE, "analyst"))["safeguardingReferrals"]
    assert queue["totalCount"] == 1
    assert queue["edges"][0]["node"]["person"]["id"] == "P-R1"
    assert _flags(driver, database) == flags  # no flag was set
    person = _data(graphql(server, '{ person(id: "P-R1") { highHarm flags { id } } }',
                           "supervisor"))["person"]
    assert person == {"highHarm": False, "flags": []}


def test_a_referral_needs_a_reason_a_person_and_a_role_that_records(
        server: LiveServer) -> None:
    short = _data(graphql(server, REFER, "analyst", personId="P-R1", reason=" x "))
    assert short["referForSafeguarding"]["errors"][0]["field"] == "reason"
    missing = _data(graphql(server, REFER, "analyst", personId="P-NOPE", reason="At risk"))
    assert missing["referForSafeguarding"]["errors"][0]["code"] == "NOT_FOUND"
    refused = graphql(server, REFER, "auditor", personId="P-R1", reason="At risk")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = graphql(server, QUEUE, "auditor")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
