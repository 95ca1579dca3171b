"""Configuration read from the environment, in one place.

When `NEO4J_URI` is set Nexus talks to that Neo4j (Docker, Desktop, Aura, a cluster with a
`neo4j://` routing URI) and never downloads or starts one. Otherwise it uses the local
Neo4j that `nexus neo4j start` runs from `NEXUS_HOME` (default `.nexus/` in the project).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NEO4J_VERSION = "5.26.30"


@dataclass(frozen=True)
class Neo4jConnection:
    uri: str
    user: str
    password: str
    database: str
    external: bool  # True when the user supplied NEO4J_URI


@dataclass(frozen=True)
class Settings:
    home: Path
    cache: Path
    bolt_host: str
    bolt_port: int
    neo4j_version: str
    http_host: str
    http_port: int
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str
    # The records-abroad service the check connectors call (graph/checks), and how long
    # they wait for it: a read timeout per request, bounded attempts on connection
    # errors and 5xx answers.
    abroad_url: str = "http://127.0.0.1:8001"
    check_timeout: float = 5.0
    check_attempts: int = 3
    # How long any one Cypher transaction run for an API request may take (seconds).
    query_timeout: float = 5.0

    @property
    def local_server_dir(self) -> Path:
        return self.home / "neo4j"

    @property
    def runtime_dir(self) -> Path:
        return self.cache / f"neo4j-{self.neo4j_version}"


def query_timeout() -> float:
    """NEXUS_QUERY_TIMEOUT in seconds: read on every request, so kept apart from the
    path resolution of `load_settings`."""
    return float(os.environ.get("NEXUS_QUERY_TIMEOUT", "5"))


def load_settings() -> Settings:
    env = os.environ
    home = Path(env.get("NEXUS_HOME", PROJECT_ROOT / ".nexus")).resolve()
    cache_root = Path(env.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Settings(
        home=home,
        cache=Path(env.get("NEXUS_CACHE", cache_root / "nexus")).resolve(),
        bolt_host=env.get("NEXUS_BOLT_HOST", "127.0.0.1"),
        bolt_port=int(env.get("NEXUS_BOLT_PORT", "7687")),
        neo4j_version=env.get("NEXUS_NEO4J_VERSION", NEO4J_VERSION),
        http_host=env.get("NEXUS_HOST", "127.0.0.1"),
        http_port=int(env.get("NEXUS_PORT", "8000")),
        neo4j_uri=env.get("NEO4J_URI") or None,
        neo4j_user=env.get("NEO4J_USER", "neo4j"),
        neo4j_password=env.get("NEO4J_PASSWORD") or None,
        neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
        abroad_url=env.get("NEXUS_ABROAD_URL", "http://127.0.0.1:8001").rstrip("/"),
        check_timeout=float(env.get("NEXUS_CHECK_TIMEOUT", "5")),
        check_attempts=int(env.get("NEXUS_CHECK_ATTEMPTS", "3")),
        query_timeout=query_timeout(),
    )
