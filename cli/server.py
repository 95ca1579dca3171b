"""Server commands of the `nexus` CLI: the local Neo4j (`neo4j start|stop|status`),
`migrate`, `export-schema` and `serve`."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from neo4j.exceptions import AuthError, ServiceUnavailable

from cli.common import NEO4J_DOWN, USAGE, current_user, fail, fail_on
from graph.db import migrations
from graph.db.driver import local_server, open_driver, resolve_connection
from graph.db.health import server_info
from graph.db.settings import load_settings
from graph.errors import NexusError

neo4j_app = typer.Typer(help="Run the project's local Neo4j (not used when NEO4J_URI is set).",
                        no_args_is_help=True)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch Neo4j from Maven Central on first use, start it and wait until Bolt answers."""
    settings = load_settings()
    if settings.neo4j_uri:
        typer.echo(f"NEO4J_URI is set ({settings.neo4j_uri}): using that Neo4j, starting none")
        return
    server = local_server(settings)
    if server.pid():
        typer.echo(f"Neo4j already running at {server.uri} (pid {server.pid()})")
        return
    typer.echo(f"starting Neo4j {settings.neo4j_version} at {server.uri} ...")
    try:
        # After a crash Neo4j replays its transaction log first: say how far it is.
        server.start(progress=lambda line: typer.echo(f"  {line}"))
    except NexusError as exc:
        fail_on(exc)
    typer.echo(f"Neo4j running at {server.uri} (pid {server.pid()}); "
               f"password in {server.directory / 'password'}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j."""
    settings = load_settings()
    if settings.neo4j_uri:
        typer.echo("NEO4J_URI is set: Nexus did not start that Neo4j and will not stop it")
        return
    stopped = local_server(settings).stop()
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether Neo4j answers, and print its version. Exits 3 when it is down."""
    try:
        connection = resolve_connection()
        with open_driver(connection, interactive=True) as driver:
            info = server_info(driver)
    except (ServiceUnavailable, OSError, NexusError) as exc:
        typer.echo(f"Neo4j is not running ({type(exc).__name__}: {exc})")
        raise typer.Exit(NEO4J_DOWN) from exc
    except AuthError as exc:
        fail(f"Neo4j answered but refused the credentials: {exc}", USAGE)
    typer.echo(f"Neo4j is running at {connection.uri}: {info.name} {info.version} "
               f"{info.edition}")


def migrate(
    show_status: bool = typer.Option(False, "--status", help="List applied and pending."),
) -> None:
    """Apply pending schema migrations from migrations/ in order."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        try:
            if show_status:
                for state in migrations.status(driver, connection.database):
                    when = f"  {state.installed_on}" if state.installed_on else ""
                    typer.echo(f"V{state.version:>4}  {state.state:<8} "
                               f"{state.description}{when}")
                return
            applied = migrations.migrate(driver, connection.database, by=current_user())
        except NexusError as exc:
            fail_on(exc)
    for migration in applied:
        typer.echo(f"applied {migration.source}")
    typer.echo(f"{len(applied)} migration(s) applied; schema up to date")


def export_schema(
    output: str = typer.Option("api/schema.graphql", "-o", "--output", help="Where to write."),
) -> None:
    """Write the GraphQL SDL (the API's contract) to api/schema.graphql."""
    # Imported here: building the GraphQL schema takes most of a second, which every
    # other command would pay at start-up.
    from api.schema import schema

    Path(output).write_text(schema.as_str() + "\n")
    typer.echo(f"wrote {output}")


def serve(
    host: str = typer.Option(None, help="Address to bind (default NEXUS_HOST or 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default NEXUS_PORT or 8000)."),
    workers: int = typer.Option(
        None, min=1, max=64,
        help="Worker processes (default NEXUS_WORKERS, else the machine's cores): each "
             "answers requests on its own CPU; rate limits and sign-in throttling hold "
             "across them, and each journals its audit entries into the one chain."),
    analytics: bool = typer.Option(
        True, help="Keep the analytics fresh in the background (`nexus analytics watch` "
                   "beside the API, in a process of its own)."),
) -> None:
    """Serve the web UI at / and GraphQL at /graphql."""
    with _analytics_watcher(analytics), _history_warm_up():
        _serve(host, port, workers)


@contextlib.contextmanager
def _history_warm_up() -> Iterator[None]:
    """`nexus warm-up --watch` as a child process beside the workers: the first history
    after Neo4j starts would otherwise spend seconds in planning (graph/history/service.py
    `keep_warm`), at start-up and after Neo4j restarts under the API. It writes nothing;
    if it fails, the API serves as before."""
    child = subprocess.Popen([sys.executable, "-m", "cli", "warm-up", "--watch",
                              "--stop-with", str(os.getpid())])
    try:
        yield
    finally:
        if child.poll() is None:
            child.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=10)


@contextlib.contextmanager
def _analytics_watcher(enabled: bool) -> Iterator[None]:
    """The refresher as a child process, so its CPU never slows an API worker. uvicorn
    ends the process with the signal it caught, past this `finally`: the child also
    stops by itself within a second of this process ending (`--stop-with`)."""
    if not enabled:
        yield
        return
    child = subprocess.Popen([sys.executable, "-m", "cli", "analytics", "watch",
                              "--stop-with", str(os.getpid())])
    try:
        yield
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


def _serve(host: str | None, port: int | None, workers: int | None) -> None:
    # Imported here, as in `export_schema`: the app builds the GraphQL schema.
    import uvicorn

    from api.app import create_app
    from api.metrics import MULTIPROC_ENV
    from api.request_log import log_config
    from api.shared_limits import SHARED_LIMITS_ENV

    settings = load_settings()
    host, port = host or settings.http_host, port or settings.http_port
    count = workers or int(os.environ.get("NEXUS_WORKERS") or 0) or os.cpu_count() or 1
    # JSON lines (api/request_log.py) instead of uvicorn's access log, which would print
    # query strings: a GET's GraphQL text, names and all.
    config = log_config()
    if count == 1:
        uvicorn.run(create_app(), host=host, port=port, log_config=config, access_log=False)
        return
    # Workers are separate processes started from an import string; they find the
    # shared limits file and the metrics folder through the environment they inherit.
    run = settings.home / "run"
    run.mkdir(parents=True, exist_ok=True)
    shared = run / f"limits-{port}-{os.getpid()}.sqlite"
    os.environ[SHARED_LIMITS_ENV] = str(shared)
    figures = run / f"metrics-{port}-{os.getpid()}"
    shutil.rmtree(figures, ignore_errors=True)
    figures.mkdir()
    os.environ[MULTIPROC_ENV] = str(figures)
    try:
        # A worker builds the GraphQL schema before it answers uvicorn's health check:
        # on a busy 2-core machine that took over uvicorn's 5 s, and the worker was killed
        # and started again.
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port,
                    workers=count, timeout_worker_healthcheck=30, log_config=config,
                    access_log=False)
    finally:
        for leftover in run.glob(f"{shared.name}*"):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(figures, ignore_errors=True)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
    app.command("migrate")(migrate)
    app.command("export-schema")(export_schema)
    app.command("serve")(serve)
