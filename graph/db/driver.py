"""Resolving where Neo4j is and opening drivers to it.

Importing this module opens nothing; callers open a driver and close it (the API does so in
its Starlette lifespan).
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver, GraphDatabase, NotificationMinimumSeverity

from graph.db.localserver import LocalNeo4j
from graph.db.settings import Neo4jConnection, Settings, load_settings
from graph.errors import LocalServerError


def local_server(settings: Settings | None = None) -> LocalNeo4j:
    settings = settings or load_settings()
    return LocalNeo4j(
        directory=settings.local_server_dir,
        runtime_dir=settings.runtime_dir,
        version=settings.neo4j_version,
        host=settings.bolt_host,
        port=settings.bolt_port,
    )


def resolve_connection(settings: Settings | None = None) -> Neo4jConnection:
    """The user's Neo4j if NEO4J_URI is set, else the project's local server."""
    settings = settings or load_settings()
    if settings.neo4j_uri:
        if not settings.neo4j_password:
            raise LocalServerError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        return Neo4jConnection(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            external=True,
        )
    server = local_server(settings)
    return Neo4jConnection(
        uri=server.uri,
        user="neo4j",
        password=server.password(),
        database=settings.neo4j_database,
        external=False,
    )


def single_server(uri: str) -> bool:
    """Whether the URI names one server (bolt://) rather than a cluster's routing table
    (neo4j://): on one server every read sees every committed write at once."""
    return uri.split("://", 1)[0] in {"bolt", "bolt+s", "bolt+ssc"}


def open_driver(connection: Neo4jConnection, *, interactive: bool = False) -> Driver:
    """Open a driver. Interactive (request-path) drivers fail fast instead of waiting.

    The driver's defaults (30 s of retries, 60 s waiting for a pooled connection) suit
    batch jobs; an analyst's request should get a clear "unavailable" within seconds.
    """
    options: dict[str, Any] = {"notifications_min_severity": NotificationMinimumSeverity.OFF}
    if interactive:
        options |= {
            "max_transaction_retry_time": 5.0,
            "connection_acquisition_timeout": 5.0,
            "connection_timeout": 5.0,
        }
    return GraphDatabase.driver(
        connection.uri, auth=(connection.user, connection.password), **options
    )
