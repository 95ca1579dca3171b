"""A one-row subquery carried by a request's first read, instead of a round trip of its own.

The API checks every request's sign-in against the graph (graph/accounts/grants.py). As a
query of its own beside the read, that check costs a second Bolt exchange, a thread and
its share of the GIL: about 0.7 ms of a person or search answer on two cores. A `Rider`
lets the first read that accepts one carry it instead:

    CALL () { <the rider's subquery, one row> }
    CALL () { <the read> }
    RETURN <the read's columns>, <the rider's columns>

A read accepts a rider only where its function says so (`accepts_rider`: the query text and
the columns it returns, so the wrapper never guesses at them), and only the first such read
of a request takes it. A read that returns no rows, fails, or never runs leaves the rider
undelivered: whoever waits for it then asks on its own (`withdraw`, then `outcome`).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

from neo4j import Record


class RideableQuery(str):
    """Query text that may carry a rider, with the columns it returns, in order."""

    columns: tuple[str, ...]

    def __new__(cls, text: str, columns: tuple[str, ...]) -> RideableQuery:
        query = super().__new__(cls, text)
        query.columns = columns
        return query


def accepts_rider(text: str, *columns: str) -> RideableQuery:
    return RideableQuery(text, columns)


class Rider:
    """One subquery returning one row: carried by at most one read, or withdrawn.

    `outcome` ends with the carrying read's first record (the rider's columns beside the
    read's), or None when no read carried it. Thread-safe: reads run in worker threads.
    """

    def __init__(self, subquery: str, columns: tuple[str, ...],
                 params: dict[str, Any]) -> None:
        self.subquery, self.columns, self.params = subquery, columns, params
        self.outcome: Future[Record | None] = Future()
        self._lock = threading.Lock()
        self._state = "waiting"  # -> "riding" -> "arrived", or -> "withdrawn"

    def board(self) -> bool:
        """Whether the caller's read carries it (only the first to ask does)."""
        with self._lock:
            if self._state != "waiting":
                return False
            self._state = "riding"
            return True

    def arrive(self, record: Record | None) -> None:
        """The carrying read's first record, or None when it gave no row or failed."""
        with self._lock:
            self._state = "arrived"
        self.outcome.set_result(record)

    def withdraw(self) -> None:
        """No read may take it from now on; `outcome` is None at once unless one already
        has (then it ends when that read does)."""
        with self._lock:
            if self._state != "waiting":
                return
            self._state = "withdrawn"
        self.outcome.set_result(None)

    def carried_by(self, query: RideableQuery) -> str:
        returned = ", ".join((*query.columns, *self.columns))
        return (f"CALL () {{\n{self.subquery}\n}}\nCALL () {{\n{query}\n}}\n"
                f"RETURN {returned}")
