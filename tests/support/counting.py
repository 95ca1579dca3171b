"""A driver that counts the queries answering a request: the round trips to Neo4j.

It stands in for the app's real driver (`app.state.driver`) and counts both ways a read
reaches Neo4j: `execute_query`, and a session's auto-commit `run` (how the request path's
reads go, graph/db/timeouts.py). Queries whose text is in `ignored` are not counted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j import Driver


def _text(query: Any) -> str:
    return str(getattr(query, "text", query))  # a timed Query (graph/db/timeouts.py)


class CountingDriver:
    def __init__(self, driver: Driver, ignored: Iterable[str] = ()) -> None:
        self.driver, self.calls = driver, 0
        self.ignored = frozenset(ignored)
        self.texts: list[str] = []  # every query's text, ignored ones too

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)

    def count(self, query: Any) -> None:
        self.texts.append(_text(query))
        if _text(query) not in self.ignored:
            self.calls += 1

    def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        self.count(args[0])
        return self.driver.execute_query(*args, **kwargs)

    def session(self, **config: Any) -> _CountingSession:
        return _CountingSession(self, self.driver.session(**config))


class _CountingSession:
    def __init__(self, counter: CountingDriver, session: Any) -> None:
        self._counter, self._session = counter, session

    def __enter__(self) -> _CountingSession:
        self._session.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._session.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._counter.count(query)
        return self._session.run(query, *args, **kwargs)
