"""The MOPI review-due list (`reviewsDue`, `nexus reviews due`) against the real Neo4j,
over real HTTP.

The graph (tests/support/reviews_graph.py) holds records of every reviewed kind with
review dates in the past, in the far future and none, a cleared flag whose review date has
passed, and two intelligence reports on the same kind of date: one handling code P, one C.
"Due" is asked as at 2024-06-30 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.reviews.due import REVIEWED_KINDS
from tests.support.neo4j import wipe_graph
from tests.support.reviews_graph import BEFORE, LONG_SUMMARY, build
from tests.support.server import LiveServer, auth_headers

# (kind, id) in the order an analyst sees them as at BEFORE: review date, then kind.
DUE_FOR_ANALYST = [
    ("incident", "IN-R1"), ("person", "P-R1"),                  # both 2020-01-10
    ("incident", "IN-R2"), ("arrest", "AR-R1"),
    ("intelligence_report", "IT-RP"), ("intelligence_report", "IT-RC"),
    ("flag", "FL-R1"), ("person", "P-R4"),
]
DUE_FOR_OFFICER = [row for row in DUE_FOR_ANALYST if row[1] != "IT-RC"]

QUERY = """
query Due($before: Date, $kinds: [String!], $first: Int!, $after: String) {
  reviewsDue(before: $before, kinds: $kinds, first: $first, after: $after) {
    totalCount
    countsByKind { kind count }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { kind id label reviewDate daysOverdue personId } }
  }
}"""


@pytest.fixture(scope="module")
def api(live_server: LiveServer, driver: Driver,
        neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    wipe_graph(driver, neo4j_connection.database)
    build(driver, neo4j_connection.database)
    yield live_server


def post(server: LiveServer, role: str, **variables: Any) -> dict[str, Any]:
    variables = {"first": 50, **variables}
    response = httpx.post(f"{server.url}/graphql", json={"query": QUERY, "variables": variables},
                          headers=auth_headers(role), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def due(server: LiveServer, role: str = "analyst", **variables: Any) -> dict[str, Any]:
    body = post(server, role, **variables)
    assert "errors" not in body, body
    return body["data"]["reviewsDue"]


def keys(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["node"]["kind"], e["node"]["id"]) for e in answer["edges"]]


def counts(answer: dict[str, Any]) -> dict[str, int]:
    return {c["kind"]: c["count"] for c in answer["countsByKind"]}


def test_only_due_records_in_review_date_then_kind_order(api: LiveServer) -> None:
    answer = due(api, before=BEFORE)
    assert keys(answer) == DUE_FOR_ANALYST
    assert answer["totalCount"] == len(DUE_FOR_ANALYST)
    assert counts(answer) == {"person": 2, "arrest": 1, "incident": 2,
                              "intelligence_report": 2, "flag": 1}
    assert set(counts(answer)) == set(REVIEWED_KINDS)
    assert answer["pageInfo"]["hasNextPage"] is False
    nodes = {e["node"]["id"]: e["node"] for e in answer["edges"]}
    today = dt.date.today()
    assert nodes["P-R1"]["reviewDate"] == "2020-01-10"
    assert nodes["P-R1"]["daysOverdue"] == (today - dt.date(2020, 1, 10)).days
    # Labels and the person each record concerns.
    assert nodes["P-R1"]["label"] == "Amira Khan" and nodes["P-R1"]["personId"] == "P-R1"
    assert nodes["AR-R1"]["label"] == "Arrest of Amira Khan on 2019-05-02 (nfa)"
    assert nodes["AR-R1"]["personId"] == "P-R1"
    assert nodes["IN-R1"]["label"] == "Incident: domestic abuse on 2019-05-01, Amira Khan"
    assert nodes["IN-R1"]["personId"] == "P-R1"
    assert nodes["IN-R2"]["label"] == "Incident: assault on 2019-07-01, 2 people"
    assert nodes["IN-R2"]["personId"] is None  # two people: none is "the" person
    assert nodes["FL-R1"]["label"] == "high harm flag: Bogdan Ionescu"
    assert nodes["FL-R1"]["personId"] == "P-R2"
    report = nodes["IT-RP"]["label"]
    assert len(report) == 80 and report.endswith("…") and LONG_SUMMARY.startswith(report[:-1])
    assert nodes["IT-RP"]["personId"] == "P-R2"
    # Not due: a computed review date still to come (P-R3, IN-R3), a future one, a cleared flag.
    assert not {"P-R2", "P-R3", "IN-R3", "AR-R2", "FL-R2"} & set(nodes)


def test_default_is_today_and_a_later_date_shows_what_is_coming(api: LiveServer) -> None:
    today = due(api)
    assert keys(today) == DUE_FOR_ANALYST  # every past date is due today; 2099 is not
    later = due(api, before="2099-12-31")
    upcoming = {e["node"]["id"]: e["node"] for e in later["edges"]}
    # P-R3 and IN-R3 come up too: their dates are computed by their MOPI group (2030).
    assert {"P-R2", "AR-R2", "P-R3", "IN-R3"} <= set(upcoming) and later["totalCount"] == 12
    assert upcoming["P-R2"]["daysOverdue"] == (dt.date.today() - dt.date(2099, 1, 1)).days < 0
    assert keys(later)[-2:] == [("arrest", "AR-R2"), ("person", "P-R2")]


def test_pages_with_cursors_cover_the_list_once(api: LiveServer) -> None:
    seen: list[tuple[str, str]] = []
    after = None
    pages = 0
    while True:
        page = due(api, before=BEFORE, first=3, after=after)
        assert page["totalCount"] == len(DUE_FOR_ANALYST)
        assert page["pageInfo"]["hasPreviousPage"] is (pages > 0)
        seen += keys(page)
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == DUE_FOR_ANALYST


def test_kind_filter_keeps_every_count(api: LiveServer) -> None:
    answer = due(api, before=BEFORE, kinds=["flag", "person"])
    assert keys(answer) == [("person", "P-R1"), ("flag", "FL-R1"), ("person", "P-R4")]
    assert answer["totalCount"] == 3
    assert counts(answer)["intelligence_report"] == 2  # the chips still show every kind


def test_handling_code_c_is_hidden_from_an_officer_even_in_the_counts(api: LiveServer) -> None:
    officer = due(api, "officer", before=BEFORE)
    assert keys(officer) == DUE_FOR_OFFICER
    assert officer["totalCount"] == len(DUE_FOR_OFFICER)
    assert counts(officer)["intelligence_report"] == 1
    only_reports = due(api, "officer", before=BEFORE, kinds=["intelligence_report"])
    assert keys(only_reports) == [("intelligence_report", "IT-RP")]
    assert only_reports["totalCount"] == 1
    supervisor = due(api, "supervisor", before=BEFORE)
    assert ("intelligence_report", "IT-RC") in keys(supervisor)


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_roles_without_read_persons_are_refused(api: LiveServer, role: str) -> None:
    body = post(api, role, before=BEFORE)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert not body.get("data")


def test_bad_input_gets_a_clear_error(api: LiveServer) -> None:
    bad_date = post(api, "analyst", before="2024-13-45")
    assert not bad_date.get("data")
    message = bad_date["errors"][0]["message"]
    assert "Date" in message and "2024-13-45" in message, message
    bad_kind = post(api, "analyst", before=BEFORE, kinds=["person", "Vehicle"])
    error = bad_kind["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "kinds"}
    assert "Vehicle" in error["message"] and "intelligence_report" in error["message"]
    too_many = post(api, "analyst", before=BEFORE, first=1000)
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_listing_is_audited_with_what_it_showed(api: LiveServer, driver: Driver,
                                                    neo4j_connection: Neo4jConnection) -> None:
    due(api, "officer", before=BEFORE)
    audit_journal.flush_all()
    records, _, _ = driver.execute_query(
        "MATCH (e:AuditEntry {action: 'reviews-due'}) RETURN e { .* } AS e "
        "ORDER BY e.seq DESC LIMIT 1", database_=neo4j_connection.database)
    entry = records[0]["e"]
    assert entry["user"] == "test-officer" and entry["role"] == "officer"
    assert {"P-R1", "AR-R1", "IN-R2", "FL-R1", "P-R2", "IT-RP"} <= set(entry["subject_ids"])
    assert "IT-RC" not in entry["subject_ids"]
    assert "before=2024-06-30" in entry["detail"]


def test_cli_prints_the_table(api: LiveServer, neo4j_connection: Neo4jConnection,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    for name, value in (("NEO4J_URI", neo4j_connection.uri),
                        ("NEO4J_USER", neo4j_connection.user),
                        ("NEO4J_PASSWORD", neo4j_connection.password),
                        ("NEO4J_DATABASE", neo4j_connection.database),
                        ("COLUMNS", "200")):
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    result = runner.invoke(app, ["reviews", "due", "--before", BEFORE, "--kind", "person",
                                 "--kind", "arrest"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "P-R" in line or "AR-R" in line]
    assert [next(i for i in ("AR-R1", "P-R4", "P-R1") if i in line) for line in lines] == [
        "P-R1", "AR-R1", "P-R4"]
    assert "Arrest of Amira Khan" in result.output
    assert "3 due; showing 3" in result.output and "intelligence report 2" in result.output
    bad = runner.invoke(app, ["reviews", "due", "--before", "30/06/2024"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    unknown = runner.invoke(app, ["reviews", "due", "--kind", "vehicle"])
    assert unknown.exit_code == 2 and "unknown record kind" in unknown.output
