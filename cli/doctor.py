"""`nexus doctor`: what is wrong with this Nexus, in plain words, and what to do.

The checks of Java, Neo4j, the schema, the disks, the journal and the clocks are the
graph layer's (graph/db/doctor.py); the records-abroad service is an HTTP check, made
here. Exit 0 when all is well, 3 when Neo4j cannot be reached, 1 for any other problem.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Annotated

import httpx
import typer

from cli.common import NEO4J_DOWN, REFUSED, USAGE, fail
from graph.audit.journal import journal_directory
from graph.db import doctor
from graph.db.driver import local_server, open_driver, resolve_connection
from graph.db.settings import Settings, load_settings
from graph.errors import NexusError

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_size(text: str) -> int:
    """`2G`, `500M`, `1048576`: bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", text.upper())
    if not match:
        raise typer.BadParameter(f"{text!r} is not a size (for example 2G or 500M)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def _java_path() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return str(Path(home, "bin", "java"))
    return shutil.which("java")


def abroad(url: str) -> doctor.Finding:
    """The records-abroad service the custody checks call (NEXUS_ABROAD_URL)."""
    try:
        answer = httpx.get(f"{url}/health", timeout=5)
    except httpx.HTTPError as exc:
        return doctor.Finding("records abroad", False, f"the records-abroad service does "
                              f"not answer at {url} ({type(exc).__name__})",
                              "start it, or set NEXUS_ABROAD_URL to where it runs: until "
                              "then checks abroad fail and custody checks show them as "
                              "unavailable")
    if answer.status_code != 200:
        return doctor.Finding("records abroad", False, f"the records-abroad service at "
                              f"{url} answers {answer.status_code}",
                              "look at that service's own logs")
    return doctor.Finding("records abroad", True, f"the records-abroad service answers at "
                          f"{url}")


def _findings(settings: Settings, min_free: int, max_skew: float, max_wait: float
              ) -> list[doctor.Finding]:
    local = not settings.neo4j_uri
    found = [doctor.java(_java_path())] if local else []
    try:
        connection = resolve_connection(settings)
    except NexusError as exc:
        return [*found, doctor.Finding("neo4j", False, str(exc),
                                       "set up the local Neo4j (`nexus neo4j start`) or "
                                       "set NEO4J_URI and NEO4J_PASSWORD"),
                doctor.disk("NEXUS_HOME", settings.home, min_free),
                abroad(settings.abroad_url)]
    journal_dir = journal_directory(settings.home, connection.uri, connection.database)
    with open_driver(connection, interactive=True) as driver:
        reached, info = doctor.neo4j(driver, connection.uri, local)
        found.append(reached)
        if info is not None:
            found.append(doctor.schema(driver, connection.database))
        if local:
            found.append(doctor.disk("Neo4j store", local_server(settings).directory,
                                     min_free))
        found.append(doctor.disk("audit journal", journal_dir, min_free))
        found.append(doctor.journal(driver if info else None, connection.database,
                                    journal_dir, max_wait))
        if info is not None:
            found.append(doctor.clock(driver, max_skew))
    found.append(abroad(settings.abroad_url))
    return found


def doctor_command(
    min_free: Annotated[str, typer.Option(
        "--min-free", envvar="NEXUS_DOCTOR_MIN_FREE",
        help="Free space wanted on the disks of the store and the journal.")] = "2G",
    max_skew: Annotated[float, typer.Option(
        help="Largest clock difference with Neo4j accepted, in seconds.")] = 2.0,
    max_wait: Annotated[float, typer.Option(
        help="Longest an audit entry may wait to be chained, in seconds.")] = 60.0,
) -> None:
    """Check Java, Neo4j, the migrations, disk space, the audit journal, the clocks and
    the records-abroad service; say what is wrong and what to do."""
    try:
        wanted = parse_size(min_free)
    except typer.BadParameter as exc:
        fail(str(exc), USAGE)
    findings = _findings(load_settings(), wanted, max_skew, max_wait)
    for finding in findings:
        if finding.ok:
            typer.echo(f"ok       {finding.check}: {finding.said}")
        else:
            typer.secho(f"PROBLEM  {finding.check}: {finding.said}", fg=typer.colors.RED)
            typer.echo(f"         what to do: {finding.advice}")
    problems = [f for f in findings if not f.ok]
    if not problems:
        typer.echo("all is well")
        return
    typer.echo(f"{len(problems)} problem(s) found")
    down = any(f.check == "neo4j" for f in problems)
    raise typer.Exit(NEO4J_DOWN if down else REFUSED)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor_command)
