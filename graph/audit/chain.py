"""The audit log: append-only and tamper-evident (a SHA-256 hash chain).

Every consultation (person read, search, network, path, history) and every change is one
`:AuditEntry` recording who, when, what, the subject ids and the purpose (Data Protection
Act 2018 Part 3 s.62). Each entry's hash covers its fields and the previous entry's hash,
so editing, deleting or reordering any entry breaks the chain from there on; `verify`
finds the first broken link. Appending locks the single `:AuditHead` node for the
transaction, so concurrent writers (even several API processes) extend one chain.

The application offers no way to change or delete an entry. Anyone holding the Neo4j
credentials could still edit the graph; the chain makes that visible, and exporting the
head hash elsewhere from time to time (an anchor) would make it provable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction

GENESIS = "0" * 64

LOCK_HEAD = """
MERGE (h:AuditHead {id: 'audit'})
ON CREATE SET h.seq = 0, h.hash = $genesis
SET h.locked_at = datetime()
RETURN h.seq AS seq, h.hash AS hash
"""
_APPEND = """
MATCH (h:AuditHead {id: 'audit'})
CREATE (e:AuditEntry)
SET e = $entry, e.at_time = datetime($entry.at)
SET h.seq = $entry.seq, h.hash = $entry.hash
"""
# The fast path: one statement that locks the head, checks it is still the head this
# process last wrote, and appends. If another writer got in first, nothing is written
# and the caller falls back to reading the head under its lock.
APPEND_IF_HEAD = """
MATCH (h:AuditHead {id: 'audit'})
SET h.locked_at = datetime()
WITH h WHERE h.seq = $entry.seq - 1 AND h.hash = $entry.prev_hash
CREATE (e:AuditEntry)
SET e = $entry, e.at_time = datetime($entry.at)
SET h.seq = $entry.seq, h.hash = $entry.hash
RETURN count(e) AS written
"""
_PAGE = """
MATCH (e:AuditEntry)
WHERE ($user IS NULL OR e.user = $user)
  AND ($subject IS NULL OR $subject IN e.subject_ids)
  AND ($action IS NULL OR e.action = $action)
