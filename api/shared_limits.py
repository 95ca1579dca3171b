"""Rate limits and sign-in throttling that hold across the workers of one `nexus serve`.

With `--workers N` a request lands on any of N processes, so in-process counters would
let a client make N times its requests and a password guesser N times the guesses. The
workers share one SQLite file instead (Python's own sqlite3: no server to run, and a
transaction serialises concurrent checks across processes). Each check is one short
`BEGIN IMMEDIATE` transaction on a file in the server's run folder, about 0.1 ms.

The policies are those of api/security.py (`RateLimiter`, `LoginThrottle`); only where
their state lives differs. `nexus serve` creates the file and names it in
NEXUS_SHARED_LIMITS for its workers; without it each process keeps its own state.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from api.security import LoginThrottle, PairStrikes

SHARED_LIMITS_ENV = "NEXUS_SHARED_LIMITS"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bucket (key TEXT PRIMARY KEY, tokens REAL, updated REAL);
CREATE TABLE IF NOT EXISTS strikes (name TEXT, address TEXT, count INTEGER,
                                    last_failure REAL, locked_until REAL,
                                    PRIMARY KEY (name, address));
"""


class _Store:
    """One connection per process, used under a lock (requests come from many threads)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, timeout=5.0, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")  # counters, not records: no fsync
        self._db.executescript(_SCHEMA)
        self.lock = threading.Lock()

    def execute(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        return self._db.execute(sql, params).fetchall()


class SharedRateLimiter:
    """`RateLimiter`'s token bucket per key, kept in the shared file."""

    def __init__(self, path: Path, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._store = _Store(path)

    def retry_after(self, key: str) -> float:
        """0 when the request may go ahead (and is counted), else seconds to wait."""
        store = self._store
        with store.lock:
            store.execute("BEGIN IMMEDIATE")
            try:
                now = time.monotonic()  # system-wide on Linux: the same clock in each worker
                rows = store.execute("SELECT tokens, updated FROM bucket WHERE key = ?", key)
                tokens = float(self.burst)
                if rows:
                    stored, updated = rows[0]
                    tokens = min(self.burst, stored + (now - updated) * self.rate)
                allowed = tokens >= 1
                store.execute("INSERT OR REPLACE INTO bucket VALUES (?, ?, ?)", key,
                              tokens - 1 if allowed else tokens, now)
            finally:
                store.execute("COMMIT")
        return 0.0 if allowed else (1 - tokens) / self.rate


class SharedLoginThrottle(LoginThrottle):
    """`LoginThrottle`'s rules, with the failures of every worker counted together."""

    def __init__(self, path: Path, failures_before_lock: int = 5) -> None:
        super().__init__(failures_before_lock)
        self._store = _Store(path)

    def _load(self, name: str, address: str) -> PairStrikes | None:
        rows = self._store.execute("SELECT count, last_failure, locked_until FROM strikes "
                                   "WHERE name = ? AND address = ?", name, address)
        if not rows:
            return None
        count, last_failure, locked_until = rows[0]
        return PairStrikes(count, last_failure, locked_until)

    def wait_seconds(self, name: str, address: str) -> int:
        with self._store.lock:
            pair = self._load(name, address)
        remaining = pair.locked_until - self.clock() if pair else 0.0
        return max(0, math.ceil(remaining))

    def failed(self, name: str, address: str) -> None:
        store = self._store
        with store.lock:
            store.execute("BEGIN IMMEDIATE")
            try:
                now = self.clock()
                store.execute("DELETE FROM strikes WHERE locked_until <= ? AND "
                              "last_failure < ?", now, now - self.forget_seconds)
                pair = self.strike(self._load(name, address), now)
                store.execute("INSERT OR REPLACE INTO strikes VALUES (?, ?, ?, ?, ?)", name,
                              address, pair.count, pair.last_failure, pair.locked_until)
            finally:
                store.execute("COMMIT")

    def succeeded(self, name: str, address: str) -> None:
        with self._store.lock:
            self._store.execute("DELETE FROM strikes WHERE name = ? AND address = ?",
                                name, address)
