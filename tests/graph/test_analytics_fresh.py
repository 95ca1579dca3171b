"""Analytics that are never empty and never long stale (graph/analytics/refresh.py), and
harm scores that move in the same write as the conviction (graph/analytics/harm.rescore),
against a real Neo4j."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.analytics import harm, refresh
from graph.db.settings import Neo4jConnection
from graph.errors import NexusError
from graph.records import write_records
from tests.support.cli import point_cli_at
from tests.support.factories import make, row

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


def _person_scores(db: Driver, database: str, person_id: str) -> dict[str, Any]:
    records, _, _ = db.execute_query(
        "MATCH (p:Person {id: $id}) RETURN p { .* } AS p", id=person_id, database_=database)
    return {k: v for k, v in records[0]["p"].items() if k.startswith("analytics_harm")}


def test_a_recorded_conviction_rescores_its_person_in_the_same_write(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    person = make(db, "person")
    offence = make(db, "offence", chi_days=365.0)
    assert _person_scores(db, database, person["id"]) == {}
    today = dt.datetime.now(dt.UTC).date()
    convicted_on = today - dt.timedelta(days=365)
    write_records(db, database, {"conviction": [row(
        "conviction", person_id=person["id"], offence_ids=[offence["id"]],
        convicted_on=convicted_on.isoformat())]})
    scores = _person_scores(db, database, person["id"])
    want = harm.rfg([{"convicted_on": convicted_on,
                      "offences": [{"id": offence["id"], "chi_days": 365.0}]}], today)
    assert scores["analytics_harm_score"] == want.score > 0
    assert scores["analytics_harm_convictions"] == 1
    assert scores["analytics_harm_as_of"].to_native() == today

    # A write that fails (an unknown offence) rolls back with its score: nothing moves.
    with pytest.raises(NexusError):
        write_records(db, database, {"conviction": [row(
            "conviction", person_id=person["id"], offence_ids=["NO-SUCH-OFFENCE"])]})
    assert _person_scores(db, database, person["id"]) == scores

    write_records(db, database, {"arrest": [row(
        "arrest", person_id=person["id"], offence_ids=[offence["id"]])]})
    after_arrest = _person_scores(db, database, person["id"])
    assert after_arrest["analytics_harm_unproven_arrests"] == 1
    assert after_arrest["analytics_harm_score"] == want.score  # an arrest weighs nothing


@pytest.mark.parametrize(("last_run", "unscored", "due"), [
    (None, 0, "never computed"),
    (NOW - dt.timedelta(minutes=5), 3, None),              # too soon after the last run
    (NOW - dt.timedelta(minutes=20), 3, "3 people recorded since the last run"),
    (NOW - dt.timedelta(hours=2), 0, None),                # nothing new, not old
    (NOW - dt.timedelta(hours=7), 0, "the last run is 420 minutes old"),
])
def test_when_a_run_is_due(last_run: dt.datetime | None, unscored: int,
                           due: str | None) -> None:
    assert refresh.Freshness(last_run, unscored).due(NOW) == due


def test_refresh_runs_when_due_and_one_refresher_at_a_time(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    first = make(db, "association")  # two people, linked
    assert refresh.freshness(db, database).last_run is None
    report = refresh.refresh_if_due(db, database, holder="test-a")
    assert report is not None and report.persons == 2
    state = refresh.freshness(db, database)
    assert state.unscored == 0 and state.last_run is not None
    assert refresh.refresh_if_due(db, database, holder="test-a") is None  # not due

    make(db, "person")
    assert refresh.freshness(db, database).unscored == 1
    assert refresh.refresh_if_due(db, database, holder="test-a") is None  # within min_gap
    # Another refresher holds the lease: this one leaves the run to it.
    assert refresh.take_lease(db, database, "test-b")
    assert refresh.refresh_if_due(db, database, holder="test-a",
                                  min_gap=dt.timedelta(0)) is None
    refresh.release_lease(db, database, "test-b")
    again = refresh.refresh_if_due(db, database, holder="test-a", min_gap=dt.timedelta(0))
    assert again is not None and again.persons == 3
    assert refresh.freshness(db, database).unscored == 0
    assert first["id"]


def test_cli_run_if_due(db: Driver, neo4j_connection: Neo4jConnection,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    point_cli_at(monkeypatch, neo4j_connection)
    make(db, "association")
    runner = CliRunner()
    first = runner.invoke(app, ["analytics", "run", "--if-due"])
    assert first.exit_code == 0 and "due: never computed" in first.output, first.output
    assert "2 people" in first.output
    second = runner.invoke(app, ["analytics", "run", "--if-due"])
    assert second.exit_code == 0 and "up to date" in second.output, second.output
