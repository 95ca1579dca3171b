"""Recency-Frequency-Gravity (RFG) harm scores: the one formula, for one person or all.

Version "rfg-1". Only proven offending is scored: convictions (at home and abroad, as
recorded) count at full weight; arrests, charges and intelligence are not findings and
weigh 0 (an arrest count is reported beside the score as `unproven_arrests`, never added
to it). Gravity is the Cambridge Crime Harm Index weight (`chi_days`) of each offence
from the one offence table, `graph.offences` (the graph's own weight only for a code the
table lacks).

For each conviction c, as at the date `as_of`:

    gravity(c) = sum of chi_days over c's offences                     (CCHI days)
    age(c)     = max(as_of - convicted_on, 0) in years (365.25 days)
    weight(c)  = 0.5 ^ (age(c) / HALF_LIFE_YEARS)                      (1 today, 1/2 at 5 y)

    G (gravity)   = sum of gravity(c)                                  (CCHI days)
    R (recency)   = sum of gravity(c) x weight(c) / G    (0..1; 0 when G = 0): how recent
                    the harm is, gravity-weighted
    F (frequency) = FREQUENCY_DAYS x (convictions with age <= FREQUENCY_WINDOW_YEARS)
    score         = G x R + F                                          (CCHI days)

This module is the one implementation of the formula: `gravity()`, `age_years()`,
`recency_weight()` and `in_frequency_window()` are its terms, and `graph.history.harm`
shows a person's working with these same functions and parameters, so the score in a
history and the score here are one computation. `score_all()` reads every person's
convictions in one Cypher pass and scores them in Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from graph import offences as offence_table
from graph.db.temporal import to_native

VERSION = "rfg-1"
HALF_LIFE_YEARS = 5.0
FREQUENCY_WINDOW_YEARS = 3.0
FREQUENCY_DAYS = 28.0
ARREST_WEIGHT = 0.0  # unproven: reported, never scored

FORMULA = (
    f"score = G x R + F (CCHI days). G = sum over convictions of gravity, gravity = sum of "
    f"the offences' Cambridge Crime Harm Index weights (chi_days); R = sum of gravity x "
    f"0.5^(age / {HALF_LIFE_YEARS:g} years) / G; F = {FREQUENCY_DAYS:g} days x convictions "
    f"in the {FREQUENCY_WINDOW_YEARS:g} years before the as-at date. Arrests, charges and "
    "intelligence weigh 0."
)

# One pass over every person: their convictions with offences, and the unproven counts.
HARM_INPUTS = """
MATCH (p:Person)
RETURN p.id AS id,
  [(p)-[:WAS_CONVICTED]->(c:Conviction) | {
     id: c.id, convicted_on: c.convicted_on,
     offences: [(c)-[:FOR_OFFENCE]->(o:Offence) | {id: o.id, chi_days: o.chi_days}]
  }] AS convictions,
  COUNT { (p)-[:WAS_ARRESTED]->(:Arrest) } AS arrests
"""


@dataclass(frozen=True)
class HarmScore:
    """One person's RFG score and its components (see the module docstring)."""

    score: float
    gravity: float
    recency: float
    frequency: float
    convictions: int
    recent_convictions: int
    unproven_arrests: int
    as_of: dt.date
    version: str = VERSION

    def properties(self) -> dict[str, Any]:
        """The `analytics_harm_*` properties stored on the Person node."""
        return {"analytics_harm_score": self.score, "analytics_harm_gravity": self.gravity,
                "analytics_harm_recency": self.recency,
                "analytics_harm_frequency": self.frequency,
                "analytics_harm_convictions": self.convictions,
                "analytics_harm_recent_convictions": self.recent_convictions,
                "analytics_harm_unproven_arrests": self.unproven_arrests,
                "analytics_harm_as_of": self.as_of, "analytics_harm_version": self.version}


def offence_weight(code: str, graph_weight: float | None) -> float:
    """The offence table's weight; the graph's own only for a code the table lacks."""
    if code in offence_table.BY_CODE:
        return offence_table.chi_days(code)
    return float(graph_weight or 0.0)


def gravity(offences: Iterable[Mapping[str, Any]]) -> float:
    """gravity(c): the chi_days of a conviction's offences (mappings with `id` and an
    optional graph `chi_days`)."""
    return sum(offence_weight(o["id"], o.get("chi_days")) for o in offences)


