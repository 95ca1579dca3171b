"""One structured JSON log line per request, and the same figures into the metrics.

A line holds what an operator needs to follow a request and no more: the method, the
route (its template: `/history/{person_id}`, never the id), the status, the GraphQL
operation name, the user, the duration, the outcome and the id of the request's audit
entry. The audit log holds the rest (who was consulted, for what purpose); the query
text and its variables, which carry names and dates of birth, are never logged, and
uvicorn's own access log (which prints query strings) is turned off by `nexus serve`.

Formatting is python-json-logger's (its orjson formatter: a line costs about 0.1 ms
with the metrics, most of it Python's logging itself); the level is NEXUS_LOG_LEVEL
(default INFO). The
GraphQL part is read by `OperationObserver`, a schema extension that leaves the operation
name, its outcome and its error codes on the request state for the middleware.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from api import metrics

LEVEL_ENV = "NEXUS_LOG_LEVEL"
LOGGER = "nexus.request"
FORMAT = "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"
# Requests that are not an analyst's work: logged only at DEBUG.
_QUIET_PREFIXES = ("/healthz", "/metrics", "/assets", "/favicon")

log = logging.getLogger(LOGGER)


def log_level() -> str:
    level = os.environ.get(LEVEL_ENV, "INFO").upper()
    return level if level in logging.getLevelNamesMapping() else "INFO"


def log_config() -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn and Nexus: JSON lines on standard error."""
    level = log_level()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.orjson.OrjsonFormatter",
                                "fmt": FORMAT, "rename_fields": {"asctime": "time",
                                                                 "levelname": "level",
                                                                 "name": "logger"}}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "loggers": {
            "": {"handlers": ["stderr"], "level": level},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def _codes(errors: list[GraphQLError] | None) -> list[str]:
    return [str((error.extensions or {}).get("code") or "GRAPHQL") for error in errors or []]


class OperationObserver(SchemaExtension):
    """Leaves the operation's name, outcome and error codes on the request state. Listed
    first among the extensions, so it reads the errors as the caller gets them."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        request = getattr(context, "request", None)
        if request is None:
            return
        result = self.execution_context.result
        errors = result.errors if result is not None else None
        request.state.operation = metrics.operation_label(
            self.execution_context.operation_name)
        request.state.error_codes = _codes(errors)
        request.state.outcome = "error" if errors else "ok"


_STATUS_OUTCOMES = {401: "unauthenticated", 403: "forbidden", 405: "refused",
                    413: "too_large", 429: "rate_limited", 503: "unavailable"}


class RequestLog:
    """ASGI middleware: times each request, then logs it and counts it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self._record(scope, state, status, time.perf_counter() - started)

    def _record(self, scope: Scope, state: dict[str, Any], status: int,
                seconds: float) -> None:
        path = scope["path"]
        route = getattr(scope.get("route"), "path", None) or "unrouted"
        outcome = state.get("outcome") or _STATUS_OUTCOMES.get(
            status, "ok" if status < 400 else "error")
        if status >= 500 and outcome == "ok":
            outcome = "error"
        operation = state.get("operation")
        if path == "/graphql":
            metrics.observe_request(operation or "none", outcome, seconds,
                                    state.get("error_codes", ()))
        principal = state.get("principal")
        level = logging.DEBUG if path.startswith(_QUIET_PREFIXES) or route == "" \
            else logging.INFO
        if not log.isEnabledFor(level):
            return
        log.log(level, "request", extra={
            "method": scope["method"], "route": route or "/", "status": status,
            "operation": operation, "user": getattr(principal, "name", None),
            "duration_ms": round(seconds * 1000, 2), "outcome": outcome,
            "audit_entry_id": state.get("audit_entry_id")})
