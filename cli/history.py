"""History commands of the `nexus` CLI: `history`, `history-versions`, `history-compare`,
`warm-up`."""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import DriverError, Neo4jError

from cli.common import USAGE, current_user, fail, fail_on
from graph.access import FULL
from graph.audit import chain as audit
from graph.db.driver import open_driver, resolve_connection
from graph.errors import NexusError
from graph.history import compare_versions, generate, list_versions
from graph.history.asof import parse_as_of
from graph.history.render import render
from graph.history.service import keep_warm, warm_up

FORMATS = ("pdf", "html", "md", "json")


def history(
    person_id: Annotated[str, typer.Argument(help="The person's id, e.g. P-000123.")],
    purpose: Annotated[str, typer.Option(
        "--purpose", help="Why the history is needed (required; recorded on the version).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf, html, md or json.")] = "pdf",
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", dir_okay=False, help="Where to write (stdout for text formats).")
    ] = None,
    case_ref: Annotated[str | None, typer.Option("--case-ref", help="Case reference.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="YYYY-MM-DD: leave out records recorded or occurring later "
                        "(default today).")] = None,
    disclosure: Annotated[bool, typer.Option(
        "--disclosure", help="Disclosure version: withhold handling-code C material.")
    ] = False,
    shared_with: Annotated[list[str] | None, typer.Option(
        "--shared-with", help="Who a disclosure version goes to (repeatable).")] = None,
    hops: Annotated[int, typer.Option("--hops", min=1, max=3,
                                      help="Association hops to search.")] = 2,
    save: Annotated[bool, typer.Option("--save/--no-save",
                                       help="Store as the next immutable version.")] = True,
    by: Annotated[str | None, typer.Option(
        "--by", help="Who generates it (default NEXUS_USER or the login name).")] = None,
) -> None:
    """Generate a person's intelligence history and write it as PDF, HTML, Markdown or JSON."""
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}", USAGE)
    if not purpose.strip():
        fail("--purpose is required: say why the history is needed", USAGE)
    if fmt == "pdf" and output is None:
        fail("a PDF needs -o FILE", USAGE)
    try:
        moment = parse_as_of(as_of) if as_of else datetime.now(UTC).date()
    except ValueError as exc:
        fail_on(exc)
    who = current_user(by)
    connection = resolve_connection()
    with open_driver(connection) as driver:
        try:
            document = generate(driver, connection.database, person_id, as_of=moment,
                                purpose=purpose, generated_by=who, case_reference=case_ref,
                                disclosure=disclosure, shared_with=shared_with or [],
                                save=save, hops=hops, clearance=FULL)
            audit.append(driver, connection.database, audit.AuditEntry(
                user=who, role="cli", action="history", purpose=purpose,
                case_reference=case_ref, subject_ids=[person_id],
                detail=f"{fmt} v{document.meta.get('version') or '-'}"
                       + (f" disclosed to {', '.join(shared_with or [])}" if disclosure else "")))
        except NexusError as exc:
            fail_on(exc)
    body = render(document, fmt)
    if output is None:
        typer.echo(body.decode("utf-8"), nl=False)
    else:
        output.write_bytes(body)
    version = document.meta.get("version")
    typer.echo(f"{person_id}: {'version ' + str(version) if version else 'not saved'}, "
               f"content hash {document.content_hash}"
               + (f", written to {output}" if output else ""), err=True)


def history_versions(
    person_id: Annotated[str, typer.Argument(help="The person's id.")],
) -> None:
    """List the saved history versions of a person."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        for meta in list_versions(driver, connection.database, person_id, clearance=FULL):
            shared = f" shared with {', '.join(meta['shared_with'])}" if meta["disclosure"] else ""
            typer.echo(f"v{meta['version']}  {meta['generated_at']}  {meta['generated_by']}  "
                       f"as at {meta['as_of']}  {meta['content_hash'][:12]}  "
                       f"{meta['purpose']}{shared}")


def history_compare(
    person_id: Annotated[str, typer.Argument(help="The person's id.")],
    first: Annotated[int, typer.Argument(help="The earlier version number.")],
    second: Annotated[int, typer.Argument(help="The later version number.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Say what changed between two saved versions, section by section."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        try:
            result = compare_versions(driver, connection.database, person_id, first, second,
                                      clearance=FULL)
        except NexusError as exc:
            fail_on(exc)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(f"v{first} -> v{second}: "
               + ("identical" if result["identical"] else "changed"))
    for section in result["sections"]:
        if section["added"] or section["removed"] or section["changed"]:
            typer.echo(f"  {section['title']}: +{len(section['added'])} "
                       f"-{len(section['removed'])} ~{len(section['changed'])}")
            for item in section["added"]:
                typer.echo(f"    + {item['id']}: {item['title']}")
            for item in section["removed"]:
                typer.echo(f"    - {item['id']}: {item['title']}")
            for item in section["changed"]:
                fields = ", ".join(change["field"] for change in item["changes"])
                typer.echo(f"    ~ {item['id']}: {fields}")


def warm_up_command(
    watch: Annotated[bool, typer.Option(
        "--watch", help="Keep running: warm up again whenever Neo4j has forgotten the "
                        "plans (it restarted), checking every --every seconds.")] = False,
    every: Annotated[int, typer.Option(min=5, help="Seconds between checks.")] = 30,
    stop_with: Annotated[int | None, typer.Option(
        "--stop-with", help="With --watch: stop when the parent process, whose id this "
                            "is, ends (`nexus serve` passes its own).")] = None,
) -> None:
    """Have Neo4j plan the history's queries now (one history built, not saved), so the
    first one an officer asks for is not slow. `nexus serve` runs this with --watch."""
    connection = resolve_connection()
    if watch:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        stop = threading.Event()
        for stopping in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stopping, lambda *_: stop.set())
        with open_driver(connection) as driver:
            keep_warm(driver, connection.database, stop, every=every,
                      orphaned=lambda: stop_with is not None and os.getppid() != stop_with)
        return
    with open_driver(connection) as driver:
        try:
            seconds = warm_up(driver, connection.database)
        except (NexusError, Neo4jError, DriverError) as exc:
            fail(f"warm-up skipped: {exc}")
    if seconds is None:
        typer.echo("no person in the graph: nothing to plan")
    else:
        typer.echo(f"history queries planned in {seconds:.1f} s")


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("history-versions")(history_versions)
    app.command("warm-up")(warm_up_command)
    app.command("history-compare")(history_compare)
