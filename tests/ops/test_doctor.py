"""`nexus doctor` through the real CLI: all well against the test Neo4j and a running
records-abroad service; a stopped Neo4j and a disk below the free space wanted (the
threshold set above what is free: the honest way to have a full disk without root) are
told in plain words, with what to do and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support.abroad import AbroadService
from tests.support.cli import cli_env
from tests.support.ports import free_port


def _doctor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", "doctor", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_all_is_well_then_a_full_disk(driver: Driver, neo4j_connection: Neo4jConnection,
                                      abroad_service: AbroadService, tmp_path: Path) -> None:
    env = cli_env(neo4j_connection) | {"NEXUS_HOME": str(tmp_path),
                                       "NEXUS_ABROAD_URL": abroad_service.url}
    well = _doctor(env=env)
    assert well.returncode == 0, well.stdout + well.stderr
    for said in ("ok       neo4j: Neo4j 5.26", "migrations applied", "clocks agree",
                 "no audit entries wait", "records-abroad service answers", "all is well"):
        assert said in well.stdout, well.stdout

    full = _doctor("--min-free", "1000000T", env=env)
    assert full.returncode == 1, full.stdout + full.stderr
    assert "PROBLEM  disk (audit journal): only" in full.stdout
    assert "below the 1000000.0 TiB wanted" in full.stdout
    assert "what to do: free space or move NEXUS_HOME to a larger disk" in full.stdout
    assert "1 problem(s) found" in full.stdout


def test_a_stopped_neo4j_and_a_missing_abroad_service(tmp_path: Path) -> None:
    # A local Neo4j set up in this home (its password kept) but not running.
    (tmp_path / "neo4j").mkdir()
    (tmp_path / "neo4j" / "password").write_text("never-started\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | {
        "NEXUS_HOME": str(tmp_path), "NEXUS_BOLT_PORT": str(free_port()),
        "NEXUS_ABROAD_URL": f"http://127.0.0.1:{free_port()}"}
    stopped = _doctor(env=env)
    assert stopped.returncode == 3, stopped.stdout + stopped.stderr
    assert "PROBLEM  neo4j: the local Neo4j is not running at bolt://127.0.0.1:" \
        in stopped.stdout
    assert "what to do: start it (`nexus neo4j start`)" in stopped.stdout
    assert "PROBLEM  records abroad: the records-abroad service does not answer" \
        in stopped.stdout
    assert "ok       java: Java" in stopped.stdout
