"""MOPI groups and computed review dates over real HTTP (docs/reviews.md): a recorded
arrest gets its group's date whatever date the client sent, unless it says a review set
it; the person's group follows their flag and convictions."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql

RECORD = """mutation ($input: ArrestInput!) { recordArrest(input: $input) {
  ok id errors { field message } } }"""
READ = """query ($id: ID!) { person(id: $id) { mopiGroup reviewDate reviewDateBasis
  arrests(first: 10) { edges { node { id mopiGroup reviewDate reviewDateBasis } } } } }"""


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    return live_server


def _arrests(api: LiveServer, person_id: str) -> dict[str, dict]:
    body = graphql(api, READ, "officer", id=person_id)
    assert "errors" not in body, body
    person = body["data"]["person"]
    return {"person": person, **{e["node"]["id"]: e["node"]
                                 for e in person["arrests"]["edges"]}}


def test_review_dates_are_computed_by_group_unless_a_review_set_them(api: LiveServer) -> None:
    found = _arrests(api, "P-1")
    # P-1 has an active high-harm flag: group 1, reviewed 10 years after the latest record.
    assert found["person"]["mopiGroup"] == 1
    assert found["person"]["reviewDate"] == "2034-01-01"
    assert found["person"]["reviewDateBasis"] == "computed"
    # AR-1 ended in no further action: group 3, six years after the arrest.
    assert found["AR-1"] == {"id": "AR-1", "mopiGroup": 3, "reviewDate": "2029-05-02",
                             "reviewDateBasis": "computed"}
    arrest = {"personId": "P-3", "offenceIds": ["105/01"], "outcome": "nfa",
              "arrestedAt": "2024-02-02T01:00:00Z", "source": "custody"}
    sent = graphql(api, RECORD, "officer", input={**arrest, "id": "AR-M1",
                                                  "reviewDate": "2099-01-01"})
    assert sent["data"]["recordArrest"]["ok"] is True, sent
    kept = graphql(api, RECORD, "officer", input={**arrest, "id": "AR-M2",
                                                  "reviewDate": "2027-07-07",
                                                  "reviewDateBasis": "review"})
    assert kept["data"]["recordArrest"]["ok"] is True, kept
    found = _arrests(api, "P-3")
    assert found["AR-M1"]["reviewDate"] == "2030-02-02"  # the 2099 sent is not kept
    assert found["AR-M2"] == {"id": "AR-M2", "mopiGroup": 3, "reviewDate": "2027-07-07",
                              "reviewDateBasis": "review"}
