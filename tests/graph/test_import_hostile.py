"""Hostile import files: a bad record costs one report line, never the import.

Invalid UTF-8, an over-long JSON line, a CSV field over the csv module's limit, a quote
that never closes, a symbolic link: each is reported (file, line, field, reason) and the
rest of that file and every later file are imported. `nexus import` is audited. Against
the real Neo4j; the CLI runs in a subprocess as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Driver

from graph.audit.chain import verify
from graph.db.settings import Neo4jConnection
from graph.ingest import STATE_FILE, FolderError, StateError, import_folder
from graph.ingest.files import CSV_FIELD_MAX, MAX_RECORD_BYTES, FileRefused, open_file
from tests.support.cli import cli_env
from tests.support.factories import provenance

PROV = provenance(source="test", recorded_by="PC 1AB", recorded_at="2024-01-02T10:00:00Z")
CSV_HEADER = "id,family_name,given_names,source,recorded_by,recorded_at\n"
ASSOCIATIONS = ("id,kind,person_id,other_person_id,source,recorded_by,recorded_at\n"
                "AS-1,friend,P-1,P-3,test,PC 1AB,2024-01-02T10:00:00Z\n")


def _person(person_id: str, **fields: object) -> bytes:
    row = {"id": person_id, "family_name": "Kowalski", "given_names": "Jan", **PROV, **fields}
    return json.dumps(row, ensure_ascii=False).encode() + b"\n"


def _csv_person(person_id: str, given: str = "Jan") -> bytes:
    return f"{person_id},Kowalski,{given},test,PC 1AB,2024-01-02T10:00:00Z\n".encode()


def _ids(db: Driver, database: str, label: str = "Person") -> list[str]:
    records, _, _ = db.execute_query(f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id",
                                     database_=database)
    return [record["id"] for record in records]


def _friends(db: Driver, database: str) -> list[str]:
    records, _, _ = db.execute_query("MATCH ()-[r:FRIEND]->() RETURN r.id AS id ORDER BY id",
                                     database_=database)
    return [record["id"] for record in records]


def _problems(report) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(p.file, p.line, p.field) for p in report.problems]


def test_invalid_utf8_in_one_jsonl_line_is_a_row_error(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    (tmp_path / "person.jsonl").write_bytes(
        _person("P-1") + _person("P-2")[:30] + b"\xff\xfe" + _person("P-2")[30:]
        + _person("P-3", family_name="Łukasiewicz"))
    (tmp_path / "association.csv").write_text(ASSOCIATIONS, encoding="utf-8")

    report = import_folder(db, database, tmp_path)
    assert _problems(report) == [("person.jsonl", 2, "line")]
    assert "not valid UTF-8 (byte 0xff at byte 31)" in report.problems[0].reason
    assert report.written == {"person": 2, "association": 1}
    assert _ids(db, database) == ["P-1", "P-3"]
    assert _friends(db, database) == ["AS-1"]            # the later file was imported


def test_a_csv_field_over_128_kib_is_a_row_error_and_later_files_are_imported(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    huge = "x" * (CSV_FIELD_MAX + 10)
    (tmp_path / "person.csv").write_bytes(
        CSV_HEADER.encode() + _csv_person("P-1") + _csv_person("P-2", huge)
        + _csv_person("P-9", f'"{huge}\nstill {huge}"') + _csv_person("P-3"))
    (tmp_path / "association.csv").write_text(ASSOCIATIONS, encoding="utf-8")

    report = import_folder(db, database, tmp_path, batch_size=2)
    # The quoted field spans two lines: one record (lines 4-5), then P-3 on line 6.
    assert _problems(report) == [("person.csv", 3, "line"), ("person.csv", 4, "line")]
    assert all("field larger than field limit (131072)" in p.reason for p in report.problems)
    assert _ids(db, database) == ["P-1", "P-3"]
    assert _friends(db, database) == ["AS-1"]


def test_an_over_long_jsonl_line_is_a_row_error_read_in_bounded_pieces(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    long_line = _person("P-2", summary_of_nothing="y" * (MAX_RECORD_BYTES + 1))
    (tmp_path / "person.jsonl").write_bytes(
        _person("P-1") + long_line + b"z" * (3 * MAX_RECORD_BYTES) + _person("P-3"))
    # Line 3 has no newline of its own for 3 MiB: it ends with P-3's row, all refused.
    (tmp_path / "flag.jsonl").write_bytes(b"")

    report = import_folder(db, database, tmp_path)
    assert _problems(report) == [("person.jsonl", 2, "line"), ("person.jsonl", 3, "line")]
    assert all("longer than 1,048,576 bytes (1 MiB)" in p.reason for p in report.problems)
    assert _ids(db, database) == ["P-1"]


def test_an_unclosed_quote_and_bad_bytes_inside_quotes_do_not_desynchronise_the_csv(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    (tmp_path / "person.csv").write_bytes(
        CSV_HEADER.encode() + _csv_person("P-1", '"Jan ""JJ"", Piotr"')
        + b'P-2,Kowalski,"bad \xc3\x28\nbytes",test,PC 1AB,2024-01-02T10:00:00Z\n'
        + _csv_person("P-3") + b"P-4,Nowak,\xe2\x82\n" + _csv_person("P-5")
        + b'P-6,Nowak,"never closed\n' + _csv_person("P-7"))
    (tmp_path / "association.csv").write_text(ASSOCIATIONS, encoding="utf-8")

    report = import_folder(db, database, tmp_path)
    assert _problems(report) == [("person.csv", 3, "line"), ("person.csv", 6, "line"),
                                 ("person.csv", 8, "line")]
    reasons = [p.reason for p in report.problems]
    assert "not valid UTF-8" in reasons[0] and "not valid UTF-8" in reasons[1]
    assert "never closed: lines 8-9" in reasons[2]
    assert _ids(db, database) == ["P-1", "P-3", "P-5"]
    records, _, _ = db.execute_query("MATCH (p:Person {id: 'P-1'}) RETURN p.given_names AS g",
                                     database_=database)
    assert records[0]["g"] == 'Jan "JJ", Piotr'


def test_hostile_values_are_refused_by_the_same_rules_as_the_api(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    (tmp_path / "person.jsonl").write_bytes(
        _person("P-1", family_name="Kow\u0000alski") + _person("P-2", aliases=["a" * 201])
        + b'{"id": "P-3", "family_name": "\\ud800", "source": "t", "recorded_by": "x", '
          b'"recorded_at": "2024-01-02T10:00:00Z"}\n'
        + b"[" * 100_000 + b"\n" + _person("P-4", **{"\x1b[2J": "v"}) + _person("P-5"))

    report = import_folder(db, database, tmp_path)
    assert _problems(report) == [("person.jsonl", 1, "family_name"),
                                 ("person.jsonl", 2, "aliases"),
                                 ("person.jsonl", 3, "family_name"),
                                 ("person.jsonl", 4, "line"),
                                 ("person.jsonl", 5, "'\\x1b[2J'")]
    assert "U+0000" in report.problems[0].reason and "U+D800" in report.problems[2].reason
    assert "nested too deeply" in report.problems[3].reason
    assert _ids(db, database) == ["P-5"]


def test_symbolic_links_are_refused_reported_and_not_read(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "person.jsonl").write_bytes(_person("P-SECRET"))
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "person.jsonl").symlink_to(outside / "person.jsonl")
    (folder / "extra").symlink_to(outside, target_is_directory=True)
    (folder / "location.jsonl").write_bytes(json.dumps(
        {"id": "L-1", "kind": "place", "name": "Brixton", **PROV}).encode() + b"\n")

    report = import_folder(db, database, folder)
    assert _problems(report) == [("extra", 0, "file"), ("person.jsonl", 0, "file")]
    assert all("symbolic link: not followed and not read" in p.reason
               for p in report.problems)
    assert report.files == {"location": "location.jsonl"}
    assert _ids(db, database) == [] and _ids(db, database, "Location") == ["L-1"]

    with pytest.raises(FileRefused, match="symbolic link"):   # a link swapped in later
        open_file(folder / "person.jsonl")
    (tmp_path / "linked").symlink_to(folder, target_is_directory=True)
    with pytest.raises(FolderError, match="is a symbolic link"):
        import_folder(db, database, tmp_path / "linked")
    (folder / STATE_FILE).symlink_to(outside / "person.jsonl")
    with pytest.raises(StateError, match="symbolic link"):
        import_folder(db, database, folder)
    assert import_folder(db, database, folder, restart=True).written == {"location": 1}
    assert (outside / "person.jsonl").read_bytes() == _person("P-SECRET")  # not written
    assert not (folder / STATE_FILE).exists()


def test_a_bad_csv_header_refuses_that_file_only(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    (tmp_path / "person.csv").write_bytes(b"id,family\xff_name\n" + _csv_person("P-1"))
    (tmp_path / "organisation.csv").write_bytes(b"")
    (tmp_path / "location.csv").write_text(
        "id,kind,name,name,source,recorded_by,recorded_at\n", encoding="utf-8")
    (tmp_path / "flag.jsonl").write_bytes(b"\n")
    report = import_folder(db, database, tmp_path)
    assert _problems(report) == [("location.csv", 1, "line"), ("organisation.csv", 1, "line"),
                                 ("person.csv", 1, "line")]
    reasons = [p.reason for p in report.problems]
    assert "header names name twice" in reasons[0] and "is empty" in reasons[1]
    assert "header row is not valid UTF-8" in reasons[2]


def test_the_import_is_audited_with_who_what_folder_and_counts(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    (tmp_path / "person.jsonl").write_bytes(_person("P-1") + b"\xff\n" + _person("P-3"))
    (tmp_path / "association.csv").write_text(ASSOCIATIONS, encoding="utf-8")
    env = {**cli_env(neo4j_connection), "NEXUS_USER": "importer-7"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cli", "import", str(tmp_path), *args],
                              env=env, capture_output=True, text=True, timeout=300)

    dry, done = run("--dry-run"), run()
    assert (dry.returncode, done.returncode) == (1, 1), done.stderr
    assert "person.jsonl:2: line: the line is not valid UTF-8" in done.stderr
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) WHERE e.user = 'importer-7' RETURN e { .* } AS e ORDER BY e.seq",
        database_=database)
    entries = [record["e"] for record in records]
    assert [(e["action"], e["role"], e["outcome"]) for e in entries] == [
        ("import-dry-run", "cli", "partial"), ("change:import", "cli", "partial")]
    detail = entries[1]["detail"]
    assert f"folder={tmp_path.resolve()}" in detail
    assert 'written={"person":2,"association":1}' in detail
    assert "problems=1 [person.jsonl:2:line]" in detail
    assert 'valid={"person":2,"association":1}' in entries[0]["detail"]
    assert verify(db, database).ok


def test_a_hostile_folder_imports_the_same_twice_and_resumes(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path) -> None:
    database = neo4j_connection.database
    rows = [_person(f"P-{n}") if n % 3 else b"\xff\xfe not json\n" for n in range(1, 30)]
    (tmp_path / "person.jsonl").write_bytes(b"".join(rows))
    first = import_folder(db, database, tmp_path, batch_size=4)
    again = import_folder(db, database, tmp_path, batch_size=7)
    assert first.written == again.written == {"person": 20}
    assert _problems(first) == _problems(again) == [
        ("person.jsonl", n, "line") for n in range(3, 30, 3)]
    assert len(_ids(db, database)) == 20
    assert not (tmp_path / STATE_FILE).exists()
    assert os.listdir(tmp_path) == ["person.jsonl"]
