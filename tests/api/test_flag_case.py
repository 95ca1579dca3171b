"""The flag as a case file over real HTTP: set with evidence, owner and review date;
challenged by anyone who records; decided by a supervisor (upheld clears the flag); read
back through `Person.flags` and `flagHistory` with the unproven note, the overdue review,
the weakest grading of the evidence and the whole trail; audited; C stays hidden."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

SET = """mutation ($input: FlagInput!) { setFlag(input: $input) {
  ok id errors { field code message } } }"""
CHALLENGE = """mutation ($flagId: ID!, $raisedBy: ChallengeRaiser!, $grounds: String!,
  $detail: String) { challengeFlag(flagId: $flagId, raisedBy: $raisedBy, grounds: $grounds,
  raisedByDetail: $detail) { ok id errors { field code message } } }"""
DECIDE = """mutation ($id: ID!, $upheld: Boolean!, $reason: String!) {
  decideChallenge(challengeId: $id, upheld: $upheld, reason: $reason) {
  ok id errors { field code message } } }"""
CASE = """query ($id: ID!) { flagHistory(flagId: $id) { personId personName flag {
  id status owner reviewDate reviewOverdue evidenceUnproven unprovenNote clearedReason
  evidence { id kind proven label grading { code } }
  grading { code handlingConditions }
  challenges { id raisedBy raisedByDetail grounds status decidedBy decisionReason }
  trail { action by text } } } }"""


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    # Intelligence on P-1: one P-graded, one C-graded.
    write_records(db, neo4j_connection.database, {"intelligence_report": [
        api_fixture.SOURCE.row(id="IT-P", reported_at="2024-02-01T10:00:00Z",
                               summary="Seen with a knife", mentions_person_ids=["P-1"],
                               source_evaluation="2", intelligence_assessment="B",
                               handling_code="P"),
        api_fixture.SOURCE.row(id="IT-C", reported_at="2024-02-02T10:00:00Z",
                               summary="Source says he supplies", mentions_person_ids=["P-1"],
                               source_evaluation="3", intelligence_assessment="C",
                               handling_code="C", handling_conditions="Police only")]})
    return live_server


def _data(body: dict[str, Any], name: str) -> Any:
    assert "errors" not in body, body
    return body["data"][name]


def _set(api: LiveServer, role: str = "analyst", **fields: Any) -> dict[str, Any]:
    flag = {"personId": "P-1", "kind": "high_harm", "reason": "Knife crime, escalating",
            "reviewDate": "2030-01-01", "source": "intel unit", **fields}
    return graphql(api, SET, role, input=flag)


def test_an_analyst_sets_a_flag_on_unproven_evidence_and_it_says_so(api: LiveServer) -> None:
    made = _data(_set(api, evidenceArrestIds=["AR-1"], evidenceIntelligenceIds=["IT-P"],
                      owner="DI Shah"), "setFlag")
    assert made["ok"] is True, made
    case = _data(graphql(api, CASE, "officer", id=made["id"]), "flagHistory")
    flag = case["flag"]
    assert (case["personId"], case["personName"]) == ("P-1", "Mohammed Al-Hassan")
    assert flag["owner"] == "DI Shah" and flag["status"] == "active"
    assert flag["evidenceUnproven"] is True and "unproven" in flag["unprovenNote"]
    assert {(e["id"], e["kind"], e["proven"]) for e in flag["evidence"]} == {
        ("AR-1", "arrest", False), ("IT-P", "intelligence_report", False)}
    assert "nfa" in next(e["label"] for e in flag["evidence"] if e["id"] == "AR-1")
    assert flag["grading"]["code"] == "2B P"
    assert flag["reviewOverdue"] is False
    assert [s["action"] for s in flag["trail"]] == ["set"]


def test_setting_a_flag_needs_evidence_of_that_person_and_a_setter(api: LiveServer) -> None:
    bare = _data(_set(api), "setFlag")
    assert bare["ok"] is False and bare["errors"][0]["field"] == "evidence"
    foreign = _data(_set(api, personId="P-2", evidenceConvictionIds=["CV-1"]), "setFlag")
    assert foreign["ok"] is False and "not a record" in foreign["errors"][0]["message"]
    officer = _set(api, "officer", evidenceConvictionIds=["CV-1"])
    assert officer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    proven = _data(_set(api, evidenceConvictionIds=["CV-1"]), "setFlag")
    assert proven["ok"] is True
    flag = _data(graphql(api, CASE, "analyst", id=proven["id"]), "flagHistory")["flag"]
    assert flag["evidenceUnproven"] is False and flag["unprovenNote"] is None
    assert flag["owner"] == user_name("analyst")  # the setter, when none is given


def test_c_graded_evidence_and_its_grading_are_hidden_from_an_officer(api: LiveServer) -> None:
    made = _data(_set(api, evidenceIntelligenceIds=["IT-P", "IT-C"]), "setFlag")
    analyst = _data(graphql(api, CASE, "analyst", id=made["id"]), "flagHistory")["flag"]
    assert {e["id"] for e in analyst["evidence"]} == {"IT-P", "IT-C"}
    assert analyst["grading"] == {"code": "3C C", "handlingConditions": "Police only"}
    officer = _data(graphql(api, CASE, "officer", id=made["id"]), "flagHistory")["flag"]
    assert [e["id"] for e in officer["evidence"]] == ["IT-P"]
    assert officer["grading"] == {"code": "2B P", "handlingConditions": None}


def test_a_challenge_is_recorded_by_an_officer_and_upheld_by_a_supervisor(
        api: LiveServer, db: Driver) -> None:
    flag_id = _data(_set(api, evidenceArrestIds=["AR-1"]), "setFlag")["id"]
    raised = _data(graphql(api, CHALLENGE, "officer", flagId=flag_id,
                           raisedBy="representative", grounds="The only arrest was NFA",
                           detail="Okafor & Co solicitors"), "challengeFlag")
    assert raised["ok"] is True, raised
    auditor = graphql(api, CHALLENGE, "auditor", flagId=flag_id, raisedBy="subject",
                      grounds="x")
    assert auditor["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    analyst = graphql(api, DECIDE, "analyst", id=raised["id"], upheld=True, reason="x")
    assert analyst["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    decided = _data(graphql(api, DECIDE, "supervisor", id=raised["id"], upheld=True,
                            reason="Rests on an NFA arrest alone"), "decideChallenge")
    assert decided["ok"] is True, decided
    again = _data(graphql(api, DECIDE, "supervisor", id=raised["id"], upheld=False,
                          reason="changed my mind"), "decideChallenge")
    assert again["ok"] is False and again["errors"][0]["code"] == "CONFLICT"
    flag = _data(graphql(api, CASE, "officer", id=flag_id), "flagHistory")["flag"]
    assert flag["status"] == "cleared"
    assert flag["clearedReason"] == "Challenge upheld: Rests on an NFA arrest alone"
    assert flag["challenges"] == [{
        "id": raised["id"], "raisedBy": "representative",
        "raisedByDetail": "Okafor & Co solicitors", "grounds": "The only arrest was NFA",
        "status": "upheld", "decidedBy": user_name("supervisor"),
        "decisionReason": "Rests on an NFA arrest alone"}]
    assert [s["action"] for s in flag["trail"]] == [
        "set", "challenged", "challenge_upheld", "cleared"]
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) WHERE e.action IN ['flag-history', 'change:flag-challenge'] "
        "RETURN e.action AS action, e.subject_ids AS ids ORDER BY e.seq")
    assert ("change:flag-challenge", [raised["id"], flag_id]) in [
        (r["action"], r["ids"]) for r in records]
    assert any(r["action"] == "flag-history" and "P-1" in r["ids"] for r in records)


def test_the_profile_flags_show_the_case_and_an_overdue_review(api: LiveServer) -> None:
    body = graphql(api, """{ person(id: "P-1") { flags { id reviewDate reviewOverdue
        evidenceUnproven evidence { id } challenges { id } trail { action } } } }""",
                   "officer")
    flag = next(f for f in _data(body, "person")["flags"] if f["id"] == "FL-1")
    # The fixture's flag: review date 2025-01-02 has passed, and it rests on nothing.
    assert flag["reviewOverdue"] is True
    assert flag["evidenceUnproven"] is True and flag["evidence"] == []
    assert flag["trail"] == [{"action": "set"}]


def test_a_flag_history_of_an_unknown_flag_is_null(api: LiveServer) -> None:
    assert _data(graphql(api, CASE, "officer", id="FL-NONE"), "flagHistory") is None
