"""Browser sign-in: /auth/login, /auth/logout, /auth/me.

Sign-in takes JSON only: a cross-site HTML form can send `text/plain` or form-encoded
bodies without a preflight, and would otherwise sign a victim into the attacker's account
with the attacker's purpose (login CSRF). Signing out revokes the session server-side, so
a copied cookie is refused from then on, not only dropped by this browser.
"""

from __future__ import annotations

import json
from typing import Any

from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.auth import (
    SESSION_COOKIE,
    SESSION_TTL_SECONDS,
    check_purpose,
    csrf_ok,
    grant_user,
    issue_session,
    read_grant,
    revoke_grant,
)
from graph.accounts import users
from graph.audit import chain as audit
from graph.audit.purposes import check_category
from graph.errors import DatabaseUnavailable

RETRY_AFTER_SECONDS = "5"  # for every 503 "database unavailable"
_MAX_NAME_KEY = 64  # user names are at most 32 characters; longer ones cannot exist


def _error(status: int, message: str, code: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def unavailable() -> JSONResponse:
    """The JSON 503 for an unreachable Neo4j outside GraphQL."""
    return _error(503, "The database is unavailable; try again shortly.", "UNAVAILABLE",
                  **{"Retry-After": RETRY_AFTER_SECONDS})


def _audit(request: Request, entry: audit.AuditEntry) -> None:
    state = request.app.state
    audit.append(state.driver, state.database, entry)


def _is_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";", 1)[0]
    return media_type.strip().lower() == "application/json"


async def login(request: Request) -> JSONResponse:
    if not _is_json(request):
        return _error(415, "send JSON (Content-Type: application/json) with name, password "
                           "and purpose", "UNSUPPORTED_MEDIA_TYPE")
    try:
        body: Any = json.loads(await request.body() or b"{}")
        name, password = str(body["name"]), str(body["password"])
        purpose = check_purpose(body.get("purpose"))
        # Optional for API clients (recorded as not stated); the sign-in form asks for it.
        category = check_category(body.get("purposeCategory"))
    except (ValueError, KeyError, TypeError) as exc:
        message = str(exc) if isinstance(exc, ValueError) and "purpose" in str(exc) else \
            "send JSON with name, password and purpose"
        return _error(400, message, "BAD_REQUEST")
    case_reference = str(body.get("caseReference") or "")[:100] or None
    state = request.app.state
    # The address uvicorn resolved: the peer, or X-Forwarded-For from a trusted proxy only
    # (FORWARDED_ALLOW_IPS).
    address = request.client.host if request.client else "unknown"
    name_key = name[:_MAX_NAME_KEY]
    wait = state.login_throttle.wait_seconds(name_key, address)
    if wait:
        return _error(429, f"too many failed sign-ins; try again in {wait} s", "THROTTLED",
                      **{"Retry-After": str(wait)})
    try:
        user = await run_in_threadpool(users.authenticate, state.driver, state.database,
                                       name, password)
        if user is None:
            state.login_throttle.failed(name_key, address)
            await run_in_threadpool(_audit, request, audit.AuditEntry(
                user=name[:64], role="none", action="login", purpose=purpose,
                outcome="refused", detail=f"from {address}"))
            return _error(401, "wrong name or password", "UNAUTHENTICATED")
        state.login_throttle.succeeded(name_key, address)
        cookie, csrf = issue_session(user.name, purpose, case_reference, category=category)
        await run_in_threadpool(_audit, request, audit.AuditEntry(
            user=user.name, role=user.role, action="login", purpose=purpose,
            case_reference=case_reference, detail=f"from {address}",
            purpose_category=category))
    except (DatabaseUnavailable, ServiceUnavailable, SessionExpired):
        return unavailable()  # the audit chain is written through the driver directly
    response = JSONResponse({"name": user.name, "role": user.role, "purpose": purpose,
                             "purposeCategory": category, "caseReference": case_reference,
                             "csrfToken": csrf})
    response.set_cookie(SESSION_COOKIE, cookie, max_age=SESSION_TTL_SECONDS, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


async def logout(request: Request) -> JSONResponse:
    """Revoke the grant the request carries (the session, or a bearer token), then drop
    the cookie. If the revocation cannot be stored, say so and keep the cookie, so the
    user can try again rather than believe a copied cookie is dead."""
    grant = read_grant(request)
    if grant is None:
        return _error(401, "not signed in", "UNAUTHENTICATED")
    if not csrf_ok(request, grant):
        return _error(403, "missing or wrong CSRF token", "CSRF")
    try:
        await revoke_grant(request, grant)
    except DatabaseUnavailable:
        return unavailable()
    response = JSONResponse({"signedOut": True})
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


async def me(request: Request) -> JSONResponse:
    """Who is signed in. Being signed out is an answer, not an error: the page asks this
    on every load, and a 401 there would be logged as an error in every browser."""
    grant = read_grant(request)
    try:
        user = await grant_user(request, grant) if grant is not None else None
    except DatabaseUnavailable:
        return unavailable()
    if grant is None or user is None:
        return JSONResponse({"signedIn": False}, headers={"Cache-Control": "no-store"})
    return JSONResponse({"signedIn": True, "name": user.name, "role": user.role,
                         "purpose": grant.purpose, "purposeCategory": grant.purpose_category,
                         "caseReference": grant.case_reference,
                         "csrfToken": grant.csrf}, headers={"Cache-Control": "no-store"})


routes = [
    Route("/auth/login", login, methods=["POST"]),
    Route("/auth/logout", logout, methods=["POST"]),
    Route("/auth/me", me, methods=["GET"]),
]
