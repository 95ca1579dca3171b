"""Migrations against the real Neo4j: apply on empty, re-run is a no-op, tampering refused."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver
from neo4j.exceptions import ConstraintError

from graph.db import migrations
from graph.db.settings import Neo4jConnection
from graph.errors import MigrationError


def _drop_schema(driver: Driver, database: str) -> None:
    """Drop every Nexus constraint and index and forget every applied migration."""
    for kind, query in (("constraint", "SHOW CONSTRAINTS YIELD name"),
                        ("index", "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
        records, _, _ = driver.execute_query(query, database_=database)
        for record in records:
            # Names come from SHOW, not from users; DROP takes no parameters.
            driver.execute_query(f"DROP {kind.upper()} `{record['name']}` IF EXISTS",
                                 database_=database)
    driver.execute_query("MATCH (m:__Neo4jMigration) DETACH DELETE m", database_=database)


@pytest.fixture
def empty_schema(db: Driver, neo4j_connection: Neo4jConnection) -> Iterator[str]:
    _drop_schema(db, neo4j_connection.database)
    yield neo4j_connection.database
    _drop_schema(db, neo4j_connection.database)
    migrations.migrate(db, neo4j_connection.database)


def _schema_names(driver: Driver, database: str) -> set[str]:
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database)
    return {record["name"] for record in [*constraints, *indexes]}


def test_migrations_apply_in_order_on_an_empty_database(db: Driver, empty_schema: str) -> None:
    applied = migrations.migrate(db, empty_schema)

    local = migrations.discover()
    assert [m.version for m in applied] == [m.version for m in local]
    assert {"person_id", "person_names", "nexus_migration_version"} <= _schema_names(
        db, empty_schema)
    states = migrations.status(db, empty_schema)
    assert {s.state for s in states} == {"applied"}
    records, _, _ = db.execute_query(
        "MATCH p = (:__Neo4jMigration {version: 'BASELINE'})-[:MIGRATED_TO*]->(last) "
        "WHERE NOT (last)-[:MIGRATED_TO]->() "
        "RETURN [n IN nodes(p)[1..] | n.version] AS chain, last.checksum AS checksum",
        database_=empty_schema,
    )
    assert records[0]["chain"] == [m.version for m in local]
    assert records[0]["checksum"] == local[-1].checksum


def test_rerunning_migrate_is_a_no_op(db: Driver, empty_schema: str) -> None:
    migrations.migrate(db, empty_schema)
    before = _schema_names(db, empty_schema)

    assert migrations.migrate(db, empty_schema) == []
    assert _schema_names(db, empty_schema) == before
    records, _, _ = db.execute_query("MATCH (m:__Neo4jMigration) RETURN count(m) AS n",
                                     database_=empty_schema)
    assert records[0]["n"] == len(migrations.discover()) + 1  # plus BASELINE


def test_status_lists_pending_then_applied(db: Driver, empty_schema: str,
                                          tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder)
    migrations.migrate(db, empty_schema, folder)
    (folder / "V9000__Extra_index.cypher").write_text(
        "CREATE INDEX extra_test_index IF NOT EXISTS FOR (n:Person) ON (n.gender);\n")

    states = migrations.status(db, empty_schema, folder)
    assert [s.state for s in states][-1] == "pending"
    assert all(s.state == "applied" for s in states[:-1])
    migrations.migrate(db, empty_schema, folder)
    assert migrations.status(db, empty_schema, folder)[-1].state == "applied"


def test_an_applied_migration_that_changed_is_refused(db: Driver, empty_schema: str,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder)
    migrations.migrate(db, empty_schema, folder)
    first = sorted(folder.glob("V*.cypher"))[0]
    first.write_text(first.read_text() + "\n// edited after it was applied\n")

    with pytest.raises(MigrationError, match=f"{first.name} has changed since it was applied"):
        migrations.migrate(db, empty_schema, folder)
    with pytest.raises(MigrationError, match="immutable"):
        migrations.status(db, empty_schema, folder)


def test_a_badly_named_migration_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "constraints.cypher").write_text("RETURN 1;")
    with pytest.raises(MigrationError, match="V<version>__<Description>"):
        migrations.discover(tmp_path)


def test_statements_split_on_semicolons_and_skip_comments(tmp_path: Path) -> None:
    path = tmp_path / "V1__Two.cypher"
    path.write_text("// a comment;\nCREATE INDEX a IF NOT EXISTS\nFOR (n:A) ON (n.x);\n"
                    "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n")
    statements = migrations.discover(tmp_path)[0].statements()
    assert statements == ["CREATE INDEX a IF NOT EXISTS\nFOR (n:A) ON (n.x)",
                          "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y)"]


def test_the_id_constraint_rejects_a_duplicate_person(db: Driver,
                                                      neo4j_connection: Neo4jConnection) -> None:
    db.execute_query("CREATE (:Person {id: 'P-DUP'})", database_=neo4j_connection.database)
    with pytest.raises(ConstraintError):
        db.execute_query("CREATE (:Person {id: 'P-DUP'})", database_=neo4j_connection.database)
    records, _, _ = db.execute_query("MATCH (p:Person {id: 'P-DUP'}) RETURN count(p) AS n",
                                     database_=neo4j_connection.database)
    assert records[0]["n"] == 1


def test_year_keys_are_backfilled_for_persons_written_before(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    from graph.names import name_keys, year_keys

    database = neo4j_connection.database
    keys = name_keys("Maria Nowak", "Marya Nowack")
    db.execute_query("CREATE (:Person {id: 'P-OLD', name_keys: $keys, birth_year: 1985}), "
                     "(:Person {id: 'P-NO-DATE', name_keys: $keys})",
                     keys=keys, database_=database)
    migration = next(m for m in migrations.discover() if m.version == "18")
    for statement in migration.statements():
        with db.session(database=database) as session:
            session.run(statement).consume()
    records, _, _ = db.execute_query(
        "MATCH (p:Person) WHERE p.id IN ['P-OLD', 'P-NO-DATE'] "
        "RETURN p.id AS id, p.year_keys AS year_keys ORDER BY id", database_=database)
    assert {r["id"]: r["year_keys"] for r in records} == {
        "P-NO-DATE": None, "P-OLD": year_keys(1985, keys)}
    assert year_keys(1985, keys).split() == [f"1985_{k}" for k in keys.split()]
    hits, _, _ = db.execute_query(
        "CALL db.index.fulltext.queryNodes('person_year_keys', $q) YIELD node "
        "RETURN collect(node.id) AS ids", q=f"1985_{keys.split()[-1]}", database_=database)
    assert "P-OLD" in hits[0]["ids"]
