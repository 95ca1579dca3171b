"""`nexus backup DIR`, `nexus restore DIR` and `nexus key rotate`: keeping a force's
Nexus safe (docs/operations.md).

The dump and load are graph/db/backup.py's; this module adds what belongs to the API
layer (the server's signing keys, kept under NEXUS_HOME) and the words for the operator.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import typer

from api.auth import KEY_FILE, PREVIOUS_KEYS_FILE, key_files, rotate_stored_key
from cli.common import USAGE, fail
from graph.audit import chain as audit
from graph.audit.journal import journal_directory, live_writers
from graph.db import backup as store
from graph.db.driver import local_server, open_driver, resolve_connection
from graph.db.settings import Settings, load_settings
from graph.errors import NexusError

key_app = typer.Typer(help="The server's signing key (tokens and sessions).",
                      no_args_is_help=True)

_OWN_NEO4J = ("NEO4J_URI is set: Nexus backs up and restores only the Neo4j it runs "
              "itself. Back up your own Neo4j where it runs: Enterprise's online backup "
              "(neo4j-admin database backup) or, on any edition, neo4j-admin's database "
              "dump and load with the database stopped (docs/operations.md). Keep "
              "NEXUS_HOME's secret_key files with it.")


def _local(settings: Settings) -> None:
    if settings.neo4j_uri:
        fail(_OWN_NEO4J, USAGE)


def backup(target: Annotated[Path, typer.Argument(help="A new (or empty) folder.")]) -> None:
    """Back up the local Neo4j, its audit journal and the server's key.

    A dump, with a short pause of the server (Neo4j Community has no online backup); the
    journal's unshipped audit entries and the signing key go beside it."""
    settings = load_settings()
    _local(settings)
    server = local_server(settings)
    journal = journal_directory(settings.home, server.uri, settings.neo4j_database)
    keys = key_files(settings.home)
    try:
        manifest = store.backup(server, settings.neo4j_database, journal, target.resolve(),
                                typer.echo, extra=keys)
    except NexusError as exc:
        fail(str(exc))
    nodes = sum(part.count for part in manifest.nodes.values())
    links = sum(part.count for part in manifest.relationships.values())
    head = manifest.audit_head[0] if manifest.audit_head else 0
    typer.echo(f"backup written to {target}: {nodes} nodes in {len(manifest.nodes)} labels, "
               f"{links} relationships, the audit chain up to entry {head} and "
               f"{manifest.journal_entries} journalled entries")
    if keys:
        typer.echo("the signing key is in the backup")
    elif os.environ.get("NEXUS_SECRET_KEY"):
        typer.echo("the signing key is not in the backup: NEXUS_SECRET_KEY holds it, keep "
                   "it safe beside the backup")
    else:
        typer.echo("no signing key has been made yet (no token or session issued)")


def restore(source: Annotated[Path, typer.Argument(help="A folder `nexus backup` wrote.")],
            yes: Annotated[bool, typer.Option("--yes", help="Do not ask first.")] = False
            ) -> None:
    """Replace the local graph by a backup's and verify the audit chain.

    The backup's signing key is put back (so the tokens it issued are accepted) and its
    journalled audit entries are chained. The API must not be serving meanwhile."""
    settings = load_settings()
    _local(settings)
    server = local_server(settings)
    journal = journal_directory(settings.home, server.uri, settings.neo4j_database)
    source = source.resolve()
    try:
        manifest = store.check(source)
    except NexusError as exc:
        fail(str(exc), USAGE)
    writers = live_writers(journal)
    if writers:
        fail(f"the API is serving this database (process {', '.join(map(str, writers))}); "
             "stop it before restoring, or its answers would be audited into a chain the "
             "restore replaces")
    if not yes:
        typer.confirm(f"Replace the graph in {server.directory} by the backup of "
                      f"{manifest.created_at}? Everything written since is lost", abort=True)
    try:
        restored = store.restore(server, settings.neo4j_database, source, typer.echo)
    except NexusError as exc:
        fail(str(exc))
    _restore_keys(source, settings.home)
    connection = resolve_connection(settings)
    with open_driver(connection) as driver:
        report = audit.verify(driver, connection.database)
    for line in restored.differences:
        typer.secho(f"differs from the backup: {line}", err=True, fg=typer.colors.YELLOW)
    typer.echo(f"restored the backup of {manifest.created_at}; {restored.chained} journalled "
               "audit entries chained")
    if not report.ok:
        fail(f"audit chain BROKEN at entry {report.first_broken_seq}: {report.reason}")
    typer.echo(f"audit chain intact: {report.entries} entries")
    if restored.differences:
        fail("the restored graph differs from the backup's summary (see above): writes "
             "made during the backup's last second, or a damaged dump")


def _restore_keys(source: Path, home: Path) -> None:
    """The backup's key files replace the home's, so the tokens it issued are accepted."""
    if not (source / KEY_FILE).exists():
        typer.echo("the backup holds no signing key: tokens are checked against the key "
                   "configured now")
        return
    for name in (KEY_FILE, PREVIOUS_KEYS_FILE):
        if (source / name).exists():
            shutil.copy2(source / name, home / name)
            (home / name).chmod(0o600)
        else:
            (home / name).unlink(missing_ok=True)


@key_app.command("rotate")
def key_rotate() -> None:
    """Sign with a new key from now on, signing nobody out.

    Tokens and sessions signed with the old key keep working until they expire: it is
    accepted for that long."""
    home = load_settings().home
    try:
        rotate_stored_key(home)
    except ValueError as exc:
        fail(str(exc), USAGE)
    typer.echo(f"new signing key in {home / KEY_FILE}; the previous one is accepted until "
               "the tokens and sessions it signed expire")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.add_typer(key_app, name="key")
