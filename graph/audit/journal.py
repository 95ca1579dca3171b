"""A write-ahead journal for the audit log: durable before the answer, chained in batches.

Appending each consultation to the Neo4j hash chain inside the request cost about 4 ms
(a write transaction that locks the chain's head), the largest single part of an API
read. The API process instead appends each entry to a local journal file and fsyncs it
(about 0.15 ms here; concurrent requests share one sync, a group commit) before the
answer leaves; a background thread moves journalled
entries into the Neo4j chain in batches (one transaction per batch, so concurrent
requests share a commit) within milliseconds.

The guarantees stay: no answer leaves before its entry is durable (on local disk), and
the API fails closed when it cannot journal, or when an entry has waited more than
`max_lag` seconds for the chain (Neo4j refusing writes). Entries carry an `entry_id`; shipping
skips ids already in the chain, so a crash between commit and truncation duplicates
nothing, and journals left by a dead process are shipped by the next one to start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import time
import uuid
import weakref
from dataclasses import asdict, replace
from pathlib import Path

import orjson
from neo4j import Driver, ManagedTransaction

from graph.audit.chain import GENESIS, LOCK_HEAD, AuditEntry, seal

BATCH = 500
# Entries wait this long to share one chain commit: one Neo4j write per request would
# compete with the next request for the CPU. Readers flush, which skips the wait.
LINGER_SECONDS = 0.2
TRUNCATE_AT_BYTES = 1 << 20

_ALREADY_CHAINED = """
UNWIND $ids AS id
MATCH (e:AuditEntry {entry_id: id})
RETURN collect(e.entry_id) AS ids
"""
_APPEND_MANY = """
UNWIND $entries AS entry
CREATE (e:AuditEntry)
SET e = entry, e.at_time = datetime(entry.at)
WITH count(e) AS written
MATCH (h:AuditHead {id: 'audit'})
SET h.seq = $seq, h.hash = $hash
"""


class AuditUnavailable(RuntimeError):
    """The journal cannot take entries, so no answer may be given."""


def _chain(tx: ManagedTransaction, entries: list[AuditEntry]) -> int:
    """Append the entries not yet in the chain, under the head's lock. Returns how many."""
    head = tx.run(LOCK_HEAD, genesis=GENESIS).single(strict=True)
    present = set(tx.run(_ALREADY_CHAINED, ids=[e.entry_id for e in entries]).single(
        strict=True)["ids"])
    seq, previous = head["seq"], head["hash"]
    rows = []
    for entry in entries:
        if entry.entry_id in present:
            continue
        seq += 1
        sealed = seal(replace(entry), seq, previous)
        previous = sealed.hash
        rows.append(asdict(sealed))
    if rows:
        tx.run(_APPEND_MANY, entries=rows, seq=seq, hash=previous).consume()
    return len(rows)


def ship(driver: Driver, database: str, entries: list[AuditEntry]) -> int:
    """Chain the entries in one transaction (idempotent by entry_id)."""
    with driver.session(database=database) as session:
        return session.execute_write(_chain, entries)


def journal_directory(home: Path, uri: str, database: str) -> Path:
    """One folder per Neo4j database, so a journal is only ever shipped where it belongs."""
    key = hashlib.sha256(f"{uri}|{database}".encode()).hexdigest()[:16]
    return home / "audit-journal" / key


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def live_writers(directory: Path) -> list[int]:
    """Other processes alive now that journal into this folder (API workers)."""
    pids = set()
    for path in directory.glob("*.jsonl"):
        owner = path.name.split("-", 1)[0]
        if owner.isdigit() and int(owner) != os.getpid() and _pid_alive(int(owner)):
            pids.add(int(owner))
    return sorted(pids)


def read_entries(path: Path) -> list[AuditEntry]:
    entries = []
    for line in path.read_text().splitlines():
        try:
            entries.append(AuditEntry(**json.loads(line)))
        except (ValueError, TypeError):
            continue  # a torn last line from a crash mid-write: it was never acknowledged
    return entries


_open_journals: weakref.WeakSet[AuditJournal] = weakref.WeakSet()


def flush_all(timeout: float = 10.0) -> None:
    """Wait until every journal of this process has shipped (readers call this first)."""
    for journal in list(_open_journals):
        journal.flush(timeout)


