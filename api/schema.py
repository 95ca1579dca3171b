"""The GraphQL schema: queries and mutations assembled from `api/types`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from graph.health import server_info


@strawberry.type(description="Whether the API and its Neo4j are up.")
class Health:
    status: str
    neo4j_version: str
    neo4j_edition: str


@strawberry.type
class Query:
    @strawberry.field(description="Liveness of the API and the Neo4j behind it.")
    def health(self, info: Info[Context, None]) -> Health:
        server = server_info(info.context.driver)
        return Health(status="ok", neo4j_version=server.version, neo4j_edition=server.edition)


schema = strawberry.Schema(query=Query)
