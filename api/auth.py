"""Who is asking, and for which purpose: bearer tokens and browser sessions.

Both are signed with the server's secret key (itsdangerous, HMAC-SHA256) and carry the
user name, a purpose (or case reference), an id (`jti`) and their issue time; they expire.
On every request one graph query reads the user's role and whether this grant was revoked
(signed out, `nexus token revoke`, or the user disabled), so a revocation, a role change
or a deactivation takes effect at once in every API process. Browser sessions live in an
HttpOnly, SameSite=Strict cookie and come with a CSRF token that every state-carrying
request must echo in the `X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from graph.accounts import grants
from graph.accounts.users import User
from graph.db.settings import load_settings

SESSION_COOKIE = "nexus_session"
CSRF_HEADER = "x-csrf-token"
TOKEN_TTL_SECONDS = int(os.environ.get("NEXUS_TOKEN_TTL", str(8 * 3600)))
SESSION_TTL_SECONDS = int(os.environ.get("NEXUS_SESSION_TTL", str(8 * 3600)))
MIN_PURPOSE_LENGTH = 4


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    purpose: str
    case_reference: str | None
    via: str  # "token" or "session"
    csrf: str | None = None


@dataclass(frozen=True)
class Grant:
    """What a token or session carries before the user is looked up."""

    name: str
    purpose: str
    case_reference: str | None
    via: str
    grant_id: str
    issued_ms: int  # Unix time in milliseconds
    csrf: str | None = None

    @property
    def expires_ms(self) -> int:
        ttl = TOKEN_TTL_SECONDS if self.via == "token" else SESSION_TTL_SECONDS
        return self.issued_ms + ttl * 1000


def secret_key() -> str:
    """NEXUS_SECRET_KEY, else a key generated once and kept under NEXUS_HOME (0600)."""
    configured = os.environ.get("NEXUS_SECRET_KEY")
    if configured:
        return configured
    return _stored_key(os.environ.get("NEXUS_HOME", ""))


@lru_cache(maxsize=8)
def _stored_key(_home: str) -> str:
    """Read once per NEXUS_HOME (it was a file read on every request)."""
    path = Path(load_settings().home) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _serializer(salt: str, key: str | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key or secret_key(), salt=salt)


def check_purpose(purpose: str | None) -> str:
    text = (purpose or "").strip()
    if len(text) < MIN_PURPOSE_LENGTH:
        raise ValueError("a purpose or case reference is required "
                         f"(at least {MIN_PURPOSE_LENGTH} characters)")
    return text[:200]


def _payload(name: str, purpose: str, case_reference: str | None) -> dict:
    return {"sub": name, "purpose": check_purpose(purpose), "case": case_reference,
            "jti": secrets.token_hex(16), "iat": grants.now_ms()}


def issue_token_with_id(name: str, purpose: str, case_reference: str | None = None,
                        key: str | None = None) -> tuple[str, str]:
    """(bearer token, its id for `nexus token revoke`)."""
    payload = _payload(name, purpose, case_reference)
    return _serializer("nexus-token", key).dumps(payload), payload["jti"]


def issue_token(name: str, purpose: str, case_reference: str | None = None,
                key: str | None = None) -> str:
    return issue_token_with_id(name, purpose, case_reference, key)[0]


def issue_session(name: str, purpose: str, case_reference: str | None = None,
                  key: str | None = None) -> tuple[str, str]:
    """(cookie value, CSRF token)."""
    csrf = secrets.token_urlsafe(24)
    payload = _payload(name, purpose, case_reference) | {"csrf": csrf}
    return _serializer("nexus-session", key).dumps(payload), csrf


# Checking a signature cost a third of a millisecond of CPU on every request (itsdangerous
# builds its serializer and derives its key each time). A signed value never changes, so
# one that verified is remembered by its exact text, its salt and the key; expiry is still
# checked on every use, and revocation stays the graph's check (grant_user).
_VERIFIED: dict[tuple[str, str, str], Grant] = {}
_VERIFIED_MAX = 4096


def _load(salt: str, value: str, max_age: int, via: str) -> Grant | None:
    """The grant in a signed value; None if forged, expired, or without an id and issue
    time (a grant that could not be revoked is not accepted)."""
    cache_key = (salt, secret_key(), value)
    grant = _VERIFIED.get(cache_key)
    if grant is None:
        grant = _verify(salt, value, max_age, via)
        if grant is None:
            return None
        if len(_VERIFIED) >= _VERIFIED_MAX:
            _VERIFIED.clear()
        _VERIFIED[cache_key] = grant
    if grants.now_ms() - grant.issued_ms > max_age * 1000:
        return None
    return grant


def _verify(salt: str, value: str, max_age: int, via: str) -> Grant | None:
    try:
        payload = _serializer(salt).loads(value, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict):
        return None
    grant_id, issued = payload.get("jti"), payload.get("iat")
    if not (isinstance(grant_id, str) and grants.GRANT_ID.fullmatch(grant_id)
            and isinstance(issued, int)):
        return None
    return Grant(payload["sub"], payload["purpose"], payload.get("case"), via, grant_id,
                 issued, payload.get("csrf"))


def read_grant(request: Request) -> Grant | None:
    """The grant a request carries (bearer token first, then the session cookie)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return _load("nexus-token", header[7:].strip(), TOKEN_TTL_SECONDS, "token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return _load("nexus-session", cookie, SESSION_TTL_SECONDS, "session")
    return None


async def grant_user(request: Request, grant: Grant) -> User | None:
    """The active user holding a grant that was not revoked, read from the graph now
    (no cache: a revocation must count on the next request). Raises DatabaseUnavailable
    at once when Neo4j cannot be reached."""
    state = request.app.state
    return await run_in_threadpool(grants.grant_holder, state.driver, state.database,
                                   grant.name, grant.grant_id, grant.issued_ms)


async def revoke_grant(request: Request, grant: Grant) -> None:
    state = request.app.state
    await run_in_threadpool(lambda: grants.revoke(
        state.driver, state.database, grant.grant_id, user=grant.name,
        expires_ms=grant.expires_ms))


def csrf_ok(request: Request, grant: Grant) -> bool:
    """Sessions must echo their CSRF token; bearer tokens are not ambient, so need none."""
    if grant.via != "session":
        return True
    sent = request.headers.get(CSRF_HEADER, "")
    return bool(grant.csrf) and hmac.compare_digest(sent, grant.csrf or "")
