"""Writes cannot reach what the writer cannot see; retries of a write give one record.

Over real HTTP against the real Neo4j. An officer (handling code P only) who records a
report, association or membership under the id of a stored handling-code C one is told
"not found", in the words recordReview uses for an id that does not exist, and the C
record, its links and its MENTIONS stay as they were. An analyst (P and C) may update it, and
an update that does not name a list of mentions keeps them.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.factories import grading
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql

SOURCE = "write-access-test"
C_GRADE = {"source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "C",
           "handling_conditions": "Not for disclosure outside the analysis unit"}
P_GRADE_INPUT = {"sourceEvaluation": "1", "intelligenceAssessment": "A", "handlingCode": "P"}


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    """The API fixture's graph plus C-graded material: report IT-C (mentioning P-1 and
    OR-1), association AS-C (P-1 partner of P-4) and membership ME-C (P-3 in OR-1); and a
    P report IT-P mentioning P-2."""
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    row = api_fixture.SOURCE.row
    write_records(db, neo4j_connection.database, {
        "intelligence_report": [
            row(**C_GRADE, id="IT-C", reported_at="2024-03-01T10:00:00Z",
                summary="Covert source: P-1 moves money for OR-1",
                mentions_person_ids=["P-1"], mentions_organisation_ids=["OR-1"]),
            row(id="IT-P", reported_at="2024-03-02T10:00:00Z", summary="Seen at the club",
                **grading("3C"), mentions_person_ids=["P-2"])],
        "association": [row(**C_GRADE, id="AS-C", kind="partner", person_id="P-1",
                            other_person_id="P-4")],
        "membership": [row(**C_GRADE, id="ME-C", person_id="P-3", organisation_id="OR-1",
                           role="associate")],
    })
    return live_server


def mutate(server: LiveServer, role: str, name: str, input_type: str, data: dict[str, Any],
           **args: Any) -> dict[str, Any]:
    extra = "".join(f", {key}: ${key}" for key in args)
    declared = "".join(f", ${key}: String" for key in args)
    body = graphql(server, f"mutation ($input: {input_type}!{declared}) "
                           f"{{ {name}(input: $input{extra}) "
                           "{ ok id errors { field code message } } }",
                   role, input=data, **args)
    assert "errors" not in body, body
    return body["data"][name]


def stored(db: Driver, record_id: str) -> dict[str, Any]:
    """Everything about one record: a node with its links, or a relationship with its
    type and endpoints (None when there is none)."""
    nodes, _, _ = db.execute_query(
        "MATCH (n {id: $id}) OPTIONAL MATCH (n)-[r]-(m) "
        "WITH n, r, m ORDER BY type(r), m.id "
        "RETURN properties(n) AS props, collect([type(r), m.id, properties(r)]) AS links",
        id=record_id)
    rels, _, _ = db.execute_query(
        "MATCH (a)-[r {id: $id}]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, "
        "properties(r) AS props", id=record_id)
    return {"nodes": [dict(r) for r in nodes], "rels": [dict(r) for r in rels]}


def absent_answer(server: LiveServer, record_id: str) -> dict[str, Any]:
    """How the API answers a write to an intelligence report that does not exist."""
    body = graphql(server, """mutation ($id: ID!) { recordReview(kind: "intelligence_report",
        id: $id, outcome: "retain", reason: "still relevant", nextReviewDate: "2031-01-01")
        { ok errors { field code message } } }""", "supervisor", id=record_id)
    return body["data"]["recordReview"]


REPORT = {"id": "IT-C", "reportedAt": "2024-05-01T10:00:00Z", "summary": "Nothing to see",
          "mentionsPersonIds": ["P-2"], "source": SOURCE, **P_GRADE_INPUT}


def test_an_officer_cannot_overwrite_a_c_report_and_is_told_not_found(
        api: LiveServer, db: Driver) -> None:
    before = stored(db, "IT-C")
    assert before["nodes"] and len(before["nodes"][0]["links"]) == 2  # MENTIONS P-1, OR-1
    refused = mutate(api, "officer", "recordIntelligenceReport", "IntelligenceReportInput",
                     REPORT)
    assert refused == {"ok": False, "id": None, "errors": [{
        "field": "id", "code": "NOT_FOUND", "message": "intelligence report 'IT-C' not found"}]}
    # Word for word what an id that does not exist gets.
    absent = absent_answer(api, "IT-NONE")
    assert absent["ok"] is False
    assert refused["errors"][0] == {
        **absent["errors"][0],
        "message": absent["errors"][0]["message"].replace("IT-NONE", "IT-C")}
    assert stored(db, "IT-C") == before


def test_an_officer_may_still_update_a_p_report(api: LiveServer, db: Driver) -> None:
    done = mutate(api, "officer", "recordIntelligenceReport", "IntelligenceReportInput",
                  {**REPORT, "id": "IT-P", "summary": "Seen at the club again"})
    assert done["ok"] is True, done
    assert stored(db, "IT-P")["nodes"][0]["props"]["summary"] == "Seen at the club again"


def test_an_analyst_may_update_the_c_report(api: LiveServer, db: Driver) -> None:
    done = mutate(api, "analyst", "recordIntelligenceReport", "IntelligenceReportInput",
                  {**REPORT, "summary": "Regraded after review"})
    assert done == {"ok": True, "id": "IT-C", "errors": []}
    after = stored(db, "IT-C")["nodes"][0]
    assert after["props"]["summary"] == "Regraded after review"
    assert after["props"]["handling_code"] == "P"
    # The people it mentions are replaced (the input names them); the organisation it
    # mentions is kept (the input does not say).
    assert [link[:2] for link in after["links"]] == [["MENTIONS", "OR-1"],
                                                     ["MENTIONS", "P-2"]]


def test_an_update_that_names_no_mentions_keeps_them(api: LiveServer, db: Driver) -> None:
    update = {key: value for key, value in REPORT.items() if key != "mentionsPersonIds"}
    done = mutate(api, "analyst", "recordIntelligenceReport", "IntelligenceReportInput",
                  {**update, "summary": "Regraded, mentions unchanged"})
    assert done["ok"] is True, done
    after = stored(db, "IT-C")["nodes"][0]
    assert after["props"]["summary"] == "Regraded, mentions unchanged"
    assert [link[:2] for link in after["links"]] == [["MENTIONS", "OR-1"],
                                                     ["MENTIONS", "P-1"]]
    # An empty list still removes them.
    done = mutate(api, "analyst", "recordIntelligenceReport", "IntelligenceReportInput",
                  {**update, "mentionsPersonIds": [], "mentionsOrganisationIds": []})
    assert done["ok"] is True, done
    assert stored(db, "IT-C")["nodes"][0]["links"] == [[None, None, None]]


@pytest.mark.parametrize(("name", "input_type", "data"), [
    # Same kind and endpoints: would be a plain rewrite of the C association.
    ("recordAssociation", "AssociationInput",
     {"id": "AS-C", "kind": "partner", "personId": "P-1", "otherPersonId": "P-4"}),
    # Another kind and other endpoints: would delete the C link and write a new one.
    ("recordAssociation", "AssociationInput",
     {"id": "AS-C", "kind": "friend", "personId": "P-5", "otherPersonId": "P-6"}),
    ("recordMembership", "MembershipInput",
     {"id": "ME-C", "personId": "P-3", "organisationId": "OR-1", "role": "member"}),
    ("recordMembership", "MembershipInput",
     {"id": "ME-C", "personId": "P-5", "organisationId": "OR-1", "role": "member"}),
])
def test_an_officer_cannot_overwrite_or_move_a_c_graded_link(
        api: LiveServer, db: Driver, name: str, input_type: str, data: dict[str, Any]) -> None:
    kind = "association" if name == "recordAssociation" else "membership"
    before = stored(db, data["id"])
    assert len(before["rels"]) == 1 and before["rels"][0]["props"]["handling_code"] == "C"
    refused = mutate(api, "officer", name, input_type,
                     {**data, "source": SOURCE, **P_GRADE_INPUT})
    assert refused == {"ok": False, "id": None, "errors": [{
        "field": "id", "code": "NOT_FOUND", "message": f"{kind} {data['id']!r} not found"}]}
    assert stored(db, data["id"]) == before
    # The analyst may: the same write goes through.
    done = mutate(api, "analyst", name, input_type, {**data, "source": SOURCE, **P_GRADE_INPUT})
    assert done["ok"] is True, done
    rels = stored(db, data["id"])["rels"]
    assert len(rels) == 1 and rels[0]["props"]["handling_code"] == "P"
    assert rels[0]["start"] == data["personId"]


def _count(db: Driver, label: str) -> int:
    records, _, _ = db.execute_query(f"MATCH (n:{label}) RETURN count(n) AS n")
    return records[0]["n"]


def test_the_same_idempotency_key_twice_gives_one_record(api: LiveServer, db: Driver) -> None:
    before = _count(db, "Person")
    person = {"givenNames": "Retry", "familyName": "Twice", "source": SOURCE}
    first = mutate(api, "officer", "recordPerson", "PersonInput", person,
                   idempotencyKey="custody-42/nominal-1")
    again = mutate(api, "officer", "recordPerson", "PersonInput", person,
                   idempotencyKey="custody-42/nominal-1")
    assert first["ok"] and again["ok"] and first["id"] == again["id"]
    assert _count(db, "Person") == before + 1
    # Another key, or the same key from another user, is another record.
    other = mutate(api, "officer", "recordPerson", "PersonInput", person,
                   idempotencyKey="custody-42/nominal-2")
    theirs = mutate(api, "analyst", "recordPerson", "PersonInput", person,
                    idempotencyKey="custody-42/nominal-1")
    assert len({first["id"], other["id"], theirs["id"]}) == 3
    assert _count(db, "Person") == before + 3


def test_a_retried_incident_keeps_one_set_of_roles(api: LiveServer, db: Driver) -> None:
    query = """mutation ($input: IncidentInput!, $roles: [IncidentRoleInput!]!, $key: String) {
        recordIncident(input: $input, roles: $roles, idempotencyKey: $key) { ok id } }"""
    incident = {"occurredAt": "2024-06-01T21:00:00Z", "type": "robbery", "source": SOURCE}
    roles = [{"personId": "P-3", "role": "suspect", "source": SOURCE},
             {"personId": "P-4", "role": "victim", "cooperated": True, "source": SOURCE}]
    ids = set()
    for _ in range(2):
        body = graphql(api, query, "officer", input=incident, roles=roles, key="robbery-7")
        assert body["data"]["recordIncident"]["ok"] is True, body
        ids.add(body["data"]["recordIncident"]["id"])
    assert len(ids) == 1
    records, _, _ = db.execute_query(
        "MATCH (p:Person)-[r]->(i:Incident {id: $id}) RETURN p.id AS person, type(r) AS role "
        "ORDER BY person", id=ids.pop())
    assert [tuple(r.values()) for r in records] == [("P-3", "SUSPECT_IN"),
                                                    ("P-4", "VICTIM_IN")]


@pytest.mark.parametrize("key", ["", "k" * 201])
def test_an_empty_or_overlong_key_is_refused(api: LiveServer, db: Driver, key: str) -> None:
    before = _count(db, "Person")
    refused = mutate(api, "officer", "recordPerson", "PersonInput",
                     {"familyName": "Keyless", "source": SOURCE}, idempotencyKey=key)
    assert refused["ok"] is False
    assert (refused["errors"][0]["field"], refused["errors"][0]["code"]) == (
        "idempotencyKey", "INVALID")
    assert _count(db, "Person") == before
