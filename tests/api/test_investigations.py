"""Saved investigations over real HTTP against the real Neo4j: save, open with positions
kept, share by name and by role, only the owner changes one, what changed since it was
saved, handling code C withheld from an officer it is shared with, the audit entry of an
opening, and bad input refused with a clear error.

The graph is tests/support/api_graph.py plus C material: P-1 is linked to P-CX only by a
C-graded FRIEND link (AS-CX), and a C report (IT-CX) names P-1. The analyst's canvas holds
P-1 (its centre), P-2, P-3 and P-CX.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.factories import grading
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

C_MARKER = "ZQX-INVESTIGATION-C"
C_IDS = ("P-CX", "AS-CX", "IT-CX")
POSITIONS = {"P-1": (0.0, 0.0), "P-2": (120.5, -40.25), "P-3": (260.0, 15.0),
             "P-CX": (-150.0, 90.0)}

SAVE = """mutation ($input: InvestigationInput!) { saveInvestigation(input: $input) {
  ok errors { code field message }
  investigation { id name caseReference notes owner mine createdAt savedAt depth
    filters { kinds minSource minAssessment } since until sharedWithUsers sharedWithRoles } } }"""
OPEN = """query ($id: ID!) { investigation(id: $id) {
  id name caseReference notes owner mine depth withheld since until
  filters { kinds minSource minAssessment }
  network { centreIds nodeCount edgeCount elements }
  positions { id x y }
  changes { since linksAmongCount linksAroundCount recordsCount
    linksAmong { id kind fromId toId toLabel }
    linksAround { id kind fromId toId toLabel toType }
    records { personId kind recordId summary } } } }"""
LIST = """{ investigations(first: 20) { totalCount
  edges { node { id name owner mine sharedWithUsers sharedWithRoles } } } }"""
SHARE = """mutation ($id: ID!, $users: [String!]!, $roles: [String!]!) {
  shareInvestigation(id: $id, users: $users, roles: $roles) {
    ok errors { code field message } investigation { sharedWithUsers sharedWithRoles } } }"""
DELETE = """mutation ($id: ID!) { deleteInvestigation(id: $id) { ok errors { code message } } }"""


def gql(server: LiveServer, query: str, role: str, **variables: Any) -> dict[str, Any]:
    body = graphql(server, query, role, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def canvas(positions: dict[str, tuple[float, float]] | None = None, **extra: Any
           ) -> dict[str, Any]:
    placed = positions or POSITIONS
    return {"name": "Op Larch: Al-Hassan network", "caseReference": "OP-LARCH-7",
            "notes": "Who supplies the Southside Boys", "centreIds": ["P-1"], "depth": 2,
            "nodes": [{"id": i, "x": x, "y": y} for i, (x, y) in placed.items()],
            "filters": {"kinds": ["FAMILY", "FRIEND"], "minSource": "2"},
            "since": "2010-01-01", "until": "2025-12-31", **extra}


def save(server: LiveServer, role: str = "analyst", **extra: Any) -> dict[str, Any]:
    answer = gql(server, SAVE, role, input=canvas(**extra))["saveInvestigation"]
    assert answer["ok"] is True, answer
    found: dict[str, Any] = answer["investigation"]
    return found


def open_as(server: LiveServer, role: str, investigation_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = gql(server, OPEN, role, id=investigation_id)["investigation"]
    return found


def shape(opened: dict[str, Any]) -> tuple[set[str], set[str]]:
    elements = opened["network"]["elements"]
    return {n["id"] for n in elements["nodes"]}, {e["id"] for e in elements["edges"]}


@pytest.fixture
def seeded(graph: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    row = api_fixture.SOURCE.row
    c_grade = grading("1A", "C", handling_conditions=f"Only via the DI {C_MARKER}")
    write_records(db, neo4j_connection.database, {
        "person": [api_fixture.person("P-CX", "Hidden", "Contact", "GB")],
        "association": [row(id="AS-CX", kind="friend", person_id="P-1",
                            other_person_id="P-CX", detail=C_MARKER, **c_grade)],
        "intelligence_report": [row(id="IT-CX", reported_at="2024-02-01T10:00:00Z",
                                    summary=f"{C_MARKER} holds firearms",
                                    mentions_person_ids=["P-1"], **c_grade)],
    })
    return graph


def _last_entry(db: Driver, action: str) -> dict[str, Any]:
    audit_journal.flush_all()
    records, _, _ = db.execute_query("MATCH (e:AuditEntry {action: $action}) RETURN e { .* } "
                                     "AS e ORDER BY e.seq DESC LIMIT 1", action=action)
    assert records, f"no audit entry {action!r}"
    entry: dict[str, Any] = records[0]["e"]
    return entry


def test_saved_and_reopened_with_positions_filters_and_time_range(
        seeded: LiveServer, db: Driver) -> None:
    saved = save(seeded)
    assert saved["id"].startswith("INV-") and saved["owner"] == user_name("analyst")
    assert (saved["mine"], saved["depth"], saved["since"], saved["until"]) == (
        True, 2, "2010-01-01", "2025-12-31")
    assert saved["filters"] == {"kinds": ["FAMILY", "FRIEND"], "minSource": "2",
                                "minAssessment": None}
    opened = open_as(seeded, "analyst", saved["id"])
    assert opened is not None
    assert {p["id"]: (p["x"], p["y"]) for p in opened["positions"]} == POSITIONS
    nodes, edges = shape(opened)
    assert nodes == set(POSITIONS) and {"AS-1", "AS-2", "AS-CX"} == edges
    assert opened["network"]["centreIds"] == ["P-1"]
    assert opened["withheld"] is False
    assert (opened["notes"], opened["caseReference"]) == (
        "Who supplies the Southside Boys", "OP-LARCH-7")
    changes = opened["changes"]
    assert (changes["linksAmongCount"], changes["linksAroundCount"],
            changes["recordsCount"]) == (0, 0, 0)
    # Opening is a consultation, audited with the session's purpose and everyone shown.
    entry = _last_entry(db, "investigation")
    assert entry["user"] == user_name("analyst")
    assert entry["purpose"] == "automated test run"
    assert {saved["id"], *POSITIONS} <= set(entry["subject_ids"])
    assert "OP-LARCH-7" in entry["detail"]
    assert _last_entry(db, "change:investigation")["subject_ids"]


def test_an_officer_it_is_shared_with_sees_no_c_material(seeded: LiveServer) -> None:
    saved = save(seeded, sharedWithUsers=[user_name("officer")])
    assert saved["sharedWithUsers"] == [user_name("officer")]
    listed = gql(seeded, LIST, "officer")["investigations"]
    assert [e["node"]["id"] for e in listed["edges"]] == [saved["id"]]
    assert listed["edges"][0]["node"]["mine"] is False
    body = graphql(seeded, OPEN, "officer", id=saved["id"])
    assert "errors" not in body, body
    opened = body["data"]["investigation"]
    nodes, edges = shape(opened)
    assert nodes == {"P-1", "P-2", "P-3"} and edges == {"AS-1", "AS-2"}
    assert {p["id"] for p in opened["positions"]} == nodes
    assert opened["withheld"] is True
    text = str(body)
    assert C_MARKER not in text and not [i for i in C_IDS if i in text], text
    # The analyst's own view of the same investigation still holds everything.
    analyst = open_as(seeded, "analyst", saved["id"])
    assert analyst is not None and "P-CX" in shape(analyst)[0]
    # Someone it is not shared with: no investigation, and none listed.
    assert open_as(seeded, "supervisor", saved["id"]) is None
    assert gql(seeded, LIST, "supervisor")["investigations"]["totalCount"] == 0


def test_shared_with_a_role_and_unshared_again(seeded: LiveServer) -> None:
    saved = save(seeded)
    assert open_as(seeded, "officer", saved["id"]) is None
    shared = gql(seeded, SHARE, "analyst", id=saved["id"], users=[],
                 roles=["officer"])["shareInvestigation"]
    assert shared["ok"] is True and shared["investigation"]["sharedWithRoles"] == ["officer"]
    opened = open_as(seeded, "officer", saved["id"])
    assert opened is not None and "P-CX" not in shape(opened)[0]
    assert open_as(seeded, "supervisor", saved["id"]) is None
    unshared = gql(seeded, SHARE, "analyst", id=saved["id"], users=[], roles=[])
    assert unshared["shareInvestigation"]["ok"] is True
    assert open_as(seeded, "officer", saved["id"]) is None


def test_only_the_owner_updates_shares_or_deletes(seeded: LiveServer) -> None:
    saved = save(seeded, sharedWithRoles=["officer"])
    moved = {**POSITIONS, "P-2": (999.0, 999.0)}
    refused = gql(seeded, SAVE, "officer", input=canvas(moved, id=saved["id"]))
    assert refused["saveInvestigation"]["errors"][0]["code"] == "NOT_OWNER"
    share = gql(seeded, SHARE, "officer", id=saved["id"], users=[], roles=["analyst"])
    assert share["shareInvestigation"]["errors"][0]["code"] == "NOT_OWNER"
    gone = gql(seeded, DELETE, "officer", id=saved["id"])["deleteInvestigation"]
    assert gone["errors"][0]["code"] == "NOT_OWNER"
    # Not shared with the supervisor: as if it did not exist.
    stranger = gql(seeded, SAVE, "supervisor", input=canvas(moved, id=saved["id"]))
    assert stranger["saveInvestigation"]["errors"][0]["code"] == "NOT_FOUND"
    opened = open_as(seeded, "officer", saved["id"])
    assert opened is not None and {p["id"]: (p["x"], p["y"])
                                   for p in opened["positions"]}["P-2"] == POSITIONS["P-2"]
    # The owner's update keeps the owner, creation time and sharing.
    updated = gql(seeded, SAVE, "analyst", input=canvas(moved, id=saved["id"],
                                                       name="Op Larch v2"))
    again = updated["saveInvestigation"]["investigation"]
    assert (again["id"], again["owner"], again["createdAt"], again["name"]) == (
        saved["id"], saved["owner"], saved["createdAt"], "Op Larch v2")
    assert again["sharedWithRoles"] == ["officer"] and again["savedAt"] > saved["savedAt"]
    reopened = open_as(seeded, "analyst", saved["id"])
    assert reopened is not None
    assert {p["id"]: (p["x"], p["y"]) for p in reopened["positions"]}["P-2"] == (999.0, 999.0)
    assert gql(seeded, DELETE, "analyst", id=saved["id"])["deleteInvestigation"]["ok"]
    assert open_as(seeded, "analyst", saved["id"]) is None
    assert gql(seeded, LIST, "officer")["investigations"]["totalCount"] == 0


def test_a_retried_create_with_the_same_key_writes_one_investigation(
        seeded: LiveServer) -> None:
    first = save(seeded, idempotencyKey="save-1")
    second = save(seeded, idempotencyKey="save-1")
    assert first["id"] == second["id"]
    assert gql(seeded, LIST, "analyst")["investigations"]["totalCount"] == 1


ARREST = """mutation ($input: ArrestInput!) { recordArrest(input: $input) { ok id } }"""
ASSOCIATION = """mutation ($input: AssociationInput!) { recordAssociation(input: $input) {
  ok id errors { message } } }"""
INTEL = """mutation ($input: IntelligenceReportInput!) { recordIntelligenceReport(input: $input) {
  ok id errors { message } } }"""


def _record(server: LiveServer, query: str, **data: Any) -> str:
    answer = next(iter(gql(server, query, "supervisor", input=data).values()))
    assert answer["ok"] is True, answer
    return str(answer["id"])


def test_what_changed_since_saved_as_each_reader_may_see_it(seeded: LiveServer) -> None:
    saved = save(seeded, sharedWithRoles=["officer"])
    arrest = _record(seeded, ARREST, personId="P-2", arrestedAt="2024-06-01T10:00:00Z",
                     offenceIds=["105/01"], source="custody record")
    among = _record(seeded, ASSOCIATION, personId="P-1", otherPersonId="P-3", kind="friend",
                    source="officer's notebook")
    around = _record(seeded, ASSOCIATION, personId="P-3", otherPersonId="P-5",
                     kind="phone_contact", source="call data")
    hidden_link = _record(seeded, ASSOCIATION, personId="P-2", otherPersonId="P-6",
                          kind="friend", source="source unit", sourceEvaluation="2",
                          intelligenceAssessment="B", handlingCode="C",
                          handlingConditions=f"SB only {C_MARKER}")
    hidden_report = _record(seeded, INTEL, summary=f"{C_MARKER} again",
                            reportedAt="2024-06-02T10:00:00Z", sourceEvaluation="2",
                            intelligenceAssessment="B", handlingCode="C",
                            handlingConditions="SB only", mentionsPersonIds=["P-3"],
                            source="source unit")
    body = graphql(seeded, OPEN, "officer", id=saved["id"])
    officer = body["data"]["investigation"]["changes"]
    assert [r["recordId"] for r in officer["records"]] == [arrest]
    assert officer["records"][0]["summary"] == f"new arrest ({arrest})"
    assert [(link["id"], link["fromId"], link["toId"]) for link in officer["linksAmong"]] == [
        (among, "P-1", "P-3")]
    assert [(link["id"], link["toId"], link["toLabel"]) for link in officer["linksAround"]] == [
        (around, "P-5", "Jan Kowalski")]
    assert (officer["linksAmongCount"], officer["linksAroundCount"],
            officer["recordsCount"]) == (1, 1, 1)
    assert hidden_link not in str(body) and hidden_report not in str(body)
    assert C_MARKER not in str(body)
    analyst = open_as(seeded, "analyst", saved["id"])
    assert analyst is not None
    seen = analyst["changes"]
    assert {r["recordId"] for r in seen["records"]} == {arrest, hidden_report}
    assert {link["id"] for link in seen["linksAround"]} == {around, hidden_link}


def test_a_link_regraded_to_c_withholds_what_it_joined_from_the_officer_who_saved_it(
        seeded: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    mine = {"P-1": (0.0, 0.0), "P-2": (100.0, 0.0), "P-3": (200.0, 0.0)}
    saved = save(seeded, "officer", positions=mine)
    opened = open_as(seeded, "officer", saved["id"])
    assert opened is not None and shape(opened)[0] == set(mine)
    assert opened["withheld"] is False
    row = api_fixture.SOURCE.row
    write_records(db, neo4j_connection.database, {"association": [
        row(id="AS-2", kind="friend", person_id="P-2", other_person_id="P-3",
            since="2018-01-01", until="2020-12-31",
            **grading("2B", "C", handling_conditions="regraded"))]})
    again = open_as(seeded, "officer", saved["id"])
    assert again is not None
    assert shape(again) == ({"P-1", "P-2"}, {"AS-1"}) and again["withheld"] is True


def _refusal(server: LiveServer, **changes: Any) -> dict[str, Any]:
    data = canvas(**{k: v for k, v in changes.items() if k == "positions"})
    data.update({k: v for k, v in changes.items() if k != "positions"})
    answer = gql(server, SAVE, "analyst", input=data)["saveInvestigation"]
    assert answer["ok"] is False and answer["investigation"] is None, answer
    error: dict[str, Any] = answer["errors"][0]
    return error


def test_bad_canvases_are_refused_with_a_clear_error(seeded: LiveServer) -> None:
    many = {f"P-{n}": (float(n), 0.0) for n in range(1001)}
    error = _refusal(seeded, positions=many, centreIds=["P-1"])
    assert error["field"] == "nodes" and "at most 1000" in error["message"]
    error = _refusal(seeded, notes="x" * 5001)
    assert error["field"] == "notes" and "at most 5000" in error["message"]
    error = _refusal(seeded, positions={"P-1": (0, 0), "<script>": (1, 1)})
    assert error["field"] == "nodes" and "is not a record id" in error["message"]
    error = _refusal(seeded, positions={"P-1": (0, 0), "P-404": (1, 1)})
    assert error["field"] == "nodes" and "'P-404'" in error["message"]
    error = _refusal(seeded, centreIds=["P-5"])
    assert error["field"] == "centreIds" and "not one of the nodes" in error["message"]
    error = _refusal(seeded, name="  ")
    assert error["field"] == "name"
    error = _refusal(seeded, depth=9)
    assert error["field"] == "depth"
    error = _refusal(seeded, since="2026-01-01", until="2025-01-01")
    assert error["field"] == "since"
    error = _refusal(seeded, sharedWithUsers=["nobody-here"])
    assert error["field"] == "sharedWithUsers" and "nobody-here" in error["message"]
    error = _refusal(seeded, sharedWithUsers=[user_name("auditor")])
    assert error["field"] == "sharedWithUsers" and "auditor" in error["message"]
    error = _refusal(seeded, sharedWithRoles=["admin"])
    assert error["field"] == "sharedWithRoles"
    assert gql(seeded, LIST, "analyst")["investigations"]["totalCount"] == 0
    refused = graphql(seeded, LIST, "auditor")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
