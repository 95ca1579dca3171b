"""A rider carried by a request's first accepting read (graph/db/riders.py), against the
real Neo4j: its columns come back beside the read's, only one read takes it, and a read
that gives no row, fails or never comes leaves it undelivered."""

from __future__ import annotations

import pytest
from neo4j import Driver
from neo4j.exceptions import Neo4jError

from graph.db.riders import Rider, accepts_rider
from graph.db.settings import Neo4jConnection
from graph.db.timeouts import with_timeout

ROWS = accepts_rider("UNWIND range(1, $n) AS i RETURN i, i * $times AS product",
                     "i", "product")


def _rider() -> Rider:
    return Rider("RETURN $rider_word AS word, 42 AS answer", ("word", "answer"),
                 {"rider_word": "carried"})


def test_the_first_accepting_read_carries_it(driver: Driver,
                                             neo4j_connection: Neo4jConnection) -> None:
    rider = _rider()
    timed = with_timeout(driver, 5, rider)
    database = neo4j_connection.database
    # A read that does not accept a rider, and a write, leave it waiting.
    timed.execute_query("RETURN 1 AS one", database_=database, routing_="r")
    timed.execute_query(ROWS, n=1, times=2, database_=database)
    assert not rider.outcome.done()
    result = timed.execute_query(ROWS, n=3, times=10, database_=database, routing_="r")
    assert result.keys == ["i", "product", "word", "answer"]
    assert [(r["i"], r["product"]) for r in result.records] == [(1, 10), (2, 20), (3, 30)]
    carried = rider.outcome.result(timeout=1)
    assert carried is not None and (carried["word"], carried["answer"]) == ("carried", 42)
    again = timed.execute_query(ROWS, n=1, times=1, database_=database, routing_="r")
    assert again.keys == ["i", "product"], "only one read carries it"


def test_a_read_with_no_row_or_an_error_leaves_it_undelivered(
        driver: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    empty = _rider()
    result = with_timeout(driver, 5, empty).execute_query(
        ROWS, n=0, times=1, database_=database, routing_="r")
    assert result.records == [] and empty.outcome.result(timeout=1) is None

    failed = _rider()
    with pytest.raises(Neo4jError):
        with_timeout(driver, 5, failed).execute_query(
            accepts_rider("RETURN 1 / $zero AS x", "x"), zero=0, database_=database,
            routing_="r")
    assert failed.outcome.result(timeout=1) is None


def test_a_withdrawn_rider_is_carried_by_no_read(driver: Driver,
                                                 neo4j_connection: Neo4jConnection) -> None:
    rider = _rider()
    rider.withdraw()
    assert rider.outcome.result(timeout=1) is None
    result = with_timeout(driver, 5, rider).execute_query(
        ROWS, n=1, times=1, database_=neo4j_connection.database, routing_="r")
    assert result.keys == ["i", "product"]
    rider.withdraw()  # twice is harmless
