"""Grading carried through (graph/grading.py): the weakest grading of what a derived fact
rests on, and 5x5x5 intelligence imported as 3x5x2 with its original grading kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.grading import from_5x5x5, weakest
from graph.ingest import import_folder
from graph.records import RowError, validate
from tests.support.factories import provenance, row


def test_the_weakest_grading_of_what_a_fact_rests_on() -> None:
    assert weakest([{"source_evaluation": "1", "intelligence_assessment": "A",
                     "handling_code": "P"},
                    {"source_evaluation": "3", "intelligence_assessment": "B",
                     "handling_code": "C", "handling_conditions": "Police only"},
                    {"source_evaluation": "2", "intelligence_assessment": "D",
                     "handling_code": "P"},
                    {"id": "CV-1"}, None]) == {
        "source_evaluation": "3", "intelligence_assessment": "D", "handling_code": "C",
        "handling_conditions": "Police only"}
    assert weakest([{"id": "AR-1"}]) is None


@pytest.mark.parametrize(("code", "mapped"), [
    ("A1 1", ("1", "A", "P")), ("B2 4", ("1", "A", "C")), ("c3 2", ("2", "B", "C")),
    ("D45", ("3", "D", "C")), ("E/5/1", ("2", "E", "P")),
])
def test_5x5x5_maps_to_3x5x2(code: str, mapped: tuple[str, str, str]) -> None:
    found = from_5x5x5(code)
    assert found is not None
    assert (found["source_evaluation"], found["intelligence_assessment"],
            found["handling_code"]) == mapped
    assert from_5x5x5("F9 9") is None


def test_a_5x5x5_row_is_validated_as_3x5x2_and_keeps_its_grading() -> None:
    graded = {"source_evaluation": None, "intelligence_assessment": None,
              "handling_code": None}
    clean = validate("intelligence_report", row("intelligence_report", **graded,
                                                original_grading="b2 4"))
    assert (clean["source_evaluation"], clean["intelligence_assessment"],
            clean["handling_code"], clean["original_grading"]) == ("1", "A", "C", "B2 4")
    assert "handling code 4" in clean["handling_conditions"]
    with pytest.raises(RowError, match="like B2 4"):
        validate("intelligence_report", row("intelligence_report", **graded,
                                            original_grading="Z9"))
    with pytest.raises(RowError, match="does not match"):
        validate("intelligence_report", row("intelligence_report", source_evaluation="3",
                                            intelligence_assessment="A", handling_code="C",
                                            original_grading="B2 4"))


def test_the_importer_accepts_5x5x5_intelligence(db: Driver, neo4j_connection: Neo4jConnection,
                                                 tmp_path: Path) -> None:
    database = neo4j_connection.database
    person = {**provenance(), "id": "P-5X", "family_name": "Graded"}
    report = {**provenance(), "id": "IT-5X", "reported_at": "2015-03-01T10:00:00Z",
              "summary": "Old 5x5x5 report", "original_grading": "C3 1",
              "mentions_person_ids": ["P-5X"]}
    (tmp_path / "person.jsonl").write_text(json.dumps(person) + "\n")
    (tmp_path / "intelligence_report.jsonl").write_text(json.dumps(report) + "\n")
    done = import_folder(db, database, tmp_path)
    assert done.ok, done.as_dict()
    records, _, _ = db.execute_query(
        "MATCH (r:IntelligenceReport {id: 'IT-5X'}) RETURN r.source_evaluation AS s, "
        "r.intelligence_assessment AS a, r.handling_code AS h, r.original_grading AS o",
        database_=database)
    assert dict(records[0]) == {"s": "2", "a": "B", "h": "P", "o": "C3 1"}
