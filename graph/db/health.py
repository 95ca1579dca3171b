"""Server identity, for health checks and `nexus neo4j status`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import Driver

_COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"


@dataclass(frozen=True)
class ServerInfo:
    name: str
    version: str
    edition: str


def server_info(driver: Driver) -> ServerInfo:
    records, _, _ = driver.execute_query(_COMPONENTS, database_="system")
    kernel = next(r for r in records if r["name"] == "Neo4j Kernel")
    return ServerInfo(kernel["name"], kernel["versions"][0], kernel["edition"])


@dataclass(frozen=True)
class PoolUse:
    in_use: int
    open: int
    max_size: int


def pool_use(driver: Driver) -> PoolUse | None:
    """How many of the driver's Bolt connections are lent out and open, for the metrics.

    The driver has no public API for this; it is read from the pool's internals (neo4j
    6.x: `driver._pool.connections`, connections with `in_use`) and None is returned if
    they change shape, so an upgrade loses the figure rather than breaking a scrape."""
    try:
        pool: Any = driver._pool
        with pool.lock:
            connections = [c for queue in pool.connections.values() for c in queue]
            return PoolUse(sum(bool(c.in_use) for c in connections), len(connections),
                           int(pool.pool_config.max_connection_pool_size))
    except (AttributeError, TypeError, ValueError):
        return None
