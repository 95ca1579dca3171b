"""Analytics commands of the `nexus` CLI: `analytics run`, `watch`, `status`, and `top`
(the top-harm list with its working)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
from typing import Annotated

import typer

from cli.common import USAGE, current_user, fail
from graph.analytics import refresh, store
from graph.analytics.run import run_all
from graph.analytics.top_harm import FlagState, top_harm
from graph.audit import chain as audit
from graph.db.driver import open_driver, resolve_connection
from graph.db.settings import load_settings

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
    betweenness_sources: Annotated[int | None, typer.Option(
        "--betweenness-sources", min=0,
        help="Estimate betweenness from this many sampled people (0: exact; default "
             "exact up to 20,000 people, else 1,000 sampled).")] = None,
    if_due: Annotated[bool, typer.Option(
        "--if-due", help="Run only when a run is due: never run, people recorded since "
                         "the last run, or the last run older than 6 hours.")] = False,
) -> None:
    """Recompute every analytic for every person and cache it in the graph."""
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of {as_of!r} is not a YYYY-MM-DD date", USAGE)
    who = current_user()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        if if_due:
            reason = refresh.freshness(driver, connection.database).due(
                dt.datetime.now(dt.UTC), min_gap=dt.timedelta(0))
            if reason is None:
                typer.echo("analytics are up to date")
                return
            typer.echo(f"analytics due: {reason}")
        report = run_all(driver, connection.database, as_of=day, seed=seed,
                         betweenness_cutoff=betweenness_cutoff,
                         betweenness_sources=betweenness_sources, recorded_by=who)
    typer.echo(f"{report.run_id}: {report.persons} people, {report.links} links, "
               f"{report.communities} communities, {report.at_risk} at risk, "
               f"{report.seconds:.1f} s")
    for stage, seconds in report.stages.items():
        if stage == "betweenness_sources":
            method = "exact" if seconds >= report.persons else f"sampled from {seconds:.0f}"
            typer.echo(f"  betweenness   {method} of {report.persons} people")
        else:
            typer.echo(f"  {stage:<13} {seconds:8.2f} s")


@analytics_app.command("watch")
def watch(
    every: Annotated[int, typer.Option(min=5, help="Seconds between checks.")] = 60,
    min_gap: Annotated[int, typer.Option(
        "--min-gap", min=0, help="Minutes a run waits after the last one.")] = 15,
    stop_with: Annotated[int | None, typer.Option(
        "--stop-with", help="Stop when the parent process, whose id this is, ends "
                            "(`nexus serve` passes its own).")] = None,
) -> None:
    """Keep the analytics fresh: run them whenever they are due (`nexus serve` starts
    this beside the API; several watchers share the work through a lease)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    for stopping in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stopping, lambda *_: stop.set())
    connection = resolve_connection()
    with open_driver(connection) as driver:
        refresh.watch(driver, connection.database, stop,
                      holder=f"{socket.gethostname()}:{load_settings().home}",
                      every=dt.timedelta(seconds=every), min_gap=dt.timedelta(minutes=min_gap),
                      # A child outliving its parent is handed to another at once.
                      orphaned=lambda: stop_with is not None and os.getppid() != stop_with)


@analytics_app.command("status")
def status() -> None:
    """When the analytics were last computed, and how long it took."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        last = store.last_run(driver, connection.database)
    if last is None:
        typer.echo("never run: `nexus analytics run` computes them (`nexus serve` does "
                   "it in the background)")
        return
    typer.echo(f"{last['id']} ({last['version']}) at {last['computed_at']}: "
               f"{last['persons']} people, {last['links']} links, {last['seconds']:.1f} s")


@analytics_app.command("top")
def top(
    purpose: Annotated[str, typer.Option(
        "--purpose", help="Why the list is needed (required; recorded in the audit log).")],
    first: Annotated[int, typer.Option(min=1, max=500, help="How many people.")] = 20,
    borough: Annotated[str | None, typer.Option(help="Only people whose current address "
                                                     "is in this borough.")] = None,
    community: Annotated[int | None, typer.Option(help="Only this Leiden community.")] = None,
    flag: Annotated[FlagState | None, typer.Option(
        "--flag", case_sensitive=False,
        help="Only people whose high-harm flag state is this.")] = None,
    working: Annotated[bool, typer.Option(
        "--working", help="Show each conviction's part in the score.")] = False,
) -> None:
    """The top-harm list: people ranked by RFG harm score (convictions only), with the
    score's terms. Listing people is a consultation: it is audited."""
    if not purpose.strip():
        fail("--purpose is required: say why the list is needed", USAGE)
    who = current_user()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        total, rows = top_harm(driver, connection.database, first, borough=borough,
                               community=community, flag_state=flag)
        audit.append(driver, connection.database, audit.AuditEntry(
            user=who, role="cli", action="high-harm", purpose=purpose,
            subject_ids=[row.person["id"] for row in rows],
            detail=f"analytics top borough={borough} community={community} flag={flag}"))
        last = store.last_run(driver, connection.database)
    computed = last["computed_at"] if last else "never (scores only from recorded convictions)"
    typer.echo(f"{total} people with a harm score above 0; scores computed {computed}")
    typer.echo(f"{'rank':>4}  {'id':<12} {'name':<28} {'score':>8} {'G':>8} {'R':>6} "
               f"{'F':>5}  {'flag':<8} borough")
    for rank, row in enumerate(rows, start=1):
        p = row.person
        typer.echo(f"{rank:>4}  {p['id']:<12} {(p.get('full_name') or '')[:28]:<28} "
                   f"{p['analytics_harm_score']:>8.2f} {p['analytics_harm_gravity']:>8.1f} "
                   f"{p['analytics_harm_recency']:>6.3f} {p['analytics_harm_frequency']:>5.0f}  "
                   f"{row.flag_state.value.lower():<8} {row.borough}")
        if working:
            for w in row.working:
                offences = ", ".join(f"{o.code} {o.chi_days:g}" for o in w.offences)
                window = " +28 (within 3 years)" if w.in_frequency_window else ""
                typer.echo(f"        {w.convicted_on} {w.conviction_id}: gravity {w.gravity:g} "
                           f"x {w.recency_weight:.4f} (age {w.age_years:.2f} y) = "
                           f"{w.weighted:g}{window}  [{offences}]")


def register(app: typer.Typer) -> None:
    app.add_typer(analytics_app, name="analytics")
