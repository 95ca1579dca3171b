"""MOPI review commands of the `nexus` CLI: `reviews due`, `reviews proposed`.

The CLI runs with the database's own credentials (like `nexus history` without
`--disclosure`), so it lists handling-code C reports too; each listing is
written to the audit log (role "cli").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from neo4j import Driver
from rich.console import Console
from rich.table import Table

from cli.common import USAGE, current_user, fail, fail_on
from graph.access import FULL
from graph.audit import chain as audit
from graph.db.driver import open_driver, resolve_connection
from graph.reviews import due as reviews
from graph.reviews import proposals as review_proposals

reviews_app = typer.Typer(help="Records due for review (Management of Police Information).",
                          no_args_is_help=True)

Limit = Annotated[int, typer.Option("--limit", min=1, max=10_000,
                                    help="Show at most this many rows.")]


@reviews_app.command("due")
def due(
    before: Annotated[str | None, typer.Option(
        "--before", help="YYYY-MM-DD: list records due on or before this date "
                         "(default today).")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only this kind (repeatable): person, arrest, incident, "
                       "intelligence_report, flag.")] = None,
    limit: Limit = 50,
) -> None:
    """List the records whose review date has come, oldest first, with counts per kind."""
    try:
        day = dt.date.fromisoformat(before) if before else None
    except ValueError:
        fail(f"--before {before!r} is not a YYYY-MM-DD date", USAGE)
    try:
        kinds = reviews.check_kinds(kind)
    except ValueError as exc:
        fail_on(exc)
    connection = resolve_connection()
    with open_driver(connection) as driver:
        result = reviews.reviews_due(driver, connection.database, before=day, kinds=kinds,
                                     clearance=FULL, first=limit)
        _audit_listing(driver, connection.database, "reviews-due", result.records,
                       f"before={day or 'today'} kinds={','.join(kind or []) or 'all'}")
    table = Table(title=f"Due for review on or before {day or dt.date.today()}")
    for column in ("Review date", "Overdue", "Kind", "Id", "Record", "Person"):
        table.add_column(column, justify="right" if column == "Overdue" else "left")
    for r in result.records:
        overdue = f"{r.days_overdue} d" if r.days_overdue > 0 else (
            "today" if r.days_overdue == 0 else f"in {-r.days_overdue} d")
        table.add_row(r.review_date.isoformat(), overdue, r.kind.replace("_", " "), r.id,
                      r.label, r.person_id or "")
    _show(table, "due", result.total, len(result.records), result.counts)


@reviews_app.command("proposed")
def proposed(
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only this kind (repeatable): person, arrest, incident, "
                       "intelligence_report.")] = None,
    limit: Limit = 50,
) -> None:
    """List the records proposed for disposal, newest proposal first, with who proposed
    each, when and why (nothing has been deleted)."""
    try:
        kinds = review_proposals.check_proposal_kinds(kind)
    except ValueError as exc:
        fail_on(exc)
    connection = resolve_connection()
    with open_driver(connection) as driver:
        result = review_proposals.disposal_proposals(
            driver, connection.database, kinds=kinds, clearance=FULL, first=limit)
        _audit_listing(driver, connection.database, "disposal-proposals", result.records,
                       f"kinds={','.join(kind or []) or 'all'}")
    table = Table(title="Proposed for disposal (nothing deleted)")
    for column in ("Proposed (UTC)", "By", "Kind", "Id", "Record", "Person", "Review date",
                   "Reason"):
        table.add_column(column)
    for r in result.records:
        table.add_row(r.proposed_at.strftime("%Y-%m-%d %H:%M"), r.proposed_by or "",
                      r.kind.replace("_", " "), r.id, r.label, r.person_id or "",
                      r.review_date.isoformat() if r.review_date else "", r.reason or "")
    _show(table, "proposed", result.total, len(result.records), result.counts)


def _audit_listing(driver: Driver, database: str, action: str, records: Sequence[Any],
                   detail: str) -> None:
    """A review listing is a consultation: audited with every record and person shown."""
    audit.append(driver, database, audit.AuditEntry(
        user=current_user(), role="cli", action=action, purpose="MOPI review list",
        subject_ids=[i for r in records for i in (r.id, r.person_id) if i], detail=detail))


def _show(table: Table, verb: str, total: int, shown: int, counts: dict[str, int]) -> None:
    console = Console()
    console.print(table)
    by_kind = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in counts.items())
    console.print(f"{total} {verb}; showing {shown}. By kind: {by_kind}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(reviews_app, name="reviews")
