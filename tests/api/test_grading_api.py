"""Grading carried through over real HTTP: a path between two people is as weak as its
weakest link (`Network.grading`), and a 5x5x5-graded report reads back with its original
grading next to the 3x5x2 one it was mapped to."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    write_records(db, neo4j_connection.database, {"intelligence_report": [
        api_fixture.SOURCE.row(id="IT-5", reported_at="2015-01-01T10:00:00Z",
                               summary="Old report", original_grading="B3 1",
                               mentions_person_ids=["P-4"])]})
    return live_server


def test_a_path_carries_the_weakest_grading_of_its_links(api: LiveServer) -> None:
    body = graphql(api, """{ shortestPaths(fromId: "P-1", toId: "P-4") { length
        paths { grading { code sourceEvaluation intelligenceAssessment handlingCode } } } }""",
                   "analyst")
    assert "errors" not in body, body
    found = body["data"]["shortestPaths"]
    # P-1 FAMILY (1A P) P-2 FRIEND (ungraded) P-3 PHONE_CONTACT (3D P) P-4.
    assert found["length"] == 3
    assert found["paths"][0]["grading"] == {"code": "3D P", "sourceEvaluation": "3",
                                            "intelligenceAssessment": "D",
                                            "handlingCode": "P"}


def test_a_5x5x5_report_reads_back_with_both_gradings(api: LiveServer) -> None:
    body = graphql(api, """{ person(id: "P-4") { intelligence(first: 5) { edges { node {
        id originalGrading grading { code } } } } } }""", "officer")
    assert "errors" not in body, body
    nodes = [e["node"] for e in body["data"]["person"]["intelligence"]["edges"]]
    assert {"id": "IT-5", "originalGrading": "B3 1", "grading": {"code": "1B P"}} in nodes
