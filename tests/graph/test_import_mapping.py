"""`nexus import --mapping`: an export in a foreign shape becomes the same graph as the
same records in Nexus's own format, a dry run reports unmapped values and writes nothing,
an interrupted mapped import resumes, and a bad mapping is refused naming its lines.
Against the real Neo4j; the CLI runs in a subprocess as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.ingest import STATE_FILE, StateError, export_rows, import_folder
from graph.ingest.mapping import MappingError, load_mapping, mapping_from_text, plan_folder
from graph.ingest.state import ImportState
from tests.support.cli import cli_env
from tests.support.foreign_export import MAPPING, ForeignExport
from tests.support.neo4j import wipe_graph


def _graph(db: Driver, database: str) -> tuple[list[Any], list[Any]]:
    """Every record node and every relationship with all its properties, in a stable order."""
    nodes, _, _ = db.execute_query(
        "MATCH (n) WHERE n.source IS NOT NULL AND NOT n:__Neo4jMigration "
        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id", database_=database)
    links, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:__Neo4jMigration "
        "RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props "
        "ORDER BY type, a, b, r.id", database_=database)
    return ([(r["labels"], r["props"]) for r in nodes],
            [(r["type"], r["a"], r["b"], _stable(r["props"])) for r in links])


def _stable(props: dict[str, Any]) -> dict[str, Any]:
    """A derived link is stamped with the time it was derived: leave that out."""
    return {key: value for key, value in props.items()
            if not (props.get("derived") and key == "recorded_at")}


def _same(got: tuple[list[Any], list[Any]], expected: tuple[list[Any], list[Any]]) -> None:
    """Equal graphs; else the first record that differs, readably."""
    for mine, theirs in zip(got, expected, strict=True):
        differ = [(a, b) for a, b in zip(mine, theirs, strict=False) if a != b]
        assert not differ, differ[0]
        assert len(mine) == len(theirs)


def _cli(connection: Neo4jConnection, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], env=cli_env(connection),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def export() -> ForeignExport:
    return ForeignExport()


def test_foreign_export_gives_the_same_graph_as_nexus_format(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path,
        export: ForeignExport) -> None:
    database = neo4j_connection.database
    rows = export.nexus_rows()
    export_rows(tmp_path / "nexus", rows.items())
    own = import_folder(db, database, tmp_path / "nexus")
    assert own.ok, own.problems[:3]
    expected = _graph(db, database)
    assert len(expected[0]) == sum(len(rows[kind]) for kind in
                                   ("person", "incident", "location"))
    assert any(link[0] == "ASSOCIATE" for link in expected[1])
    assert any(link[0] == "CO_OFFENDER" for link in expected[1])   # derived from roles

    wipe_graph(db, database)
    foreign = export.write_foreign(tmp_path / "foreign")
    done = _cli(neo4j_connection, "import", str(foreign), "--mapping", str(MAPPING),
                "--report", str(tmp_path / "report.json"))
    assert done.returncode == 0, done.stderr
    _same(_graph(db, database), expected)
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["written"] == {kind: len(rows[kind]) for kind in rows}
    assert report["mapping"]["outputs"]["crimes.csv"] == ["location", "incident"]
    # Defaulted, so imported, and still reported: the user sees what the default caught.
    assert report["mapping"]["unmapped"]["crimes.csv[incident]"]["type"] == {
        "Anti-social behaviour": sum(c["type"] == "Anti-social behaviour"
                                     for c in export.crimes)}
    assert "crimes.csv -> location, incident" in done.stdout

    again = import_folder(db, database, foreign, mapping=load_mapping(MAPPING))
    assert again.ok
    _same(_graph(db, database), expected)                         # idempotent
    records, _, _ = db.execute_query(
        "MATCH (:Person)-[r:ASSOCIATE]->(:Person) RETURN count(r) AS n", database_=database)
    assert records[0]["n"] == sum(kind == "KNOWS" for _, _, kind, _ in export.links)


def test_dry_run_reports_unmapped_values_and_writes_nothing(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path,
        export: ForeignExport) -> None:
    foreign = export.write_foreign(tmp_path / "foreign")
    people = (foreign / "people.csv").read_text("utf-8").splitlines()
    people[3] = people[3].replace(f",{export.people[2].sex},", ",X,")    # a code never mapped
    (foreign / "people.csv").write_text("\n".join(people) + "\n", "utf-8")
    (foreign / "notes.txt").write_text("not an export file\n", "utf-8")
    done = _cli(neo4j_connection, "import", str(foreign), "--mapping", str(MAPPING),
                "--dry-run", "--report", str(tmp_path / "report.json"))
    assert done.returncode == 1, done.stderr            # the row with X is refused
    assert "people.csv -> person" in done.stdout
    assert "notes.txt: not in the mapping, not read" in done.stdout
    assert "first rows of people.csv:" in done.stdout
    assert '"id": "NS-P-1"' in done.stdout               # the first rows, as Nexus rows
    assert "people.csv gender: 1 unmapped value(s) in 1 row(s):" in done.stderr
    assert "'X' x1" in done.stderr
    assert "people.csv:4: NS-P-3 gender: 'X' is not in the mapping's value map" in done.stderr
    assert "dry run: nothing written at all" in done.stderr
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["mapping"]["unmapped"]["people.csv"]["gender"] == {"X": 1}
    assert report["valid"]["person"] == len(export.people) - 1
    # Nothing written: no record, no checkpoint (the audit entry is not a record).
    assert _graph(db, neo4j_connection.database) == ([], [])
    assert not (foreign / STATE_FILE).exists()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry {action: 'import-dry-run'}) RETURN e.detail AS detail, "
        "e.outcome AS outcome", database_=neo4j_connection.database)
    [entry] = records
    assert entry["outcome"] == "partial"
    assert f"mapping=foreign_export.yaml sha256={load_mapping(MAPPING).digest[:16]}" \
        in entry["detail"]
    assert " [people.csv:4:gender, " in entry["detail"]   # then the links to NS-P-3


class _Stop(Exception):
    pass


def test_an_interrupted_mapped_import_resumes_to_the_same_graph(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path,
        export: ForeignExport) -> None:
    database = neo4j_connection.database
    foreign = export.write_foreign(tmp_path / "foreign")
    mapping = load_mapping(MAPPING)
    assert import_folder(db, database, foreign, mapping=mapping, batch_size=5).ok
    expected = _graph(db, database)
    wipe_graph(db, database)

    calls = 0

    def stop_after_some(kind: str, rows: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 6:                    # mid-way through the incidents of crimes.csv
            raise _Stop

    with pytest.raises(_Stop):
        import_folder(db, database, foreign, mapping=load_mapping(MAPPING), batch_size=5,
                      progress=stop_after_some)
    state = json.loads((foreign / STATE_FILE).read_text("utf-8"))
    assert state["mapping"] == mapping.digest
    assert state["files"]["crimes.csv[location]"]["file"] == "crimes.csv"
    with pytest.raises(StateError, match="import with a mapping"):
        ImportState.open(foreign)                  # the checkpoint is of a mapped import
    resumed = import_folder(db, database, foreign, mapping=load_mapping(MAPPING), batch_size=5)
    assert resumed.ok and resumed.resumed
    assert _graph(db, database) == expected
    assert not (foreign / STATE_FILE).exists()


def test_a_checkpoint_of_another_mapping_is_refused(tmp_path: Path,
                                                    export: ForeignExport) -> None:
    foreign = export.write_foreign(tmp_path / "foreign")
    ImportState.open(foreign, mapping="0" * 64).save()
    with pytest.raises(StateError, match="another mapping"):
        ImportState.open(foreign, mapping=load_mapping(MAPPING).digest)


# --- the mapping file: checked before anything is read, every problem on its line ----------

_BAD = """\
version: 1
files:
  people.csv:
    kind: persn
    id: "P-{ID}"
  links.csv:
    kind: association
    id: "A-{a}-{b}"
    colour: red
    fields:
      person_id: {column: a, ref: people.csv}
      other_person_id: {column: b, ref: nowhere.csv}
      kind: {column: t, map: {KNOWS: acquaintance}}
      since: s
      favourite: x
