"""Fixtures shared by the API tests."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer


@pytest.fixture
def graph(live_server: LiveServer, db: Driver,
          neo4j_connection: Neo4jConnection) -> LiveServer:
    """The live server over a freshly built API test graph (tests/support/api_graph.py)."""
    wipe_graph(db, neo4j_connection.database)
    api_fixture.build(db, neo4j_connection.database)
    return live_server