WITH e ORDER BY e.seq DESC
WITH collect(e { .* }) AS entries
RETURN size(entries) AS total, entries[$skip..$skip + $first] AS page
"""
# Verification holds the head's write lock (SET then REMOVE: nothing stays) while it reads
# the head and the chain up to it (see `_read_chain`).
_HOLD_HEAD = """
MATCH (h:AuditHead {id: 'audit'})
SET h.verifying = true
REMOVE h.verifying
RETURN h.seq AS seq, h.hash AS hash"""
_CHAIN = """
MATCH (e:AuditEntry)
WHERE $upto IS NULL OR e.seq <= $upto
RETURN e { .* } AS entry ORDER BY e.seq"""


@dataclass
class AuditEntry:
    user: str
    role: str
    action: str
    purpose: str
    subject_ids: list[str] = field(default_factory=list)
    case_reference: str | None = None
    detail: str | None = None
    outcome: str = "ok"
    at: str = ""
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""
    entry_id: str | None = None  # set by the journal; lets shipping be idempotent
    purpose_category: str | None = None  # the sign-in's reason code (graph/audit/purposes)

    def content(self) -> dict[str, Any]:
        """The hashed fields: everything but the hash itself (and no entry_id or
        purpose_category on entries written before those existed, so their hashes hold)."""
        data = asdict(self)
        data.pop("hash")
        for optional in ("entry_id", "purpose_category"):
            if data[optional] is None:
                data.pop(optional)
        return data

    def compute_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def seal(entry: AuditEntry, seq: int, prev_hash: str) -> AuditEntry:
    """Place the entry in the chain: its seq, previous hash, time (if unset) and hash."""
    entry.seq, entry.prev_hash = seq, prev_hash
    entry.at = entry.at or dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    entry.subject_ids = sorted(set(entry.subject_ids))
    entry.hash = entry.compute_hash()
    return entry


def _append(tx: ManagedTransaction, entry: AuditEntry) -> AuditEntry:
    head = tx.run(LOCK_HEAD, genesis=GENESIS).single(strict=True)
    seal(entry, head["seq"] + 1, head["hash"])
    tx.run(_APPEND, entry=asdict(entry)).consume()
    return entry


# The head this process last wrote: lets an append take one round trip, not three.
_last_head: dict[tuple[int, str], tuple[int, str]] = {}
_head_lock = threading.Lock()


def append(driver: Driver, database: str, entry: AuditEntry) -> AuditEntry:
    """Append one entry to the chain (its seq, time and hashes are set here)."""
    key = (id(driver), database)
    with _head_lock:
        known = _last_head.get(key)
        if known is not None:
            seal(entry, known[0] + 1, known[1])
            records, _, _ = driver.execute_query(APPEND_IF_HEAD, entry=asdict(entry),
                                                 database_=database)
            if records[0]["written"]:
                _last_head[key] = (entry.seq, entry.hash)
                return entry
        with driver.session(database=database) as session:
            written = session.execute_write(_append, entry)
        _last_head[key] = (written.seq, written.hash)
        return written


def entry_from_record(record: dict[str, Any]) -> AuditEntry:
    """An AuditEntry from a stored node's properties (extra properties such as at_time are
    ignored)."""
    values = dict(record)
    fields: dict[str, Any] = {name: values.get(name) for name in AuditEntry.__dataclass_fields__
                              if name in values}
    return AuditEntry(**fields)


def entries(driver: Driver, database: str, *, first: int = 50, skip: int = 0,
            user: str | None = None, subject_id: str | None = None,
            action: str | None = None) -> tuple[int, list[AuditEntry]]:
    """(total, newest first page) of entries matching the filters."""
    records, _, _ = driver.execute_query(_PAGE, first=first, skip=skip, user=user,
                                         subject=subject_id, action=action,
                                         database_=database, routing_="r")
    record = records[0]
    return record["total"], [entry_from_record(item) for item in record["page"]]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_broken_seq: int | None = None
    reason: str | None = None


def _read_chain(tx: ManagedTransaction
                ) -> tuple[tuple[int, str] | None, list[dict[str, Any]]]:
    """The head (seq, hash) and the entries up to it, as one consistent state.

    Neo4j reads are read-committed, not snapshots: another API process shipping its
    journal meanwhile could be seen half-way (a head's new hash beside its old seq, or
    entries past the head). Every append takes the head's write lock, so holding it here
    stops appends until this read commits: nothing is chained while the chain is read.
    Appends wait a moment; answers do not (they are durable in each process's journal).
    """
    head = tx.run(_HOLD_HEAD).single()
    upto = None if head is None else head["seq"]
    entries = [record["entry"] for record in tx.run(_CHAIN, upto=upto)]
    return (None if head is None else (head["seq"], head["hash"])), entries


def verify(driver: Driver, database: str) -> ChainReport:
    """Recompute the chain from the first entry up to the head; report the first broken
    link. Consistent while other writers append (see `_read_chain`)."""
    with driver.session(database=database) as session:
        head, records = session.execute_write(_read_chain)
    previous, expected_seq = GENESIS, 1
    for record in records:
        entry = entry_from_record(record)
        if entry.seq != expected_seq:
            return ChainReport(False, len(records), expected_seq,
                               f"entry {expected_seq} is missing")
        if entry.prev_hash != previous:
            return ChainReport(False, len(records), entry.seq,
                               "does not follow the previous entry")
        if entry.compute_hash() != entry.hash:
            return ChainReport(False, len(records), entry.seq, "its content was altered")
        previous, expected_seq = entry.hash, expected_seq + 1
    if head and head != (len(records), previous):
        return ChainReport(False, len(records), len(records) + 1,
                           "entries after the last one were removed")
    return ChainReport(True, len(records))
