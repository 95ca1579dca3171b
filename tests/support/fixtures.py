"""Shared fixtures: a real Neo4j for the whole session, a clean graph per test, a live server.

With NEO4J_URI unset, the session starts its own Neo4j (the same jars `nexus neo4j start`
uses) on a free port in a temporary folder and stops it at the end, so several test runs
can share the machine. With NEO4J_URI set, tests use that server, but only if its database
is empty or was marked as a Nexus test database by an earlier run: tests never wipe data
they did not create.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from neo4j import Driver

from graph.audit import journal as audit_journal
from graph.db import migrations
from graph.db.driver import open_driver
from graph.db.localserver import LocalNeo4j
from graph.db.settings import Neo4jConnection, load_settings

_TEST_MARKER = "NexusTestDatabase"
# Tokens issued by tests and the app under test must share a key.
os.environ.setdefault("NEXUS_SECRET_KEY", "nexus-test-secret-key-not-for-production")
TEST_PASSWORD = "correct horse battery staple"
ROLES = ("officer", "analyst", "supervisor", "auditor", "admin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def user_name(role: str) -> str:
    return f"test-{role}"


def ensure_test_users(driver: Driver, database: str) -> None:
    """One user per role (test-officer, test-analyst, ...), password TEST_PASSWORD."""
    from graph.accounts import users

    for role in ROLES:
        if users.get_user(driver, database, user_name(role)) is None:
            users.add_user(driver, database, user_name(role), role, TEST_PASSWORD)


def token_for(role: str, purpose: str = "automated test run") -> str:
    from api.auth import issue_token

    return issue_token(user_name(role), purpose)


def auth_headers(role: str = "supervisor") -> dict[str, str]:
    """Bearer-token headers for a test user of that role."""
    return {"Authorization": f"Bearer {token_for(role)}"}


def graphql(server: LiveServer, query: str, role: str = "supervisor", *,
            timeout: float = 30, **variables: Any) -> dict[str, Any]:
    """POST one operation as a test user of that role; the HTTP status must be 200."""
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                          headers=auth_headers(role), timeout=timeout)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def db(driver: Driver, neo4j_connection: Neo4jConnection) -> Driver:
    """A driver to a graph emptied of records before the test."""
    wipe_graph(driver, neo4j_connection.database)
    return driver


class LiveServer:
    def __init__(self, app, port: int) -> None:  # type: ignore[no-untyped-def]
        self.url = f"http://127.0.0.1:{port}"
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test HTTP server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    """The real ASGI app served by uvicorn on 127.0.0.1, backed by the test Neo4j.

    Requests need a token: pass `headers=auth_headers(role)`. The rate limit is raised so
    tests can make many requests quickly; tests of the limit build their own app.
    """
    from api.app import create_app
    from api.security import Limits

    app = create_app(neo4j_connection, limits=Limits(requests_per_second=10_000, burst=10_000))
    with LiveServer(app, free_port()) as server:
        yield server
