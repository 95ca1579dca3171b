"""`connectingNetwork` over real HTTP against the real Neo4j: kinds, hops, handling code C
and the audit entry (the graph: tests/support/api_graph.py).

    P-1 FAMILY P-2 FRIEND P-3 PHONE_CONTACT P-4; P-1 and P-5 are members of OR-1.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.audit import journal as audit_journal
from tests.support.server import LiveServer, graphql
from tests.support.users import user_name

QUERY = """query ($ids: [ID!]!, $hops: Int!, $kinds: [AssociationKind!]) {
  connectingNetwork(personIds: $ids, maxHops: $hops, kinds: $kinds) {
    centreIds nodeCount edgeCount elements } }"""


def connecting(server: LiveServer, ids: list[str], role: str = "analyst", hops: int = 3,
               kinds: list[str] | None = None) -> dict[str, Any]:
    body = graphql(server, QUERY, role, ids=ids, hops=hops, kinds=kinds)
    assert "errors" not in body, body
    network: dict[str, Any] = body["data"]["connectingNetwork"]
    return network


def shape(network: dict[str, Any]) -> tuple[set[str], set[str]]:
    elements = network["elements"]
    return {n["id"] for n in elements["nodes"]}, {e["id"] for e in elements["edges"]}


def add_c_link(db: Driver) -> None:
    """A direct FRIEND link P-1 - P-4 under handling code C (2B C)."""
    db.execute_query("""
        MATCH (p:Person {id: 'P-1'}), (q:Person {id: 'P-4'})
        CREATE (p)-[:FRIEND {id: 'AS-C14', handling_code: 'C', source_evaluation: '2',
                             intelligence_assessment: 'B', source: 't', recorded_by: 't',
                             recorded_at: datetime()}]->(q)""")


def test_the_shortest_paths_of_every_pair_and_the_links_among_their_nodes(
        graph: LiveServer) -> None:
    network = connecting(graph, ["P-2", "P-4", "P-5"])
    nodes, edges = shape(network)
    # P-2..P-4 by P-3; P-2..P-5 by P-1 and OR-1 (3 hops); P-4..P-5 through all of them.
    assert nodes == {"P-1", "P-2", "P-3", "P-4", "P-5", "OR-1"}
    assert edges == {"AS-1", "AS-2", "AS-3", "ME-1", "ME-2"}
    assert network["centreIds"] == ["P-2", "P-4", "P-5"]
    depth0 = {n["id"] for n in network["elements"]["nodes"] if n["depth"] == 0}
    assert depth0 == {"P-2", "P-4", "P-5"}


def test_kinds_and_hops_limit_the_paths(graph: LiveServer) -> None:
    # Without PHONE_CONTACT nothing reaches P-4: only the two people, no links.
    assert shape(connecting(graph, ["P-1", "P-4"], kinds=["FAMILY", "FRIEND"])) == (
        {"P-1", "P-4"}, set())
    # Three hops are needed; two find nothing.
    assert shape(connecting(graph, ["P-1", "P-4"], hops=2)) == ({"P-1", "P-4"}, set())
    nodes, edges = shape(connecting(graph, ["P-1", "P-4"], hops=3))
    assert nodes == {"P-1", "P-2", "P-3", "P-4"} and len(edges) == 3


def test_a_handling_code_c_link_is_never_used_for_a_caller_without_clearance(
        graph: LiveServer, db: Driver) -> None:
    add_c_link(db)
    analyst = connecting(graph, ["P-1", "P-4"], role="analyst")
    # Cleared: the C link is the one-hop path, and only its two ends are drawn.
    assert shape(analyst) == ({"P-1", "P-4"}, {"AS-C14"})
    officer = connecting(graph, ["P-1", "P-4"], role="officer")
    # Not cleared: the path goes the long way round, and nothing of the C link is sent.
    nodes, edges = shape(officer)
    assert nodes == {"P-1", "P-2", "P-3", "P-4"}
    assert "AS-C14" not in edges and len(edges) == 3
    assert all(e["handlingCode"] != "C" for e in officer["elements"]["edges"])
    assert "AS-C14" not in str(officer)
    # Within one hop the officer learns nothing: the two people, unconnected.
    assert shape(connecting(graph, ["P-1", "P-4"], role="officer", hops=1)) == (
        {"P-1", "P-4"}, set())


def test_each_call_is_audited_with_everyone_it_shows(graph: LiveServer, db: Driver) -> None:
    network = connecting(graph, ["P-1", "P-4"], role="analyst", kinds=["FAMILY", "FRIEND",
                                                                       "PHONE_CONTACT"])
    audit_journal.flush_all()
    records, _, _ = db.execute_query("MATCH (e:AuditEntry) RETURN e { .* } AS e "
                                     "ORDER BY e.seq DESC LIMIT 1")
    entry = records[0]["e"]
    assert entry["action"] == "connecting-network"
    assert entry["user"] == user_name("analyst")
    assert shape(network)[0] <= set(entry["subject_ids"])
    assert "maxHops=3" in str(entry.get("detail")) and "PHONE_CONTACT" in str(entry.get("detail"))


def test_refused_without_read_persons_and_with_too_few_people(graph: LiveServer) -> None:
    auditor = graphql(graph, QUERY, "auditor", ids=["P-1", "P-4"], hops=3, kinds=None)
    assert auditor["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert auditor["data"] is None
    same = graphql(graph, QUERY, "analyst", ids=["P-1", "P-1"], hops=3, kinds=None)
    assert same["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
