"""Mutations over real HTTP: each writes all or nothing and answers with typed errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers

SOURCE = "custody-record-42"


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    return live_server


def gql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql",
                          json={"query": query, "variables": variables},
                          headers=auth_headers(), timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def count(db: Driver, label: str) -> int:
    records, _, _ = db.execute_query(f"MATCH (n:{label}) RETURN count(n) AS n")
    return records[0]["n"]


def _mutate(server: LiveServer, name: str, input_type: str, data: dict[str, Any]) -> dict:
    query = (f"mutation ($input: {input_type}!) {{ {name}(input: $input) "
             "{ ok id errors { field code message } } }")
    return gql(server, query, input=data)[name]


def test_record_a_person_and_read_it_back(api: LiveServer) -> None:
    result = _mutate(api, "recordPerson", "PersonInput", {
        "givenNames": "Oksana", "familyName": "Kovalenko", "nationalities": ["UA"],
        "datesOfBirth": ["1988-07"], "immigrationStatus": "refugee",
        "passports": ["UA:FE123456"], "source": SOURCE})
    assert result["ok"] is True and result["errors"] == []
    person = gql(api, """query ($id: ID!) { person(id: $id) { fullName immigrationStatus
        passports provenance { source recordedBy } } }""", id=result["id"])["person"]
    assert person == {"fullName": "Oksana Kovalenko", "immigrationStatus": "refugee",
                      "passports": ["UA:FE123456"],
                      "provenance": {"source": SOURCE, "recordedBy": "test-supervisor"}}


def test_retrying_with_the_same_id_records_one_person(api: LiveServer, db: Driver) -> None:
    before = count(db, "Person")
    for _ in range(2):
        result = _mutate(api, "recordPerson", "PersonInput", {
            "id": "P-RETRY", "familyName": "Once", "source": SOURCE})
        assert result["ok"] is True
    assert count(db, "Person") == before + 1


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("gender", "robot", "male"),
    ("pncId", "12/34", "2019/0123456X"),
    ("datesOfBirth", ["1990-13"], "1990-13"),
    ("nationalities", ["XX"], "XX"),
    ("immigrationStatus", "tourist", "asylum_seeker"),
])
def test_bad_person_input_is_refused_and_writes_nothing(api: LiveServer, db: Driver,
                                                        field: str, value: Any,
                                                        reason: str) -> None:
    before = count(db, "Person")
    result = _mutate(api, "recordPerson", "PersonInput",
                     {"familyName": "Bad", "source": SOURCE, field: value})
    assert result["ok"] is False and result["id"] is None
    error = result["errors"][0]
    assert (error["field"], error["code"]) == (field, "INVALID")
    assert reason in error["message"]
    assert count(db, "Person") == before


def test_an_arrest_for_a_missing_person_writes_nothing(api: LiveServer, db: Driver) -> None:
    before = count(db, "Arrest")
    result = _mutate(api, "recordArrest", "ArrestInput", {
        "personId": "P-404", "offenceIds": ["105/01"], "arrestedAt": "2024-02-01T10:00:00Z",
        "outcome": "bail", "source": SOURCE})
    assert result["ok"] is False
    assert "P-404" in result["errors"][0]["message"]
    assert count(db, "Arrest") == before


def test_arrest_charge_and_foreign_conviction(api: LiveServer) -> None:
    arrest = _mutate(api, "recordArrest", "ArrestInput", {
        "id": "AR-9", "personId": "P-3", "offenceIds": ["008/01"],
        "arrestedAt": "2024-02-01T10:00:00Z", "outcome": "charged", "custodySuiteId": "L-1",
        "source": SOURCE})
    charge = _mutate(api, "recordCharge", "ChargeInput", {
        "id": "CH-9", "personId": "P-3", "arrestId": "AR-9", "offenceIds": ["008/01"],
        "chargedAt": "2024-02-02T10:00:00Z", "status": "pending", "source": SOURCE})
    foreign = _mutate(api, "recordConviction", "ConvictionInput", {
        "personId": "P-3", "offenceIds": ["105/01"], "convictedOn": "2016-05-05",
        "court": "Sąd Rejonowy Warszawa", "jurisdiction": "PL", "knownVia": "ecris",
        "disposal": "suspended_sentence", "plea": "guilty", "source": "ECRIS"})
    assert [arrest["ok"], charge["ok"], foreign["ok"]] == [True, True, True]
    person = gql(api, """{ person(id: "P-3") {
        arrests { edges { node { id outcome chargeIds } } }
        convictions { edges { node { jurisdiction foreign knownVia } } } } }""")["person"]
    assert person["arrests"]["edges"][0]["node"] == {"id": "AR-9", "outcome": "charged",
                                                     "chargeIds": ["CH-9"]}
    assert person["convictions"]["edges"][0]["node"] == {
        "jurisdiction": "PL", "foreign": True, "knownVia": "ecris"}


INCIDENT = """mutation ($input: IncidentInput!, $roles: [IncidentRoleInput!]!) {
  recordIncident(input: $input, roles: $roles) { ok id errors { field code message } } }"""


def test_an_incident_with_roles(api: LiveServer) -> None:
    result = gql(api, INCIDENT, input={
        "id": "IN-9", "occurredAt": "2024-03-01T23:00:00Z", "type": "stabbing",
        "description": "Stabbing on an estate", "source": SOURCE},
        roles=[{"personId": "P-4", "role": "suspect", "source": SOURCE},
               {"personId": "P-5", "role": "victim", "cooperated": False, "source": SOURCE},
               {"personId": "P-6", "role": "witness", "cooperated": True,
                "source": SOURCE}])["recordIncident"]
    assert result == {"ok": True, "id": "IN-9", "errors": []}
    incident = gql(api, '{ incident(id: "IN-9") { participants { personId role cooperated } } }')
    assert incident["incident"]["participants"] == [
        {"personId": "P-4", "role": "suspect", "cooperated": None},
        {"personId": "P-5", "role": "victim", "cooperated": False},
        {"personId": "P-6", "role": "witness", "cooperated": True}]


def test_an_incident_with_one_bad_role_writes_nothing(api: LiveServer, db: Driver) -> None:
    before = (count(db, "Incident"), count(db, "Person"))
    result = gql(api, INCIDENT, input={
        "id": "IN-BAD", "occurredAt": "2024-03-01T23:00:00Z", "type": "assault",
        "source": SOURCE},
        roles=[{"personId": "P-4", "role": "suspect", "source": SOURCE},
               {"personId": "P-5", "role": "bystander", "source": SOURCE}])["recordIncident"]
    assert result["ok"] is False
    assert result["errors"][0]["field"] == "role"
    assert (count(db, "Incident"), count(db, "Person")) == before


@pytest.mark.parametrize(("grading", "field"), [
    ({"sourceEvaluation": "4", "intelligenceAssessment": "A", "handlingCode": "P"},
     "sourceEvaluation"),
    ({"sourceEvaluation": "2", "intelligenceAssessment": "F", "handlingCode": "P"},
     "intelligenceAssessment"),
    ({"sourceEvaluation": "2", "intelligenceAssessment": "B", "handlingCode": "X"},
     "handlingCode"),
    ({"sourceEvaluation": "2", "intelligenceAssessment": "B", "handlingCode": "C"},
     "handlingConditions"),
])
def test_grading_outside_3x5x2_is_refused(api: LiveServer, grading: dict[str, str],
                                          field: str) -> None:
    result = _mutate(api, "recordAssociation", "AssociationInput", {
        "kind": "friend", "personId": "P-4", "otherPersonId": "P-5", "source": SOURCE,
        **grading})
    assert result["ok"] is False
    assert result["errors"][0]["field"] == field


def test_association_membership_intelligence_and_check(api: LiveServer) -> None:
    assert _mutate(api, "recordAssociation", "AssociationInput", {
        "kind": "partner", "personId": "P-4", "otherPersonId": "P-5", "since": "2021-01-01",
        "sourceEvaluation": "2", "intelligenceAssessment": "B", "handlingCode": "P",
        "source": SOURCE})["ok"]
    assert _mutate(api, "recordMembership", "MembershipInput", {
        "personId": "P-4", "organisationId": "OR-1", "role": "prospect",
        "source": SOURCE})["ok"]
    assert _mutate(api, "recordIntelligenceReport", "IntelligenceReportInput", {
        "id": "IT-9", "reportedAt": "2024-04-01T12:00:00Z", "summary": "Seen dealing",
        "sourceEvaluation": "2", "intelligenceAssessment": "C", "handlingCode": "C",
        "handlingConditions": "Not for disclosure outside policing",
        "mentionsPersonIds": ["P-4"], "mentionsOrganisationIds": ["OR-1"],
        "source": SOURCE})["ok"]
    assert _mutate(api, "recordCheck", "CheckInput", {
        "personId": "P-4", "kind": "wanted_abroad", "against": "SIS_II",
        "checkedBy": "IO Patel", "checkedAt": "2024-04-02T09:00:00Z", "result": "no_match",
        "source": SOURCE})["ok"]
    person = gql(api, """{ person(id: "P-4") {
        associates { edges { node { kind grading { code } } } }
        memberships { edges { node { role } } }
        intelligence { edges { node { id grading { code handlingConditions } } } }
        checks { edges { node { against result } } } } }""")["person"]
    assert {"kind": "PARTNER", "grading": {"code": "2B P"}} in [
        e["node"] for e in person["associates"]["edges"]]
    assert person["memberships"]["edges"][0]["node"] == {"role": "prospect"}
    assert person["intelligence"]["edges"][0]["node"] == {
        "id": "IT-9", "grading": {"code": "2C C",
                                  "handlingConditions": "Not for disclosure outside policing"}}
    assert person["checks"]["edges"][0]["node"] == {"against": "SIS_II", "result": "no_match"}


def test_a_flag_is_set_reviewed_and_cleared(api: LiveServer) -> None:
    flag_id = _mutate(api, "setFlag", "FlagInput", {
        "personId": "P-1", "kind": "high_harm", "reason": "Gang leader, serious violence",
        "evidenceConvictionIds": ["CV-1"], "reviewDate": "2030-01-01", "source": SOURCE})["id"]
    assert gql(api, '{ person(id: "P-1") { highHarm } }')["person"]["highHarm"] is True
    reviewed = gql(api, """mutation ($id: ID!) { reviewFlag(flagId: $id,
        nextReviewDate: "2031-01-01", reason: "Still active", source: "review board")
        { ok errors { message } } }""", id=flag_id)["reviewFlag"]
    assert reviewed["ok"] is True
    clear = """mutation ($id: ID!) { clearFlag(flagId: $id, reason: "Left the gang",
        source: "review board") { ok errors { code message } } }"""
    assert gql(api, clear, id=flag_id)["clearFlag"]["ok"] is True
    person = gql(api, """{ person(id: "P-1") { highHarm flags { id status clearedReason
        events { action by reason } } } }""")["person"]
    assert person["highHarm"] is True  # FL-1 of the fixture still stands
    flag = next(f for f in person["flags"] if f["id"] == flag_id)
    assert (flag["status"], flag["clearedReason"]) == ("cleared", "Left the gang")
    assert [e["action"] for e in flag["events"]] == ["set", "reviewed", "cleared"]
    again = gql(api, clear, id=flag_id)["clearFlag"]
    assert again["ok"] is False and again["errors"]


def test_mutations_are_refused_over_get(api: LiveServer, db: Driver) -> None:
    before = count(db, "Person")
    response = httpx.get(f"{api.url}/graphql", headers=auth_headers(), params={
        "query": 'mutation { recordPerson(input: {familyName: "X", source: "s"}) { ok } }'})
    assert response.status_code in (400, 405)
    assert count(db, "Person") == before
