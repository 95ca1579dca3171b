"""HTTP hardening: security headers, a request body cap, per-user rate limits and login
throttling. Plain ASGI middleware and small in-process structures (one API process per
deployment here; a shared store would be needed behind a load balancer)."""

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
    login_address_failures_before_lock: int = 50  # per address, any names (see LoginThrottle)
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
class _AddressLevel:
    failures: float
    updated: float


@dataclass
class _PairStrikes:
    count: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


@dataclass
class LoginThrottle:
    """Sign-in throttling that nobody can turn against someone else.

    Nothing is locked per name alone: if it were, anyone could lock any named officer out
    at will by typing five wrong passwords. Instead:

    * a (name, address) pair is locked after `failures_before_lock` failures, for
      `base_seconds`, doubling with each further failure up to `max_seconds`; a locked
      pair is refused even with the right password (else the lock would not slow guessing).
      Failures are forgotten `forget_seconds` after the last one, or on a success.
    * an address fills a leaky bucket with every failure, for any name; it drains one
      failure per `address_leak_seconds`. While it holds `address_failures_before_lock`,
      the address is refused, except for names that signed in successfully from it within
      `known_for_seconds`: password spraying from one address is slowed, but the officers
      who work behind a shared proxy address keep signing in.

    So guessing one officer's password is slowed per address, spraying many names from
    one address is slowed per address, and an attacker's failures never stop the officer
    signing in from an address that has not failed. The state is in-process (one API
    process per deployment); a shared store would be needed behind a load balancer.
    """

    failures_before_lock: int = 5
    address_failures_before_lock: int = 50
    address_leak_seconds: float = 36.0  # 100 failures an hour drain away
    base_seconds: float = 30.0
    max_seconds: float = 900.0
    forget_seconds: float = 3600.0
    known_for_seconds: float = 30 * 86400.0
    max_entries: int = 100_000
    clock: Callable[[], float] = time.monotonic
    _pairs: dict[tuple[str, str], _PairStrikes] = field(default_factory=dict)
    _addresses: dict[str, _AddressLevel] = field(default_factory=dict)
    _known: dict[tuple[str, str], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, name: str, address: str) -> int:
        """0 when this sign-in attempt may be checked, else whole seconds to wait."""
        now = self.clock()
        with self._lock:
            pair = self._pairs.get((name, address))
            waits = [pair.locked_until - now if pair else 0.0]
            if not self._is_known(name, address, now):
                level = self._level(address, now)
                excess = level - (self.address_failures_before_lock - 1)
                waits.append(excess * self.address_leak_seconds if excess > 0 else 0.0)
        return max(0, math.ceil(max(waits)))

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._pairs) + len(self._addresses) + len(self._known) > self.max_entries:
                self._prune(now)
            pair = self._pairs.get((name, address))
            if pair is None or now - pair.last_failure > self.forget_seconds:
                pair = self._pairs[(name, address)] = _PairStrikes()
            pair.count += 1
            pair.last_failure = now
            if pair.count >= self.failures_before_lock:
                extra = pair.count - self.failures_before_lock
                pair.locked_until = now + min(self.max_seconds, self.base_seconds * 2 ** extra)
            self._addresses[address] = _AddressLevel(self._level(address, now) + 1, now)

    def succeeded(self, name: str, address: str) -> None:
        """A correct password: the pair's failures go, and the pair becomes known. The
        address's bucket is left as it is (a spraying attacker's own account must not
        empty it)."""
        with self._lock:
            self._pairs.pop((name, address), None)
            self._known[(name, address)] = self.clock()

    def _is_known(self, name: str, address: str, now: float) -> bool:
        seen = self._known.get((name, address))
        return seen is not None and now - seen <= self.known_for_seconds

    def _level(self, address: str, now: float) -> float:
        held = self._addresses.get(address)
        if held is None:
            return 0.0
        return max(0.0, held.failures - (now - held.updated) / self.address_leak_seconds)

    def _prune(self, now: float) -> None:
        """Drop what no longer counts, so a flood of made-up names cannot grow memory."""
        self._pairs = {key: pair for key, pair in self._pairs.items()
                       if pair.locked_until > now or now - pair.last_failure <= self.forget_seconds}
        self._addresses = {address: held for address, held in self._addresses.items()
                           if self._level(address, now) > 0}
        self._known = {key: seen for key, seen in self._known.items()
                       if now - seen <= self.known_for_seconds}
