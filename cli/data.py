"""Data commands of the `nexus` CLI: `demo`, `stats`, `import` and `mapping infer`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from neo4j.exceptions import DriverError, Neo4jError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import mapping as mapping_cli
from cli.common import current_user, fail, fail_on
from graph.audit import chain as audit
from graph.db.driver import local_server, open_driver, resolve_connection
from graph.db.settings import Neo4jConnection, load_settings
from graph.errors import NexusError
from graph.ingest import (
    FolderError,
    ImportReport,
    StateError,
    bulk_run,
    count_records,
    export_rows,
    import_folder,
)
from graph.ingest.bulk import BulkRefused
from graph.ingest.mapping import Mapping, MappingError, load_mapping
from graph.records import RowError
from graph.records.stats import graph_stats

if TYPE_CHECKING:
    from neo4j import Driver

AUDITED_PROBLEMS = 20   # an import's audit entry names the first problems (file:line:field)
class Route(StrEnum):
    auto = "auto"
    bulk = "bulk"
    transactional = "transactional"


ROUTE_OPTION = typer.Option(
    Route.auto, "--route",
    help="bulk: neo4j-admin import, for a first load of the empty local database; "
         "transactional: the write layer's transactions; auto: bulk for a large first "
         "load of the empty local database, transactional otherwise.")


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[str, int], None]]:
    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(label, total=total)

        def advance(kind: str, rows: int) -> None:
            bar.update(task, advance=rows, description=kind)

        yield advance


def demo(
    persons: int = typer.Option(5000, "--persons", min=1, help="People to generate."),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same data."),
    if_empty: bool = typer.Option(False, "--if-empty",
                                  help="Load only when the graph holds no Person yet."),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Rows per transaction."),
    export: Annotated[Path | None, typer.Option(
        "--export", file_okay=False,
        help="Write the rows as an import folder (JSON Lines) instead of loading them.")] = None,
    route: Route = ROUTE_OPTION,
) -> None:
    """Load a deterministic synthetic London (people, gangs, arrests, intelligence...)."""
    # Imported here: the city generator is only needed by this command and slows the
    # start-up of every other.
    from synthetic.city import DemoData, graph_has_persons, load_demo

    data = DemoData(persons, seed)
    counts = data.counts()
    if export is not None:
        written = export_rows(export, ((kind, rows) for kind, _, rows in data.streams()))
        typer.echo(f"wrote {sum(written.values())} rows in {len(written)} files to {export}")
        return
    connection = resolve_connection()
    with open_driver(connection) as driver:
        if if_empty and graph_has_persons(driver, connection.database):
            typer.echo("the graph already holds people: demo data not loaded (--if-empty)")
            return
        total = sum(counts.values()) + len(data.events.incidents)
        if _bulk_route(route, connection, sum(counts.values())):
            from synthetic.city.loader import validated_batches
            _run_bulk(connection, bulk_run.demo_fill(validated_batches(data, batch_size)),
                      sum(counts.values()), f"{persons} persons (seed {seed})")
            return
        try:
            with _progress(total, "demo") as advance:
                result = load_demo(driver, connection.database, data, batch_size=batch_size,
                                   progress=advance)
        except NexusError as exc:
            fail_on(exc, f"demo load failed: {exc}")
    rate = result.total_rows / result.seconds if result.seconds else 0.0
    typer.echo(f"loaded {persons} persons (seed {seed}) through the transactional route: "
               f"{result.total_rows} rows and {result.co_offender_pairs} derived co-offender "
               f"links in {result.seconds:.1f} s ({rate:,.0f} rows/s)")


def stats(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Count nodes per label and relationships per type."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        result = graph_stats(driver, connection.database)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    console = Console()
    for title, counts, total in (("nodes", result.nodes, result.total_nodes),
                                 ("relationships", result.relationships,
                                  result.total_relationships)):
        table = Table(title=title)
        table.add_column("label" if title == "nodes" else "type")
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, f"{count:,}")
        table.add_row("[b]total[/b]", f"[b]{total:,}[/b]")
        console.print(table)


def import_(
    path: Annotated[Path, typer.Argument(
        exists=True, file_okay=False,
        help="A folder with one file per kind: <kind>.jsonl or <kind>.csv "
             "(see docs/import.md).")],
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Validate everything and write nothing."),
    report: Annotated[Path | None, typer.Option(
        "--report", dir_okay=False,
        help="Also write the problem report to this JSON file.")] = None,
    restart: bool = typer.Option(False, "--restart",
                                 help="Ignore the checkpoint of an interrupted import."),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Rows per transaction."),
    mapping_file: Annotated[Path | None, typer.Option(
        "--mapping", exists=True, dir_okay=False,
        help="A mapping (YAML) saying what the folder's own files become "
             "(see docs/import.md, \"Mappings\").")] = None,
    route: Route = ROUTE_OPTION,
) -> None:
    """Import records from files; resumes an interrupted import. Exit 1 on bad rows.

    Audited (who, the folder, rows per kind, the problems) once the import has run, or
    failed part-way; a folder refused before anything is read is not."""
    who = current_user()
    try:
        mapping = load_mapping(mapping_file) if mapping_file is not None else None
        totals = count_records(path, mapping)
    except (FolderError, MappingError) as exc:
        fail_on(exc)
    connection = resolve_connection()
    bulk = None
    if mapping is not None and route.value == "bulk":
        fail("the bulk route reads Nexus's own files: import a mapped folder with "
             "--route transactional (or auto)")
    if not dry_run and mapping is None and _bulk_route(route, connection,
                                                       sum(totals.values())):
        bulk = ImportReport(dry_run=False)
        _run_bulk(connection, bulk_run.folder_fill(path, bulk, batch_size),
                  sum(totals.values()), str(path))
    with open_driver(connection) as driver:
        try:
            if bulk is not None:
                result = bulk
            else:
                with _progress(sum(totals.values()), "import") as advance:
                    result = import_folder(driver, connection.database, path,
                                           dry_run=dry_run, restart=restart,
                                           batch_size=batch_size, progress=advance,
                                           mapping=mapping)
        except (FolderError, StateError, MappingError) as exc:
            fail_on(exc)
        except NexusError as exc:
            _audit_import(driver, connection.database, who, path, dry_run, None, str(exc),
                          mapping)
            fail_on(exc, f"import failed: {exc}")
        _audit_import(driver, connection.database, who, path, dry_run, result,
                      mapping=mapping)
    if report is not None:
        report.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False,
                                     default=str), "utf-8")
    if result.mapping is not None:
        mapping_cli.print_mapped(result.mapping, samples=dry_run)
    verb = "valid" if dry_run else "imported"
    if result.resumed:
        typer.echo("resumed an interrupted import")
    for kind, count in result.written.items():
        typer.echo(f"{kind:<20} {count:>8} {verb}")
    for problem in result.problems:
        record = f" {problem.record}" if problem.record else ""
        where = f"{problem.file}:{problem.line}:" if problem.line else f"{problem.file}:"
        typer.secho(f"{where}{record} {problem.field}: {problem.reason}",
                    err=True, fg=typer.colors.YELLOW)
    if result.problems:
        fail(f"{len(result.problems)} row(s) refused; nothing of them was written"
              + (" (dry run: nothing written at all)" if dry_run else ""))
    typer.echo("dry run: nothing written" if dry_run else "import complete")


def _bulk_route(route: Route, connection: Neo4jConnection, rows: int) -> bool:
    """Whether the bulk route runs (said on stderr, with why); exit 1 if it was asked for
    and cannot run."""
    server = None if connection.external else local_server()
    try:
        chosen, why = bulk_run.choose_route(route.value, server, connection, rows)
    except BulkRefused as exc:
        fail(str(exc))
    typer.echo(f"route: {chosen} ({why})", err=True)
    return chosen == "bulk"


def _run_bulk(connection: Neo4jConnection, fill: bulk_run.Fill, total: int, what: str) -> None:
    """Load through neo4j-admin import and print rows/s per kind and per phase."""
    per_kind: dict[str, float] = {}
    last = [time.perf_counter()]

    def timed(kind: str, rows: int) -> None:
        now = time.perf_counter()
        per_kind[kind] = per_kind.get(kind, 0.0) + now - last[0]
        last[0] = now
        advance(kind, rows)

    try:
        with _progress(total, "bulk: CSV") as advance:
            result = bulk_run.bulk_load(local_server(), connection, fill,
                                        work_dir=load_settings().home, by=current_user(),
                                        progress=timed)
    except (BulkRefused, bulk_run.BulkFailed, RowError) as exc:
        fail(f"bulk load failed: {exc}")
    rate = result.total_rows / result.seconds if result.seconds else 0.0
    typer.echo(f"loaded {what} through the bulk route (neo4j-admin import): "
               f"{result.total_rows} rows and {result.co_offender_pairs} derived co-offender "
               f"links in {result.seconds:.1f} s ({rate:,.0f} rows/s)")
    for phase, seconds in result.phases.items():
        typer.echo(f"  {phase:<38} {seconds:7.1f} s")
    for kind, rows in result.rows.items():
        seconds = per_kind.get(kind, 0.0)
        typer.echo(f"  {kind:<20} {rows:>9,} rows"
                   + (f" {rows / seconds:>10,.0f} rows/s (generate, validate, CSV)"
                      if rows and seconds else ""))


def _audit_import(driver: Driver, database: str, who: str, folder: Path, dry_run: bool,
                  result: ImportReport | None, failure: str | None = None,
                  mapping: Mapping | None = None) -> None:
    """One audit entry per import run: a collection (or alteration) of records. Names no
    person (there may be millions): the folder and the checkpoint say what was imported."""
    parts = [f"folder={folder.resolve()}"]
    if mapping is not None:
        parts.append(f"mapping={mapping.name} sha256={mapping.digest[:16]}")
    if result is not None:
        verb = "valid" if dry_run else "written"
        parts.append(f"{verb}={json.dumps(result.written, separators=(',', ':'))}")
        parts.append(f"problems={len(result.problems)}")
        if result.problems:
            shown = [f"{p.file}:{p.line}:{p.field}" for p in result.problems[:AUDITED_PROBLEMS]]
            more = len(result.problems) - len(shown)
            parts.append("[" + ", ".join(shown) + (f", +{more} more" if more else "") + "]")
        if result.resumed:
            parts.append("resumed")
    else:
        parts.append(f"failed: {failure}")
    try:
        audit.append(driver, database, audit.AuditEntry(
            user=who, role="cli", action="import-dry-run" if dry_run else "change:import",
            purpose="import records", detail=" ".join(parts),
            outcome="failed" if result is None else "ok" if result.ok else "partial"))
    except (NexusError, Neo4jError, DriverError) as exc:
        fail(f"the import ran but its audit entry could not be written: {exc}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("stats")(stats)
    app.command("import")(import_)
    mapping_cli.register(app)
