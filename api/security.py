"""HTTP hardening: security headers, a request body cap, per-user rate limits and login
throttling. Plain ASGI middleware and small in-process structures; the workers of one
`nexus serve --workers N` share theirs through api/shared_limits.py (several servers
behind a load balancer would need a store of their own)."""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The UI loads nothing from elsewhere; GraphiQL (a development tool, off in production)
# loads its scripts from a CDN, so its page gets a looser policy.
APP_CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
           "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'")
GRAPHIQL_CSP = ("default-src 'self'; img-src 'self' data:; "
                "style-src 'self' 'unsafe-inline' https://unpkg.com; "
                "script-src 'self' 'unsafe-inline' https://unpkg.com; "
                "font-src https://unpkg.com; connect-src 'self'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = int(os.environ.get("NEXUS_MAX_BODY_BYTES", str(256 * 1024)))
    requests_per_second: float = float(os.environ.get("NEXUS_RATE_PER_SECOND", "20"))
    burst: int = int(os.environ.get("NEXUS_RATE_BURST", "120"))
    login_failures_before_lock: int = 5  # per (name, address) pair
    # How long an audit entry may wait for the Neo4j chain before the API stops answering.
    audit_max_lag_seconds: float = float(os.environ.get("NEXUS_AUDIT_MAX_LAG", "30"))


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                content_type = next((v for k, v in headers if k == b"content-type"), b"")
                csp = GRAPHIQL_CSP if (scope["path"] == "/graphql"
                                       and content_type.startswith(b"text/html")) else APP_CSP
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if scope["path"].startswith(("/graphql", "/auth", "/history")):
                    headers.append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """413 for bodies over the cap, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(send, self.max_bytes)
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, capped_receive, send)
        except _BodyTooLarge:
            await _too_large(send, self.max_bytes)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = (b'{"errors":[{"message":"request body larger than %d bytes",'
            b'"extensions":{"code":"PAYLOAD_TOO_LARGE"}}]}' % limit)
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """A token bucket per key (the user name): `rate` per second, up to `burst`."""

    rate: float
    burst: int
    _buckets: MutableMapping[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, key: str) -> float:
        """0 when the request may go ahead (and is counted), else seconds to wait."""
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.setdefault(key, _Bucket(float(self.burst), now))
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate


@dataclass
class PairStrikes:
    count: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


@dataclass
class LoginThrottle:
    """Sign-in throttling that nobody can turn against someone else.

    Failures are counted per (user name, client address) pair, never per name alone nor
    per address alone: per name, anyone could lock any named officer out at will with five
    wrong passwords; per address, one person behind a shared proxy could lock out everyone
    behind it. A pair is locked after `failures_before_lock` failures for `base_seconds`,
    doubling with each further failure up to `max_seconds`; a locked pair is refused even
    with the right password (else the lock would not slow guessing). Its failures are
    forgotten `forget_seconds` after the last one, or on a success.

    So guessing a password from one address is slowed to a few tries an hour, while the
    officer (and everyone else behind the same proxy) still signs in. Not covered: guesses
    spread over many addresses, or many names tried from one address (each costs an argon2
    verification). The state is in-process; api/shared_limits.py shares it among workers.
    """

    failures_before_lock: int = 5
    base_seconds: float = 30.0
    max_seconds: float = 900.0
    forget_seconds: float = 3600.0
    max_entries: int = 100_000
    clock: Callable[[], float] = time.monotonic
    _pairs: dict[tuple[str, str], PairStrikes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, name: str, address: str) -> int:
        """0 when this sign-in attempt may be checked, else whole seconds to wait."""
        now = self.clock()
        with self._lock:
            pair = self._pairs.get((name, address))
            remaining = pair.locked_until - now if pair else 0.0
        return max(0, math.ceil(remaining))

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._pairs) >= self.max_entries:
                self._prune(now)
            self._pairs[(name, address)] = self.strike(self._pairs.get((name, address)), now)

    def strike(self, pair: PairStrikes | None, now: float) -> PairStrikes:
        """The pair's strikes after one more failure at `now` (the rule, kept in one place:
        api/shared_limits.py stores the same strikes for every worker)."""
        if pair is None or now - pair.last_failure > self.forget_seconds:
            pair = PairStrikes()
        pair.count += 1
        pair.last_failure = now
        if pair.count >= self.failures_before_lock:
            extra = pair.count - self.failures_before_lock
            pair.locked_until = now + min(self.max_seconds, self.base_seconds * 2 ** extra)
        return pair

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._pairs.pop((name, address), None)

    def _prune(self, now: float) -> None:
        """Drop what no longer counts, then (under a flood of made-up names) the oldest
        half, so memory stays bounded."""
        self._pairs = {key: pair for key, pair in self._pairs.items()
                       if pair.locked_until > now or now - pair.last_failure <= self.forget_seconds}
        if len(self._pairs) >= self.max_entries:
            newest = sorted(self._pairs.items(), key=lambda item: item[1].last_failure)
            self._pairs = dict(newest[len(newest) // 2:])
