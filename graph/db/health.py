"""Server identity, for health checks and `nexus neo4j status`."""

from __future__ import annotations

from dataclasses import dataclass

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
