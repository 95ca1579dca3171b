"""Prometheus metrics at /metrics, for an authorised scraper only.

What a force's monitoring needs to see: requests and their latency per GraphQL
operation name, errors by code, the audit journal's depth and shipping lag, whether
Neo4j answers, the driver's connection pool, and how old the analytics are.

`nexus serve` runs several worker processes; a scrape lands on one of them, so the
workers share their figures through prometheus-client's multiprocess mode: each writes
its own files in PROMETHEUS_MULTIPROC_DIR (set by cli/server.py under NEXUS_HOME/run)
and the scraped worker sums them. The values read at scrape time (Neo4j up, the
analytics' age) are the scraped worker's own reads of the graph.

/metrics is served only when NEXUS_METRICS_TOKEN is set, and only to a request bearing
it: operation names and error rates are not for the public, and a scrape reads Neo4j.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from neo4j import Driver
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from graph.analytics import store as analytics_store
from graph.db.health import pool_use, server_info

TOKEN_ENV = "NEXUS_METRICS_TOKEN"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
SAMPLE_SECONDS = 1.0

# Client-chosen names become labels: keep them to identifiers, and at most this many per
# worker, so a client sending random names cannot grow the metrics without bound.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_MAX_NAMES = 200
_names: set[str] = set()

REQUESTS = Counter("nexus_graphql_requests", "GraphQL requests, by operation name and "
                   "outcome.", ["operation", "outcome"])
LATENCY = Histogram("nexus_graphql_request_duration_seconds", "Time to answer a GraphQL "
                    "request, from its arrival to its last byte, by operation name.",
                    ["operation"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5,
                                            10, 30))
ERRORS = Counter("nexus_graphql_errors", "Errors in GraphQL answers, by code.", ["code"])
JOURNAL_DEPTH = Gauge("nexus_audit_journal_depth", "Audit entries journalled on local disk "
                      "and not yet in the Neo4j chain.", multiprocess_mode="livesum")
SHIPPING_LAG = Gauge("nexus_audit_shipping_lag_seconds", "How long the oldest unchained "
                     "audit entry has waited (the API refuses answers past "
                     "NEXUS_AUDIT_MAX_LAG).", multiprocess_mode="livemax")
POOL_IN_USE = Gauge("nexus_neo4j_pool_connections_in_use", "Bolt connections lent out.",
                    multiprocess_mode="livesum")
POOL_OPEN = Gauge("nexus_neo4j_pool_connections_open", "Bolt connections open.",
                  multiprocess_mode="livesum")
POOL_MAX = Gauge("nexus_neo4j_pool_connections_max", "The pool's size limit per worker.",
                 multiprocess_mode="livemax")


def operation_label(name: str | None) -> str:
    """The label for an operation name: itself if it is a plain, already seen or still
    affordable identifier; else `anonymous`, `invalid` or `other`."""
    if not name:
        return "anonymous"
    if not _NAME.fullmatch(name):
        return "invalid"
    if name not in _names:
        if len(_names) >= _MAX_NAMES:
            return "other"
        _names.add(name)
    return name


def observe_request(operation: str, outcome: str, seconds: float,
                    error_codes: Iterable[str] = ()) -> None:
    REQUESTS.labels(operation, outcome).inc()
    LATENCY.labels(operation).observe(seconds)
    for code in error_codes:
        ERRORS.labels(code).inc()


def sample(state: Any) -> None:
    """This worker's journal backlog and pool, into its gauges."""
    depth, lag = state.audit_journal.backlog()
    JOURNAL_DEPTH.set(depth)
    SHIPPING_LAG.set(lag)
    pool = pool_use(state.driver)
    if pool is not None:
        POOL_IN_USE.set(pool.in_use)
        POOL_OPEN.set(pool.open)
        POOL_MAX.set(pool.max_size)


async def sample_forever(state: Any) -> None:
    """Keep this worker's gauges current (the lifespan starts and cancels it)."""
    while True:
        sample(state)
        await asyncio.sleep(SAMPLE_SECONDS)


def worker_exited() -> None:
    """Drop this worker's live gauges from the shared figures (at lifespan end)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())


class _GraphState(Collector):
    """Read at scrape time: Neo4j answering, and the age of the cached analytics."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver, self.database = driver, database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up, age = 0.0, None
        try:
            server_info(self.driver)
            up = 1.0
            last = analytics_store.last_run(self.driver, self.database)
            if last is not None:
                computed = last["computed_at"].to_native()
                age = (dt.datetime.now(dt.UTC) - computed).total_seconds()
        except Exception:  # a scrape reports the outage; it must not fail
            pass
        yield GaugeMetricFamily("nexus_neo4j_up", "1 when Neo4j answered this scrape.",
                                value=up)
        if age is not None:
            yield GaugeMetricFamily("nexus_analytics_age_seconds", "Time since the cached "
                                    "analytics were last computed.", value=age)


def _exposition(driver: Driver, database: str) -> bytes:
    graph = CollectorRegistry()
    graph.register(_GraphState(driver, database))
    directory = os.environ.get(MULTIPROC_ENV)
    if not directory:
        return generate_latest(REGISTRY) + generate_latest(graph)
    shared = CollectorRegistry()
    multiprocess.MultiProcessCollector(shared, path=directory)
    return generate_latest(shared) + generate_latest(graph)


def authorised(request: Request) -> bool | None:
    """None when metrics are off (no token configured), else whether the request bears
    the token."""
    token = os.environ.get(TOKEN_ENV)
    if not token:
        return None
    header = request.headers.get("authorization", "")
    sent = header[7:].strip() if header.lower().startswith("bearer ") else ""
    return hmac.compare_digest(sent.encode(), token.encode())


async def metrics_endpoint(request: Request) -> Response:
    allowed = authorised(request)
    if allowed is None:
        return Response("Not Found", status_code=404, media_type="text/plain")
    if not allowed:
        return Response("a metrics token is required", status_code=401,
                        media_type="text/plain", headers={"WWW-Authenticate": "Bearer"})
    state = request.app.state
    sample(state)
    body = await run_in_threadpool(_exposition, state.driver, state.database)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
