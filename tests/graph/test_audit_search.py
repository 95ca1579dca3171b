"""Searching the audit log as an auditor does (graph/audit/search.py): each filter alone
and together over a real Neo4j, refused attempts found by outcome, and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from neo4j import Driver

from graph.audit import chain as audit
from graph.audit import search
from graph.audit.search import AuditFilter
from graph.db.settings import Neo4jConnection

DAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _log(db: Driver, database: str) -> None:
    rows = [
        ("jsmith", "officer", "person", "Op Larch custody 1234", "CASE-77", ["P-1"], "ok", 0),
        ("jsmith", "officer", "person,network", "Op Larch custody 1234", None, ["P-1", "P-2"],
         "ok", 1),
        ("akhan", "analyst", "search", "Burglary series review", None, ["P-3"], "ok", 2),
        ("akhan", "analyst", "refused", "Curiosity", None, [], "refused", 3),
        ("mlee", "supervisor", "audit-read", "Supervision of case-77", None, ["P-1"], "ok", 9),
    ]
    for user, role, action, purpose, case, subjects, outcome, days in rows:
        audit.append(db, database, audit.AuditEntry(
            user=user, role=role, action=action, purpose=purpose, case_reference=case,
            subject_ids=subjects, outcome=outcome,
            at=(DAY + dt.timedelta(days=days)).isoformat()))


def _users(db: Driver, database: str, where: AuditFilter) -> list[tuple[str, str]]:
    total, found = search.search(db, database, where)
    assert total == len(found)
    return [(entry.user, entry.action) for entry in found]


def test_each_filter_narrows_the_log(db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    _log(db, database)
    assert len(_users(db, database, AuditFilter())) == 5
    assert _users(db, database, AuditFilter(user="akhan")) == [
        ("akhan", "refused"), ("akhan", "search")]  # newest first
    assert _users(db, database, AuditFilter(subject_id="P-1")) == [
        ("mlee", "audit-read"), ("jsmith", "person,network"), ("jsmith", "person")]
    # One action of several, never a substring of another ("person" is not "persons").
    assert _users(db, database, AuditFilter(action="network")) == [("jsmith", "person,network")]
    assert len(_users(db, database, AuditFilter(action="pers"))) == 0
    # Words in the purpose or the case reference, whatever their case.
    assert [u for u, _ in _users(db, database, AuditFilter(purpose="LARCH"))] == ["jsmith"] * 2
    assert _users(db, database, AuditFilter(purpose="case-77")) == [
        ("mlee", "audit-read"), ("jsmith", "person")]
    assert _users(db, database, AuditFilter(outcome="refused")) == [("akhan", "refused")]
    period = AuditFilter(since=DAY + dt.timedelta(days=1), until=DAY + dt.timedelta(days=3))
    assert _users(db, database, period) == [("akhan", "search"), ("jsmith", "person,network")]
    both = AuditFilter(user="jsmith", subject_id="P-2", purpose="larch")
    assert _users(db, database, both) == [("jsmith", "person,network")]


def test_pages_are_newest_first_with_the_total(db: Driver,
                                               neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    _log(db, database)
    total, first = search.search(db, database, AuditFilter(), first=2)
    _, second = search.search(db, database, AuditFilter(), first=2, skip=2)
    assert total == 5
    seqs = [e.seq for e in first + second]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == 4


def test_the_export_is_csv_with_every_field_and_no_formulas(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    _log(db, database)
    audit.append(db, database, audit.AuditEntry(
        user="evil", role="officer", action="person", purpose="=HYPERLINK(\"x\")",
        subject_ids=["P-9"], detail="-1+1"))
    _, found = search.search(db, database, AuditFilter(), first=search.MAX_EXPORT_ROWS)
    rows = list(csv.DictReader(io.StringIO(search.to_csv(found))))
    assert list(rows[0]) == list(search.CSV_COLUMNS)
    assert len(rows) == 6
    assert rows[0]["purpose"] == "'=HYPERLINK(\"x\")" and rows[0]["detail"] == "'-1+1"
    larch = [r for r in rows if r["case_reference"] == "CASE-77"][0]
    assert larch["subject_ids"] == "P-1" and larch["user"] == "jsmith"
    assert larch["hash"] == found[[e.case_reference for e in found].index("CASE-77")].hash
    # The chain is untouched by reading it.
    assert audit.verify(db, database).ok
