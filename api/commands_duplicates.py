"""Duplicate detection commands of the `nexus` CLI: `duplicates scan`."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from graph.driver import open_driver, resolve_connection

duplicates_app = typer.Typer(help="Records that are probably one person (never merged).",
                             no_args_is_help=True)


@duplicates_app.command("scan")
def scan(
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help="Store pairs scoring at least this (the API filters further).")] = 0.2,
) -> None:
    """Block, score and store candidate duplicate pairs for `duplicateCandidates`."""
    from graph.identity.duplicates import scan as run_scan

    who = os.environ.get("NEXUS_USER") or getpass.getuser()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        result = run_scan(driver, connection.database, by=f"cli:{who}", min_score=min_score)
    strong = sum(1 for p in result.pairs if p.comparison.band == "strong")
    typer.echo(f"{result.persons} people, {result.blocked_pairs} blocked pairs, "
               f"{result.stored} stored ({strong} strong)")
    for stage, seconds in result.seconds.items():
        typer.echo(f"  {stage:<6} {seconds:8.2f} s")


def register(app: typer.Typer) -> None:
    app.add_typer(duplicates_app, name="duplicates")
