"""A statement timeout for every Cypher run on behalf of one interactive request.

The neo4j driver has no driver-wide default transaction timeout: a timeout is given per
query (`neo4j.Query(text, timeout=)`), per transaction function (`unit_of_work(timeout=)`)
or per explicit transaction (`begin_transaction(timeout=)`). The graph layer runs Cypher
from dozens of functions, and adding a timeout to each would miss the next one. So the API
hands the graph layer a `TimedDriver`: the same driver, whose `execute_query` and sessions
put the timeout on whatever Cypher passes through them, unless the caller set one itself.
Neo4j ends a transaction that outlives it (the client's timeout overrides the server's
`db.transaction.timeout` from Neo4j 5.3 on), and the driver raises a `ClientError` that
`is_timeout` recognises; it is not retried.

A read through `TimedDriver.execute_query` (`routing_="r"`) runs first as one auto-commit
query: RUN and PULL go out together, one round trip, where a managed transaction adds a
second for COMMIT (0.55 against 0.85 ms for a one-row read here). It shares the driver's
`execute_query` bookmark manager, so it still sees the writes made before it. A failure
the driver would retry (a cluster member gone, a transient error) falls back to the
driver's own `execute_query` with its retries, which is safe because a read changes
nothing.

A request's `TimedDriver` may also hold a `Rider` (graph/db/riders.py): the first read that
accepts one carries it, and the rider's columns come back beside the read's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from neo4j import READ_ACCESS, Driver, EagerResult, Query, Session, unit_of_work
from neo4j.exceptions import DriverError, Neo4jError

from graph.db.riders import RideableQuery, Rider

# What Neo4j 5 reports when a transaction outlives its timeout (client-set or server-set).
_TIMEOUT_CODES = frozenset({
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.TransactionTimedOut",
})


def is_timeout(error: BaseException | None) -> bool:
    """Whether the error (or one it was raised from) is a transaction timeout."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, Neo4jError) and error.code in _TIMEOUT_CODES:
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _timed(query: Any, seconds: float) -> Any:
    if isinstance(query, Query):
        if query.timeout is not None:
            return query
        return Query(query.text, metadata=query.metadata, timeout=seconds)
    return Query(query, timeout=seconds)


class _TimedSession:
    """A session whose auto-commit, managed and explicit transactions all time out."""

    def __init__(self, session: Session, seconds: float) -> None:
        self._session = session
        self._seconds = seconds

    def __enter__(self) -> _TimedSession:
        self._session.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._session.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def run(self, query: Any, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self._session.run(_timed(query, self._seconds), parameters, **kwargs)

    def _work(self, function: Callable[..., Any]) -> Callable[..., Any]:
        if getattr(function, "timeout", None) is not None:
            return function
        return unit_of_work(getattr(function, "metadata", None), self._seconds)(function)

    def execute_read(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._session.execute_read(self._work(function), *args, **kwargs)

    def execute_write(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._session.execute_write(self._work(function), *args, **kwargs)

    def begin_transaction(self, metadata: dict[str, Any] | None = None,
                          timeout: float | None = None) -> Any:
        return self._session.begin_transaction(
            metadata, self._seconds if timeout is None else timeout)


# The execute_query options an auto-commit read reproduces exactly; any other (an
# impersonated user, a result transformer, another bookmark manager) takes the driver's way.
_AUTO_COMMIT_OPTIONS = frozenset({"database_", "routing_", "parameters_"})


def _plain_read(kwargs: dict[str, Any]) -> bool:
    options = {key for key in kwargs if key.endswith("_")}
    return kwargs.get("routing_") == "r" and options <= _AUTO_COMMIT_OPTIONS


class TimedDriver:
    """A driver whose every transaction ends after `seconds` (see the module docstring).

    Cheap to make (it only wraps), so one can be made per request; closing it is a no-op
    because the wrapped driver belongs to whoever opened it.
    """

    def __init__(self, driver: Driver, seconds: float, rider: Rider | None = None) -> None:
        self.driver = driver
        self.seconds = seconds
        self.rider = rider

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)

    def execute_query(self, query_: Any, *args: Any, **kwargs: Any) -> Any:
        if (self.rider is not None and isinstance(query_, RideableQuery) and not args
                and _plain_read(kwargs) and self.rider.board()):
            return self._carry(self.rider, query_, kwargs)
        query = _timed(query_, self.seconds)
        if not args and _plain_read(kwargs):
            try:
                return self._auto_commit_read(query, kwargs)
            except (Neo4jError, DriverError) as error:
                if not error.is_retryable():
                    raise
        return self.driver.execute_query(query, *args, **kwargs)

    def _carry(self, rider: Rider, query: RideableQuery, kwargs: dict[str, Any]) -> Any:
        """The read with the rider inside it; the rider hears of its first record (or of
        nothing, when the read gives no row or fails)."""
        carried = _timed(rider.carried_by(query), self.seconds)
        record = None
        try:
            try:
                result = self._auto_commit_read(carried, {**kwargs, **rider.params})
            except (Neo4jError, DriverError) as error:
                if not error.is_retryable():
                    raise
                result = self.driver.execute_query(carried, **kwargs, **rider.params)
            record = result.records[0] if result.records else None
            return result
        finally:
            rider.arrive(record)

    def _auto_commit_read(self, query: Query, kwargs: dict[str, Any]) -> EagerResult:
        parameters = {**(kwargs.get("parameters_") or {}),
                      **{k: v for k, v in kwargs.items() if not k.endswith("_")}}
        with self.driver.session(
                database=kwargs.get("database_"), default_access_mode=READ_ACCESS,
                bookmark_manager=self.driver.execute_query_bookmark_manager) as session:
            return session.run(query, parameters).to_eager_result()

    def session(self, **config: Any) -> _TimedSession:
        return _TimedSession(self.driver.session(**config), self.seconds)

    def close(self) -> None:
        """Not ours to close."""


def with_timeout(driver: Driver | TimedDriver, seconds: float,
                 rider: Rider | None = None) -> Driver:
    """`driver` with a statement timeout of `seconds` (re-wrapping replaces it), and the
    rider its first accepting read carries. Typed as a Driver: it stands in for one
    wherever the graph layer takes a driver."""
    inner = driver.driver if isinstance(driver, TimedDriver) else driver
    return cast(Driver, TimedDriver(inner, seconds, rider))
