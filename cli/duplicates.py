"""Duplicate detection commands of the `nexus` CLI: `duplicates scan [--person ID]...`."""

from __future__ import annotations

from typing import Annotated

import typer
from neo4j import Driver

from cli.common import USAGE, current_user, fail
from graph.audit import chain as audit
from graph.db.driver import open_driver, resolve_connection
from graph.errors import NotFound
from graph.identity.duplicates import scan as run_scan
from graph.identity.duplicates_live import check_persons

duplicates_app = typer.Typer(help="Records that are probably one person (never merged).",
                             no_args_is_help=True)


@duplicates_app.command("scan")
def scan(
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help="Store pairs scoring at least this (the API filters further).")] = 0.2,
    person: Annotated[list[str] | None, typer.Option(
        "--person", help="Check only this person against the graph (repeatable); the "
                         "same rules and scores as a full scan, stored the same way.")] = None,
) -> None:
    """Block, score and store candidate duplicate pairs for `duplicateCandidates`."""
    who = current_user()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        if person:
            _check(driver, connection.database, person, f"cli:{who}", min_score)
            return
        result = run_scan(driver, connection.database, by=f"cli:{who}", min_score=min_score)
        strong = sum(1 for p in result.pairs if p.comparison.band == "strong")
        # A change to what the Duplicates page shows: audited, without naming every person
        # read (the pairs themselves are the record of what was found).
        audit.append(driver, connection.database, audit.AuditEntry(
            user=who, role="cli", action="change:duplicates-scan", purpose="duplicate scan",
            detail=f"{result.persons} people read, {result.stored} pairs stored "
                   f"({strong} strong), min score {min_score}"))
    typer.echo(f"{result.persons} people, {result.blocked_pairs} blocked pairs, "
               f"{result.stored} stored ({strong} strong)")
    for stage, seconds in result.seconds.items():
        typer.echo(f"  {stage:<6} {seconds:8.2f} s")


def _check(driver: Driver, database: str, person_ids: list[str], by: str,
           min_score: float) -> None:
    try:
        result = check_persons(driver, database, person_ids, by, min_score=min_score,
                               shown_min=min_score)
    except NotFound as exc:     # a --person that names nobody: the command line is wrong
        fail(f"error: {exc}; nothing was checked", USAGE)
    shown = [p for found in result.possible.values() for p in found]
    # A change (pairs stored) and a consultation (the names printed): audited before any
    # name is shown.
    audit.append(driver, database, audit.AuditEntry(
        user=by.removeprefix("cli:"), role="cli", action="change:duplicates-check",
        purpose="duplicate check",
        subject_ids=sorted({*result.checked, *(p.other_id for p in shown)}),
        detail=f"{result.stored} pairs stored, {len(shown)} shown"))
    typer.echo(f"{len(result.checked)} people checked against {result.population}: "
               f"{result.blocked_pairs} blocked pairs, {result.stored} stored, "
               f"{result.decided} already decided, {result.dropped} dropped")
    for person_id in result.checked:
        found = result.possible.get(person_id, [])
        typer.echo(f"{person_id}: " + ("no possible duplicate" if not found else
                                       f"{len(found)} possible duplicate(s)"))
        for p in found:
            typer.echo(f"  {p.score:.4f} {p.band:<8} {p.other_id} {p.other_name or ''} "
                       f"[{', '.join(p.rules)}]")
    for stage, seconds in result.seconds.items():
        typer.echo(f"  {stage:<6} {seconds:8.2f} s")


def register(app: typer.Typer) -> None:
    app.add_typer(duplicates_app, name="duplicates")
