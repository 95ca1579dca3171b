"""Analytics commands of the `nexus` CLI: `analytics run`, `analytics status`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from cli.common import USAGE, current_user, fail
from graph.analytics import store
from graph.analytics.run import run_all
from graph.db.driver import open_driver, resolve_connection

analytics_app = typer.Typer(help="Harm scores, key players, communities, people at risk.",
                            no_args_is_help=True)


@analytics_app.command("run")
def run(
    seed: Annotated[int, typer.Option(help="Leiden seed: the same graph and seed give "
                                           "the same communities.")] = 42,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="YYYY-MM-DD: the date harm recency is measured from "
                        "(default today).")] = None,
    betweenness_cutoff: Annotated[int | None, typer.Option(
        "--betweenness-cutoff", min=2,
        help="Count only shortest paths up to this many hops (faster on big graphs; "
             "default exact).")] = None,
) -> None:
    """Recompute every analytic for every person and cache it in the graph."""
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of {as_of!r} is not a YYYY-MM-DD date", USAGE)
    who = current_user()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        report = run_all(driver, connection.database, as_of=day, seed=seed,
                               betweenness_cutoff=betweenness_cutoff, recorded_by=who)
    typer.echo(f"{report.run_id}: {report.persons} people, {report.links} links, "
               f"{report.communities} communities, {report.at_risk} at risk, "
               f"{report.seconds:.1f} s")
    for stage, seconds in report.stages.items():
        typer.echo(f"  {stage:<13} {seconds:8.2f} s")


@analytics_app.command("status")
def status() -> None:
    """When the analytics were last computed, and how long it took."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        last = store.last_run(driver, connection.database)
    if last is None:
        typer.echo("never run: use `nexus analytics run`")
        return
    typer.echo(f"{last['id']} ({last['version']}) at {last['computed_at']}: "
               f"{last['persons']} people, {last['links']} links, {last['seconds']:.1f} s")


def register(app: typer.Typer) -> None:
    app.add_typer(analytics_app, name="analytics")
