"""Reading a person's runs of checks abroad for `Person.checkRuns` and `checkRuns`: one
page, newest first, audited; the caller turns each run into a `CheckRun`."""

from __future__ import annotations

from typing import Any

from api.context import Context
from api.permissions import Permission
from api.types.common import page_window


async def run_page(ctx: Context, person_id: str, first: int,
                   after: str | None) -> tuple[list[dict[str, Any]], int, int]:
    """One page of a person's runs, newest first, as (runs, total, skip); audited as a
    consultation of the person and of every check shown. Batched: a list of people is
    one query."""
    ctx.require(Permission.READ_PERSONS)
    skip, first = page_window(first, after)
    page = await ctx.loaders.check_runs.load((person_id, skip, first))
    ctx.audit.consult("check-runs",
                      [person_id, *(c["id"] for run in page.runs for c in run["checks"])],
                      f"check runs of {person_id}")
    return page.runs, page.total, skip
