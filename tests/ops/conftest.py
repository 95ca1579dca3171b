"""A local Neo4j of the ops tests' own, run through the real CLI in a temporary NEXUS_HOME.

Backup and restore stop and start the server they back up, which the session's shared
test Neo4j must never be; so these tests start a small one (heap 512m) of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.db.driver import resolve_connection
from graph.db.settings import Neo4jConnection, load_settings
from tests.support.ports import free_port


@dataclass
class OwnNexus:
    """A NEXUS_HOME with its own local Neo4j, and the CLI pointed at it."""

    home: Path
    env: dict[str, str]

    def run(self, *args: str, stdin: str | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cli", *args], env=self.env,
                              input=stdin, capture_output=True, text=True, timeout=timeout,
                              check=False)

    def ok(self, *args: str, stdin: str | None = None) -> str:
        result = self.run(*args, stdin=stdin)
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return result.stdout

    def connection(self, monkeypatch: pytest.MonkeyPatch) -> Neo4jConnection:
        """The connection to this Neo4j, with this process's settings pointed at it."""
        for name, value in self.env.items():
            if name.startswith("NEXUS_"):
                monkeypatch.setenv(name, value)
        for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE",
                     "NEXUS_SECRET_KEY"):
            monkeypatch.delenv(name, raising=False)
        return resolve_connection(load_settings())


def own_env(home: Path) -> dict[str, str]:
    """This process's environment without a Neo4j or key of its own, and a new home."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("NEO4J_") and key != "NEXUS_SECRET_KEY"}
    return env | {"NEXUS_HOME": str(home), "NEXUS_BOLT_PORT": str(free_port()),
                  "NEXUS_NEO4J_HEAP": "512m", "NEXUS_NEO4J_PAGECACHE": "128m"}


@pytest.fixture
def own_nexus(tmp_path: Path) -> Iterator[OwnNexus]:
    """A started, migrated local Neo4j in a temporary NEXUS_HOME, stopped afterwards."""
    nexus = OwnNexus(tmp_path / "home", own_env(tmp_path / "home"))
    try:
        nexus.ok("neo4j", "start")
        nexus.ok("migrate")
        yield nexus
    finally:
        nexus.run("neo4j", "stop")
