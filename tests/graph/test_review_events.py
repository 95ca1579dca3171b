"""Recording MOPI reviews (`recordReview`, graph/reviews/events.py) against the real Neo4j,
over real HTTP.

Each test starts from tests/support/reviews_graph.py's graph: every reviewed kind with past,
future and no review dates, a cleared flag, and a handling-code C report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from neo4j import Driver

from graph.access import P_ONLY
from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.errors import NotFound
from graph.records import RowError, write_records
from graph.reviews.events import record_review
from tests.support.reviews_graph import build, graph_state, person
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

TODAY = dt.datetime.now(dt.UTC).date()
NEXT = (TODAY + dt.timedelta(days=365)).isoformat()

RECORD = """
mutation Review($kind: String!, $id: ID!, $outcome: String!, $reason: String!,
                $next: Date) {
  recordReview(kind: $kind, id: $id, outcome: $outcome, reason: $reason,
               nextReviewDate: $next) {
    ok
    errors { field code message }
    review { id kind recordId outcome reason by at previousReviewDate nextReviewDate
             source recordedBy recordedAt }
  }
}"""
DUE = "{ reviewsDue(first: 100) { totalCount edges { node { kind id } } } }"


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    build(db, neo4j_connection.database)
    return live_server


def post(server: LiveServer, query: str, role: str, **variables: Any) -> dict[str, Any]:
    return graphql(server, query, role, **variables)


def review(server: LiveServer, kind: str, record_id: str, outcome: str = "retain",
           reason: str = "Still relevant: recent intelligence", next: str | None = NEXT,
           role: str = "supervisor") -> dict[str, Any]:
    body = post(server, RECORD, role, kind=kind, id=record_id, outcome=outcome,
                reason=reason, next=next)
    assert "errors" not in body, body
    return body["data"]["recordReview"]


def due_ids(server: LiveServer) -> set[str]:
    body = post(server, DUE, "supervisor")
    return {e["node"]["id"] for e in body["data"]["reviewsDue"]["edges"]}


def test_retain_moves_the_date_keeps_both_dates_and_leaves_the_due_list(
        api: LiveServer, db: Driver) -> None:
    assert "P-R1" in due_ids(api)
    answer = review(api, "person", "P-R1")
    assert answer["ok"] is True and answer["errors"] == []
    event = answer["review"]
    assert event["id"].startswith("RV-") and event["kind"] == "person"
    assert event["recordId"] == "P-R1" and event["outcome"] == "retain"
    assert event["previousReviewDate"] == "2020-01-10" and event["nextReviewDate"] == NEXT
    assert event["by"] == event["recordedBy"] == user_name("supervisor")
    assert event["source"] == "nexus:reviews-due"
    assert "P-R1" not in due_ids(api)
    records, _, _ = db.execute_query(
        "MATCH (p:Person {id: 'P-R1'})-[r:HAS_REVIEW]->(e:ReviewEvent) "
        "RETURN p.review_date AS date, p.disposal_proposed_at AS proposed, "
        "e { .* } AS e, r { .* } AS r")
    assert len(records) == 1
    stored = records[0]
    assert stored["date"].to_native().isoformat() == NEXT and stored["proposed"] is None
    e = stored["e"]
    assert e["id"] == event["id"] and e["outcome"] == "retain"
    assert e["reason"] == "Still relevant: recent intelligence"
    assert e["previous_review_date"].to_native() == dt.date(2020, 1, 10)
    assert e["next_review_date"].to_native().isoformat() == NEXT
    assert e["by"] == e["recorded_by"] == user_name("supervisor")
    assert e["source"] == "nexus:reviews-due" and e["recorded_at"] is not None
    assert e["at"] is not None
    assert stored["r"]["recorded_by"] == user_name("supervisor")  # provenance on the link



def _review_date(db: Driver, person_id: str) -> str | None:
    records, _, _ = db.execute_query(
        "MATCH (p:Person {id: $id}) RETURN p.review_date AS date", id=person_id)
    date = records[0]["date"]
    return date.to_native().isoformat() if date else None


def test_a_later_rewrite_of_the_record_keeps_the_reviewed_date(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    review(api, "person", "P-R1")
    database = neo4j_connection.database
    # An edit through the API that does not mention the review date keeps it.
    saved = post(api, """mutation ($input: PersonInput!) { recordPerson(input: $input)
        { ok errors { message } } }""", "supervisor", input={
        "id": "P-R1", "givenNames": "Amira", "familyName": "Khan",
        "aliases": ["Amira Kahn"], "source": "test:reviews"})
    assert saved["data"]["recordPerson"] == {"ok": True, "errors": []}
    assert _review_date(db, "P-R1") == NEXT
    # A re-import of the record as it was before the review does not undo the review.
    write_records(db, database, {"person": [person("P-R1", "Amira", "Khan", "2020-01-10")]})
    assert _review_date(db, "P-R1") == NEXT
    # A new date that no review has moved on from is the record's to set.
    write_records(db, database, {"person": [person("P-R1", "Amira", "Khan", "2031-05-01")]})
    assert _review_date(db, "P-R1") == "2031-05-01"
    # A record never reviewed is rewritten as before.
    write_records(db, database, {"person": [person("P-R2", "Bogdan", "Ionescu", "2030-02-02")]})
    assert _review_date(db, "P-R2") == "2030-02-02"


def test_a_rewrite_keeps_a_disposal_proposal_and_a_row_cannot_set_one(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    review(api, "person", "P-R1", outcome="flag_for_disposal", next=None)
    database = neo4j_connection.database
    write_records(db, database, {"person": [person("P-R1", "Amira", "Khan", "2020-01-10")]})
    records, _, _ = db.execute_query(
        "MATCH (p:Person {id: 'P-R1'}) RETURN p.disposal_proposed_at AS proposed")
    assert records[0]["proposed"] is not None
    with pytest.raises(RowError, match="set by recording a review"):
        write_records(db, database, {"person": [
            {**person("P-R2", "Bogdan", "Ionescu", None),
             "disposal_proposed_at": "2024-01-01T00:00:00Z"}]})

def test_flag_for_disposal_marks_the_record_deletes_nothing_and_leaves_the_list(
        api: LiveServer, db: Driver) -> None:
    before = graph_state(db)
    answer = review(api, "incident", "IN-R1", "flag_for_disposal",
                    "No further value; victim withdrew", next=None)
    assert answer["ok"] is True, answer
    assert answer["review"]["nextReviewDate"] is None
    assert answer["review"]["previousReviewDate"] == "2020-01-10"
    records, _, _ = db.execute_query(
        "MATCH (i:Incident {id: 'IN-R1'}) OPTIONAL MATCH (i)-[:HAS_REVIEW]->(e:ReviewEvent) "
        "RETURN i.review_date AS date, i.disposal_proposed_at AS proposed, "
        "collect(e.outcome) AS outcomes, COUNT { (i)--(:Person) } AS people")
    row = records[0]
    assert row["date"].to_native() == dt.date(2020, 1, 10)  # untouched
    assert row["proposed"] is not None and row["outcomes"] == ["flag_for_disposal"]
    assert row["people"] == 1  # its links stay
    after = graph_state(db)
    # Only additions: the event node and its link; nothing removed.
    assert len(after) == len(before) + 2
    assert "IN-R1" not in due_ids(api)
    later = post(api, '{ reviewsDue(before: "2099-12-31", kinds: ["incident"]) '
                      '{ edges { node { id } } } }', "supervisor")
    assert "IN-R1" not in str(later)
    # A second review of a record proposed for disposal is refused.
    again = review(api, "incident", "IN-R1", "retain", "Changed my mind")
    assert again["ok"] is False and again["errors"][0]["code"] == "CONFLICT"
    assert "proposed for disposal" in again["errors"][0]["message"]


def test_a_flag_is_reviewed_through_its_flag_events(api: LiveServer, db: Driver) -> None:
    answer = review(api, "flag", "FL-R1", reason="Risk persists")
    assert answer["ok"] is True, answer
    assert answer["review"]["id"].startswith("FE-")
    assert answer["review"]["previousReviewDate"] == "2023-01-01"
    records, _, _ = db.execute_query(
        "MATCH (f:Flag {id: 'FL-R1'})-[:HAS_EVENT]->(e:FlagEvent {action: 'reviewed'}) "
        "RETURN f.review_date AS date, f.status AS status, e { .* } AS e, "
        "COUNT { (f)-[:HAS_REVIEW]->() } AS review_events")
    assert len(records) == 1
    row = records[0]
    assert row["date"].to_native().isoformat() == NEXT and row["status"] == "active"
    assert row["e"]["id"] == answer["review"]["id"] and row["e"]["reason"] == "Risk persists"
    assert row["review_events"] == 0  # no parallel history
    assert "FL-R1" not in due_ids(api)
    dispose = review(api, "flag", "FL-R1", "flag_for_disposal", "gone", next=None)
    assert dispose["ok"] is False
    assert dispose["errors"][0]["field"] == "outcome" and "clearFlag" in str(dispose)


@pytest.mark.parametrize(("kind", "record_id", "outcome", "reason", "next", "code", "field"), [
    ("vehicle", "P-R1", "retain", "why", NEXT, "INVALID", "kind"),
    ("Person) DETACH DELETE (n", "P-R1", "retain", "why", NEXT, "INVALID", "kind"),
    ("person", "P-NOPE", "retain", "why", NEXT, "NOT_FOUND", "id"),
    ("arrest", "P-R1", "retain", "why", NEXT, "NOT_FOUND", "id"),  # right id, wrong kind
    ("person", "P-R1", "keep", "why", NEXT, "INVALID", "outcome"),
    ("person", "P-R1", "retain", "   ", NEXT, "INVALID", "reason"),
    ("person", "P-R1", "retain", "why", None, "INVALID", "nextReviewDate"),
    ("person", "P-R1", "retain", "why", "2020-01-01", "INVALID", "nextReviewDate"),
    ("person", "P-R1", "retain", "why", TODAY.isoformat(), "INVALID", "nextReviewDate"),
    ("person", "P-R1", "flag_for_disposal", "why", NEXT, "INVALID", "nextReviewDate"),
    ("flag", "FL-R2", "retain", "why", NEXT, "CONFLICT", None),  # a cleared flag
])
def test_every_error_is_typed_and_writes_nothing(
        api: LiveServer, db: Driver, kind: str, record_id: str, outcome: str, reason: str,
        next: str | None, code: str, field: str | None) -> None:
    before = graph_state(db)
    answer = review(api, kind, record_id, outcome, reason, next)
    assert answer["ok"] is False and answer["review"] is None
    error = answer["errors"][0]
    assert (error["code"], error["field"]) == (code, field), error
    assert error["message"]
    assert graph_state(db) == before


def test_a_c_report_reads_as_not_found_for_a_role_without_c(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    before = graph_state(db)
    messages = []
    for record_id in ("IT-RC", "IT-NONE"):
        with pytest.raises(NotFound) as caught:
            record_review(db, neo4j_connection.database, "intelligence_report", record_id,
                          "retain", "why", TODAY + dt.timedelta(days=30), "officer-x",
                          clearance=P_ONLY)
        messages.append(str(caught.value).replace(record_id, "ID"))
    assert messages[0] == messages[1]  # indistinguishable from a report that does not exist
    assert graph_state(db) == before
    # The P report is reviewable with the same codes; the C one by a role that sees C.
    record_review(db, neo4j_connection.database, "intelligence_report", "IT-RP", "retain",
                  "why", TODAY + dt.timedelta(days=30), "officer-x", clearance=P_ONLY)
    assert review(api, "intelligence_report", "IT-RC")["ok"] is True


def test_a_retry_with_the_same_event_id_writes_one_event(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    args = (db, neo4j_connection.database, "arrest", "AR-R1", "retain", "why",
            TODAY + dt.timedelta(days=90), "sup")
    first = record_review(*args, event_id="RV-RETRY")
    second = record_review(*args, event_id="RV-RETRY")
    assert first == second and first.previous_review_date == dt.date(2021, 3, 1)
    records, _, _ = db.execute_query("MATCH (:Arrest {id: 'AR-R1'})-[:HAS_REVIEW]->(e) "
                                     "RETURN count(e) AS n")
    assert records[0]["n"] == 1


def test_a_review_is_audited(api: LiveServer, db: Driver) -> None:
    answer = review(api, "arrest", "AR-R1")
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) WHERE e.action CONTAINS 'change:record-review' "
        "RETURN e { .* } AS e ORDER BY e.seq DESC LIMIT 1")
    assert records, "no audit entry for the review"
    entry = records[0]["e"]
    assert entry["user"] == user_name("supervisor") and entry["role"] == "supervisor"
    assert {"AR-R1", answer["review"]["id"]} <= set(entry["subject_ids"])
    assert "retain" in entry["detail"] and NEXT in entry["detail"]
    assert entry["outcome"] == "ok"


@pytest.mark.parametrize("role", ["officer", "analyst", "auditor", "admin"])
def test_only_supervisors_record_reviews(api: LiveServer, db: Driver, role: str) -> None:
    before = graph_state(db)
    for kind, record_id in (("person", "P-R1"), ("flag", "FL-R1")):
        body = post(api, RECORD, role, kind=kind, id=record_id, outcome="retain",
                    reason="why", next=NEXT)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        assert not body.get("data")
    assert graph_state(db) == before
