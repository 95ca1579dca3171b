"""The ASGI application: GraphQL at /graphql and the web UI at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from api.context import Context, build_context
from api.schema import schema
from graph.driver import open_driver, resolve_connection
from graph.settings import Neo4jConnection

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


class NexusGraphQL(GraphQL[Context, None]):
    async def get_context(self, request: Request, response: Response | None) -> Context:
        return build_context(request, response)


def create_app(connection: Neo4jConnection | None = None) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        resolved = connection or resolve_connection()
        app.state.driver = open_driver(resolved, interactive=True)
        app.state.database = resolved.database
        try:
            yield
        finally:
            app.state.driver.close()

    static_root = WEB_DIR / "dist" if (WEB_DIR / "dist").exists() else WEB_DIR / "public"
    routes = [
        Route("/graphql", NexusGraphQL(schema), methods=["GET", "POST"]),
        Mount("/", StaticFiles(directory=static_root, html=True, check_dir=False), name="web"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