"""


def test_a_bad_mapping_names_every_problem_and_its_line() -> None:
    with pytest.raises(MappingError) as shape:
        mapping_from_text(_BAD)
    assert shape.value.problems == [
        "mapping.yaml:9: files.links.csv.0.colour: unknown key"]
    with pytest.raises(MappingError) as model:
        mapping_from_text(_BAD.replace("    colour: red\n", ""))
    problems = "\n".join(model.value.problems)
    assert "mapping.yaml:4: files.people.csv.0.kind: unknown kind 'persn'" in problems
    assert "mapping.yaml:12: files.links.csv.0.fields.kind.map: 'acquaintance' is not a " \
           "kind value; allowed: family, partner, lives_with, friend, co_offender, " \
           "phone_contact, social_media, associate" in problems
    assert "mapping.yaml:13: files.links.csv.0.fields.since: a date field: say how the " \
           "export writes dates" in problems
    assert "mapping.yaml:14: files.links.csv.0.fields.favourite: unknown field" in problems
    assert "mapping.yaml:11: files.links.csv.0.fields.other_person_id.ref: 'nowhere.csv' " \
           "is not a file of this mapping" in problems


@pytest.mark.parametrize(("text", "expected"), [
    ("version: 2\nfiles: {a.csv: {kind: person, id: '{x}'}}\n",
     "mapping.yaml:1: version: version must be 1"),
    ("version: 1\nfiles:\n  a.csv: {kind: person, id: '{x}', fields: {family_name: {}}}\n",
     "mapping.yaml:3: files.a.csv.0.fields.family_name: give a column, a value or a template"),
    ("version: 1\nfiles:\n  a.csv:\n    kind: [unclosed\n", "mapping.yaml:5: not valid YAML"),
    ("version: 1\nx: &a [1]\ny: *a\nfiles: {}\n", "anchors and aliases"),
    ("version: 1\nfiles:\n  a.csv: {kind: person, id: '{x}'}\n",
     "mapping.yaml:3: files.a.csv.0.fields: a person row needs source, recorded_by, "
     "recorded_at, family_name"),
])
def test_shape_errors(text: str, expected: str) -> None:
    with pytest.raises(MappingError) as error:
        mapping_from_text(text)
    assert any(problem.startswith(expected) or expected in problem
               for problem in error.value.problems), error.value.problems


def test_a_column_the_export_lacks_is_refused_before_reading(tmp_path: Path,
                                                            export: ForeignExport) -> None:
    foreign = export.write_foreign(tmp_path / "foreign")
    text = MAPPING.read_text("utf-8").replace("family_name: Surname", "family_name: Lastname")
    with pytest.raises(MappingError) as error:
        plan_folder(mapping_from_text(text, "m.yaml"), foreign)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Lastname" in row)
    assert error.value.problems[0].startswith(
        f"m.yaml:{line}: files.people.csv.0.fields.family_name.column: people.csv has no "
        "column 'Lastname'; its columns: ID, Surname,")


def test_mapping_infer_writes_a_draft_that_loads(neo4j_connection: Neo4jConnection,
                                                 tmp_path: Path, export: ForeignExport) -> None:
    foreign = export.write_foreign(tmp_path / "foreign")
    draft = tmp_path / "draft.yaml"
    done = _cli(neo4j_connection, "mapping", "infer", str(foreign), "-o", str(draft))
    assert done.returncode == 0, done.stderr
    assert "a draft; read every guess" in done.stdout
    mapping = load_mapping(draft)
    kinds = {file: [output.kind for output in outputs]
             for file, outputs in mapping.files.items()}
    assert kinds == {"crimes.csv": ["incident"], "involved.csv": ["incident_role"],
                     "links.csv": ["association"], "people.csv": ["person"]}
    text = draft.read_text("utf-8")
    assert "order: day-first\n" in text
    assert 'id: "PER-{ID}"' in text and 'id: "AS-{:START_ID}-{:END_ID}"' in text
    assert '"KNOWS": "associate"' in text and '"M": "male"' in text
    assert 'column: ":START_ID"\n        ref: "people.csv"' in text
    again = _cli(neo4j_connection, "mapping", "infer", str(foreign), "-o", str(draft))
    assert again.returncode == 2 and "--force" in again.stderr
