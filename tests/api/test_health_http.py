"""The ASGI app over real HTTP (uvicorn on 127.0.0.1) against the real Neo4j."""

from __future__ import annotations

import httpx

from tests.support.server import LiveServer, auth_headers


def test_graphql_health_query_reports_the_neo4j_kernel(live_server: LiveServer) -> None:
    response = httpx.post(f"{live_server.url}/graphql",
                          json={"query": "{ health { status neo4jVersion neo4jEdition } }"},
                          headers=auth_headers("officer"))
    assert response.status_code == 200
    health = response.json()["data"]["health"]
    assert health["status"] == "ok"
    assert health["neo4jVersion"].startswith("5.26.")
    assert health["neo4jEdition"] == "community"


def test_the_web_ui_is_served_at_the_root(live_server: LiveServer) -> None:
    response = httpx.get(f"{live_server.url}/")
    assert response.status_code == 200
    assert "Nexus" in response.text


def test_healthz_needs_no_sign_in_and_shows_no_personal_data(live_server: LiveServer) -> None:
    response = httpx.get(f"{live_server.url}/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()) == {"status", "neo4j"}
