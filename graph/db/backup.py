"""Backing up and restoring the local Neo4j: a dump of the database, the audit journal
beside it, and a manifest to check the restore against.

Neo4j Community has no online backup: `neo4j-admin database dump` and `load` run only
while the server is stopped. A backup of a running server therefore pauses it: stop,
dump, start again (seconds on a small store, about a minute per 10 GB). While Neo4j is
paused the API answers 503 and its audit journal holds consultations on local disk
(graph/audit/journal.py), so nothing is lost; the journal's unshipped entries are copied
into the backup too, so a restore chains them.

The manifest records, per label and per relationship type, a count and an
order-independent digest of the contents, taken just before the pause; the restore
compares the loaded graph against it before it chains anything. With the API serving
during a backup, writes made in the second between the summary and the stop are in the
dump but not in the summary, and the restore says which labels differ.

A user's own Neo4j (NEO4J_URI) is not handled here: Enterprise has online backup
(`neo4j-admin database backup`), Aura its snapshots, and any edition the same dump with
the database stopped, run where the server runs (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.audit.journal import BATCH, read_entries, ship
from graph.db.driver import open_driver
from graph.db.health import server_info
from graph.db.localserver import LocalNeo4j
from graph.db.settings import Neo4jConnection
from graph.errors import LocalServerError, NexusError

FORMAT = 1
MANIFEST = "manifest.json"
JOURNAL_FOLDER = "audit-journal"

_LABELS = "CALL db.labels() YIELD label RETURN label ORDER BY label"
_TYPES = ("CALL db.relationshipTypes() YIELD relationshipType "
          "RETURN relationshipType AS type ORDER BY type")
# The label and type come from the database's own lists (db.labels), never from a caller.
_NODES = "MATCH (n:$($label)) RETURN properties(n) AS props"
_RELATIONSHIPS = ("MATCH (a)-[r:$($type)]->(b) "
                  "RETURN a.id AS start, b.id AS end, properties(r) AS props")
_HEAD = "MATCH (h:AuditHead {id: 'audit'}) RETURN h.seq AS seq, h.hash AS hash"

Tell = Callable[[str], None]


class BackupError(NexusError):
    """A backup or restore that cannot be made, or a backup that is damaged."""


@dataclass(frozen=True)
class Part:
    """One label or relationship type: how many, and a digest of their contents."""

    count: int
    digest: str


@dataclass
class Manifest:
    database: str
    neo4j_version: str
    created_at: str
    nodes: dict[str, Part]
    relationships: dict[str, Part]
    audit_head: tuple[int, str] | None
    journal_entries: int = 0
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{folder} holds no readable Nexus backup ({exc})") from exc
        if data.get("format") != FORMAT:
            raise BackupError(f"{folder}: backup format {data.get('format')!r} is not "
                              f"{FORMAT}, the one this version reads")
        head = data.get("audit_head")
        return cls(database=data["database"], neo4j_version=data["neo4j_version"],
                   created_at=data["created_at"],
                   nodes={k: Part(**v) for k, v in data["nodes"].items()},
                   relationships={k: Part(**v) for k, v in data["relationships"].items()},
                   audit_head=(head[0], head[1]) if head else None,
                   journal_entries=data.get("journal_entries", 0), files=data["files"])


@dataclass(frozen=True)
class Summary:
    nodes: dict[str, Part]
    relationships: dict[str, Part]


def _canonical(value: Any) -> Any:
    """A property value as JSON can hold it, the same before a dump and after a load."""
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return f"{type(value).__name__}:{value}"  # temporal and spatial values


def _fold(rows: Iterable[Any]) -> Part:
    """Count and digest rows in any order: the sum of their SHA-256s, modulo 2**256."""
    count, total = 0, 0
    for row in rows:
        text = json.dumps(_canonical(row), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False, default=str)
        total = (total + int.from_bytes(hashlib.sha256(text.encode()).digest())) % (1 << 256)
        count += 1
    return Part(count, f"{total:064x}")


def _sorted_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: _canonical(value) for key, value in sorted(props.items())}


def summary(driver: Driver, database: str) -> Summary:
    """Counts and content digests per label and per relationship type."""
    with driver.session(database=database) as session:
        labels = [r["label"] for r in session.run(_LABELS)]
        types = [r["type"] for r in session.run(_TYPES)]
        nodes = {label: _fold(_sorted_props(r["props"])
                              for r in session.run(_NODES, label=label))
                 for label in labels}
        relationships = {kind: _fold([r["start"], r["end"], _sorted_props(r["props"])]
                                     for r in session.run(_RELATIONSHIPS, type=kind))
                         for kind in types}
    # A label whose nodes are all gone stays in db.labels(): absent and empty are one.
    return Summary({k: v for k, v in nodes.items() if v.count},
                   {k: v for k, v in relationships.items() if v.count})


def differences(expected: Summary | Manifest, found: Summary) -> list[str]:
    """The labels and types whose count or digest differ, in words."""
    said = []
    for kind, want, got in (("label", expected.nodes, found.nodes),
                            ("relationship type", expected.relationships,
                             found.relationships)):
        for name in sorted(set(want) | set(got)):
            a, b = want.get(name, Part(0, "")), got.get(name, Part(0, ""))
            if a.count != b.count:
                said.append(f"{kind} {name}: {b.count} in the graph, {a.count} in the backup")
            elif a.digest != b.digest:
                said.append(f"{kind} {name}: same count ({a.count}), different contents")
    return said


def audit_head(driver: Driver, database: str) -> tuple[int, str] | None:
    records, _, _ = driver.execute_query(_HEAD, database_=database, routing_="r")
    return (records[0]["seq"], records[0]["hash"]) if records else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _admin(server: LocalNeo4j, *args: str) -> None:
    result = server.admin(*args)
    if result.returncode != 0:
        raise BackupError(f"neo4j-admin {' '.join(args[:2])} failed:\n"
                          f"{(result.stdout + result.stderr)[-3000:]}")


def _open(server: LocalNeo4j) -> Driver:
    return open_driver(Neo4jConnection(server.uri, "neo4j", server.password(), "neo4j",
                                       False))


def backup(server: LocalNeo4j, database: str, journal_dir: Path, target: Path,
           tell: Tell, *, extra: Iterable[Path] = ()) -> Manifest:
    """Dump the local database into `target` (new or empty) with the journal's unshipped
    entries, the `extra` files (the server's key) and a manifest. A running server is
    paused for the dump and started again."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new folder")
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    was_running = server.pid() is not None
    if not was_running:
        tell("Neo4j is stopped: starting it to summarise the graph")
        server.start()
    with _open(server) as driver:
        version = server_info(driver).version
        found = summary(driver, database)
        head = audit_head(driver, database)
    tell("pausing Neo4j for the dump (Community has no online backup); "
         "the API answers 503 meanwhile and journals its audit entries locally")
    paused = time.monotonic()
    server.stop()
    try:
        _admin(server, "database", "dump", database, f"--to-path={target}")
        journal_entries = _copy_journal(journal_dir, target / JOURNAL_FOLDER)
        for path in extra:
            shutil.copy2(path, target / path.name)
    finally:
        if was_running:
            server.start()
            tell(f"Neo4j running again after a pause of {time.monotonic() - paused:.0f} s")
    manifest = Manifest(database=database, neo4j_version=version,
                        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        nodes=found.nodes, relationships=found.relationships,
                        audit_head=head, journal_entries=journal_entries)
    _write_manifest(target, manifest)
    return manifest


