"""The generic association kind `associate` (ASSOCIATE): a link whose nature the source
does not say. It is written, drawn, filtered, followed by paths and counted by the
analytics like every other association, and it is never a friendship. Real Neo4j."""

from __future__ import annotations

from neo4j import Driver

from graph.access import FULL
from graph.analytics.network import PERSON_TYPES as ANALYTICS_TYPES
from graph.analytics.network import project
from graph.db.settings import Neo4jConnection
from graph.explorer.network import ASSOCIATION_TYPES, ego_network, shortest_paths
from graph.history.picture import EDGE_STYLES
from graph.history.queries import NETWORK_TYPES
from graph.history.queries import PERSON_TYPES as HISTORY_TYPES
from graph.models import ASSOCIATION_KINDS
from graph.records import write_records
from tests.support.factories import Source

SOURCE = Source("test:associate", "PC 1AB", "2024-01-02T10:00:00Z")


def _graph(db: Driver, database: str) -> None:
    """P-1 ASSOCIATE P-2 FRIEND P-3; P-1 ASSOCIATE P-4 (graded C: out of the analytics)."""
    write_records(db, database, {
        "person": [SOURCE.row(id=pid, family_name=pid[2:]) for pid in
                   ("P-1", "P-2", "P-3", "P-4")],
        "association": [
            SOURCE.row(id="AS-1", kind="associate", person_id="P-1", other_person_id="P-2",
                       detail="known associate"),
            SOURCE.row(id="AS-2", kind="friend", person_id="P-2", other_person_id="P-3"),
            SOURCE.row(id="AS-3", kind="associate", person_id="P-1", other_person_id="P-4",
                       source_evaluation="2", intelligence_assessment="B", handling_code="C",
                       handling_conditions="Not outside the unit")],
    })


def test_associate_is_one_of_every_closed_set() -> None:
    assert ASSOCIATION_KINDS["associate"] == "ASSOCIATE"
    assert ASSOCIATION_TYPES["ASSOCIATE"] == "ASSOCIATE"
    assert "ASSOCIATE" in EDGE_STYLES and EDGE_STYLES["ASSOCIATE"] != EDGE_STYLES["FRIEND"]
    for pattern in (ANALYTICS_TYPES, HISTORY_TYPES, NETWORK_TYPES):   # analytics, histories
        assert "ASSOCIATE" in pattern.split("|")


def test_associate_links_in_networks_paths_and_analytics(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    _graph(db, database)
    records, _, _ = db.execute_query(
        "MATCH (:Person {id: 'P-1'})-[r]->(:Person {id: 'P-2'}) RETURN type(r) AS t, "
        "r.detail AS d", database_=database)
    assert [(r["t"], r["d"]) for r in records] == [("ASSOCIATE", "known associate")]

    network = ego_network(db, database, "P-1", depth=2, clearance=FULL)
    assert {(e["source"], e["target"], e["kind"]) for e in network.edges} >= {
        ("P-1", "P-2", "ASSOCIATE"), ("P-2", "P-3", "FRIEND")}
    only = ego_network(db, database, "P-1", depth=2, kinds=["ASSOCIATE"], clearance=FULL)
    assert {e["kind"] for e in only.edges} == {"ASSOCIATE"}
    assert "P-3" not in {n["id"] for n in only.nodes}       # reached only through FRIEND
    friends = ego_network(db, database, "P-1", depth=2, kinds=["FRIEND"], clearance=FULL)
    assert [n["id"] for n in friends.nodes] == ["P-1"]

    paths = shortest_paths(db, database, "P-1", "P-3", clearance=FULL)
    assert paths.length == 2
    assert [e["kind"] for e in sorted(paths.paths[0].edges, key=lambda e: e["id"])] == [
        "ASSOCIATE", "FRIEND"]

    projection = project(db, database)
    pairs = {tuple(sorted((projection.ids[a], projection.ids[b])))
             for a, b in projection.links}
    assert pairs == {("P-1", "P-2"), ("P-2", "P-3")}         # the C link is left out
