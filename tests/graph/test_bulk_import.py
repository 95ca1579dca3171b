"""The bulk route (neo4j-admin import) builds the very graph the transactional writer builds.

The same synthetic demo is loaded through `load_demo` (write_batch) into the shared test
server and through `bulk_load` into a dedicated local server started here (the bulk
route stops and restarts its server, which the shared one must never be). The two graphs
are compared record by record: labels, every property with its Neo4j type (temporal
zones included), every relationship's type, ends and properties.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j.time
import pytest
from neo4j import Driver

from graph.db import migrations
from graph.db.driver import open_driver
from graph.db.localserver import LocalNeo4j
from graph.db.settings import Neo4jConnection, load_settings
from graph.ingest import ImportReport, export_rows
from graph.ingest.bulk import BulkRefused
from graph.ingest.bulk_run import bulk_load, demo_fill, folder_fill, refusal
from graph.records import KINDS
from graph.records.kinds import NodeKind
from synthetic.city import DemoData, load_demo
from synthetic.city.loader import validated_batches
from tests.support.ports import free_port

PERSONS, SEED = 200, 11
RECORD_LABELS = sorted({kind.label for kind in KINDS.values() if isinstance(kind, NodeKind)})

# Every record node and every relationship between record nodes, with its properties.
NODES = """
MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN labels(n) AS labels, properties(n) AS props
"""
RELS = """
MATCH (a)-[r]->(b)
WHERE any(label IN labels(a) WHERE label IN $labels)
  AND any(label IN labels(b) WHERE label IN $labels)
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""


@pytest.fixture(scope="module")
def bulk_server() -> Iterator[tuple[LocalNeo4j, Neo4jConnection, Path]]:
    settings = load_settings()
    folder = Path(tempfile.mkdtemp(prefix="nexus-bulk-neo4j-"))
    server = LocalNeo4j(directory=folder / "neo4j", runtime_dir=settings.runtime_dir,
                        version=settings.neo4j_version, port=free_port(),
                        heap="512m", pagecache="256m")
    server.start()
    connection = Neo4jConnection(server.uri, "neo4j", server.password(), "neo4j", False)
    try:
        with open_driver(connection) as driver:  # as `make run`: migrate, then the demo
            migrations.migrate(driver, "neo4j")
        yield server, connection, folder
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _value(value: Any) -> Any:
    """A property value with its Neo4j type: temporal values keep their zone."""
    if isinstance(value, neo4j.time.DateTime):
        return ("DateTime", value.iso_format(), str(value.tzinfo))
    if isinstance(value, neo4j.time.Date):
        return ("Date", value.iso_format())
    if isinstance(value, list):
        return ("List", tuple(_value(item) for item in value))
    return (type(value).__name__, value)


def _props(props: dict[str, Any], skip: tuple[str, ...] = ()) -> tuple[Any, ...]:
    return tuple(sorted((name, _value(value)) for name, value in props.items()
                        if name not in skip))


def snapshot(driver: Driver, database: str) -> dict[str, Any]:
    with driver.session(database=database) as session:
        nodes = sorted((tuple(sorted(record["labels"])), _props(record["props"]))
                       for record in session.run(NODES, labels=RECORD_LABELS))
        # A derived co-offender link is stamped with the moment it was derived.
        rels = sorted((record["type"], record["start"], record["end"],
                       _props(record["props"],
                              ("recorded_at",) if record["type"] == "CO_OFFENDER" else ()))
                      for record in session.run(RELS, labels=RECORD_LABELS))
    return {
        "labels": Counter(node[0] for node in nodes),
        "types": Counter(rel[0] for rel in rels),
        "nodes": nodes,
        "rels": rels,
        "digest": hashlib.sha256(repr((nodes, rels)).encode()).hexdigest(),
    }


def _difference(want: tuple[Any, ...], have: tuple[Any, ...]) -> str:
    wanted, had = dict(want), dict(have)
    return "; ".join(f"{name}: writer {wanted.get(name)!r}, bulk {had.get(name)!r}"
                     for name in sorted(wanted.keys() | had.keys())
                     if wanted.get(name) != had.get(name)) or "same properties"


