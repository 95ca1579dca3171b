"""`nexus neo4j start` after a crash says how Neo4j's recovery goes instead of waiting
silently: a Neo4j of the tests' own is killed after writes, then started through the CLI."""

from __future__ import annotations

import os
import signal
import time

import pytest

from graph.db.driver import local_server, open_driver
from graph.db.localserver import recovery_progress
from tests.ops.conftest import OwnNexus


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_start_after_a_crash_shows_the_recovery(own_nexus: OwnNexus,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    connection = own_nexus.connection(monkeypatch)
    with open_driver(connection) as driver:
        for _ in range(3):  # transactions after the last checkpoint: replayed on start
            driver.execute_query("UNWIND range(1, 5000) AS i CREATE (:CrashTest {i: i})")
    pid = local_server().pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)  # the fixture's own server: a crash
    while local_server().pid():
        time.sleep(0.1)

    started = own_nexus.run("neo4j", "start")
    assert started.returncode == 0, started.stdout + started.stderr
    assert "neo4j: recovering after an unclean stop" in started.stdout, started.stdout
    assert "neo4j: recovery completed, " in started.stdout
    with open_driver(connection) as driver:
        records, _, _ = driver.execute_query("MATCH (n:CrashTest) RETURN count(n) AS n")
    assert records[0]["n"] == 15000  # every acknowledged write survived


def test_only_recovery_lines_are_told() -> None:
    said = [recovery_progress(line) for line in (
        "2026-12-04 22:08:52.240+0000 INFO  [o.n.k.r.Recovery] [neo4j/34596f9a]  10% "
        "completed",
        "2026-12-04 22:08:55.608+0000 INFO  [o.n.k.d.Database] [neo4j/34596f9a] Recovery in "
        "'full' mode completed. Observed transactions range [first:11, last:43]: 33 "
        "transactions applied, 0 not completed transactions rolled back",
        "2026-12-04 22:08:55.629+0000 INFO  [o.n.k.i.t.l.c.CheckPointerImpl] [neo4j/3459] "
        "Checkpoint triggered by \"Recovery completed.\" @ txId: 43",
        "    - last checkpoint: CheckpointInfo[...]")]
    assert said == ["neo4j: recovery 10% completed",
                    "neo4j: recovery completed, 33 transactions replayed", None, None]
