"""GraphQL over HTTP as the spec asks: `application/graphql-response+json` negotiated
from Accept, with 400 for documents that fail to parse or validate (or whose variables
fail to coerce) and no `data` entry in that case. Plain `application/json` clients keep
the legacy 200 responses.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types.execution import ExecutionResult, PreExecutionError

from api.auth import Grant, Principal, csrf_ok, grant_user, read_grant
from api.auth_routes import RETRY_AFTER_SECONDS
from api.context import Context, build_context
from api.sign_in_check import PendingCheck
from graph.accounts import grants
from graph.errors import DatabaseUnavailable

GRAPHQL_RESPONSE = "application/graphql-response+json"


def _refuse(status: int, message: str, code: str, **headers: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status, headers=headers)


def _is_ide_page(request: Request) -> bool:
    return (request.method == "GET" and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", ""))


def _admit(request: Request) -> Grant | Response:
    """The checks made without the graph: a grant, POST for sessions, CSRF, rate."""
    grant = read_grant(request)
    if grant is None:
        return _refuse(401, "authentication required: a bearer token or a session",
                       "UNAUTHENTICATED", **{"WWW-Authenticate": "Bearer"})
    if grant.via == "session" and request.method != "POST":
        # Reads write audit entries: a cross-site GET must not plant consultations.
        return _refuse(405, "with a browser session, send queries by POST", "METHOD")
    if not csrf_ok(request, grant):
        return _refuse(403, "missing or wrong CSRF token", "CSRF")
    wait = request.app.state.rate_limiter.retry_after(grant.name)
    if wait:
        return _refuse(429, "too many requests; slow down", "RATE_LIMITED",
                       **{"Retry-After": str(max(1, round(wait)))})
    return grant


def _unavailable() -> Response:
    return _refuse(503, "The database is unavailable; try again shortly.",
                   "UNAVAILABLE", **{"Retry-After": RETRY_AFTER_SECONDS})


def _signed_out() -> Response:
    return _refuse(401, "this account is unknown or disabled, or this sign-in was "
                        "revoked", "UNAUTHENTICATED")


def _principal(grant: Grant, role: str) -> Principal:
    return Principal(grant.name, role, grant.purpose, grant.case_reference, grant.via,
                     grant.csrf, grant.purpose_category)


async def authenticate(request: Request) -> Principal | Response:
    """The request's principal, or the refusal to send instead of an answer."""
    grant = _admit(request)
    if isinstance(grant, Response):
        return grant
    try:
        user = await grant_user(request, grant)
    except DatabaseUnavailable:
        return _unavailable()
    if user is None:
        return _signed_out()
    return _principal(grant, user.role)


def wants_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


def _is_request_error(result: ExecutionResult) -> bool:
    """Errors raised before execution began: parse, validation, variable coercion."""
    if isinstance(result, PreExecutionError):
        return True
    return result.data is None and bool(result.errors) and all(
        not error.path for error in result.errors or ())


class NexusGraphQL(GraphQL[Context, None]):
    # orjson: a 2-hop network answer is hundreds of kilobytes of JSON; the standard
    # library's encoder spent milliseconds of every such request on it.
    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    # Narrower than strawberry's (Request | WebSocket): this view serves no websockets.
    async def get_context(  # type: ignore[override]
            self, request: Request, response: Response | None) -> Context:
        return build_context(request, response)

    async def process_result(self, request: Request,
                             result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if wants_graphql_response(request) and _is_request_error(result):
            request.state.graphql_request_error = True
            processed.pop("data", None)
        return processed

    # One signature, not strawberry's websocket overloads: this view serves HTTP only.
    async def run(self, request: Request, context: Any = None,  # type: ignore[override]
                  root_value: Any = None) -> Response:
        if self.graphql_ide and _is_ide_page(request):
            return await self.render_graphql_ide(request)  # static page; it asks for a token
        grant = _admit(request)
        if isinstance(grant, Response):
            return grant
        response = await self._run_checked(request, grant)
        if wants_graphql_response(request) and response.media_type == "application/json":
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if getattr(request.state, "graphql_request_error", False):
                response.status_code = 400
        return response

    async def _run_checked(self, request: Request, grant: Grant) -> Response:
        """Run the operation with the sign-in check beside it when the user's role is
        known here, else after it (api/sign_in_check.py)."""
        role = _ROLES_SEEN.get(grant.name)
        if role is not None:
            rider = (grants.holder_rider(grant.name, grant.grant_id, grant.issued_ms)
                     if request.app.state.checks_ride_reads else None)
            pending = PendingCheck(role, lambda: grant_user(request, grant), rider)
            request.state.principal = _principal(grant, role)
            request.state.pending_check = pending
            response = await super().run(request)
            request.state.pending_check = None
            if await pending.confirmed():
                return response
            try:
                user = await pending.user()
            except DatabaseUnavailable:
                return _unavailable()
            # Refused, or the role changed: what was computed is thrown away.
        else:
            try:
                user = await grant_user(request, grant)
            except DatabaseUnavailable:
                return _unavailable()
        if user is None:
            _ROLES_SEEN.pop(grant.name, None)
            return _signed_out()
        _remember_role(grant.name, user.role)
        request.state.principal = _principal(grant, user.role)
        return await super().run(request)


# The role each user last had on this worker (bounded): who may run beside the check.
_ROLES_SEEN: dict[str, str] = {}
_ROLES_SEEN_MAX = 10_000


def _remember_role(name: str, role: str) -> None:
    if len(_ROLES_SEEN) >= _ROLES_SEEN_MAX:
        _ROLES_SEEN.clear()
    _ROLES_SEEN[name] = role
