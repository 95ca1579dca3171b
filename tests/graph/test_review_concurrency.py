"""Two reviewers of one record at once, against the real Neo4j (and the real HTTP API).

A review or a withdrawal takes the record's write lock before it reads the record
(graph/reviews/events.py), so the second of two concurrent transactions waits for the
first to commit and then sees its work: a review date other than the one its reviewer was
shown (`expectedReviewDate`), or a disposal proposal, is a CONFLICT and nothing is written.
Exactly one wins and exactly one event is written.

The held-transaction tests make the interleaving certain: the first review runs in a
transaction the test keeps open while the second runs in another thread. Without the
lock-first read, the second would read the old committed date, pass the check, queue on
the first's write and then write a second event.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from neo4j import Driver

from graph.access import FULL
from graph.db.settings import Neo4jConnection
from graph.errors import Conflict
from graph.reviews.events import check, new_event, record_review, review_in_tx
from graph.reviews.withdraw import check_withdrawal, withdraw_disposal_proposal, withdraw_in_tx
from tests.support.reviews_graph import build, graph_state
from tests.support.server import LiveServer, graphql

TODAY = dt.datetime.now(dt.UTC).date()
SOON = TODAY + dt.timedelta(days=100)
LATER = TODAY + dt.timedelta(days=200)
CODES = FULL
# Due records of tests/support/reviews_graph.py's graph and the review date each is listed with.
DUE = {("person", "P-R1"): dt.date(2020, 1, 10), ("arrest", "AR-R1"): dt.date(2021, 3, 1),
       ("incident", "IN-R1"): dt.date(2020, 1, 10), ("incident", "IN-R2"): dt.date(2020, 6, 1),
       ("intelligence_report", "IT-RP"): dt.date(2022, 5, 5),
       ("flag", "FL-R1"): dt.date(2023, 1, 1)}


@pytest.fixture
def graph(db: Driver, neo4j_connection: Neo4jConnection) -> tuple[Driver, str]:
    build(db, neo4j_connection.database)
    return db, neo4j_connection.database


def events(db: Driver, record_id: str) -> list[dict[str, Any]]:
    """Every review the record has: ReviewEvents, or a flag's "reviewed" FlagEvents."""
    records, _, _ = db.execute_query(
        "MATCH (n {id: $id}) "
        "OPTIONAL MATCH (n)-[:HAS_REVIEW]->(r:ReviewEvent) "
        "OPTIONAL MATCH (n)-[:HAS_EVENT]->(f:FlagEvent {action: 'reviewed'}) "
        "WITH collect(DISTINCT r { .* }) + collect(DISTINCT f { .* }) AS all "
        "UNWIND all AS e RETURN e ORDER BY e.id", id=record_id)
    return [r["e"] for r in records]


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception raised."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        start.wait()
        try:
            return call()
        except Exception as exc:  # the test sorts results from errors
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.parametrize(("kind", "record_id"), sorted(DUE))
def test_two_reviewers_racing_one_wins_one_event(graph: tuple[Driver, str], kind: str,
                                                 record_id: str) -> None:
    db, database = graph
    listed = DUE[(kind, record_id)]
    first, second = race(
        lambda: record_review(db, database, kind, record_id, "retain", "reviewer one", SOON,
                              "sup-1", expected_review_date=listed),
        lambda: record_review(db, database, kind, record_id, "retain", "reviewer two", LATER,
                              "sup-2", expected_review_date=listed))
    outcomes = [r for r in (first, second) if not isinstance(r, Exception)]
    refused = [r for r in (first, second) if isinstance(r, Exception)]
    assert len(outcomes) == 1 and len(refused) == 1, (first, second)
    assert isinstance(refused[0], Conflict) and "someone else reviewed" in str(refused[0])
    won = outcomes[0]
    assert won.previous_review_date == listed
    written = events(db, record_id)
    assert len(written) == 1 and written[0]["reason"] == won.reason


def test_retain_racing_a_disposal_proposal(graph: tuple[Driver, str]) -> None:
    db, database = graph
    listed = DUE[("incident", "IN-R2")]
    results = race(
        lambda: record_review(db, database, "incident", "IN-R2", "retain", "keep", SOON,
                              "sup-1", expected_review_date=listed),
        lambda: record_review(db, database, "incident", "IN-R2", "flag_for_disposal", "bin",
                              None, "sup-2", expected_review_date=listed))
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    written = events(db, "IN-R2")
    assert len(written) == 1
    records, _, _ = db.execute_query(
        "MATCH (i:Incident {id: 'IN-R2'}) RETURN i.review_date AS d, "
        "i.disposal_proposed_at AS p")
    state = records[0]
    if written[0]["outcome"] == "retain":  # the graph matches the one event written
        assert state["d"].to_native() == SOON and state["p"] is None
    else:
        assert state["d"].to_native() == listed and state["p"] is not None


def _hold_then_race(db: Driver, database: str, first: Callable[[Any], Any],
                    second: Callable[[], Any]) -> Any:
    """Run `first(tx)` in a transaction held open while `second` runs in a thread; show
    that `second` waits for the lock, commit, and return what `second` did."""
    result: list[Any] = []

    def run_second() -> None:
        try:
            result.append(second())
        except Exception as exc:
            result.append(exc)

    with db.session(database=database) as session:
        tx = session.begin_transaction()
        try:
            first(tx)
            thread = threading.Thread(target=run_second)
            thread.start()
            thread.join(timeout=1.5)
            assert thread.is_alive(), f"the second review did not wait for the lock: {result}"
            tx.commit()
        finally:
            if tx.closed() is False:
                tx.rollback()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return result[0]


