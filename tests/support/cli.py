"""Running the real CLI (`python -m cli`) in a subprocess against the test Neo4j."""

from __future__ import annotations

import os

import pytest

from graph.db.settings import Neo4jConnection


def cli_env(connection: Neo4jConnection) -> dict[str, str]:
    """The environment of a CLI subprocess: this process's, pointed at the test Neo4j."""
    return {**os.environ, "NEO4J_URI": connection.uri, "NEO4J_USER": connection.user,
            "NEO4J_PASSWORD": connection.password, "NEO4J_DATABASE": connection.database}


def point_cli_at(monkeypatch: pytest.MonkeyPatch, connection: Neo4jConnection) -> None:
    """Point an in-process CLI (typer's CliRunner) at the test Neo4j for one test."""
    for name, value in (("NEO4J_URI", connection.uri), ("NEO4J_USER", connection.user),
                        ("NEO4J_PASSWORD", connection.password),
                        ("NEO4J_DATABASE", connection.database)):
        monkeypatch.setenv(name, value)
