"""The auditor's view over HTTP: the audit log filtered by user, person, period, action,
purpose and outcome; refused attempts in it; the CSV export, itself audited; and the
supervisor's "who consulted this person"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

import httpx

from api.auth import issue_token
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

LOG = """query ($user: String, $personId: ID, $action: String, $purpose: String,
    $outcome: String, $since: Date, $until: Date) {
  auditLog(first: 50, user: $user, personId: $personId, action: $action, purpose: $purpose,
           outcome: $outcome, since: $since, until: $until) {
    totalCount
    edges { node { user role action subjectIds purpose caseReference outcome detail } } } }"""
EXPORT = """query ($purpose: String, $outcome: String) {
  auditExport(purpose: $purpose, outcome: $outcome) { csv rows total truncated } }"""


def _as(server: LiveServer, role: str, purpose: str, query: str,
        case: str | None = None, **variables: Any) -> dict[str, Any]:
    token = issue_token(user_name(role), purpose, case)
    response = httpx.post(f"{server.url}/graphql", timeout=30,
                          headers={"Authorization": f"Bearer {token}"},
                          json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


def _log(server: LiveServer, role: str = "auditor", **filters: Any) -> list[dict[str, Any]]:
    body = graphql(server, LOG, role, **filters)
    assert not body.get("errors"), body
    return [edge["node"] for edge in body["data"]["auditLog"]["edges"]]


def test_the_auditor_finds_who_consulted_whom_and_why(graph: LiveServer) -> None:
    op = f"Op Larch {uuid.uuid4().hex[:6]}"
    _as(graph, "officer", f"{op} custody", '{ person(id: "P-1") { id } }', case="CASE-9")
    _as(graph, "analyst", f"{op} review", '{ searchPeople(query: "Hassan") { totalCount } }')
    refused = _as(graph, "officer", f"{op} nosing", "{ auditLog(first: 5) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    mine = _log(graph, purpose=op.upper())
    assert {(e["user"], e["outcome"]) for e in mine} == {
        (user_name("officer"), "ok"), (user_name("analyst"), "ok"),
        (user_name("officer"), "refused")}
    officer = _log(graph, purpose=op, user=user_name("officer"), action="person")
    assert len(officer) == 1
    assert officer[0]["subjectIds"] == ["P-1"] and officer[0]["caseReference"] == "CASE-9"
    assert officer[0]["purpose"] == f"{op} custody"
    attempts = _log(graph, purpose=op, outcome="refused")
    assert [e["purpose"] for e in attempts] == [f"{op} nosing"]
    assert attempts[0]["detail"] == "refused auditLog"  # what was attempted
    consulted_p1 = _log(graph, purpose=op, personId="P-1")  # the search's hits name P-1 too
    assert {e["action"] for e in consulted_p1} == {"person", "search"}
    today = dt.datetime.now(dt.UTC).date()
    assert len(_log(graph, purpose=op, since=str(today), until=str(today))) == 3
    assert _log(graph, purpose=op, until=str(today - dt.timedelta(days=1))) == []


def test_a_backwards_period_is_refused_as_bad_input(graph: LiveServer) -> None:
    body = graphql(graph, LOG, "auditor", since="2026-02-01", until="2026-01-01")
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "until"}


def test_the_export_is_the_filtered_view_as_csv_and_is_audited(graph: LiveServer) -> None:
    op = f"Op Birch {uuid.uuid4().hex[:6]}"
    for pid in ("P-1", "P-2"):
        _as(graph, "analyst", op, f'{{ person(id: "{pid}") {{ id }} }}')
    body = graphql(graph, EXPORT, "auditor", purpose=op)
    assert not body.get("errors"), body
    export = body["data"]["auditExport"]
    assert (export["rows"], export["total"], export["truncated"]) == (2, 2, False)
    rows = list(csv.DictReader(io.StringIO(export["csv"])))
    assert sorted(r["subject_ids"] for r in rows) == ["P-1", "P-2"]
    assert {r["user"] for r in rows} == {user_name("analyst")}
    # The export is an audit entry of its own, naming the filter it used.
    exports = [e for e in _log(graph, action="audit-export", user=user_name("auditor"))]
    assert exports and exports[0]["action"] == "audit-export"
    detail = graphql(graph, '{ auditLog(first: 1, action: "audit-export") '
                            "{ edges { node { detail } } } }", "auditor")
    assert f"purpose={op}" in detail["data"]["auditLog"]["edges"][0]["node"]["detail"]


def test_the_supervisor_sees_who_consulted_one_person_only(graph: LiveServer) -> None:
    op = f"Op Cedar {uuid.uuid4().hex[:6]}"
    _as(graph, "officer", op, '{ person(id: "P-2") { id } }')
    seen = _log(graph, "supervisor", personId="P-2", purpose=op)
    assert [(e["user"], e["action"]) for e in seen] == [(user_name("officer"), "person")]
    whole = graphql(graph, LOG, "supervisor", purpose=op)
    assert whole["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = graphql(graph, EXPORT, "supervisor", purpose=op)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # ...and those refusals are in the log for the auditor.
    attempts = _log(graph, user=user_name("supervisor"), outcome="refused")
    assert len(attempts) >= 2
