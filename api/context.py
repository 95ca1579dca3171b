"""The per-request context: one typed object assembled in one place."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver
from starlette.requests import Request
from starlette.responses import Response


@dataclass
class Context:
    request: Request
    response: Response | None
    driver: Driver
    database: str


def build_context(request: Request, response: Response | None) -> Context:
    state = request.app.state
    return Context(request=request, response=response, driver=state.driver,
                   database=state.database)
