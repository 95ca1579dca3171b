"""The API over a `neo4j://` routing URI (how Nexus talks to a cluster), against the local
server: reads go out as READ transactions, which a cluster may send to a secondary, and
Neo4j refuses a write inside one, so any read path that writes fails here. Writes (the
audit chain, saved history versions) still reach the leader."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest
from neo4j import Driver
from neo4j.exceptions import Neo4jError

from api.app import create_app
from api.security import Limits
from graph.accounts import grants
from graph.audit import chain
from graph.db.driver import open_driver
from graph.db.settings import Neo4jConnection
from tests.support import api_graph
from tests.support.counting import CountingDriver
from tests.support.neo4j import wipe_graph
from tests.support.ports import free_port
from tests.support.server import LiveServer, graphql


def _routing(connection: Neo4jConnection) -> Neo4jConnection:
    assert connection.uri.startswith("bolt://"), connection.uri
    return dataclasses.replace(connection, uri="neo4j://" + connection.uri[len("bolt://"):])


@pytest.fixture(scope="module")
def routed(neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    if not neo4j_connection.uri.startswith("bolt://"):
        pytest.skip("the test server is already reached through a routing URI")
    app = create_app(_routing(neo4j_connection),
                     limits=Limits(requests_per_second=10_000, burst=10_000))
    # What is tested is where transactions go, not how fast: a first history on a busy
    # machine (query plans not yet cached) can outlast the 5 s request timeout.
    timeout = os.environ.get("NEXUS_QUERY_TIMEOUT")
    os.environ["NEXUS_QUERY_TIMEOUT"] = "60"
    try:
        with LiveServer(app, free_port(), name="the API over neo4j://") as server:
            yield server
    finally:
        if timeout is None:
            os.environ.pop("NEXUS_QUERY_TIMEOUT")
        else:
            os.environ["NEXUS_QUERY_TIMEOUT"] = timeout


def test_the_server_refuses_a_write_in_a_read_transaction(
        neo4j_connection: Neo4jConnection) -> None:
    """What the other tests rely on: a routed READ that writes is refused."""
    if not neo4j_connection.uri.startswith("bolt://"):
        pytest.skip("the test server is already reached through a routing URI")
    driver = open_driver(_routing(neo4j_connection))
    try:
        with pytest.raises(Neo4jError):
            driver.execute_query("CREATE (:RoutingProbe)", routing_="r",
                                 database_=neo4j_connection.database)
    finally:
        driver.close()


READS = {
    "person": """query { person(id: "P-1") { id fullName arrests { totalCount }
        convictions { totalCount } associates { totalCount edges { node { personId } } }
        memberships { totalCount } intelligence { totalCount } } }""",
    "search": """query { searchPeople(query: "Hasan") { totalCount edges { node { id } } } }""",
    "network": """query { network(personId: "P-HUB", depth: 2) { nodeCount edgeCount
        truncated elements } }""",
    "paths": """query { shortestPaths(fromId: "P-1", toId: "P-4") { length
        paths { nodeCount } } }""",
    "connecting": """query { connectingNetwork(personIds: ["P-1", "P-4"]) { nodeCount } }""",
    "link": """query { link(id: "AS-1") { id kind } }""",
}


def test_every_read_works_through_a_routing_uri(
        routed: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    wipe_graph(db, neo4j_connection.database)
    api_graph.build(db, neo4j_connection.database)
    for name, query in READS.items():
        body = graphql(routed, query, "supervisor")
        assert "errors" not in body, (name, body["errors"])
        assert any(body["data"].values()), (name, body)
    assert graphql(routed, READS["person"])["data"]["person"]["associates"]["totalCount"] >= 1
    assert graphql(routed, READS["network"])["data"]["network"]["nodeCount"] > 100
    assert chain.verify(db, neo4j_connection.database).ok  # the reads' audit entries landed


def test_a_history_is_built_and_its_version_saved_through_a_routing_uri(
        routed: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    wipe_graph(db, neo4j_connection.database)
    api_graph.build(db, neo4j_connection.database)
    body = graphql(routed, """query { history(personId: "P-1", purpose: "routing test")
        { contentHash } }""")
    assert "errors" not in body, body
    versions = graphql(routed, 'query { historyVersions(personId: "P-1") { totalCount '
                               'edges { node { version } } } }')
    assert versions["data"]["historyVersions"]["totalCount"] == 1


def test_through_a_routing_uri_the_sign_in_check_reads_on_its_own(
        routed: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    """In a cluster the check reads the leader, so it never rides in a read that a
    follower may answer (api/sign_in_check.py): each request asks it on its own."""
    wipe_graph(db, neo4j_connection.database)
    api_graph.build(db, neo4j_connection.database)
    state = routed.app.state
    counter = CountingDriver(state.driver)
    state.driver = counter
    try:
        for _ in range(2):  # the second request is of a user this worker has seen
            assert graphql(routed, READS["person"])["data"]["person"]["id"] == "P-1"
    finally:
        state.driver = counter.driver
    assert counter.texts.count(grants.GRANT_HOLDER) == 2
