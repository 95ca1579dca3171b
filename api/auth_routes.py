"""Browser sign-in: /auth/login, /auth/logout, /auth/me."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.auth import (
    SESSION_COOKIE,
    SESSION_TTL_SECONDS,
    check_purpose,
    csrf_ok,
    issue_session,
    read_grant,
)
from graph import audit, users


def _error(status: int, message: str, code: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def _audit(request: Request, entry: audit.AuditEntry) -> None:
    state = request.app.state
    audit.append(state.driver, state.database, entry)


async def login(request: Request) -> JSONResponse:
    try:
        body: Any = json.loads(await request.body() or b"{}")
        name, password = str(body["name"]), str(body["password"])
        purpose = check_purpose(body.get("purpose"))
    except (ValueError, KeyError, TypeError) as exc:
        message = str(exc) if isinstance(exc, ValueError) and "purpose" in str(exc) else \
            "send JSON with name, password and purpose"
        return _error(400, message, "BAD_REQUEST")
    case_reference = str(body.get("caseReference") or "")[:100] or None
    state = request.app.state
    address = request.client.host if request.client else "unknown"
    keys = (f"name:{name}", f"address:{address}")
    wait = state.login_throttle.wait_seconds(*keys)
    if wait:
        return _error(429, f"too many failed sign-ins; try again in {wait} s", "THROTTLED",
                      **{"Retry-After": str(wait)})
    user = await run_in_threadpool(users.authenticate, state.driver, state.database,
                                   name, password)
    if user is None:
        state.login_throttle.failed(*keys)
        await run_in_threadpool(_audit, request, audit.AuditEntry(
            user=name[:64], role="none", action="login", purpose=purpose,
            outcome="refused", detail=f"from {address}"))
        return _error(401, "wrong name or password", "UNAUTHENTICATED")
    state.login_throttle.succeeded(*keys)
    cookie, csrf = issue_session(user.name, purpose, case_reference)
    await run_in_threadpool(_audit, request, audit.AuditEntry(
        user=user.name, role=user.role, action="login", purpose=purpose,
        case_reference=case_reference, detail=f"from {address}"))
    response = JSONResponse({"name": user.name, "role": user.role, "purpose": purpose,
                             "caseReference": case_reference, "csrfToken": csrf})
    response.set_cookie(SESSION_COOKIE, cookie, max_age=SESSION_TTL_SECONDS, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


async def logout(request: Request) -> JSONResponse:
    grant = read_grant(request)
    if grant is None:
        return _error(401, "not signed in", "UNAUTHENTICATED")
    if not csrf_ok(request, grant):
        return _error(403, "missing or wrong CSRF token", "CSRF")
    response = JSONResponse({"signedOut": True})
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


async def me(request: Request) -> JSONResponse:
    """Who is signed in. Being signed out is an answer, not an error: the page asks this
    on every load, and a 401 there would be logged as an error in every browser."""
    grant = read_grant(request)
    user = None
    if grant is not None:
        state = request.app.state
        user = await run_in_threadpool(users.get_user, state.driver, state.database,
                                       grant.name)
    if grant is None or user is None or not user.active:
        return JSONResponse({"signedIn": False}, headers={"Cache-Control": "no-store"})
    return JSONResponse({"signedIn": True, "name": user.name, "role": user.role,
                         "purpose": grant.purpose, "caseReference": grant.case_reference,
                         "csrfToken": grant.csrf}, headers={"Cache-Control": "no-store"})


routes = [
    Route("/auth/login", login, methods=["POST"]),
    Route("/auth/logout", logout, methods=["POST"]),
    Route("/auth/me", me, methods=["GET"]),
]