def age_years(convicted_on: Any, as_of: dt.date) -> float:
    """age(c): years (of 365.25 days) from the conviction date to `as_of`, never below 0."""
    return max((as_of - as_date(convicted_on)).days, 0) / 365.25


def recency_weight(age: float) -> float:
    """weight(c): 1 today, 1/2 after HALF_LIFE_YEARS."""
    return math.pow(0.5, age / HALF_LIFE_YEARS)


def in_frequency_window(age: float) -> bool:
    """Whether a conviction of this age counts towards F."""
    return age <= FREQUENCY_WINDOW_YEARS


def as_date(value: Any) -> dt.date:
    """A Neo4j or Python date (or ISO string) as a Python date."""
    value = to_native(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def rfg(convictions: Iterable[Mapping[str, Any]], as_of: dt.date,
        unproven_arrests: int = 0) -> HarmScore:
    """The RFG score of one person as at `as_of`. Each conviction is a mapping with
    `convicted_on` (date) and `offences` (mappings with `id` and optional `chi_days`)."""
    total = weighted = 0.0
    count = recent = 0
    for conviction in convictions:
        count += 1
        age = age_years(conviction["convicted_on"], as_of)
        weight = gravity(conviction.get("offences") or [])
        total += weight
        weighted += weight * recency_weight(age)
        recent += in_frequency_window(age)
    recency = weighted / total if total else 0.0
    frequency = FREQUENCY_DAYS * recent
    return HarmScore(score=round(weighted + frequency + ARREST_WEIGHT * unproven_arrests, 2),
                     gravity=round(total, 2), recency=round(recency, 4),
                     frequency=round(frequency, 2), convictions=count,
                     recent_convictions=recent, unproven_arrests=unproven_arrests,
                     as_of=as_of)


def score_all(driver: Driver, database: str, as_of: dt.date) -> dict[str, HarmScore]:
    """Every person's score, from one read of the graph."""
    scores: dict[str, HarmScore] = {}
    with driver.session(database=database, default_access_mode="READ") as session:
        for record in session.run(HARM_INPUTS):
            scores[record["id"]] = rfg(record["convictions"], as_of, record["arrests"])
    return scores


HARM_INPUTS_OF = HARM_INPUTS.replace("MATCH (p:Person)\n",
                                     "UNWIND $ids AS person_id\nMATCH (p:Person {id: person_id})\n")

WRITE_SCORES = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p += row.props
"""


def rescore(tx: Any, person_ids: Iterable[str], as_of: dt.date | None = None) -> int:
    """Score these people again inside the caller's write transaction (`tx`), so a
    recorded conviction or arrest moves its person's cached score in the same commit as
    the record; the network measures wait for the next analytics run. Returns the count."""
    ids = sorted(set(person_ids))
    if not ids:
        return 0
    day = as_of or dt.datetime.now(dt.UTC).date()
    rows = [{"id": record["id"],
             "props": rfg(record["convictions"], day, record["arrests"]).properties()}
            for record in tx.run(HARM_INPUTS_OF, ids=ids)]
    tx.run(WRITE_SCORES, rows=rows).consume()
    return len(rows)


# The ranking reads the scores cached on Person by the last analytics run, and by
# `rescore` for the people whose records changed since.
HIGH_HARM = """
MATCH (p:Person)
WHERE p.analytics_harm_score > 0 AND p.analytics_harm_score >= $min_score
  AND ($community IS NULL OR p.analytics_community = $community)
WITH p ORDER BY p.analytics_harm_score DESC, p.id
WITH collect(p) AS ranked
RETURN size(ranked) AS total, [p IN ranked[$skip..$skip + $first] | p { .* }] AS page
"""


def high_harm(driver: Driver, database: str, first: int, *, skip: int = 0,
              min_score: float = 0.0,
              community: int | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of person records) ranked by cached RFG score, highest first;
    people scoring 0 are never listed."""
    records, _, _ = driver.execute_query(
        HIGH_HARM, first=first, skip=skip, min_score=float(min_score), community=community,
        database_=database, routing_="r")
    return records[0]["total"], [dict(p) for p in records[0]["page"]]
