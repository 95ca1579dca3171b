"""`nexus serve --workers 2`: several processes answer, and the limits hold across them."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support.cli import cli_env
from tests.support.ports import free_port
from tests.support.server import auth_headers
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
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, \
                process.stdout.read() if process.stdout else "serve did not start"
            time.sleep(0.3)
        yield url, process.pid
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "Started parent process" in output or "Started server process" in output, output


def _children(pid: int) -> list[int]:
    return [int(child) for child in
            Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _workers(pid: int) -> list[int]:
    return [child for child in _children(pid)
            if b"multiprocessing" in Path(f"/proc/{child}/cmdline").read_bytes()
            and b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()]


def test_two_worker_processes_answer(workers: tuple[str, int]) -> None:
    url, pid = workers
    # uvicorn's parent watches the workers (and multiprocessing's resource tracker).
    # The first worker may answer /healthz before the second has started.
    deadline = time.monotonic() + 30
    while len(serving := _workers(pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(serving) == 2, serving
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