@pytest.mark.timeout(1200)
def test_bulk_route_builds_the_graph_the_writer_builds(
        db: Driver, neo4j_connection: Neo4jConnection,
        bulk_server: tuple[LocalNeo4j, Neo4jConnection, Path]) -> None:
    load_demo(db, neo4j_connection.database, DemoData(PERSONS, SEED))
    expected = snapshot(db, neo4j_connection.database)

    server, connection, folder = bulk_server
    result = bulk_load(server, connection, demo_fill(validated_batches(DemoData(PERSONS, SEED))),
                       work_dir=folder, by="test")
    with open_driver(connection) as driver:
        got = snapshot(driver, "neo4j")
        applied = migrations.status(driver, "neo4j")

    assert result.total_rows == sum(DemoData(PERSONS, SEED).counts().values())
    assert result.co_offender_pairs > 0
    assert got["labels"] == expected["labels"]
    assert got["types"] == expected["types"]
    assert "CO_OFFENDER" in got["types"] and "HAS_EVENT" in got["types"]
    for want, have in zip(expected["nodes"], got["nodes"], strict=True):
        assert have == want, _difference(want[1], have[1])
    for want, have in zip(expected["rels"], got["rels"], strict=True):
        assert have == want, (want[:3], _difference(want[3], have[3]))
    assert got["digest"] == expected["digest"]
    # The migrations ran on the loaded data: all applied, as after `nexus migrate`.
    assert {state.state for state in applied} == {"applied"}


@pytest.mark.timeout(900)
def test_bulk_import_of_a_folder_reports_bad_rows_and_loads_the_rest(
        bulk_server: tuple[LocalNeo4j, Neo4jConnection, Path], tmp_path: Path) -> None:
    server, connection, folder = bulk_server
    with open_driver(connection) as driver, driver.session(database="neo4j") as session:
        # The database an earlier test loaded, emptied (IN TRANSACTIONS: implicit only).
        session.run("MATCH (n) WHERE NOT n:__Neo4jMigration "
                    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    data = DemoData(30, 3)
    export_rows(tmp_path, ((kind, rows) for kind, _, rows in data.streams()))
    homes = tmp_path / "lives_at.jsonl"
    lines = homes.read_text().splitlines()
    stray = {**json.loads(lines[0]), "id": "LA-stray", "person_id": "P-nobody"}
    homes.write_text("\n".join([*lines, json.dumps(stray)]) + "\n")

    report = ImportReport(dry_run=False)
    result = bulk_load(server, connection, folder_fill(tmp_path, report, 7),
                       work_dir=folder, by="test")
    assert [(p.file, p.line, p.record, p.field) for p in report.problems] == [
        ("lives_at.jsonl", len(lines) + 1, "LA-stray", "person_id")]
    expected = {kind: count for kind, count in data.counts().items() if count}
    assert {kind: count for kind, count in report.written.items() if count} == expected
    assert {kind: count for kind, count in result.rows.items() if count} == expected
    with open_driver(connection) as driver:
        persons = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n",
                                       database_="neo4j").records[0]["n"]
    assert persons == data.counts()["person"]


def test_bulk_route_refuses_a_database_that_holds_records(
        bulk_server: tuple[LocalNeo4j, Neo4jConnection, Path]) -> None:
    server, connection, folder = bulk_server
    with open_driver(connection) as driver:
        driver.execute_query("MERGE (:Person {id: 'P-bulk-refusal', source: 'test', "
                             "recorded_by: 'test', recorded_at: datetime()})",
                             database_="neo4j")
        before = driver.execute_query("MATCH (n) RETURN count(n) AS n",
                                      database_="neo4j").records[0]["n"]
    assert "not empty" in (refusal(server, connection) or "")
    with pytest.raises(BulkRefused, match="not empty"):
        bulk_load(server, connection, demo_fill(validated_batches(DemoData(20, 1))),
                  work_dir=folder, by="test")
    with open_driver(connection) as driver:
        after = driver.execute_query("MATCH (n) RETURN count(n) AS n",
                                     database_="neo4j").records[0]["n"]
    assert after == before
    assert server.pid()


def test_bulk_route_is_refused_for_a_users_own_neo4j(
        bulk_server: tuple[LocalNeo4j, Neo4jConnection, Path]) -> None:
    server, connection, _ = bulk_server
    external = Neo4jConnection(connection.uri, connection.user, connection.password,
                               connection.database, external=True)
    assert "NEO4J_URI" in (refusal(server, external) or "")
