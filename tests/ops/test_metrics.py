"""/metrics and the request log on the real `nexus serve --workers 2`: a scrape sums both
workers' figures (prometheus-client's multiprocess mode), shows per-operation latency and
errors by code, is refused without the token, and the JSON log lines name the operation,
user, duration, outcome and audit entry, and never the names searched for."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support.cli import cli_env
from tests.support.ports import free_port
from tests.support.server import LiveServer, auth_headers
from tests.support.serving import wait_for_workers, wait_until_healthy
from tests.support.users import user_name

NEXUS = str(Path(sys.executable).with_name("nexus"))
TOKEN = "metrics-scraper-token-for-tests"
NAME = "Zebedee Quillfeather"  # searched for: must reach no log line
PROBE = "query OpsProbe($q: String!) { searchPeople(query: $q) { edges { node { id } } } }"
PROBES = 8
ROUND = 4


@pytest.fixture(scope="module")
def serving(driver: Driver, neo4j_connection: Neo4jConnection,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("metrics-home")
    log = home / "serve.log"
    port = free_port()
    env = cli_env(neo4j_connection) | {"NEXUS_HOME": str(home), "NEXUS_METRICS_TOKEN": TOKEN,
                                       "NEXUS_LOG_LEVEL": "INFO"}
    with log.open("w") as out:
        process = subprocess.Popen([NEXUS, "serve", "--workers", "2", "--no-analytics",
                                    "--port", str(port)], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, 90, log.read_text)
        wait_for_workers(process.pid, 2)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _scrape(url: str) -> str:
    response = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"},
                         timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def _value(text: str, series: str) -> float:
    found = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert found, f"{series} not in\n{text}"
    return float(found.group(1))


def _probe(url: str) -> None:
    with httpx.Client() as client:  # a new connection each time
        answer = client.post(f"{url}/graphql", headers=auth_headers("analyst"),
                             json={"query": PROBE, "variables": {"q": NAME},
                                   "operationName": "OpsProbe"}, timeout=30)
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text


def _request_lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()
            if line.startswith("{") and '"request"' in line]


def _processes(log: Path) -> set[int]:
    return {line["process"] for line in _request_lines(log)
            if line.get("operation") == "OpsProbe"}


def test_a_scrape_sums_both_workers_and_the_log_names_no_one(
        serving: tuple[str, Path]) -> None:
    url, log = serving
    sent = 0
    deadline = time.monotonic() + 60
    # Which worker accepts a connection is the kernel's race: probe in concurrent rounds
    # until the log shows both answered.
    while sent < PROBES or len(_processes(log)) < 2:
        assert time.monotonic() < deadline, f"one worker answered {sent} probes"
        with ThreadPoolExecutor(ROUND) as pool:
            list(pool.map(lambda _: _probe(url), range(ROUND)))
        sent += ROUND
    with httpx.Client() as client:  # a GET carries its query text in the URL
        client.get(f"{url}/graphql", headers=auth_headers("analyst"),
                   params={"query": PROBE, "variables": json.dumps({"q": NAME})})
        bad = client.post(f"{url}/graphql", headers=auth_headers("analyst"),
                          json={"query": "query OpsBroken { noSuchField }"})
        assert bad.json()["errors"]

    text = _scrape(url)
    assert _value(text, 'nexus_graphql_requests_total{operation="OpsProbe",outcome="ok"}') \
        == sent + 1
    assert _value(text, 'nexus_graphql_request_duration_seconds_count{operation="OpsProbe"}') \
        == sent + 1
    assert _value(text, 'nexus_graphql_request_duration_seconds_bucket{le="+Inf",'
                        'operation="OpsProbe"}') == sent + 1
    assert _value(text, 'nexus_graphql_requests_total{operation="OpsBroken",'
                        'outcome="error"}') == 1
    assert re.search(r'^nexus_graphql_errors_total\{code="[A-Z_]+"\} 1\.0$', text, re.M), text
    assert _value(text, "nexus_neo4j_up") == 1
    assert "nexus_audit_journal_depth" in text and "nexus_audit_shipping_lag_seconds" in text
    assert _value(text, "nexus_neo4j_pool_connections_max") > 0

    lines = _request_lines(log)
    probes = [line for line in lines if line.get("operation") == "OpsProbe"]
    assert len(probes) == sent + 1, lines
    assert len({line["process"] for line in probes}) == 2, "both workers answered"
    for line in probes:
        assert line["user"] == user_name("analyst") and line["outcome"] == "ok"
        assert line["route"] == "/graphql" and line["duration_ms"] > 0
        assert re.fullmatch(r"[0-9a-f]{32}", line["audit_entry_id"]), line
    assert NAME.split()[1] not in log.read_text()


def test_metrics_need_the_token(serving: tuple[str, Path]) -> None:
    url, _ = serving
    assert httpx.get(f"{url}/metrics").status_code == 401
    wrong = httpx.get(f"{url}/metrics", headers={"Authorization": "Bearer not-it"})
    assert wrong.status_code == 401
    analyst = httpx.get(f"{url}/metrics", headers=auth_headers("analyst"))
    assert analyst.status_code == 401  # an analyst's token is not a scraper's


def test_without_a_metrics_token_configured_there_is_no_metrics_page(
        driver: Driver, neo4j_connection: Neo4jConnection,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from api.app import create_app

    monkeypatch.delenv("NEXUS_METRICS_TOKEN", raising=False)
    with LiveServer(create_app(neo4j_connection), free_port()) as server:
        assert httpx.get(f"{server.url}/metrics").status_code == 404
