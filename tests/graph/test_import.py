"""`nexus import`: every row validated, bad rows reported and not written, idempotent,
resumable after a SIGKILL, and a dry run writes nothing. Against the real Neo4j; the CLI
runs in a subprocess as a user would run it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.ingest import STATE_FILE, export_rows, import_folder
from graph.records.stats import graph_stats
from synthetic.city import DemoData
from tests.support.cli import cli_env
from tests.support.factories import provenance
from tests.support.neo4j import wipe_graph


def _export(folder: Path, persons: int, seed: int, fmt: str = "jsonl") -> dict[str, int]:
    data = DemoData(persons, seed)
    return export_rows(folder, ((kind, rows) for kind, _, rows in data.streams()), fmt)


def _cli(connection: Neo4jConnection, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", "import", *args],
                          env=cli_env(connection), capture_output=True, text=True, timeout=300)


def _records(driver: Driver, database: str) -> int:
    """Records of the model (other parts of Nexus, such as user accounts, are not)."""
    return graph_stats(driver, database).total_nodes


def test_import_twice_same_counts_and_csv_equals_jsonl(db: Driver,
                                                       neo4j_connection: Neo4jConnection,
                                                       tmp_path: Path) -> None:
    database = neo4j_connection.database
    written = _export(tmp_path / "csv", 150, 21, "csv")
    _export(tmp_path / "jsonl", 150, 21, "jsonl")

    first = import_folder(db, database, tmp_path / "csv", batch_size=700)
    assert first.ok, first.problems[:3]
    assert first.written == written
    assert not (tmp_path / "csv" / STATE_FILE).exists()
    after_first = graph_stats(db, database)
    assert after_first.nodes["Person"] == 150
    assert after_first.relationships["CO_OFFENDER"] > 0

    second = import_folder(db, database, tmp_path / "csv", batch_size=700)
    assert second.ok and second.written == written
    assert graph_stats(db, database) == after_first

    wipe_graph(db, database)
    from_jsonl = import_folder(db, database, tmp_path / "jsonl")
    assert from_jsonl.ok
    assert graph_stats(db, database) == after_first


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PROV = provenance(source="test", recorded_by="PC 1AB", recorded_at="2024-01-02T10:00:00Z")


def _person(person_id: str, **fields: object) -> str:
    row = {"id": person_id, "family_name": "Kowalski", "given_names": "Jan",
           "gender": "male", "nationalities": ["PL"], **PROV, **fields}
    return json.dumps({k: v for k, v in row.items() if v is not None})


@pytest.fixture
def malformed(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    _write_lines(folder / "person.jsonl", [
        _person("P-1"),
        '{"id": "P-2", "family_name": ',                       # line 2: broken JSON
        _person("P-3", gender="robot"),                         # line 3: not in the closed set
        _person("P-4", family_name=None),                       # line 4: required field missing
        _person("P-5", pnc_id="2019/123"),                      # line 5: bad identifier format
        _person("P-6", aliases=["Jan Kowalsky", "Ян Ковальский"]),
    ])
    (folder / "association.csv").write_text(
        "id,kind,person_id,other_person_id,derived,source,recorded_by,recorded_at\n"
        "AS-1,friend,P-1,P-6,false,test,PC 1AB,2024-01-02T10:00:00Z\n"
        "AS-2,friend,P-1,P-9,,test,PC 1AB,2024-01-02T10:00:00Z\n"    # line 3: unknown person
        "AS-3,enemy,P-1,P-6,,test,PC 1AB,2024-01-02T10:00:00Z\n"     # line 4: bad kind
        "AS-4,friend,P-6\n",                                          # line 5: short row
        encoding="utf-8")
    return folder


EXPECTED = [
    ("person.jsonl", 2, "line"), ("person.jsonl", 3, "gender"),
    ("person.jsonl", 4, "family_name"), ("person.jsonl", 5, "pnc_id"),
    ("association.csv", 3, "other_person_id"), ("association.csv", 4, "kind"),
    ("association.csv", 5, "line"),
]


def test_malformed_rows_are_reported_and_only_good_rows_land(
        db: Driver, neo4j_connection: Neo4jConnection, malformed: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    done = _cli(neo4j_connection, str(malformed), "--report", str(report_file))
    assert done.returncode == 1, done.stderr
    report = json.loads(report_file.read_text("utf-8"))
    problems = [(p["file"], p["line"], p["field"]) for p in report["problems"]]
    assert problems == EXPECTED
    reasons = {(p["file"], p["line"]): p["reason"] for p in report["problems"]}
    assert reasons[("association.csv", 3)] == "unknown Person 'P-9'"
    assert "robot" in reasons[("person.jsonl", 3)]
    assert "is required" in reasons[("person.jsonl", 4)]
    assert "person.jsonl:3: P-3 gender:" in done.stderr         # printed for the user too
    assert report["written"] == {"person": 2, "association": 1}

    records, _, _ = db.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p.name_keys AS keys ORDER BY id",
        database_=neo4j_connection.database)
    assert [r["id"] for r in records] == ["P-1", "P-6"]
    records, _, _ = db.execute_query("MATCH ()-[r:FRIEND]->() RETURN collect(r.id) AS ids",
                                     database_=neo4j_connection.database)
    assert records[0]["ids"] == ["AS-1"]
    assert not (malformed / STATE_FILE).exists()


def test_dry_run_writes_nothing_but_reports_the_same(
        db: Driver, neo4j_connection: Neo4jConnection, malformed: Path,
        tmp_path: Path) -> None:
    database = neo4j_connection.database
    report = import_folder(db, database, malformed, dry_run=True)
    assert [(p.file, p.line, p.field) for p in report.problems] == EXPECTED
    assert _records(db, database) == 0

    written = _export(tmp_path / "demo", 150, 8)
    done = _cli(neo4j_connection, str(tmp_path / "demo"), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "dry run: nothing written" in done.stdout
    # References to records earlier in the same import are fine in a dry run.
    assert f"person               {written['person']:>8} valid" in done.stdout
    assert _records(db, database) == 0
    assert not (tmp_path / "demo" / STATE_FILE).exists()


def _state(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def test_a_killed_import_resumes_and_completes_exactly(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    folder = tmp_path / "big"
    written = _export(folder, 800, 5)
    command = [sys.executable, "-m", "cli", "import", str(folder), "--batch-size", "300"]
    process = subprocess.Popen(command, env=cli_env(neo4j_connection),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            state = _state(folder)
            batches = sum(len(f["batches"]) for f in state["files"].values()) if state else 0
            if batches >= 8:
                break
            assert process.poll() is None, "the import finished before it could be killed"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    interrupted = _state(folder)
    assert interrupted is not None
    finished = [name for name, f in interrupted["files"].items() if f["done"]]
    assert len(finished) < len(written)          # killed half-way, not at the end
    partial = graph_stats(db, database)
    assert partial.total_nodes > 0

    done = _cli(neo4j_connection, str(folder), "--batch-size", "300")
    assert done.returncode == 0, done.stderr
    assert "resumed an interrupted import" in done.stdout
    assert not (folder / STATE_FILE).exists()
    resumed = graph_stats(db, database)

    # The same folder imported in one go gives exactly the same graph.
    wipe_graph(db, database)
    clean = import_folder(db, database, folder)
    assert clean.ok and clean.written == written
    assert graph_stats(db, database) == resumed
    assert resumed.nodes["Person"] == written["person"]
    assert resumed.nodes["Arrest"] == written["arrest"]
