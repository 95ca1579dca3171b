"""Neo4j fixtures: a real Neo4j for the whole session and a clean graph per test.

With NEO4J_URI unset, the session starts its own Neo4j (the same jars `nexus neo4j start`
uses) on a free port in a temporary folder and stops it at the end, so several test runs
can share the machine. With NEO4J_URI set, tests use that server, but only if its database
is empty or was marked as a Nexus test database by an earlier run: tests never wipe data
they did not create.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph.audit import journal as audit_journal
from graph.db import migrations
from graph.db.driver import open_driver
from graph.db.localserver import LocalNeo4j
from graph.db.settings import Neo4jConnection, load_settings
from tests.support.ports import free_port
from tests.support.users import ensure_test_users

_TEST_MARKER = "NexusTestDatabase"


@pytest.fixture(scope="session")
def neo4j_connection() -> Iterator[Neo4jConnection]:
    settings = load_settings()
    if settings.neo4j_uri:
        yield Neo4jConnection(settings.neo4j_uri, settings.neo4j_user,
                              settings.neo4j_password or "", settings.neo4j_database, True)
        return
    folder = Path(tempfile.mkdtemp(prefix="nexus-test-neo4j-"))
    server = LocalNeo4j(directory=folder, runtime_dir=settings.runtime_dir,
                        version=settings.neo4j_version, port=free_port(),
                        heap="768m", pagecache="256m")
    server.start()
    try:
        yield Neo4jConnection(server.uri, "neo4j", server.password(), "neo4j", False)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _claim_for_tests(driver: Driver, database: str) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:__Neo4jMigration RETURN "
        "count(n) AS total, count(CASE WHEN n:NexusTestDatabase THEN 1 END) AS marker",
        database_=database,
    )
    total, marker = records[0]["total"], records[0]["marker"]
    if total and not marker:
        pytest.exit(
            f"refusing to run tests: the Neo4j database {database!r} holds {total} nodes "
            "that tests did not create; point NEO4J_URI at an empty database",
            returncode=2,
        )
    driver.execute_query(f"MERGE (:{_TEST_MARKER} {{id: 'nexus-tests'}})", database_=database)


@pytest.fixture(scope="session")
def driver(neo4j_connection: Neo4jConnection) -> Iterator[Driver]:
    with open_driver(neo4j_connection) as session_driver:
        _claim_for_tests(session_driver, neo4j_connection.database)
        migrations.migrate(session_driver, neo4j_connection.database)
        ensure_test_users(session_driver, neo4j_connection.database)
        yield session_driver


def wipe_graph(driver: Driver, database: str) -> None:
    """Delete every record except the test marker, the migration history and users
    (the audit log goes too: its chain starts again from the genesis hash)."""
    audit_journal.flush_all()  # no entry of an earlier test may land in this one's graph
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) WHERE NOT n:__Neo4jMigration AND NOT n:NexusTestDatabase "
            "AND NOT n:User "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def db(driver: Driver, neo4j_connection: Neo4jConnection) -> Driver:
    """A driver to a graph emptied of records before the test."""
    wipe_graph(driver, neo4j_connection.database)
    return driver
