"""The bulk route of a first load: validated rows -> CSV -> `neo4j-admin database import`.

Only for the local server (`LocalNeo4j`: neo4j-admin must run on the database's host,
against its folder) and only when its database is empty, which here means it holds no
node but the migration history (`nexus migrate` runs before `nexus demo` in `make run`;
users, audit entries and records must be absent, since the import replaces the
database). The run:

1. the rows are validated (the caller, with `validate_many`) and written as CSV
   (graph/ingest/bulk.py), with the writer's checks (references, repeated ids, flag
   history);
2. the server is stopped, `neo4j-admin database import full --overwrite-destination`
   builds the database from the CSV (`--bad-tolerance=0`: any fault aborts it), the
   server is started again (also when the import failed);
3. the migrations run as `nexus migrate` runs them: the constraints and indexes are
   built on the loaded data and the migration history is recorded again;
4. the empty lists rows gave (a CSV cell cannot hold one) are set, and what the
   writer derives in Cypher runs after the load, with the writer's own
   statements, in batches of one transaction each (POST_LOAD): flag state
   (`cypher.FLAG_STATE`), RFG harm scores of the people with an arrest or conviction
   (`harm.rescore`) and the co-offender links of every incident
   (`derive_co_offenders`).

Each phase is timed (`BulkResult.phases`).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from graph.analytics import harm
from graph.db import migrations
from graph.db.driver import open_driver
from graph.db.localserver import LocalNeo4j
from graph.db.settings import Neo4jConnection
from graph.ingest.bulk import ARRAY_DELIMITER_OPTION, BulkCsv, BulkRefused
from graph.ingest.files import Batch, FileRefused, read_batches, scan_folder

# The importer's own line bookkeeping, so a problem reads the same on both routes.
from graph.ingest.importer import ImportReport, Problem
from graph.ingest.importer import _lines_of_clean as lines_of_clean
from graph.ingest.importer import _problem as problem_of
from graph.records import CleanRow, RowError, derive_co_offenders, validate_many
from graph.records.cypher import FLAG_STATE
from graph.reviews import mopi

POST_LOAD_BATCH = 5000
DERIVE_BATCH = 2000     # incidents per co-offender transaction (as synthetic/city/loader.py)
IMPORT_HEAP = "1g"
IMPORT_OFF_HEAP = "2G"  # the import's id map and caches: bounded on a shared machine

# Nodes other than the migration history: the import would destroy them.
_OTHER_NODES = ("MATCH (n) WHERE NOT n:__Neo4jMigration "
                "RETURN count(n) AS others, collect(DISTINCT labels(n)[0])[..5] AS labels")

AUTO_MIN_ROWS = 1_000_000  # "auto" takes the bulk route from this many rows (docs/performance.md)

Progress = Callable[[str, int], None]
Batches = Iterable[tuple[str, list[CleanRow]]]
Fill = Callable[[BulkCsv, Progress | None], None]


@dataclass
class BulkResult:
    rows: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)   # phase -> seconds
    co_offender_pairs: int = 0
    route: str = "bulk"

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


def refusal(server: LocalNeo4j | None, connection: Neo4jConnection) -> str | None:
    """Why the bulk route cannot load this database, or None when it can."""
    if connection.external or server is None:
        return ("the bulk route runs neo4j-admin on the database's own host and folder: it "
                "is only offered for the local server, not for a Neo4j given by NEO4J_URI")
    if not server.pid():
        return "the local Neo4j is not running"
    with open_driver(connection) as driver:
        records, _, _ = driver.execute_query(_OTHER_NODES, database_=connection.database,
                                             routing_="r")
    others = records[0]["others"]
    if others:
        return (f"the database is not empty ({others:,} nodes besides the migration history, "
                f"e.g. {', '.join(records[0]['labels'])}): neo4j-admin import would replace "
                "them, so the bulk route only loads an empty database")
    return None


class BulkFailed(Exception):
    """The bulk route failed after it stopped the server: the database may be empty."""


def choose_route(route: str, server: LocalNeo4j | None, connection: Neo4jConnection,
                 rows: int) -> tuple[str, str]:
    """("bulk" | "transactional", why) for the asked route (auto, bulk, transactional).
    BulkRefused when "bulk" is asked and cannot run."""
    if route == "transactional":
        return route, "asked for"
    if route == "auto" and rows < AUTO_MIN_ROWS:
        return "transactional", (f"{rows:,} rows: below {AUTO_MIN_ROWS:,} the server's "
                                 "restart costs more than the bulk route saves")
    reason = refusal(server, connection)
    if route == "bulk":
        if reason:
            raise BulkRefused(f"bulk route refused: {reason}")
        return "bulk", "asked for"
    if reason:
        return "transactional", reason
    return "bulk", "first load of an empty local database"


def demo_fill(batches: Batches) -> Fill:
    """A `fill` for already validated batches `(kind, rows)`: a refused row raises."""
    def fill(files: BulkCsv, progress: Progress | None) -> None:
        for kind, rows in batches:
            written = files.add(kind, rows)
            if progress:
                progress(kind, written)
    return fill


def bulk_load(server: LocalNeo4j, connection: Neo4jConnection, fill: Fill, *,
              work_dir: Path, by: str, progress: Progress | None = None) -> BulkResult:
    """Load the rows `fill` writes into a BulkCsv (validated, kinds in write order) into
    the empty local database. BulkRefused when the database or the rows do not allow the
    bulk route (nothing changed then); BulkFailed when the import failed after the server
    was stopped."""
    reason = refusal(server, connection)
    if reason:
        raise BulkRefused(reason)
    result = BulkResult()
    csv_dir = work_dir / "bulk-csv"
    shutil.rmtree(csv_dir, ignore_errors=True)
    files = BulkCsv(csv_dir)
    started = time.perf_counter()
    try:
        fill(files, progress)
    except BaseException:
        files.close()
        shutil.rmtree(csv_dir, ignore_errors=True)
        raise
    files.close()
    result.rows = dict(files.rows)
    result.phases["generate, validate, CSV"] = time.perf_counter() - started
    try:
        _import(server, files, work_dir, result)
        with open_driver(connection) as driver:
            _after_import(driver, connection.database, files, by, result)
    finally:
        shutil.rmtree(csv_dir, ignore_errors=True)
    return result


def _import(server: LocalNeo4j, files: BulkCsv, work_dir: Path, result: BulkResult) -> None:
    started = time.perf_counter()
    log = work_dir / "bulk-import.log"
    log.unlink(missing_ok=True)
    server.stop()
    try:
        code = server.admin_logged(
            "database", "import", "full", "neo4j", "--overwrite-destination=true",
            "--bad-tolerance=0", "--skip-bad-relationships=false",
            "--skip-duplicate-nodes=false", f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
            "--id-type=string", f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
            f"--report-file={work_dir / 'bulk-import.report'}",
            *files.arguments(), log=log, heap=IMPORT_HEAP)
    finally:
        server.start()
    result.phases["neo4j-admin import (with restart)"] = time.perf_counter() - started
    if code != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise BulkFailed(f"neo4j-admin import failed (exit {code}); see {log}:\n{tail}")


def _after_import(driver: Driver, database: str, files: BulkCsv, by: str,
                  result: BulkResult) -> None:
    started = time.perf_counter()
    migrations.migrate(driver, database, by=by)
    driver.execute_query("CALL db.awaitIndexes(3600)", database_=database)
    result.phases["migrations, constraints, indexes"] = time.perf_counter() - started
    with driver.session(database=database) as session:
        started = time.perf_counter()
        for (what, name, prop), ids in files.empty_lists.items():
            for part in _parts(ids, POST_LOAD_BATCH):
                session.execute_write(_set_empty_list, what, name, prop, part)
        for part in _parts(files.flag_ids, POST_LOAD_BATCH):
            session.execute_write(_flag_state, part)
        result.phases["post-load: empty lists, flag state"] = time.perf_counter() - started
        started = time.perf_counter()
        for part in _parts(sorted(files.harm_person_ids), POST_LOAD_BATCH):
            session.execute_write(harm.rescore, part)
        result.phases["post-load: harm scores"] = time.perf_counter() - started
        started = time.perf_counter()
        for part in _parts(files.incident_ids, DERIVE_BATCH):
            result.co_offender_pairs += session.execute_write(derive_co_offenders, part)
        result.phases["post-load: co-offender links"] = time.perf_counter() - started
        started = time.perf_counter()
        # MOPI groups and review dates, as the writer computes them after each write:
        # flags first (a person's group follows their flags), after flag state and links.
        for kind in sorted(mopi.GROUPED, key=lambda k: k != "flag"):
            records, _, _ = driver.execute_query(_IDS_OF[kind], database_=database,
                                                 routing_="r")
            for part in _parts([r["id"] for r in records], POST_LOAD_BATCH):
                session.execute_write(mopi.recompute, kind, [{"id": i} for i in part])
        result.phases["post-load: MOPI groups, review dates"] = time.perf_counter() - started


# Labels come from the model (graph.reviews.mopi.GROUPED), never from input.
_IDS_OF = {kind: f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id"
           for kind, label in mopi.GROUPED.items()}


def _set_empty_list(tx: ManagedTransaction, what: str, name: str, prop: str,
                    ids: list[str]) -> None:
    # Label, type and property names come from the model (graph.records.kinds), never input.
    match = (f"MATCH (n:{name} {{id: record_id}})" if what == "node"
             else f"MATCH ()-[n:{name} {{id: record_id}}]->()")
    tx.run(f"UNWIND $ids AS record_id {match} SET n.{prop} = []", ids=ids).consume()


def _flag_state(tx: ManagedTransaction, flag_ids: list[str]) -> None:
    tx.run(FLAG_STATE, flag_ids=flag_ids).consume()


def _parts(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def folder_fill(folder: Path, report: ImportReport, batch_size: int) -> Fill:
    """A `fill` for an import folder (graph/ingest/importer.py's reading and validation):
    a bad row, or one the writer would refuse, becomes a problem of its file and line in
    `report`, and the good rows around it still land."""
    scanned = scan_folder(folder)
    report.files = {kind: path.name for kind, path in scanned.files.items()}
    report.problems.extend(Problem(name, 0, "file", reason) for name, reason in scanned.refused)

    def fill(files: BulkCsv, progress: Progress | None) -> None:
        for kind, path in scanned.files.items():
            report.written.setdefault(kind, 0)
            try:
                for batch in read_batches(path, batch_size):
                    report.problems.extend(_fill_batch(files, kind, path.name, batch, report))
                    if progress:
                        progress(kind, len(batch.lines))
            except FileRefused as exc:
                report.problems.append(
                    Problem(path.name, 0, "file", str(exc).removeprefix(f"{path.name} ")))
    return fill


def _fill_batch(files: BulkCsv, kind: str, name: str, batch: Batch,
                report: ImportReport) -> list[Problem]:
    problems = [Problem(name, line.number, "line", line.problem)
                for line in batch.lines if line.problem]
    parsed = [line for line in batch.lines if line.row is not None]
    clean, errors = validate_many(kind, [line.row for line in parsed if line.row is not None])
    problems += [problem_of(name, parsed[error.index].number, error) for error in errors
                 if error.index is not None]
    line_of = lines_of_clean(parsed, errors, clean)
    refused: list[RowError] = []
    report.written[kind] += files.add(kind, clean, refused)
    problems += [problem_of(name, line_of[clean[error.index]["id"]], error)
                 for error in refused if error.index is not None]
    problems.sort(key=lambda problem: problem.line)
    return problems
