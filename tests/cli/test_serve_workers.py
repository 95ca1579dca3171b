"""`nexus serve --workers 2`: several processes answer, and the limits hold across them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support.cli import cli_env
from tests.support.ports import free_port
from tests.support.server import auth_headers
from tests.support.serving import wait_for_workers, wait_until_healthy
from tests.support.users import TEST_PASSWORD, user_name

NEXUS = str(Path(sys.executable).with_name("nexus"))
BURST = 6


@pytest.fixture(scope="module")
def workers(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = cli_env(neo4j_connection) | {"NEXUS_RATE_PER_SECOND": "0.01",
                                       "NEXUS_RATE_BURST": str(BURST)}
    process = subprocess.Popen([NEXUS, "serve", "--workers", "2", "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, 60, lambda: process.stdout.read()
                           if process.stdout else "serve did not start")
        yield url, process.pid
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "Started parent process" in output or "Started server process" in output, output


def test_two_worker_processes_answer(workers: tuple[str, int]) -> None:
    url, pid = workers
    wait_for_workers(pid, 2)
    for _ in range(10):
        with httpx.Client() as client:
            assert client.get(f"{url}/healthz").status_code == 200


def test_the_rate_limit_holds_across_workers(workers: tuple[str, int]) -> None:
    url, _ = workers
    statuses = []
    for _ in range(BURST + 6):
        with httpx.Client() as client:  # new connections land on both workers
            statuses.append(client.post(f"{url}/graphql", json={"query": "{ me { name } }"},
                                        headers=auth_headers("analyst")).status_code)
    assert statuses[:BURST] == [200] * BURST
    assert statuses[BURST:] == [429] * 6, statuses


def test_sign_in_throttling_holds_across_workers(workers: tuple[str, int]) -> None:
    url, _ = workers
    body = {"name": user_name("auditor"), "password": "not the password", "purpose": "test"}
    statuses = []
    for _ in range(7):
        with httpx.Client() as client:
            statuses.append(client.post(f"{url}/auth/login", json=body).status_code)
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429], statuses
    with httpx.Client() as client:
        right = client.post(f"{url}/auth/login", json={**body, "password": TEST_PASSWORD})
    assert right.status_code == 429