def test_the_second_review_waits_for_the_first_and_sees_its_date(
        graph: tuple[Driver, str]) -> None:
    db, database = graph
    listed = DUE[("person", "P-R1")]
    reason = check("person", "retain", "first reviewer", SOON, TODAY)
    event = new_event("retain", reason, SOON, "sup-1", None, "test", "RV-HELD-1")
    second = _hold_then_race(
        db, database,
        lambda tx: review_in_tx(tx, "person", "P-R1", event, CODES, listed),
        lambda: record_review(db, database, "person", "P-R1", "retain", "second reviewer",
                              LATER, "sup-2", expected_review_date=listed))
    assert isinstance(second, Conflict), second
    assert SOON.isoformat() in str(second) and listed.isoformat() in str(second)
    written = events(db, "P-R1")
    assert [e["id"] for e in written] == ["RV-HELD-1"]
    records, _, _ = db.execute_query("MATCH (p:Person {id: 'P-R1'}) RETURN p { .* } AS p")
    person = records[0]["p"]
    assert person["review_date"].to_native() == SOON and "review_lock" not in person


def test_a_proposal_made_meanwhile_stops_a_review_without_an_expected_date(
        graph: tuple[Driver, str]) -> None:
    db, database = graph
    reason = check("arrest", "flag_for_disposal", "spent", None, TODAY)
    event = new_event("flag_for_disposal", reason, None, "sup-1", None, "test", "RV-HELD-2")
    second = _hold_then_race(
        db, database, lambda tx: review_in_tx(tx, "arrest", "AR-R1", event, CODES, None),
        lambda: record_review(db, database, "arrest", "AR-R1", "retain", "keep", SOON, "s2"))
    assert isinstance(second, Conflict) and "proposed for disposal" in str(second)
    assert [e["id"] for e in events(db, "AR-R1")] == ["RV-HELD-2"]


def test_two_withdrawals_at_once_one_wins(graph: tuple[Driver, str]) -> None:
    db, database = graph
    record_review(db, database, "incident", "IN-R1", "flag_for_disposal", "spent", None, "s0")
    listed = DUE[("incident", "IN-R1")]
    reason = check_withdrawal("incident", "new lead", SOON, TODAY)
    event = new_event("withdraw_disposal", reason, SOON, "sup-1", None, "test", "RV-HELD-3")
    second = _hold_then_race(
        db, database, lambda tx: withdraw_in_tx(tx, "incident", "IN-R1", event, CODES, listed),
        lambda: withdraw_disposal_proposal(db, database, "incident", "IN-R1", "me too", LATER,
                                           "sup-2", expected_review_date=listed))
    assert isinstance(second, Conflict), second
    outcomes = sorted(e["outcome"] for e in events(db, "IN-R1"))
    assert outcomes == ["flag_for_disposal", "withdraw_disposal"]
    # And racing freely: propose again, then two withdrawals released together.
    record_review(db, database, "incident", "IN-R1", "flag_for_disposal", "again", None, "s0")
    results = race(*(lambda n=n: withdraw_disposal_proposal(
        db, database, "incident", "IN-R1", f"withdrawer {n}", LATER, f"sup-{n}",
        expected_review_date=SOON) for n in (1, 2)))
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert sorted(e["outcome"] for e in events(db, "IN-R1")).count("withdraw_disposal") == 2


RECORD = """
mutation ($id: ID!, $reason: String!, $next: Date, $expected: Date) {
  recordReview(kind: "person", id: $id, outcome: "retain", reason: $reason,
               nextReviewDate: $next, expectedReviewDate: $expected) {
    ok errors { field code message } review { id previousReviewDate }
  }
}"""


def test_over_http_a_stale_date_is_a_conflict_and_two_requests_race_to_one(
        live_server: LiveServer, graph: tuple[Driver, str]) -> None:
    db, _ = graph
    before = graph_state(db)
    stale = graphql(live_server, RECORD, id="P-R1", reason="why", next=SOON.isoformat(),
                    expected="2019-01-01")["data"]["recordReview"]
    assert stale["ok"] is False and stale["errors"][0]["code"] == "CONFLICT"
    assert "someone else reviewed it first" in stale["errors"][0]["message"]
    assert graph_state(db) == before
    answers = race(*(lambda n=n: graphql(
        live_server, RECORD, id="P-R4", reason=f"reviewer {n}", next=SOON.isoformat(),
        expected="2024-06-30")["data"]["recordReview"] for n in (1, 2)))
    assert sorted(a["ok"] for a in answers) == [False, True], answers
    assert next(a for a in answers if not a["ok"])["errors"][0]["code"] == "CONFLICT"
    assert len(events(db, "P-R4")) == 1
    right = graphql(live_server, RECORD, id="P-R1", reason="why", next=SOON.isoformat(),
                    expected="2020-01-10")["data"]["recordReview"]
    assert right["ok"] is True and right["review"]["previousReviewDate"] == "2020-01-10"
