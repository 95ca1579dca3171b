"""The top-harm list: the people the cached RFG score ranks highest ("the most dangerous
or most prolific"), with the working behind each score and the filters a supervisor asks
for: borough, community and flag state.

The score itself is graph/analytics/harm.py's, cached on Person by the analytics run (and
by `harm.rescore` when a conviction is recorded). The working is recomputed here for the
page shown, from the same convictions and the same functions, as at the score's own
`as_of`, so each conviction's CCHI weight, age, recency weight and frequency count add up
to the cached score: a reader can check the arithmetic line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from neo4j import Driver

from graph.analytics import harm
from graph.analytics.groups import BOROUGH_OF


class FlagState(StrEnum):
    """A person's high-harm flags: one active; only cleared ones; never flagged."""

    ACTIVE = "ACTIVE"
    CLEARED = "CLEARED"
    NONE = "NONE"


_FLAG_STATE = """CASE
  WHEN EXISTS { (p)-[:HAS_FLAG]->(:Flag {kind: 'high_harm', status: 'active'}) } THEN 'ACTIVE'
  WHEN EXISTS { (p)-[:HAS_FLAG]->(:Flag {kind: 'high_harm'}) } THEN 'CLEARED'
  ELSE 'NONE' END"""

TOP_HARM = f"""
MATCH (p:Person)
WHERE p.analytics_harm_score > 0 AND p.analytics_harm_score >= $min_score
  AND ($community IS NULL OR p.analytics_community = $community)
WITH p, {_FLAG_STATE} AS flag_state
WHERE $flag_state IS NULL OR flag_state = $flag_state
WITH p, flag_state, CASE WHEN $borough IS NULL THEN null ELSE {BOROUGH_OF} END AS borough
WHERE $borough IS NULL OR toLower(borough) = toLower($borough)
WITH p, flag_state ORDER BY p.analytics_harm_score DESC, p.id
WITH collect({{p: p, flag_state: flag_state}}) AS ranked
UNWIND ranked[$skip..$skip + $first] AS row
WITH size(ranked) AS total, row.p AS p, row.flag_state AS flag_state
RETURN total, p {{ .* }} AS person, flag_state, {BOROUGH_OF} AS borough,
  [(p)-[:WAS_CONVICTED]->(c:Conviction) | {{
     id: c.id, convicted_on: c.convicted_on, jurisdiction: c.jurisdiction,
     offences: [(c)-[:FOR_OFFENCE]->(o:Offence) | {{
       id: o.id, description: o.description, chi_days: o.chi_days}}]
  }}] AS convictions
"""

# The count alone, for a filter that leaves the page empty (UNWIND of nothing returns no row).
TOP_HARM_TOTAL = TOP_HARM.split("WITH p, flag_state ORDER BY")[0] + "RETURN count(p) AS total"


@dataclass(frozen=True)
class OffenceWeight:
    code: str
    description: str | None
    chi_days: float


@dataclass(frozen=True)
class ConvictionWorking:
    """One conviction's part in the score (see graph/analytics/harm.py for the terms)."""

    conviction_id: str
    convicted_on: dt.date
    jurisdiction: str | None
    offences: list[OffenceWeight]
    gravity: float          # CCHI days: the sum of the offences' weights
    age_years: float
    recency_weight: float   # 0.5 ^ (age / half-life)
    weighted: float         # gravity x recency weight: its part of G x R
    in_frequency_window: bool  # counts 28 days towards F


@dataclass(frozen=True)
class TopHarmRow:
    person: dict[str, Any]
    borough: str
    flag_state: FlagState
    working: list[ConvictionWorking]


def working(convictions: list[Mapping[str, Any]], as_of: dt.date) -> list[ConvictionWorking]:
    """Each conviction's gravity, age, recency weight and frequency count as at `as_of`,
    most weighted first."""
    rows = []
    for conviction in convictions:
        offences = [OffenceWeight(o["id"], o.get("description"),
                                  harm.offence_weight(o["id"], o.get("chi_days")))
                    for o in conviction.get("offences") or []]
        gravity = harm.gravity(conviction.get("offences") or [])
        age = harm.age_years(conviction["convicted_on"], as_of)
        weight = harm.recency_weight(age)
        rows.append(ConvictionWorking(
            conviction_id=conviction["id"], convicted_on=harm.as_date(conviction["convicted_on"]),
            jurisdiction=conviction.get("jurisdiction"),
            offences=sorted(offences, key=lambda o: (-o.chi_days, o.code)),
            gravity=round(gravity, 2), age_years=round(age, 2), recency_weight=round(weight, 4),
            weighted=round(gravity * weight, 2),
            in_frequency_window=harm.in_frequency_window(age)))
    return sorted(rows, key=lambda r: (-r.weighted, r.conviction_id))


def top_harm(driver: Driver, database: str, first: int, *, skip: int = 0,
             min_score: float = 0.0, community: int | None = None,
             borough: str | None = None,
             flag_state: FlagState | None = None) -> tuple[int, list[TopHarmRow]]:
    """(how many people match, one page of them) ranked by cached RFG score, highest
    first, each with its borough, flag state and working; people scoring 0 never listed."""
    params = {"first": first, "skip": skip, "min_score": float(min_score),
              "community": community, "borough": borough or None,
              "flag_state": flag_state.value if flag_state else None}
    records, _, _ = driver.execute_query(TOP_HARM, params, database_=database, routing_="r")
    if not records:
        counted, _, _ = driver.execute_query(TOP_HARM_TOTAL, params, database_=database,
                                             routing_="r")
        return counted[0]["total"], []
    rows = []
    for record in records:
        person = dict(record["person"])
        as_of = harm.as_date(person.get("analytics_harm_as_of") or dt.datetime.now(dt.UTC).date())
        rows.append(TopHarmRow(person=person, borough=record["borough"],
                               flag_state=FlagState(record["flag_state"]),
                               working=working(record["convictions"], as_of)))
    return records[0]["total"], rows
