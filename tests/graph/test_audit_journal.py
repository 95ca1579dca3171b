"""The audit journal: durable locally first, chained in Neo4j in batches, never twice,
and failing closed when the chain stops accepting entries."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict
from pathlib import Path

import pytest
from neo4j import Driver

from graph.audit import chain as audit
from graph.audit.journal import AuditJournal, AuditUnavailable, flush_all, ship
from graph.db.driver import open_driver
from graph.db.settings import Neo4jConnection
from tests.support.neo4j import wipe_graph
from tests.support.ports import free_port


def _entry(n: int) -> audit.AuditEntry:
    return audit.AuditEntry(user="test-analyst", role="analyst", action="person",
                            purpose="journal test", subject_ids=[f"P-{n}"])


def _chained(db: Driver) -> list[dict]:
    flush_all()
    records, _, _ = db.execute_query("MATCH (e:AuditEntry) RETURN e { .* } AS e ORDER BY e.seq")
    return [record["e"] for record in records]


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


@pytest.fixture
def clean(db: Driver, neo4j_connection: Neo4jConnection) -> Driver:
    wipe_graph(db, neo4j_connection.database)
    return db


def test_entries_reach_the_chain_in_order_with_their_own_times(
        clean: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    journal = AuditJournal(clean, neo4j_connection.database, tmp_path)
    recorded = [journal.record(_entry(n)) for n in range(50)]
    assert journal.flush(10)
    chained = _chained(clean)
    assert [e["entry_id"] for e in chained] == [e.entry_id for e in recorded]
    assert [e["at"] for e in chained] == [e.at for e in recorded]
    assert [e["seq"] for e in chained] == list(range(1, 51))
    assert audit.verify(clean, neo4j_connection.database).ok
    journal.close()
    assert not journal.path.exists()  # fully shipped, so removed on a clean close


def test_a_dead_process_journal_is_shipped_once_by_the_next_start(
        clean: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    entries = [_entry(n) for n in range(5)]
    for n, entry in enumerate(entries):
        entry.entry_id, entry.at = f"orphan-{n}", f"2026-11-24T10:00:0{n}.000000+00:00"
    lines = [json.dumps(asdict(entry)) for entry in entries]
    orphan = tmp_path / f"{_dead_pid()}-deadbeef.jsonl"
    # A crash mid-write leaves a torn last line: it was never acknowledged, so it is skipped.
    orphan.write_text("\n".join(lines) + "\n" + lines[0][:20])
    # Two of them already reached the chain before the crash: they must not repeat.
    audit_entries = [audit.AuditEntry(**json.loads(line)) for line in lines[:2]]
    assert ship(clean, neo4j_connection.database, audit_entries) == 2

    journal = AuditJournal(clean, neo4j_connection.database, tmp_path)
    journal.close()
    chained = _chained(clean)
    assert [e["entry_id"] for e in chained] == [f"orphan-{n}" for n in range(5)]
    assert audit.verify(clean, neo4j_connection.database).ok
    assert not list(tmp_path.glob("*"))


def test_a_live_process_journal_is_left_to_its_owner(
        clean: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    busy = tmp_path / "1-cafebabe.jsonl"  # pid 1 is alive: its owner will ship it
    busy.write_text(json.dumps(asdict(_entry(1))) + "\n")
    journal = AuditJournal(clean, neo4j_connection.database, tmp_path)
    journal.close()
    assert busy.exists()
    assert _chained(clean) == []


def test_the_api_fails_closed_when_the_chain_stops_accepting(
        neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    unreachable = Neo4jConnection(f"bolt://127.0.0.1:{free_port()}", "neo4j", "wrong",
                                  neo4j_connection.database, True)
    with open_driver(unreachable, interactive=True) as driver:
        journal = AuditJournal(driver, unreachable.database, tmp_path, max_lag=0.5)
        journal.record(_entry(1))  # durable on disk even though Neo4j is away
        assert json.loads(journal.path.read_text().splitlines()[0])["subject_ids"] == ["P-1"]
        time.sleep(1.2)
        with pytest.raises(AuditUnavailable):
            journal.record(_entry(2))
        journal.close(timeout=0.5)
    assert journal.path.exists()  # not shipped, so kept for the next start


def test_concurrent_entries_share_their_syncs_and_all_reach_the_chain(
        clean: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    journal = AuditJournal(clean, neo4j_connection.database, tmp_path)
    recorded: list[audit.AuditEntry] = []

    def client(offset: int) -> None:
        for n in range(40):
            recorded.append(journal.record(_entry(offset * 100 + n)))

    threads = [threading.Thread(target=client, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recorded) == 320
    # Every entry was durable before record() returned, with fewer syncs than entries.
    on_disk = {json.loads(line)["entry_id"] for line in journal.path.read_text().splitlines()}
    assert on_disk >= {e.entry_id for e in recorded}
    assert 0 < journal.syncs < len(recorded), journal.syncs
    assert journal.flush(10)
    assert {e["entry_id"] for e in _chained(clean)} == {e.entry_id for e in recorded}
    assert audit.verify(clean, neo4j_connection.database).ok
    journal.close()
