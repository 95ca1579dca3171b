"""Downloading a history as a document: `GET /history/{person_id}.pdf` (and `.html`)
generates and saves a new version; `GET /history/{person_id}/versions/{n}.pdf` renders a
saved version from its stored content, as the reader may see it (nothing new is saved).

Query parameters: `purpose` (required), `asOf` (YYYY-MM-DD, default today), `caseRef`,
`disclosure` (true/false), `sharedWith` (repeatable; required for a disclosure). Each
download is generated from the graph, saved as the person's next immutable version (the
document's header carries that version number and the content hash) and audited before
it is sent; if the audit entry cannot be written, nothing is sent.

Authentication is the API's: a bearer token, or a browser session by POST with its CSRF
token (a cross-site GET must not plant consultations in someone's name). A saved
version's PDF is audited before it is sent too.
"""

from __future__ import annotations

import datetime as dt

from neo4j import Driver
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.auth import Principal
from api.graphql_http import authenticate
from api.permissions import Permission, allowed, clearance_of
from api.types.history import STYLESHEET, person_ids
from graph.audit import chain as audit
from graph.deconfliction import sensitive
from graph.errors import DatabaseUnavailable, NotFound, ValidationError
from graph.history import generate, load_version
from graph.history.asof import parse_as_of
from graph.history.render import MEDIA_TYPES, render, stylesheet

_TRUE = {"1", "true", "yes", "on"}


def _error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "code": code}}, status_code=status)


def _audit_and_alert(driver: Driver, database: str, principal: Principal, person_id: str,
                     entry: audit.AuditEntry) -> None:
    """Before a document leaves: the owner of the person's sensitive operation (when it
    is someone else) is alerted of the look, as a GraphQL read alerts them, and both the
    download and that alert are in the audit chain. Raises when either cannot be
    written, and then nothing is sent."""
    raised = sensitive.record_look(driver, database, person_id, viewer=principal.name,
                                   role=principal.role, category=principal.purpose_category)
    audit.append(driver, database, entry)
    if raised:
        audit.append(driver, database, audit.AuditEntry(
            user=principal.name, role=principal.role, action="sensitive-look",
            purpose=principal.purpose, case_reference=principal.case_reference,
            purpose_category=principal.purpose_category, subject_ids=[person_id],
            detail="owner of a sensitive operation alerted"))


async def history_document(request: Request) -> Response:
    principal = await authenticate(request)
    if isinstance(principal, Response):
        return principal
    if not allowed(principal.role, Permission.GENERATE_HISTORY):
        return _error(403, f"your role may not {Permission.GENERATE_HISTORY.value}",
                      "FORBIDDEN")
    person_id, fmt = request.path_params["person_id"], request.url.path.rsplit(".", 1)[-1]
    query = request.query_params
    purpose = (query.get("purpose") or "").strip()
    if not purpose:
        return _error(400, "a purpose is required to generate a history: add ?purpose=...",
                      "BAD_USER_INPUT")
    try:
        as_of = parse_as_of(query["asOf"]) if query.get("asOf") else \
            dt.datetime.now(dt.UTC).date()
    except ValueError as exc:
        return _error(400, str(exc), "BAD_USER_INPUT")
    state = request.app.state
    disclosure = (query.get("disclosure") or "").lower() in _TRUE
    shared_with = query.getlist("sharedWith")
    try:
        document = await run_in_threadpool(lambda: generate(
            state.driver, state.database, person_id, as_of=as_of, purpose=purpose,
            generated_by=principal.name,
            case_reference=query.get("caseRef") or principal.case_reference,
            disclosure=disclosure, shared_with=shared_with,
            clearance=clearance_of(principal.role)))
        body = await run_in_threadpool(render, document, fmt, STYLESHEET)
    except ValidationError as exc:
        return _error(400, str(exc), "BAD_USER_INPUT")
    except NotFound as exc:
        return _error(404, str(exc), "NOT_FOUND")
    except (ServiceUnavailable, SessionExpired, DatabaseUnavailable):
        return _error(503, "The database is unavailable; try again shortly.", "UNAVAILABLE")
    version = document.meta.get("version")
    entry = audit.AuditEntry(
        user=principal.name, role=principal.role, action="history-download",
        purpose=principal.purpose, case_reference=principal.case_reference,
        purpose_category=principal.purpose_category,
        subject_ids=person_ids(document),
        detail=f"{fmt} v{version} purpose={purpose!r}"
               + (f" disclosed to {', '.join(shared_with)}" if disclosure else ""))
    try:
        await run_in_threadpool(_audit_and_alert, state.driver, state.database,
                                principal, person_id, entry)
    except Exception:
        return _error(503, "The audit log could not be written, so nothing was returned.",
                      "AUDIT_UNAVAILABLE")
    disposition = "attachment" if fmt == "pdf" else "inline"
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'{disposition}; filename="history-{person_id}-v{version}.{fmt}"',
        "Cache-Control": "no-store",
        "X-History-Version": str(version),
        "X-Content-Hash": document.content_hash,
    })


async def stored_version_pdf(request: Request) -> Response:
    """A saved version's PDF, rendered from what it stored as the reader may see it (an
    officer gets the view of a reader cleared for P, as for every read of versions)."""
    principal = await authenticate(request)
    if isinstance(principal, Response):
        return principal
    if not allowed(principal.role, Permission.GENERATE_HISTORY):
        return _error(403, f"your role may not {Permission.GENERATE_HISTORY.value}",
                      "FORBIDDEN")
    person_id, number = request.path_params["person_id"], request.path_params["version"]
    state = request.app.state
    try:
        document = await run_in_threadpool(lambda: load_version(
            state.driver, state.database, person_id, number,
            clearance=clearance_of(principal.role)))
        body = await run_in_threadpool(render, document, "pdf")
    except NotFound as exc:
        return _error(404, str(exc), "NOT_FOUND")
    except (ServiceUnavailable, SessionExpired, DatabaseUnavailable):
        return _error(503, "The database is unavailable; try again shortly.", "UNAVAILABLE")
    entry = audit.AuditEntry(
        user=principal.name, role=principal.role, action="history-download",
        purpose=principal.purpose, case_reference=principal.case_reference,
        purpose_category=principal.purpose_category,
        subject_ids=person_ids(document), detail=f"pdf of saved v{number}")
    try:
        await run_in_threadpool(_audit_and_alert, state.driver, state.database,
                                principal, person_id, entry)
    except Exception:
        return _error(503, "The audit log could not be written, so nothing was returned.",
                      "AUDIT_UNAVAILABLE")
    return Response(body, media_type=MEDIA_TYPES["pdf"], headers={
        "Content-Disposition": f'attachment; filename="history-{person_id}-v{number}.pdf"',
        "Cache-Control": "no-store",
        "X-History-Version": str(number),
        "X-Content-Hash": document.content_hash,
    })


async def history_stylesheet(request: Request) -> Response:
    return Response(stylesheet(), media_type="text/css; charset=utf-8")


routes = [
    Route(STYLESHEET, history_stylesheet, methods=["GET"]),
    Route("/history/{person_id}.pdf", history_document, methods=["GET", "POST"]),
    Route("/history/{person_id}.html", history_document, methods=["GET", "POST"]),
    Route("/history/{person_id}/versions/{version:int}.pdf", stored_version_pdf,
          methods=["GET", "POST"]),
]
