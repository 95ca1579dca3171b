"""GraphQL over HTTP: the graphql-http audit suite and the exported SDL."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx

from api.schema import schema
from tests.support.server import LiveServer, auth_headers, token_for

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "scripts" / "graphql-http-audit"


def test_the_exported_sdl_matches_the_code() -> None:
    exported = (ROOT / "api" / "schema.graphql").read_text()
    assert exported == schema.as_str() + "\n", (
        "api/schema.graphql is stale: run `.venv/bin/nexus export-schema`")


def test_the_graphql_http_audit_suite_passes_completely(live_server: LiveServer) -> None:
    env = {**os.environ, "NEXUS_AUDIT_TOKEN": token_for("analyst")}
    result = subprocess.run(["node", str(AUDIT / "audit.mjs"), f"{live_server.url}/graphql"],
                            capture_output=True, text=True, timeout=120, check=True, env=env)
    audits = json.loads(result.stdout)
    assert len(audits) == 61
    failed = [(a["id"], a["name"], a["reason"]) for a in audits if a["status"] != "ok"]
    assert failed == []


def test_graphql_response_json_gets_400_for_an_invalid_document(
        live_server: LiveServer) -> None:
    headers = {"accept": "application/graphql-response+json", **auth_headers()}
    bad = httpx.post(f"{live_server.url}/graphql", json={"query": "{ nope }"},
                     headers=headers)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in bad.json() and bad.json()["errors"]
    good = httpx.post(f"{live_server.url}/graphql",
                      json={"query": "{ health { status } }"}, headers=headers)
    assert good.status_code == 200
    assert good.json() == {"data": {"health": {"status": "ok"}}}
    legacy = httpx.post(f"{live_server.url}/graphql", json={"query": "{ nope }"},
                        headers=auth_headers())
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")
