"""Versioned Cypher migrations, named and recorded the way neo4j-migrations does it.

Files are `migrations/V<version>__<Description>.cypher`, applied in version order. Each
applied file is recorded as a `:__Neo4jMigration` node (version, description, CRC32
checksum, who and when) chained by `:MIGRATED_TO` from a BASELINE node. Applied files are
immutable: if one changes, `migrate` refuses to go on. Statements in a file are separated
by `;` at the end of a line and each runs in its own transaction (Neo4j does not mix
schema and data changes in one), so every statement must be idempotent
(`IF NOT EXISTS`, `MERGE`).
"""

from __future__ import annotations

import getpass
import re
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.db.settings import PROJECT_ROOT
from graph.errors import MigrationError

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
_FILE_NAME = re.compile(r"^V(?P<version>\d+)__(?P<description>\w+)\.cypher$")

_ENSURE_CONSTRAINT = (
    "CREATE CONSTRAINT nexus_migration_version IF NOT EXISTS "
    "FOR (m:__Neo4jMigration) REQUIRE m.version IS UNIQUE"
)
_APPLIED = """
MATCH (m:__Neo4jMigration) WHERE m.version <> 'BASELINE'
RETURN m.version AS version, m.description AS description, m.checksum AS checksum,
       m.installedOn AS installed_on, m.source AS source
"""
_RECORD = """
MERGE (base:__Neo4jMigration {version: 'BASELINE'})
WITH base
OPTIONAL MATCH (base)-[:MIGRATED_TO*0..]->(tail:__Neo4jMigration)
WHERE NOT (tail)-[:MIGRATED_TO]->()
WITH coalesce(tail, base) AS tail LIMIT 1
CREATE (tail)-[:MIGRATED_TO {at: datetime(), in: duration({milliseconds: $millis}),
                             by: $by}]->
       (m:__Neo4jMigration {version: $version, description: $description,
                            checksum: $checksum, type: 'CYPHER', source: $source,
                            installedOn: datetime(), installedBy: $by})
"""


@dataclass(frozen=True)
class Migration:
    version: str
    description: str
    path: Path

    @property
    def source(self) -> str:
        return self.path.name

    @property
    def checksum(self) -> str:
        return str(zlib.crc32(self.path.read_bytes()))

    def statements(self) -> list[str]:
        lines = [line for line in self.path.read_text().splitlines()
                 if not line.strip().startswith("//")]
        chunks = re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE)
        return [chunk.strip() for chunk in chunks if chunk.strip()]


@dataclass(frozen=True)
class MigrationState:
    version: str
    description: str
    state: str  # applied | pending
    installed_on: str | None = None


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.cypher")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(
                f"{path.name}: migration files are named V<version>__<Description>.cypher"
            )
        migrations.append(Migration(str(int(match["version"])), match["description"], path))
    migrations.sort(key=lambda m: int(m.version))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migration files share a version number")
    return migrations


def _applied(driver: Driver, database: str) -> dict[str, dict[str, Any]]:
    driver.execute_query(_ENSURE_CONSTRAINT, database_=database)
    records, _, _ = driver.execute_query(_APPLIED, database_=database)
    return {record["version"]: dict(record) for record in records}


def _verify(local: list[Migration], applied: dict[str, dict[str, Any]]) -> None:
    by_version = {m.version: m for m in local}
    for version, record in sorted(applied.items(), key=lambda item: int(item[0])):
        migration = by_version.get(version)
        if migration is None:
            raise MigrationError(
                f"migration V{version} ({record['source']}) is applied in the database "
                "but its file is missing"
            )
        if migration.checksum != record["checksum"]:
            raise MigrationError(
                f"{migration.source} has changed since it was applied (checksum "
                f"{record['checksum']} in the database, {migration.checksum} on disk); "
                "applied migrations are immutable: revert the file and add a new migration"
            )


def status(driver: Driver, database: str = "neo4j",
           directory: Path = MIGRATIONS_DIR) -> list[MigrationState]:
    local = discover(directory)
    applied = _applied(driver, database)
    _verify(local, applied)
    return [
        MigrationState(
            m.version, m.description,
            "applied" if m.version in applied else "pending",
            str(applied[m.version]["installed_on"]) if m.version in applied else None,
        )
        for m in local
    ]


def migrate(driver: Driver, database: str = "neo4j",
            directory: Path = MIGRATIONS_DIR, *, by: str | None = None) -> list[Migration]:
    """Apply pending migrations in order, recorded as applied `by` (the CLI passes its
    user; the login name otherwise); return the ones applied."""
    local = discover(directory)
    applied = _applied(driver, database)
    _verify(local, applied)
    done = []
    for migration in local:
        if migration.version in applied:
            continue
        started = time.monotonic()
        for number, statement in enumerate(migration.statements(), start=1):
            try:
                with driver.session(database=database) as session:
                    session.run(statement).consume()
            except Exception as exc:
                raise MigrationError(
                    f"{migration.source}, statement {number}, failed: {exc}"
                ) from exc
        driver.execute_query(
            _RECORD,
            version=migration.version, description=migration.description,
            checksum=migration.checksum, source=migration.source,
            millis=int((time.monotonic() - started) * 1000), by=by or getpass.getuser(),
            database_=database,
        )
        done.append(migration)
    return done
