"""`link(id)`: the edge card's query. Its ends, dates, grading in full, provenance and the
records it rests on (shared incidents for a co-offender link, intelligence reports that
mention both ends), under the network's access rules: handling code C never reaches a
caller without clearance, neither the link nor a report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql

C_GRADE = {"source_evaluation": "1", "intelligence_assessment": "A", "handling_code": "C",
           "handling_conditions": "Only via the DI: source protection"}
P_GRADE = {"source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "P"}

LINK = """query Link($id: ID!) { link(id: $id) {
  id kind derived detail role since until
  source { id label type } target { id label type }
  grading { code sourceEvaluation intelligenceAssessment handlingCode handlingConditions }
  provenance { source recordedBy recordedAt }
  sharedIncidents { id type occurredAt location sourceRoles targetRoles }
  reports { id summary grading { code } }
} }"""


@pytest.fixture(scope="module")
def server(driver: Driver, neo4j_connection: Neo4jConnection, live_server: LiveServer
           ) -> Iterator[LiveServer]:
    database = neo4j_connection.database
    wipe_graph(driver, database)
    api_fixture.build(driver, database)
    row = api_fixture.SOURCE.row
    write_records(driver, database, {
        # P-3 was a suspect in IN-1, for which P-1 was arrested: a derived co-offender link.
        "incident_role": [row(id="IR-L3", person_id="P-3", incident_id="IN-1",
                              role="suspect")],
        "association": [row(id="AS-LC", kind="friend", person_id="P-1",
                            other_person_id="P-5", since="2021-02-03", **C_GRADE)],
        "intelligence_report": [
            row(id="IT-LP", reported_at="2024-03-01T10:00:00Z", summary="P-1 and P-2 seen together",
                mentions_person_ids=["P-1", "P-2"], **P_GRADE),
            row(id="IT-LC", reported_at="2024-03-02T10:00:00Z", summary="Covert: P-1 and P-2",
                mentions_person_ids=["P-1", "P-2"], **C_GRADE),
            row(id="IT-LX", reported_at="2024-03-03T10:00:00Z", summary="P-1 alone",
                mentions_person_ids=["P-1"], **P_GRADE),
        ],
    })
    yield live_server
    wipe_graph(driver, database)


def _link(server: LiveServer, link_id: str, role: str) -> dict | None:
    answer = graphql(server, LINK, role, id=link_id)
    assert "errors" not in answer, answer
    return answer["data"]["link"]


def test_a_recorded_association_comes_with_its_grading_provenance_and_reports(
        server: LiveServer) -> None:
    link = _link(server, "AS-1", "officer")
    assert link is not None
    assert (link["kind"], link["derived"], link["detail"], link["since"], link["until"]) == \
        ("FAMILY", False, "cousin", "2010-01-01", None)
    assert link["source"] == {"id": "P-1", "label": "Mohammed Al-Hassan", "type": "Person"}
    assert link["target"]["id"] == "P-2"
    assert link["grading"]["code"] == "1A P"
    assert link["provenance"]["source"] == "test-fixture"
    assert link["provenance"]["recordedBy"] == "tester"
    assert link["provenance"]["recordedAt"].startswith("2024-01-01T10:00:00")
    # Only the report naming both ends, and only the one the officer may see.
    assert [r["id"] for r in link["reports"]] == ["IT-LP"]
    assert link["sharedIncidents"] == []


def test_an_analyst_sees_the_c_report_too_newest_first(server: LiveServer) -> None:
    link = _link(server, "AS-1", "analyst")
    assert link is not None
    assert [r["id"] for r in link["reports"]] == ["IT-LC", "IT-LP"]


def test_a_derived_co_offender_link_lists_the_shared_incidents(server: LiveServer) -> None:
    link = _link(server, "AS-CO-P-1-P-3", "officer")
    assert link is not None
    assert (link["kind"], link["derived"]) == ("CO_OFFENDER", True)
    assert link["provenance"]["source"] == "derived:shared-incident"
    assert link["sharedIncidents"] == [{
        "id": "IN-1", "type": "wounding", "occurredAt": "2023-05-01T22:00:00+00:00",
        "location": "Brixton custody suite", "sourceRoles": ["suspect", "arrested"],
        "targetRoles": ["suspect"]}]


def test_a_membership_says_the_role(server: LiveServer) -> None:
    link = _link(server, "ME-1", "officer")
    assert link is not None
    assert (link["kind"], link["role"], link["target"]) == \
        ("MEMBER_OF", "member", {"id": "OR-1", "label": "Southside Boys", "type": "Organisation"})


def test_a_c_link_is_null_without_clearance_and_whole_with_it(server: LiveServer) -> None:
    assert _link(server, "AS-LC", "officer") is None
    link = _link(server, "AS-LC", "analyst")
    assert link is not None
    assert link["grading"] == {"code": "1A C", "sourceEvaluation": "1",
                               "intelligenceAssessment": "A", "handlingCode": "C",
                               "handlingConditions": "Only via the DI: source protection"}


def test_an_unknown_id_is_null(server: LiveServer) -> None:
    assert _link(server, "AS-NOPE", "analyst") is None
    assert _link(server, "P-1", "analyst") is None  # a node id is no link


def test_the_network_sends_the_ids_link_takes(server: LiveServer) -> None:
    answer = graphql(server, '{ network(personId: "P-1", depth: 1) { elements } }', "officer")
    ids = {edge["id"] for edge in answer["data"]["network"]["elements"]["edges"]}
    assert {"AS-1", "AS-CO-P-1-P-3", "ME-1"} <= ids
    assert "AS-LC" not in ids
    for link_id in ids:
        assert _link(server, link_id, "officer") is not None, link_id
