"""Who is asking, and for which purpose: bearer tokens and browser sessions.

Both are signed with the server's secret key (itsdangerous, HMAC-SHA256) and carry the
user name, a purpose (or case reference) and its category (graph/audit/purposes.py), an
id (`jti`) and their issue time; they expire.
On every request one graph query reads the user's role and whether this grant was revoked
(signed out, `nexus token revoke`, or the user disabled), so a revocation, a role change
or a deactivation takes effect at once in every API process. Browser sessions live in an
HttpOnly, SameSite=Strict cookie and come with a CSRF token that every state-carrying
request must echo in the `X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
import json
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
from graph.audit.purposes import check_category
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
    purpose_category: str | None = None  # None: not stated (grants issued before categories)


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
    purpose_category: str | None = None

    @property
    def expires_ms(self) -> int:
        ttl = TOKEN_TTL_SECONDS if self.via == "token" else SESSION_TTL_SECONDS
        return self.issued_ms + ttl * 1000


KEY_FILE = "secret_key"
# Keys retired by `nexus key rotate`, still accepted for a grace period: one JSON object
# per line, {"key": ..., "retired_ms": ...}.
PREVIOUS_KEYS_FILE = "secret_key.previous"


def grace_ms() -> int:
    """How long a retired key is still accepted: the longest a token or session lives,
    so nobody signed in before a rotation is signed out by it."""
    return max(TOKEN_TTL_SECONDS, SESSION_TTL_SECONDS) * 1000


def secret_key() -> str:
    """The key that signs: NEXUS_SECRET_KEY, else a key generated once and kept under
    NEXUS_HOME (0600)."""
    return secret_keys()[-1]


def secret_keys() -> tuple[str, ...]:
    """Every key a signature is checked against, the signing key last (itsdangerous's
    order). With NEXUS_SECRET_KEY set, NEXUS_SECRET_KEY_ACCEPTED (comma-separated) adds
    keys to accept: the previous key after a rotation, or the next one before it."""
    configured = os.environ.get("NEXUS_SECRET_KEY")
    if configured:
        accepted = [k.strip() for k in os.environ.get("NEXUS_SECRET_KEY_ACCEPTED", "")
                    .split(",") if k.strip() and k.strip() != configured]
        return (*accepted, configured)
    home = _home(os.environ.get("NEXUS_HOME", ""))
    return _stored_keys(str(home), _mtime(home / KEY_FILE), _mtime(home / PREVIOUS_KEYS_FILE),
                        grants.now_ms() // 60_000)


@lru_cache(maxsize=8)
def _home(_env: str) -> Path:
    """NEXUS_HOME resolved once per value (checked on every request)."""
    return load_settings().home


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


@lru_cache(maxsize=8)
def _stored_keys(home: str, _key_mtime: int, _previous_mtime: int, _minute: int
                 ) -> tuple[str, ...]:
    """Read again only when a key file changed (a rotation reaches every worker on its
    next request, without a restart) or a minute passed (a grace period ends)."""
    path = Path(home) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    now = grants.now_ms()
    return (*(key for key, retired in _previous_keys(Path(home))
              if now - retired < grace_ms()), path.read_text().strip())


def _previous_keys(home: Path) -> list[tuple[str, int]]:
    path = home / PREVIOUS_KEYS_FILE
    if not path.exists():
        return []
    kept = []
    for line in path.read_text().splitlines():
        try:
            item = json.loads(line)
            kept.append((str(item["key"]), int(item["retired_ms"])))
        except (ValueError, KeyError, TypeError):
            continue
    return kept


def rotate_stored_key(home: Path) -> None:
    """A new signing key under `home`; the old one is accepted for `grace_ms()` more, so
    tokens and sessions it signed keep working until they expire."""
    if os.environ.get("NEXUS_SECRET_KEY"):
        raise ValueError("the key is set by NEXUS_SECRET_KEY, outside NEXUS_HOME: rotate "
                         "it there, with the old key in NEXUS_SECRET_KEY_ACCEPTED")
    path = home / KEY_FILE
    now = grants.now_ms()
    kept = [(key, retired) for key, retired in _previous_keys(home)
            if now - retired < grace_ms()]
    if path.exists():
        kept.append((path.read_text().strip(), now))
    previous = home / PREVIOUS_KEYS_FILE
    _write_private(previous, "".join(json.dumps({"key": key, "retired_ms": retired}) + "\n"
                                     for key, retired in kept))
    _write_private(path, secrets.token_urlsafe(48))


def _write_private(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: a worker never reads half a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    partial.chmod(0o600)
    partial.replace(path)


def key_files(home: Path) -> list[Path]:
    """The files under `home` that hold keys (for a backup); none with NEXUS_SECRET_KEY."""
    if os.environ.get("NEXUS_SECRET_KEY"):
        return []
    return [path for path in (home / KEY_FILE, home / PREVIOUS_KEYS_FILE) if path.exists()]


def _serializer(salt: str, key: str | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key or list(secret_keys()), salt=salt)


def check_purpose(purpose: str | None) -> str:
    text = (purpose or "").strip()
    if len(text) < MIN_PURPOSE_LENGTH:
        raise ValueError("a purpose or case reference is required "
                         f"(at least {MIN_PURPOSE_LENGTH} characters)")
    return text[:200]


def _payload(name: str, purpose: str, case_reference: str | None,
             category: str | None) -> dict:
    """The signed content; `category` is checked (ValueError for an unknown one)."""
    payload = {"sub": name, "purpose": check_purpose(purpose), "case": case_reference,
               "jti": secrets.token_hex(16), "iat": grants.now_ms()}
    checked = check_category(category)
    return payload | {"cat": checked} if checked else payload


def issue_token_with_id(name: str, purpose: str, case_reference: str | None = None,
                        key: str | None = None, *, category: str | None = None
                        ) -> tuple[str, str]:
    """(bearer token, its id for `nexus token revoke`)."""
    payload = _payload(name, purpose, case_reference, category)
    return _serializer("nexus-token", key).dumps(payload), payload["jti"]


def issue_token(name: str, purpose: str, case_reference: str | None = None,
                key: str | None = None, *, category: str | None = None) -> str:
    return issue_token_with_id(name, purpose, case_reference, key, category=category)[0]


def issue_session(name: str, purpose: str, case_reference: str | None = None,
                  key: str | None = None, *, category: str | None = None
                  ) -> tuple[str, str]:
    """(cookie value, CSRF token)."""
    csrf = secrets.token_urlsafe(24)
    payload = _payload(name, purpose, case_reference, category) | {"csrf": csrf}
    return _serializer("nexus-session", key).dumps(payload), csrf


# Checking a signature cost a third of a millisecond of CPU on every request (itsdangerous
# builds its serializer and derives its key each time). A signed value never changes, so
# one that verified is remembered by its exact text, its salt and the key; expiry is still
# checked on every use, and revocation stays the graph's check (grant_user).
_VERIFIED: dict[tuple[str, tuple[str, ...], str], Grant] = {}
_VERIFIED_MAX = 4096


def _load(salt: str, value: str, max_age: int, via: str) -> Grant | None:
    """The grant in a signed value; None if forged, expired, or without an id and issue
    time (a grant that could not be revoked is not accepted)."""
    cache_key = (salt, secret_keys(), value)
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
    category = payload.get("cat")
    return Grant(payload["sub"], payload["purpose"], payload.get("case"), via, grant_id,
                 issued, payload.get("csrf"),
                 category if isinstance(category, str) else None)


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
