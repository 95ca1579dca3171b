"""The analytics cache in the graph: `analytics_*` properties on each Person and one
`:AnalyticsRun` node per run, and the reads the API ranks from.

Results live on the Person node (matched through its id constraint, so a batch of 5,000
writes in well under a second) rather than on nodes of their own, which would need a
lookup index of their own to be merged at that speed. Every run stamps
`analytics_computed_at` and `analytics_run_id`; a person created after the last run has
no `analytics_*` properties until the next one (the API shows null).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from neo4j import Driver

BATCH = 5000

WRITE_PERSONS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p += row.props, p.analytics_computed_at = $computed_at, p.analytics_run_id = $run_id
"""

WRITE_RUN = """
MERGE (r:AnalyticsRun {id: $id})
SET r += $props
"""

LAST_RUN = """
MATCH (r:AnalyticsRun)
RETURN r { .* } AS run ORDER BY r.computed_at DESC LIMIT 1
"""

# Closed set: ranking measure -> cached property (never from user input).
MEASURES: dict[str, str] = {
    "PAGERANK": "analytics_pagerank",
    "BETWEENNESS": "analytics_betweenness",
    "DEGREE": "analytics_degree",
}

_KEY_PLAYERS = """
MATCH (p:Person)
WHERE p.<PROP> > 0
WITH p ORDER BY p.<PROP> DESC, p.id
LIMIT $first
RETURN p { .* } AS person
"""
KEY_PLAYERS = {measure: _KEY_PLAYERS.replace("<PROP>", prop)
               for measure, prop in MEASURES.items()}

PEOPLE_AT_RISK = """
MATCH (p:Person) WHERE p.analytics_at_risk = true
WITH p ORDER BY p.analytics_offending_associates DESC, p.id
WITH collect(p) AS ranked
RETURN size(ranked) AS total, [p IN ranked[$skip..$skip + $first] | p { .* }] AS page
"""

COMMUNITIES = """
MATCH (p:Person) WHERE p.analytics_community IS NOT NULL
WITH p ORDER BY p.analytics_pagerank DESC, p.id
WITH p.analytics_community AS community, collect(p) AS members
WITH community, size(members) AS size,
     size([m IN members WHERE m.analytics_offending]) AS offending,
     reduce(total = 0.0, m IN members | total + coalesce(m.analytics_harm_score, 0.0))
       AS harm,
     [m IN members[..$top] | m { .* }] AS top
ORDER BY size DESC, community
WITH collect({community: community, size: size, offending: offending, harm: harm,
              top: top}) AS found
RETURN size(found) AS total, found[$skip..$skip + $first] AS page
"""


def write_person_results(driver: Driver, database: str, results: dict[str, dict[str, Any]],
                         computed_at: dt.datetime, run_id: str) -> int:
    """Store each person's properties, BATCH people per transaction; returns the count."""
    rows = [{"id": pid, "props": props} for pid, props in sorted(results.items())]
    with driver.session(database=database) as session:
        for start in range(0, len(rows), BATCH):
            session.execute_write(
                lambda tx, chunk: tx.run(WRITE_PERSONS, rows=chunk, computed_at=computed_at,
                                         run_id=run_id).consume(),
                rows[start:start + BATCH])
    return len(rows)


def write_run(driver: Driver, database: str, run_id: str, computed_at: dt.datetime,
              *, persons: int, links: int, seconds: float, stages: dict[str, float],
              versions: Iterable[str], recorded_by: str) -> None:
    props = {"computed_at": computed_at, "persons": persons, "links": links,
             "seconds": seconds, "stages": json.dumps(stages, sort_keys=True),
             "version": "+".join(versions), "source": "derived:nexus-analytics",
             "recorded_by": recorded_by, "recorded_at": computed_at}
    driver.execute_query(WRITE_RUN, id=run_id, props=props, database_=database)


def last_run(driver: Driver, database: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(LAST_RUN, database_=database, routing_="r")
    return dict(records[0]["run"]) if records else None


def key_players(driver: Driver, database: str, first: int,
                by: str = "PAGERANK") -> list[dict[str, Any]]:
    """The `first` people ranked by one cached centrality (a key of MEASURES)."""
    if by not in KEY_PLAYERS:
        raise ValueError(f"unknown measure {by!r}; expected one of {sorted(MEASURES)}")
    records, _, _ = driver.execute_query(KEY_PLAYERS[by], first=first, database_=database,
                                         routing_="r")
    return [dict(record["person"]) for record in records]


def people_at_risk(driver: Driver, database: str, first: int,
                   skip: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of people flagged at risk, most offending associates first."""
    records, _, _ = driver.execute_query(PEOPLE_AT_RISK, first=first, skip=skip,
                                         database_=database, routing_="r")
    return records[0]["total"], [dict(p) for p in records[0]["page"]]


def communities(driver: Driver, database: str, first: int, skip: int = 0,
                top: int = 5) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of communities, largest first, each with its `top` members by
    PageRank, its size, offending members and summed harm score."""
    records, _, _ = driver.execute_query(COMMUNITIES, first=first, skip=skip, top=top,
                                         database_=database, routing_="r")
    return records[0]["total"], [dict(c) for c in records[0]["page"]]