def _write_manifest(target: Path, manifest: Manifest) -> None:
    """Record every file of the backup with its checksum and write the manifest."""
    manifest.files = {str(path.relative_to(target)): sha256_of(path)
                      for path in sorted(target.rglob("*"))
                      if path.is_file() and path.name != MANIFEST}
    for path in target.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
    (target / MANIFEST).write_text(manifest.to_json())
    (target / MANIFEST).chmod(0o600)


def _copy_journal(journal_dir: Path, into: Path) -> int:
    """Copy the journal files (entries not yet chained, or chained and not yet truncated:
    shipping skips those by entry id). Returns how many entries were copied."""
    into.mkdir(mode=0o700, parents=True, exist_ok=True)
    count = 0
    for path in sorted(journal_dir.glob("*.jsonl*")) if journal_dir.exists() else []:
        shutil.copy2(path, into / path.name)
        count += len(read_entries(into / path.name))
    return count


def check(source: Path) -> Manifest:
    """The backup's manifest, once every file it lists is present and unchanged."""
    manifest = Manifest.read(source)
    for name, digest in manifest.files.items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"the backup is incomplete: {name} is missing")
        if sha256_of(path) != digest:
            raise BackupError(f"the backup is damaged: {name} does not match its checksum")
    return manifest


@dataclass(frozen=True)
class Restored:
    differences: list[str]  # against the manifest, before the journal was chained
    chained: int  # journal entries of the backup added to the audit chain


def restore(server: LocalNeo4j, database: str, source: Path, tell: Tell) -> Restored:
    """Replace the local database by the backup's, then chain the backup's journal
    entries. The server is left running."""
    manifest = check(source)
    if manifest.database != database:
        raise BackupError(f"the backup is of database {manifest.database!r}, not "
                          f"{database!r}")
    if server.pid():
        tell("stopping Neo4j to load the dump")
        server.stop()
    _admin(server, "database", "load", database, f"--from-path={source}",
           "--overwrite-destination=true")
    tell("dump loaded; starting Neo4j")
    try:
        server.start(progress=tell)
    except LocalServerError as exc:
        raise BackupError(f"the dump loaded but Neo4j did not start: {exc}") from exc
    with _open(server) as driver:
        found = differences(manifest, summary(driver, database))
        entries = [entry for path in sorted((source / JOURNAL_FOLDER).glob("*.jsonl*"))
                   for entry in read_entries(path)]
        chained = 0
        for start in range(0, len(entries), BATCH):
            chained += ship(driver, database, entries[start:start + BATCH])
    return Restored(found, chained)
