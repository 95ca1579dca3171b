"""`nexus stats` counts every label and relationship type the model writes, exactly."""

from __future__ import annotations

import json
import subprocess
import sys

from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records.stats import LABELS, RELATIONSHIP_TYPES, graph_stats
from synthetic.city import DemoData, load_demo
from tests.support.cli import cli_env


def test_stats_match_a_full_scan_and_the_cli(db: Driver,
                                             neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    empty = graph_stats(db, database)
    assert empty.total_nodes == 0 and empty.total_relationships == 0
    load_demo(db, database, DemoData(250, 3), batch_size=1000)
    stats = graph_stats(db, database)

    # An independent count: scan every node and relationship.
    records, _, _ = db.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n", database_=database)
    scanned_nodes = {r["label"]: r["n"] for r in records if r["label"] in LABELS}
    records, _, _ = db.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", database_=database)
    scanned_rels = {r["type"]: r["n"] for r in records if r["type"] in RELATIONSHIP_TYPES}

    # The demo writes every label of the model and most relationship types.
    assert set(scanned_nodes) == set(LABELS)
    assert len(scanned_rels) >= 25
    assert {k: v for k, v in stats.nodes.items() if v} == scanned_nodes
    assert {k: v for k, v in stats.relationships.items() if v} == scanned_rels
    assert stats.nodes["Person"] == 250 and stats.relationships["CO_OFFENDER"] > 0

    done = subprocess.run([sys.executable, "-m", "cli", "stats", "--json"],
                          env=cli_env(neo4j_connection), capture_output=True, text=True,
                          timeout=120, check=True)
    printed = json.loads(done.stdout)
    assert printed["nodes"] == stats.nodes
    assert printed["relationships"] == stats.relationships
    assert printed["total_nodes"] == sum(scanned_nodes.values())
    assert printed["total_relationships"] == sum(scanned_rels.values())
