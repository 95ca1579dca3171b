"""Records proposed for disposal (`disposalProposals`, `nexus reviews proposed`) and
withdrawing a proposal (`withdrawDisposalProposal`), against the real Neo4j over real HTTP.

Each test starts from tests/support/reviews_graph.py's graph, in which four records are proposed for
disposal at known times, oldest first: incident IN-R1, person P-R1, the handling-code C
report IT-RC and arrest AR-R1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.access import P_ONLY
from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.errors import NotFound
from graph.reviews.events import record_review
from graph.reviews.withdraw import withdraw_disposal_proposal
from tests.support.reviews_graph import build, graph_state
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

TODAY = dt.datetime.now(dt.UTC).date()
NEXT = (TODAY + dt.timedelta(days=365)).isoformat()
PROPOSER = "DI Proposer"
# (kind, id, when proposed, reason), in the order they were proposed.
PROPOSED = [
    ("incident", "IN-R1", dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC), "Victim withdrew"),
    ("person", "P-R1", dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC), "No offending since 2015"),
    ("intelligence_report", "IT-RC", dt.datetime(2024, 3, 3, 9, 0, tzinfo=dt.UTC), "Source gone"),
    ("arrest", "AR-R1", dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), "NFA, no further value"),
]
NEWEST_FIRST = [(kind, rid) for kind, rid, _, _ in reversed(PROPOSED)]

LIST = """
query Proposed($kinds: [String!], $first: Int!, $after: String) {
  disposalProposals(kinds: $kinds, first: $first, after: $after) {
    totalCount
    countsByKind { kind count }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { kind id label reviewDate personId proposedAt proposedBy reason reviewId } }
  }
}"""
WITHDRAW = """
mutation Withdraw($kind: String!, $id: ID!, $reason: String!, $next: Date!, $expected: Date) {
  withdrawDisposalProposal(kind: $kind, id: $id, reason: $reason, nextReviewDate: $next,
                           expectedReviewDate: $expected) {
    ok
    errors { field code message }
    review { id kind recordId outcome reason by previousReviewDate nextReviewDate source }
  }
}"""


def propose_all(driver: Driver, database: str) -> None:
    for kind, record_id, at, reason in PROPOSED:
        record_review(driver, database, kind, record_id, "flag_for_disposal", reason, None,
                      PROPOSER, at, event_id=f"RV-PROP-{record_id}")


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    build(db, neo4j_connection.database)
    propose_all(db, neo4j_connection.database)
    return live_server


def proposals(server: LiveServer, role: str = "supervisor", **variables: Any) -> dict[str, Any]:
    body = graphql(server, LIST, role, **{"first": 50, **variables})
    assert "errors" not in body, body
    return body["data"]["disposalProposals"]


def keys(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["node"]["kind"], e["node"]["id"]) for e in answer["edges"]]


def withdraw(server: LiveServer, kind: str, record_id: str, reason: str = "New intelligence",
             next: str | None = NEXT, expected: str | None = None,
             role: str = "supervisor") -> dict[str, Any]:
    body = graphql(server, WITHDRAW, role, kind=kind, id=record_id, reason=reason, next=next,
                   expected=expected)
    assert "errors" not in body, body
    return body["data"]["withdrawDisposalProposal"]


def test_proposals_newest_first_with_who_when_and_why(api: LiveServer) -> None:
    answer = proposals(api)
    assert keys(answer) == NEWEST_FIRST
    assert answer["totalCount"] == 4
    assert {c["kind"]: c["count"] for c in answer["countsByKind"]} == {
        "person": 1, "arrest": 1, "incident": 1, "intelligence_report": 1}
    nodes = {e["node"]["id"]: e["node"] for e in answer["edges"]}
    arrest = nodes["AR-R1"]
    assert arrest["label"] == "Arrest of Amira Khan on 2019-05-02 (nfa)"  # as reviewsDue shows
    assert arrest["personId"] == "P-R1" and arrest["reviewDate"] == "2021-03-01"
    assert arrest["proposedAt"] == "2024-03-04T09:00:00+00:00"
    assert arrest["proposedBy"] == PROPOSER and arrest["reason"] == "NFA, no further value"
    assert arrest["reviewId"] == "RV-PROP-AR-R1"
    assert nodes["IN-R1"]["label"] == "Incident: domestic abuse on 2019-05-01, Amira Khan"
    assert nodes["P-R1"]["label"] == "Amira Khan" and nodes["P-R1"]["reviewDate"] == "2020-01-10"
    # None of them is due any more; everything else due still is.
    due = graphql(api, "{ reviewsDue(first: 100) { edges { node { id } } } }")
    due_ids = {e["node"]["id"] for e in due["data"]["reviewsDue"]["edges"]}
    assert not due_ids & {rid for _, rid, _, _ in PROPOSED}
    assert {"IN-R2", "IT-RP", "FL-R1", "P-R4"} <= due_ids


def test_pages_and_kind_filter(api: LiveServer) -> None:
    first = proposals(api, first=3)
    assert keys(first) == NEWEST_FIRST[:3] and first["pageInfo"]["hasNextPage"] is True
    second = proposals(api, first=3, after=first["pageInfo"]["endCursor"])
    assert keys(second) == NEWEST_FIRST[3:] and second["pageInfo"]["hasNextPage"] is False
    assert second["pageInfo"]["hasPreviousPage"] is True
    people = proposals(api, kinds=["person", "incident"])
    assert keys(people) == [("person", "P-R1"), ("incident", "IN-R1")]
    assert people["totalCount"] == 2
    assert {c["kind"]: c["count"] for c in people["countsByKind"]}["arrest"] == 1


def test_c_report_hidden_from_an_officer_even_in_the_counts(api: LiveServer) -> None:
    officer = proposals(api, "officer")
    assert keys(officer) == [k for k in NEWEST_FIRST if k[1] != "IT-RC"]
    assert officer["totalCount"] == 3
    assert {c["kind"]: c["count"] for c in officer["countsByKind"]}["intelligence_report"] == 0
    assert "IT-RC" not in str(officer)
    only = proposals(api, "officer", kinds=["intelligence_report"])
    assert only["edges"] == [] and only["totalCount"] == 0
    assert ("intelligence_report", "IT-RC") in keys(proposals(api, "analyst"))


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_roles_without_read_persons_are_refused(api: LiveServer, role: str) -> None:
    body = graphql(api, LIST, role, first=10)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and not body.get("data")


def test_a_flag_or_unknown_kind_is_bad_input(api: LiveServer) -> None:
    for kinds in (["flag"], ["person", "vehicle"]):
        body = graphql(api, LIST, "analyst", first=10, kinds=kinds)
        error = body["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "kinds"}, body
        assert "proposed for disposal" in error["message"]


def test_the_listing_is_audited(api: LiveServer, db: Driver) -> None:
    proposals(api, "officer")
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry {action: 'disposal-proposals'}) RETURN e { .* } AS e "
        "ORDER BY e.seq DESC LIMIT 1")
    assert records, "no audit entry for the listing"
    entry = records[0]["e"]
    assert entry["user"] == user_name("officer") and entry["role"] == "officer"
    assert {"AR-R1", "P-R1", "IN-R1"} <= set(entry["subject_ids"])
    assert "IT-RC" not in entry["subject_ids"]


def test_withdraw_keeps_the_record_with_a_new_date_and_both_events(
        api: LiveServer, db: Driver) -> None:
    answer = withdraw(api, "person", "P-R1", "Linked to a new investigation",
                      expected="2020-01-10")
    assert answer["ok"] is True and answer["errors"] == [], answer
    event = answer["review"]
    assert event["id"].startswith("RV-") and event["outcome"] == "withdraw_disposal"
    assert (event["kind"], event["recordId"]) == ("person", "P-R1")
    assert event["previousReviewDate"] == "2020-01-10" and event["nextReviewDate"] == NEXT
    assert event["by"] == user_name("supervisor") and event["source"] == "nexus:reviews-due"
    records, _, _ = db.execute_query(
        "MATCH (p:Person {id: 'P-R1'}) "
        "RETURN p.review_date AS date, p.disposal_proposed_at AS proposed, "
        "  p.review_lock AS lock, "
        "  [(p)-[:HAS_REVIEW]->(e) | e.outcome + ':' + e.reason] AS events")
    row = records[0]
    assert row["date"].to_native().isoformat() == NEXT
    assert row["proposed"] is None and row["lock"] is None
    assert sorted(row["events"]) == ["flag_for_disposal:No offending since 2015",
                                     "withdraw_disposal:Linked to a new investigation"]
    assert ("person", "P-R1") not in keys(proposals(api))
    later = graphql(api, '{ reviewsDue(before: "2199-01-01", kinds: ["person"]) '
                         '{ edges { node { id reviewDate } } } }')
    back = {e["node"]["id"]: e["node"]["reviewDate"]
            for e in later["data"]["reviewsDue"]["edges"]}
    assert back["P-R1"] == NEXT  # back on the due list, with its new date
    # The record can be reviewed (and proposed) again.
    again = graphql(api, """mutation { recordReview(kind: "person", id: "P-R1",
        outcome: "flag_for_disposal", reason: "Investigation closed") { ok } }""")
    assert again["data"]["recordReview"]["ok"] is True
    latest = {e["node"]["id"]: e["node"] for e in proposals(api)["edges"]}["P-R1"]
    assert latest["reason"] == "Investigation closed"  # the standing proposal, not the first
    assert latest["reviewDate"] == NEXT


@pytest.mark.parametrize(("kind", "record_id", "reason", "next", "expected", "code", "field"), [
    ("person", "P-R4", "why", NEXT, None, "CONFLICT", None),  # due, never proposed
    ("person", "P-NOPE", "why", NEXT, None, "NOT_FOUND", "id"),
    ("arrest", "P-R1", "why", NEXT, None, "NOT_FOUND", "id"),  # right id, wrong kind
    ("flag", "FL-R1", "why", NEXT, None, "INVALID", "kind"),
    ("Person) DETACH DELETE (n", "P-R1", "why", NEXT, None, "INVALID", "kind"),
    ("person", "P-R1", "  ", NEXT, None, "INVALID", "reason"),
    ("person", "P-R1", "x" * 2001, NEXT, None, "INVALID", "reason"),
    ("person", "P-R1", "why", TODAY.isoformat(), None, "INVALID", "nextReviewDate"),
    ("person", "P-R1", "why", "2020-01-01", None, "INVALID", "nextReviewDate"),
    ("person", "P-R1", "why", NEXT, "2019-12-31", "CONFLICT", None),  # stale expected date
])
def test_every_withdraw_error_is_typed_and_writes_nothing(
        api: LiveServer, db: Driver, kind: str, record_id: str, reason: str, next: str,
        expected: str | None, code: str, field: str | None) -> None:
    before = graph_state(db)
    answer = withdraw(api, kind, record_id, reason, next, expected)
    assert answer["ok"] is False and answer["review"] is None
    error = answer["errors"][0]
    assert (error["code"], error["field"]) == (code, field), error
    assert error["message"]
    assert graph_state(db) == before


def test_a_missing_next_date_is_refused_by_the_schema(api: LiveServer, db: Driver) -> None:
    before = graph_state(db)
    body = graphql(api, WITHDRAW, kind="person", id="P-R1", reason="why", next=None)
    assert body["errors"] and not body.get("data")
    assert "nextReviewDate" in body["errors"][0]["message"] or "$next" in body["errors"][0][
        "message"]
    assert graph_state(db) == before


def test_a_c_report_reads_as_not_found_for_a_role_without_c(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    before = graph_state(db)
    next_date = TODAY + dt.timedelta(days=30)
    messages = []
    for record_id in ("IT-RC", "IT-NONE"):
        with pytest.raises(NotFound) as caught:
            withdraw_disposal_proposal(db, neo4j_connection.database, "intelligence_report",
                                       record_id, "why", next_date, "officer-x",
                                       clearance=P_ONLY)
        messages.append(str(caught.value).replace(record_id, "ID"))
    assert messages[0] == messages[1]
    assert graph_state(db) == before
    assert withdraw(api, "intelligence_report", "IT-RC")["ok"] is True  # a role that sees C


def test_a_retry_with_the_same_event_id_writes_one_event(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    args = (db, neo4j_connection.database, "arrest", "AR-R1", "why",
            TODAY + dt.timedelta(days=90), "sup")
    first = withdraw_disposal_proposal(*args, event_id="RV-WD-RETRY")
    second = withdraw_disposal_proposal(*args, event_id="RV-WD-RETRY")
    assert first == second and first.previous_review_date == dt.date(2021, 3, 1)
    assert first.outcome == "withdraw_disposal"
    records, _, _ = db.execute_query(
        "MATCH (:Arrest {id: 'AR-R1'})-[:HAS_REVIEW]->(e {outcome: 'withdraw_disposal'}) "
        "RETURN count(e) AS n")
    assert records[0]["n"] == 1
    # A new withdrawal (another id) of the same record finds nothing left to withdraw.
    again = withdraw(api, "arrest", "AR-R1")
    assert again["errors"][0]["code"] == "CONFLICT"
    assert "not proposed for disposal" in again["errors"][0]["message"]


def test_a_withdrawal_is_audited(api: LiveServer, db: Driver) -> None:
    answer = withdraw(api, "incident", "IN-R1")
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) WHERE e.action CONTAINS 'change:withdraw-disposal' "
        "RETURN e { .* } AS e ORDER BY e.seq DESC LIMIT 1")
    assert records, "no audit entry for the withdrawal"
    entry = records[0]["e"]
    assert entry["user"] == user_name("supervisor") and entry["outcome"] == "ok"
    assert {"IN-R1", answer["review"]["id"]} <= set(entry["subject_ids"])
    assert "withdraw_disposal" in entry["detail"] and NEXT in entry["detail"]


@pytest.mark.parametrize("role", ["officer", "analyst", "auditor", "admin"])
def test_only_supervisors_withdraw(api: LiveServer, db: Driver, role: str) -> None:
    before = graph_state(db)
    body = graphql(api, WITHDRAW, role, kind="person", id="P-R1", reason="why", next=NEXT)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    assert graph_state(db) == before


def test_cli_prints_the_proposals(api: LiveServer, neo4j_connection: Neo4jConnection,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    for name, value in (("NEO4J_URI", neo4j_connection.uri),
                        ("NEO4J_USER", neo4j_connection.user),
                        ("NEO4J_PASSWORD", neo4j_connection.password),
                        ("NEO4J_DATABASE", neo4j_connection.database),
                        ("COLUMNS", "250")):
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    result = runner.invoke(app, ["reviews", "proposed"])
    assert result.exit_code == 0, result.output
    ids = ("AR-R1", "IT-RC", "IN-R1", "P-R1")  # P-R1 last: it is the others' person too
    order = [next(rid for rid in ids if f" {rid} " in line)
             for line in result.output.splitlines() if any(f" {rid} " in line for rid in ids)]
    assert order == ["AR-R1", "IT-RC", "P-R1", "IN-R1"]  # the CLI sees C, newest first
    assert "2024-03-04 09:00" in result.output and PROPOSER in result.output
    assert "NFA, no further value" in result.output
    assert "4 proposed; showing 4" in result.output
    only = runner.invoke(app, ["reviews", "proposed", "--kind", "person"])
    assert only.exit_code == 0 and "1 proposed; showing 1" in only.output
    bad = runner.invoke(app, ["reviews", "proposed", "--kind", "flag"])
    assert bad.exit_code == 2 and "proposed for disposal" in bad.output
