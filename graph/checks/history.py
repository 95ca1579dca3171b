"""A person's earlier check runs, newest first, a page at a time.

A run is not a node: it is the Checks of a person that share a `run_id` (see store.py).
`RUN_PAGES` answers for many people at once (one UNWIND row per request), so a page of
runs, or the runs of every person in a list, is one round trip. The query only reads:
a check left pending by a server that stopped mid-run reads as failed ("interrupted")
here, and is written so when its run is opened (`store.read_run`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from graph.checks.runner import deadline
from graph.checks.store import INTERRUPTED, run_of
from graph.db.settings import Settings, load_settings

# For each request {person_id, skip, first}: the person's run ids ordered by start
# (newest first, then id), sliced to the page; then the page's checks, in run order.
# Imported checks without a run_id are not runs (Person.checks lists them). `c { .* }`
# carries each check's purpose and case reference: why a run was made costs no query.
RUN_PAGES = """
UNWIND $requests AS request
MATCH (p:Person {id: request.person_id})
CALL (p) {
  MATCH (p)-[:HAS_CHECK]->(c:Check)
  WHERE c.run_id IS NOT NULL
  WITH c.run_id AS run_id, min(c.checked_at) AS started_at
  ORDER BY started_at DESC, run_id DESC
  RETURN collect(run_id) AS run_ids
}
WITH request, p, run_ids, run_ids[request.skip..request.skip + request.first] AS page
CALL (p, page) {
  UNWIND range(0, size(page) - 1) AS i
  MATCH (p)-[:HAS_CHECK]->(c:Check {run_id: page[i]})
  WITH i, c ORDER BY i, c.kind, c.against
  WITH i, c, c.result = 'pending' AND c.checked_at < $stale_before AS interrupted
  WITH i, collect(c { .*,
      result: CASE WHEN interrupted THEN 'failed' ELSE c.result END,
      detail: CASE WHEN interrupted THEN $interrupted ELSE c.detail END,
      warrant_ids: [(c)-[:FOUND]->(w:Warrant) | w.id] }) AS checks
  ORDER BY i
  RETURN collect({id: page[i], checks: checks}) AS runs
}
RETURN request.person_id AS person_id, request.skip AS skip, request.first AS first,
       size(run_ids) AS total, runs
"""

PageKey = tuple[str, int, int]   # (person id, skip, first)


@dataclass(frozen=True)
class RunPage:
    """One page of a person's runs: each run as `store.read_run` returns one."""

    total: int = 0
    runs: list[dict[str, Any]] = field(default_factory=list)


def stale_after(settings: Settings | None = None) -> dt.timedelta:
    """A check pending for much longer than any check can take was interrupted."""
    return dt.timedelta(seconds=2 * deadline(settings or load_settings()) + 60)


def run_pages(driver: Driver, database: str, keys: list[PageKey],
              now: dt.datetime | None = None) -> dict[PageKey, RunPage]:
    """The page asked for by each (person id, skip, first), in one query. A person with
    no runs, or no such person, gets an empty page."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    now = now or dt.datetime.now(dt.UTC)
    records, _, _ = driver.execute_query(
        RUN_PAGES, requests=[{"person_id": p, "skip": s, "first": f} for p, s, f in wanted],
        stale_before=now - stale_after(), interrupted=INTERRUPTED,
        database_=database, routing_="r")
    found = {(r["person_id"], r["skip"], r["first"]): RunPage(
        total=r["total"], runs=[run_of(run["id"], r["person_id"], run["checks"])
                                for run in r["runs"]])
        for r in records}
    return {key: found.get(key, RunPage()) for key in wanted}
