"""`nexus serve` keeps the analytics fresh: on a graph never analysed, the refresher it
starts beside the API computes them without anyone running a command, and it stops with
the server."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from neo4j import Driver

from graph.db.settings import Neo4jConnection
from tests.support.cli import cli_env
from tests.support.factories import make
from tests.support.ports import free_port

NEXUS = str(Path(sys.executable).with_name("nexus"))


def _scored(db: Driver, database: str) -> tuple[int, int]:
    records, _, _ = db.execute_query(
        "RETURN COUNT { (:AnalyticsRun) } AS runs, "
        "COUNT { MATCH (p:Person) WHERE p.analytics_run_id IS NOT NULL } AS scored",
        database_=database)
    return records[0]["runs"], records[0]["scored"]


def _watchers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children
            if b"analytics\x00watch" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_serve_computes_analytics_in_the_background(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    make(db, "association")
    assert _scored(db, database) == (0, 0)
    process = subprocess.Popen([NEXUS, "serve", "--workers", "1", "--port", str(free_port())],
                               env=cli_env(neo4j_connection), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 90
    while _scored(db, database) != (1, 2) and time.monotonic() < deadline \
            and process.poll() is None:
        time.sleep(0.5)
    watchers = _watchers(process.pid) if process.poll() is None else []
    process.terminate()
    output, _ = process.communicate(timeout=60)
    assert _scored(db, database) == (1, 2), output
    assert len(watchers) == 1, output
    assert "analytics due: never computed" in output, output
    assert not Path(f"/proc/{watchers[0]}").exists() or \
        b"zombie" in Path(f"/proc/{watchers[0]}/status").read_bytes().lower()
