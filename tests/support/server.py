"""The API under test: the real ASGI app served by uvicorn on 127.0.0.1 (`live_server`),
and the helpers that call it as a test user (`auth_headers`, `graphql`).

`LiveServer` serves any ASGI app in a thread; tests/support/abroad.py serves the
records-abroad service with it too.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any, Literal

import httpx
import pytest
import uvicorn
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support.ports import free_port
from tests.support.users import user_name

# Tokens issued by tests and the app under test must share a key.
os.environ.setdefault("NEXUS_SECRET_KEY", "nexus-test-secret-key-not-for-production")


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


class LiveServer:
    """An ASGI app served by uvicorn in a thread while the `with` block runs."""

    def __init__(self, app, port: int, *,  # type: ignore[no-untyped-def]
                 lifespan: Literal["on", "off"] = "on", name: str = "the test HTTP server",
                 stop_seconds: float = 10) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.app = app
        self._name = name
        self._stop_seconds = stop_seconds
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                lifespan=lifespan)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{self._name} did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=self._stop_seconds)


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