class AuditJournal:
    def __init__(self, driver: Driver, database: str, directory: Path, *,
                 max_lag: float = 30.0) -> None:
        self.driver, self.database, self.directory = driver, database, directory
        self.max_lag = max_lag
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.jsonl"
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._pending: list[AuditEntry] = []
        self._queued_at: list[float] = []  # when each pending entry was journalled
        self._condition = threading.Condition()
        self._flushing = 0  # readers waiting: ship now, without lingering
        self._closing = False
        # Group commit: entries written, entries known durable, and whether a sync runs.
        self._written = self._synced = 0
        self._syncing = False
        self._sync = threading.Condition()
        self.syncs = 0  # fdatasync calls made: fewer than entries under concurrent load
        self._recover_orphans()
        self._thread = threading.Thread(target=self._run, name="audit-journal", daemon=True)
        self._thread.start()
        _open_journals.add(self)

    def record(self, entry: AuditEntry) -> AuditEntry:
        """Make the entry durable locally; it reaches the chain shortly after."""
        entry.entry_id = entry.entry_id or uuid.uuid4().hex
        # The time is the consultation's; seq and hashes are set when it is chained.
        entry.at = entry.at or dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        line = orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE)
        with self._condition:
            now = time.monotonic()
            if self._closing or (self._queued_at and now - self._queued_at[0] > self.max_lag):
                raise AuditUnavailable("the audit chain has not accepted entries recently")
            os.write(self._fd, line)
            self._written += 1
            mine = self._written
            self._pending.append(entry)
            self._queued_at.append(now)
            # Wake the shipper only when it has something new to decide: waking it on
            # every entry cost each request a thread switch.
            if len(self._pending) == 1 or len(self._pending) >= BATCH:
                self._condition.notify_all()
        self._wait_durable(mine)
        return entry

    def _wait_durable(self, mine: int) -> None:
        """Return once the first `mine` entries are on disk: group commit.

        One request syncs everything written so far while those arriving meanwhile wait;
        the next sync covers all of them at once, so under load there is one fdatasync
        per group, not per entry, and throughput is not bounded by the disk's syncs."""
        with self._sync:
            while self._synced < mine:
                if self._syncing:
                    self._sync.wait()
                    continue
                self._syncing = True
                target = self._written  # every write counted here has completed
                self._sync.release()
                try:
                    os.fdatasync(self._fd)
                    self.syncs += 1
                finally:
                    self._sync.acquire()
                    self._syncing = False
                    self._sync.notify_all()
                self._synced = max(self._synced, target)

    def backlog(self) -> tuple[int, float]:
        """(entries not yet chained, seconds the oldest of them has waited): metrics."""
        with self._condition:
            waited = time.monotonic() - self._queued_at[0] if self._queued_at else 0.0
            return len(self._pending), waited

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is in the chain."""
        deadline = time.monotonic() + timeout
        with self._condition:
            self._flushing += 1
            self._condition.notify_all()
            try:
                while self._pending:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._condition.wait(left)
            finally:
                self._flushing -= 1
        return True

    def close(self, timeout: float = 10.0) -> None:
        drained = self.flush(timeout)
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        self._thread.join(timeout)
        os.close(self._fd)
        if drained:
            self.path.unlink(missing_ok=True)
        _open_journals.discard(self)

    def _run(self) -> None:
        backoff = 0.1
        while True:
            with self._condition:
                while not self._pending and not self._closing:
                    self._condition.wait()
                if not self._pending:
                    return
                ship_at = self._queued_at[0] + LINGER_SECONDS
                while (not self._closing and not self._flushing
                       and len(self._pending) < BATCH and time.monotonic() < ship_at):
                    self._condition.wait(ship_at - time.monotonic())
                batch = self._pending[:BATCH]
            try:
                ship(self.driver, self.database, batch)
            except Exception:
                with self._condition:
                    if self._closing:
                        return
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            backoff = 0.1
            with self._condition:
                del self._pending[:len(batch)]
                del self._queued_at[:len(batch)]
                if not self._pending and os.fstat(self._fd).st_size > TRUNCATE_AT_BYTES:
                    os.ftruncate(self._fd, 0)  # everything in it is chained
                self._condition.notify_all()

    def _recover_orphans(self) -> None:
        """Ship what a process that died left in its journal, then remove the file."""
        live = {journal.path for journal in _open_journals} | {self.path}
        for path in sorted(self.directory.glob("*.jsonl")):
            owner = path.name.split("-", 1)[0]
            pid = int(owner) if owner.isdigit() else -1
            if path in live or (pid != os.getpid() and _pid_alive(pid)):
                continue
            claimed = path.with_name(f"{path.name}.claimed-{os.getpid()}")
            try:
                path.rename(claimed)
            except OSError:
                continue  # another process claimed it first
            entries = read_entries(claimed)
            try:
                for start in range(0, len(entries), BATCH):
                    ship(self.driver, self.database, entries[start:start + BATCH])
            except Exception:
                claimed.rename(path)  # Neo4j refused: the next start tries again
                continue
            claimed.unlink()
