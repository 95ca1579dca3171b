"""`nexus neo4j start|status|stop` on a local server of its own, through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.ports import free_port


def _nexus(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_status_tells_the_truth_when_the_server_is_down_and_up(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env |= {"NEXUS_HOME": str(tmp_path), "NEXUS_BOLT_PORT": str(free_port()),
            "NEXUS_NEO4J_HEAP": "512m", "NEXUS_NEO4J_PAGECACHE": "128m"}

    down = _nexus("neo4j", "status", env=env)
    assert down.returncode == 3, down.stdout + down.stderr
    assert "not running" in down.stdout

    started = _nexus("neo4j", "start", env=env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        up = _nexus("neo4j", "status", env=env)
        assert up.returncode == 0, up.stdout + up.stderr
        assert "Neo4j Kernel 5.26." in up.stdout
        again = _nexus("neo4j", "start", env=env)
        assert "already running" in again.stdout
    finally:
        stopped = _nexus("neo4j", "stop", env=env)
    assert "Neo4j stopped" in stopped.stdout
    after = _nexus("neo4j", "status", env=env)
    assert after.returncode == 3
    assert "not running" in after.stdout


def test_with_neo4j_uri_set_nothing_is_started(tmp_path: Path) -> None:
    env = dict(os.environ) | {"NEXUS_HOME": str(tmp_path), "NEO4J_URI": "bolt://127.0.0.1:1",
                              "NEO4J_PASSWORD": "x"}
    result = _nexus("neo4j", "start", env=env)
    assert result.returncode == 0
    assert "starting none" in result.stdout
    assert not (tmp_path / "neo4j").exists()
    status = _nexus("neo4j", "status", env=env)
    assert status.returncode == 3
