"""A flag as a case file against the real Neo4j: evidence of the flagged person only,
unproven evidence said so, challenges recorded and decided (upheld clears the flag),
the whole trail in order, C-graded evidence hidden, and the history showing it all."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from neo4j import Driver

from graph.access import FULL, P_ONLY
from graph.db.settings import Neo4jConnection
from graph.errors import Conflict, NotFound, ValidationError
from graph.history.build import build_history
from graph.records import (
    RowError,
    challenge_flag,
    decide_challenge,
    in_write_transaction,
    set_flag,
)
from graph.records.flag_case import flag_case, review_overdue
from tests.support.factories import make, make_arrest, make_person, row


def _flag_row(person_id: str, **extra: Any) -> dict[str, Any]:
    fields = {"owner": "DI Shah", "set_at": "2024-03-01T10:00:00Z",
              "review_date": "2030-01-01", **extra}
    return row("flag", person_id=person_id, **fields)


def _set(db: Driver, database: str, flag: dict[str, Any]) -> str:
    return in_write_transaction(db, database, lambda tx: set_flag(tx, flag, case_file=True))


@pytest.fixture
def person(db: Driver) -> dict[str, Any]:
    return make_person(db)


def test_a_case_file_flag_needs_evidence_an_owner_and_a_review_date(
        db: Driver, neo4j_connection: Neo4jConnection, person: dict[str, Any]) -> None:
    database = neo4j_connection.database
    arrest = make_arrest(db, person_id=person["id"], outcome="nfa")
    with pytest.raises(ValidationError, match="at least one record"):
        _set(db, database, _flag_row(person["id"]))
    with pytest.raises(ValidationError, match="owner"):
        _set(db, database, _flag_row(person["id"], owner=None,
                                     evidence_arrest_ids=[arrest["id"]]))
    other = make_arrest(db)  # someone else's arrest
    with pytest.raises(ValidationError, match="not a record of the flagged person"):
        _set(db, database, _flag_row(person["id"], evidence_arrest_ids=[other["id"]]))
    with pytest.raises(RowError, match="unknown Arrest"):
        _set(db, database, _flag_row(person["id"], evidence_arrest_ids=["AR-NONE"]))
    records, _, _ = db.execute_query("MATCH (f:Flag) RETURN count(f) AS n", database_=database)
    assert records[0]["n"] == 0


def test_evidence_all_unproven_is_said_and_a_conviction_makes_it_proven(
        db: Driver, neo4j_connection: Neo4jConnection, person: dict[str, Any]) -> None:
    database = neo4j_connection.database
    arrest = make_arrest(db, person_id=person["id"], outcome="nfa")
    report = make(db, "intelligence_report", mentions_person_ids=[person["id"]],
                  source_evaluation="3", intelligence_assessment="D", handling_code="P")
    unproven = _flag_row(person["id"], evidence_arrest_ids=[arrest["id"]],
                         evidence_intelligence_ids=[report["id"]])
    _set(db, database, unproven)
    case = flag_case(db, database, unproven["id"], clearance=FULL)
    assert case is not None and case["person"]["id"] == person["id"]
    assert case["flag"]["evidence_unproven"] is True
    assert {e["id"] for e in case["flag"]["evidence"]} == {arrest["id"], report["id"]}
    conviction = make(db, "conviction", person_id=person["id"])
    proven = _flag_row(person["id"], evidence_conviction_ids=[conviction["id"]])
    _set(db, database, proven)
    assert flag_case(db, database, proven["id"], clearance=FULL)["flag"][
        "evidence_unproven"] is False


def test_c_graded_evidence_is_hidden_from_a_p_only_reader(
        db: Driver, neo4j_connection: Neo4jConnection, person: dict[str, Any]) -> None:
    database = neo4j_connection.database
    report = make(db, "intelligence_report", mentions_person_ids=[person["id"]],
                  handling_code="C", handling_conditions="Police only")
    arrest = make_arrest(db, person_id=person["id"])
    flag = _flag_row(person["id"], evidence_intelligence_ids=[report["id"]],
                     evidence_arrest_ids=[arrest["id"]])
    _set(db, database, flag)
    seen = flag_case(db, database, flag["id"], clearance=P_ONLY)["flag"]["evidence"]
    assert [e["id"] for e in seen] == [arrest["id"]]
    assert len(flag_case(db, database, flag["id"], clearance=FULL)["flag"]["evidence"]) == 2


def test_a_challenge_is_recorded_decided_once_and_upheld_clears_the_flag(
        db: Driver, neo4j_connection: Neo4jConnection, person: dict[str, Any]) -> None:
    database = neo4j_connection.database
    arrest = make_arrest(db, person_id=person["id"], outcome="nfa")
    flag = _flag_row(person["id"], evidence_arrest_ids=[arrest["id"]])
    _set(db, database, flag)
    raised = datetime(2024, 5, 1, 10, tzinfo=UTC)
    first = in_write_transaction(db, database, lambda tx: challenge_flag(
        tx, flag["id"], raised_by="other_agency", raised_by_detail="Home Office",
        grounds="Subject was a victim, not a suspect", by="PC 1", source="t", at=raised))
    in_write_transaction(db, database, lambda tx: decide_challenge(
        tx, first, upheld=False, reason="Other intelligence supports it", by="DI 7",
        source="t", at=datetime(2024, 5, 2, 10, tzinfo=UTC)))
    with pytest.raises(Conflict, match="already decided"):
        in_write_transaction(db, database, lambda tx: decide_challenge(
            tx, first, upheld=True, reason="again", by="DI 7", source="t"))
    with pytest.raises(NotFound):
        in_write_transaction(db, database, lambda tx: decide_challenge(
            tx, "FC-NONE", upheld=True, reason="x", by="DI 7", source="t"))
    with pytest.raises(RowError, match="unknown Flag"):
        in_write_transaction(db, database, lambda tx: challenge_flag(
            tx, "FL-NONE", raised_by="subject", grounds="g", by="PC 1", source="t"))
    assert flag_case(db, database, flag["id"], clearance=FULL)["flag"]["status"] == "active"
    second = in_write_transaction(db, database, lambda tx: challenge_flag(
        tx, flag["id"], raised_by="representative", grounds="The arrest was NFA",
        by="PC 1", source="t", at=datetime(2024, 6, 1, 10, tzinfo=UTC)))
    in_write_transaction(db, database, lambda tx: decide_challenge(
        tx, second, upheld=True, reason="Rests on an NFA arrest alone", by="DI 7",
        source="t", at=datetime(2024, 6, 2, 10, tzinfo=UTC)))
    case = flag_case(db, database, flag["id"], clearance=FULL)
    assert case["flag"]["status"] == "cleared"
    assert case["flag"]["cleared_reason"] == "Challenge upheld: Rests on an NFA arrest alone"
    assert [(s["action"], s["by"]) for s in case["trail"]] == [
        ("set", "DS 42"), ("challenged", "other agency (Home Office)"),
        ("challenge_rejected", "DI 7"), ("challenged", "representative"),
        ("challenge_upheld", "DI 7"), ("cleared", "DI 7")]


def test_an_active_flag_past_its_review_date_is_overdue() -> None:
    today = date(2025, 1, 1)
    assert review_overdue({"status": "active", "review_date": date(2024, 12, 31)}, today)
    assert not review_overdue({"status": "active", "review_date": date(2025, 1, 1)}, today)
    assert not review_overdue({"status": "cleared", "review_date": date(2020, 1, 1)}, today)


def test_the_history_shows_owner_evidence_unproven_overdue_and_challenges(
        db: Driver, neo4j_connection: Neo4jConnection, person: dict[str, Any]) -> None:
    database = neo4j_connection.database
    arrest = make_arrest(db, person_id=person["id"], outcome="nfa")
    flag = _flag_row(person["id"], evidence_arrest_ids=[arrest["id"]],
                     review_date="2024-06-01")
    _set(db, database, flag)
    in_write_transaction(db, database, lambda tx: challenge_flag(
        tx, flag["id"], raised_by="subject", grounds="Never charged", by="PC 1",
        source="t", at=datetime(2024, 4, 1, 10, tzinfo=UTC)))
    history = build_history(db, database, person["id"], as_of=date.today().isoformat(),
                            purpose="test", generated_by="DI 7", clearance=FULL)
    item = history.items("flags")[0]
    fields = dict(item["fields"])
    assert "UNPROVEN" in item["title"]
    assert fields["Owner"] == "DI Shah"
    assert fields["Review date"] == "2024-06-01 — REVIEW OVERDUE"
    assert arrest["id"] in fields["Rests on"] and "nfa" in fields["Rests on"]
    assert fields["Challenges"] == "1 (1 open)"
    assert "challenged by subject: Never charged" in fields["History"]
    assert {c["record_type"] for c in item["citations"]} >= {"Flag", "FlagChallenge"}
