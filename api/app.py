"""The ASGI application: GraphQL at /graphql, sign-in at /auth, the web UI at /, and
/metrics for an authorised scraper (api/metrics.py)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from api import auth_routes, history_routes, metrics
from api.graphql_http import NexusGraphQL
from api.request_log import RequestLog
from api.schema import build_schema
from api.security import BodyLimit, Limits, LoginThrottle, RateLimiter, SecurityHeaders
from api.shared_limits import SHARED_LIMITS_ENV, SharedLoginThrottle, SharedRateLimiter
from graph.audit.journal import AuditJournal, journal_directory
from graph.checks import runner as checks_runner
from graph.db.driver import open_driver, resolve_connection, single_server
from graph.db.health import server_info
from graph.db.settings import Neo4jConnection, load_settings
from graph.errors import DatabaseUnavailable

UNAVAILABLE = (ServiceUnavailable, SessionExpired, DatabaseUnavailable)
WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def production_mode() -> bool:
    """NEXUS_PRODUCTION=1 turns introspection and GraphiQL off."""
    return os.environ.get("NEXUS_PRODUCTION", "0") == "1"


async def database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The last line for an unreachable Neo4j outside GraphQL (whose errors are mapped in
    api/errors.py): a JSON 503 with Retry-After instead of a plain-text 500 and a dropped
    connection. The request paths map it themselves in their own error shape first."""
    return auth_routes.unavailable()


async def healthz(request: Request) -> JSONResponse:
    """Liveness for load balancers: no personal data, no authentication."""
    try:
        info = await run_in_threadpool(server_info, request.app.state.driver)
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "neo4j": info.version})


def _tune_garbage_collector() -> None:
    """Python's cycle collector, tuned for a server that unpacks large answers.

    A hub's network is some 60,000 lists and maps from the driver; at the default
    threshold (700 allocations) they set off about 85 young collections and full
    collections that walk every object of the schema and the driver. Everything built at
    start-up is frozen out of the collector's view (it lives as long as the worker), and
    young collections wait for 50,000 allocations; reference counting still frees the
    answers themselves as soon as they are sent."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def create_app(connection: Neo4jConnection | None = None, *, limits: Limits | None = None,
               production: bool | None = None) -> Starlette:
    limits = limits or Limits()
    production = production_mode() if production is None else production

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        resolved = connection or resolve_connection()
        app.state.driver = open_driver(resolved, interactive=True)
        app.state.database = resolved.database
        # On one server the sign-in check rides in the request's read (api/sign_in_check.py).
        app.state.checks_ride_reads = single_server(resolved.uri)
        shared = os.environ.get(SHARED_LIMITS_ENV)
        if shared:  # one of several workers: the limits hold across all of them
            app.state.rate_limiter = SharedRateLimiter(Path(shared), limits.requests_per_second,
                                                       limits.burst)
            app.state.login_throttle = SharedLoginThrottle(Path(shared),
                                                           limits.login_failures_before_lock)
        else:
            app.state.rate_limiter = RateLimiter(limits.requests_per_second, limits.burst)
            app.state.login_throttle = LoginThrottle(limits.login_failures_before_lock)
        app.state.audit_journal = await run_in_threadpool(
            AuditJournal, app.state.driver, resolved.database,
            journal_directory(load_settings().home, resolved.uri, resolved.database),
            max_lag=limits.audit_max_lag_seconds)
        sampler = asyncio.create_task(metrics.sample_forever(app.state))
        _tune_garbage_collector()
        try:
            yield
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler
            await checks_runner.drain(10.0)  # running checks store their answers first
            await run_in_threadpool(app.state.audit_journal.close)
            app.state.driver.close()
            metrics.worker_exited()

    static_root = WEB_DIR / "dist" if (WEB_DIR / "dist").exists() else WEB_DIR / "public"
    graphql = NexusGraphQL(build_schema(production=production),
                           graphql_ide=None if production else "graphiql",
                           multipart_uploads_enabled=False)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics.metrics_endpoint, methods=["GET"]),
        *auth_routes.routes,
        *history_routes.routes,
        Mount("/", StaticFiles(directory=static_root, html=True, check_dir=False), name="web"),
    ]
    # The request log outermost: it sees every answer, the refusals of the others too.
    middleware = [Middleware(RequestLog), Middleware(SecurityHeaders),
                  Middleware(BodyLimit, max_bytes=limits.max_body_bytes)]
    handlers = {kind: database_unavailable for kind in UNAVAILABLE}
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware,
                     exception_handlers=handlers)
