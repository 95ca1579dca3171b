"""Reading people: by id, by name search, and their lists (arrests, convictions...).

A person's lists are loaded for many people and many list kinds in one query: the API
batches every list any resolver asked for in one tick into a single call of
`person_lists`, so a person (or a page of search results) with all its lists costs two
round trips. Each list kind is a fixed CALL fragment; only requested fragments are
joined into the query.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.access import Clearance, visible
from graph.db.temporal import epoch_micros
from graph.explorer.network import ASSOCIATION_TYPES
from graph.names import fulltext_query

_PERSON_TYPES = "|".join(t for t in ASSOCIATION_TYPES.values() if t != "MEMBER_OF")

# A person as the API reads it: recorded_at as epoch microseconds (graph/db/temporal.py),
# which the driver unpacks far faster than a zoned DateTime.
PERSON_MAP = f"p {{ .*, recorded_at: {epoch_micros('p.recorded_at')} }}"

PERSONS_BY_IDS = f"""
UNWIND $ids AS id
MATCH (p:Person {{id: id}})
RETURN {PERSON_MAP} AS person
"""

SEARCH = f"""
CALL db.index.fulltext.queryNodes('person_names', $lucene, {{limit: $candidates}})
YIELD node AS p, score
WHERE ($nationality IS NULL OR $nationality IN p.nationalities)
  AND ($dob IS NULL OR any(d IN coalesce(p.dates_of_birth, [])
                           WHERE d STARTS WITH $dob OR $dob STARTS WITH d))
  AND (NOT $flagged_only OR EXISTS {{
        (p)-[:HAS_FLAG]->(:Flag {{status: 'active', kind: 'high_harm'}}) }})
WITH p, score ORDER BY score DESC, p.id
WITH collect({{person: {PERSON_MAP}, score: score}}) AS hits
RETURN size(hits) AS total, hits[$skip..$skip + $first] AS page
"""

_OFFENCES = "[(x)-[:FOR_OFFENCE]->(o:Offence) | o { .* }]"
_RECORDED = f"recorded_at: {epoch_micros('x.recorded_at')}"

LIST_FRAGMENTS: dict[str, str] = {
    "arrests": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[:WAS_ARRESTED]->(x:Arrest)
  WITH x ORDER BY x.arrested_at DESC
  RETURN collect(x {{ .*, {_RECORDED}, offences: {_OFFENCES},
    custody_suite: head([(x)-[:AT_LOCATION]->(l:Location) | l.name]),
    incident_id: head([(x)-[:CONCERNS]->(i:Incident) | i.id]),
    charge_ids: [(x)-[:LED_TO]->(c:Charge) | c.id] }}) AS arrests
}}""",
    "charges": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[:WAS_CHARGED]->(x:Charge)
  WITH x ORDER BY x.charged_at DESC
  RETURN collect(x {{ .*, {_RECORDED}, offences: {_OFFENCES},
    arrest_id: head([(a:Arrest)-[:LED_TO]->(x) | a.id]),
    conviction_id: head([(x)-[:RESULTED_IN]->(c:Conviction) | c.id]) }}) AS charges
}}""",
    "convictions": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[:WAS_CONVICTED]->(x:Conviction)
  WITH x ORDER BY x.convicted_on DESC
  RETURN collect(x {{ .*, {_RECORDED}, offences: {_OFFENCES} }}) AS convictions
}}""",
    "associates": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[r:{_PERSON_TYPES}]-(o:Person) WHERE {visible("r")}
  WITH r, o ORDER BY type(r), o.full_name
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {{
    relationship: r {{ .*, kind: type(r), recorded_at: {epoch_micros('r.recorded_at')} }},
    person: o {{ .id, .full_name, .nationalities, .dates_of_birth }} }} END) AS associates
}}""",
    "memberships": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[r:MEMBER_OF]->(o:Organisation) WHERE {visible("r")}
  WITH r, o ORDER BY r.since DESC
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {{
    relationship: r {{ .* }}, organisation: o {{ .* }} }} END) AS memberships
}}""",
    "incidents": """
CALL (p) {
  OPTIONAL MATCH (p)-[r:SUSPECT_IN|VICTIM_IN|WITNESS_IN|OTHER_PARTY_IN]->(i:Incident)
  WITH r, i ORDER BY i.occurred_at DESC
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
    relationship: r { .*, role: type(r) },
    incident: i { .*, location: head([(i)-[:AT_LOCATION]->(l:Location) | l.name]) } }
  END) AS incidents
}""",
    "intelligence": f"""
CALL (p) {{
  OPTIONAL MATCH (x:IntelligenceReport)-[:MENTIONS]->(p) WHERE {visible("x")}
  WITH x ORDER BY x.reported_at DESC
  RETURN collect(x {{ .*, {_RECORDED} }}) AS intelligence
}}""",
    "checks": """
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_CHECK]->(x:Check)
  WITH x ORDER BY x.checked_at DESC
  RETURN collect(x { .*, warrant_id: head([(x)-[:FOUND]->(w:Warrant) | w.id]) }) AS checks
}""",
    "warrants": """
CALL (p) {
  OPTIONAL MATCH (p)-[:WANTED_ON]->(x:Warrant)
  WITH x ORDER BY x.issued_on DESC
  RETURN collect(x { .* }) AS warrants
}""",
    "flags": """
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_FLAG]->(x:Flag)
  WITH x ORDER BY x.set_at DESC
  RETURN collect(x { .*, events: [(x)-[:HAS_EVENT]->(e:FlagEvent) | e { .* }] }) AS flags
}""",
}


def _person_lists_query(kinds: list[str], *, with_person: bool = False) -> str:
    fragments = "".join(LIST_FRAGMENTS[kind] for kind in kinds)
    returned = "".join(f", {kind}" for kind in kinds)
    person = f", {PERSON_MAP} AS person" if with_person else ""
    return f"""
UNWIND $ids AS id
MATCH (p:Person {{id: id}})
{fragments}
RETURN p.id AS id{person}{returned}
"""


def persons_by_ids(driver: Driver, database: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(PERSONS_BY_IDS, ids=ids, database_=database)
    return {record["person"]["id"]: dict(record["person"]) for record in records}


def _ordered_kinds(kinds: list[str]) -> list[str]:
    unknown = [kind for kind in kinds if kind not in LIST_FRAGMENTS]
    if unknown:
        raise ValueError(f"unknown person lists: {unknown}")
    return [kind for kind in LIST_FRAGMENTS if kind in kinds]


def _lists_of(record: Any, kinds: list[str]) -> dict[str, list[dict[str, Any]]]:
    return {kind: [item for item in record[kind] if item is not None] for kind in kinds}


def person_lists(driver: Driver, database: str, ids: list[str], kinds: list[str], *,
                 clearance: Clearance) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{person id: {kind: [item, ...]}} for the given list kinds, in one round trip.
    Graded items (intelligence, associates, memberships) only where `clearance` sees
    them."""
    ordered = _ordered_kinds(kinds)
    records, _, _ = driver.execute_query(_person_lists_query(ordered), ids=ids,
                                         database_=database, **clearance.params)
    return {record["id"]: _lists_of(record, ordered) for record in records}


def person_with_lists(driver: Driver, database: str, person_id: str, kinds: list[str], *,
                      clearance: Clearance
                      ) -> tuple[dict[str, Any] | None, dict[str, list[dict[str, Any]]]]:
    """One person and the lists a caller will ask for next, in one round trip instead
    of two (the API looks ahead at the fields selected)."""
    ordered = _ordered_kinds(kinds)
    records, _, _ = driver.execute_query(_person_lists_query(ordered, with_person=True),
                                         ids=[person_id], database_=database,
                                         **clearance.params)
    if not records:
        return None, {}
    return dict(records[0]["person"]), _lists_of(records[0], ordered)


def search_people(driver: Driver, database: str, query: str, *, first: int = 20,
                  skip: int = 0, nationality: str | None = None, dob: str | None = None,
                  flagged_only: bool = False, candidates: int = 1000
                  ) -> tuple[int, list[tuple[dict[str, Any], float]]]:
    """(total matches, one page of (person, score)), best first."""
    lucene = fulltext_query(query)
    if lucene is None:
        return 0, []
    records, _, _ = driver.execute_query(
        SEARCH, lucene=lucene, candidates=candidates, nationality=nationality, dob=dob,
        flagged_only=flagged_only, skip=skip, first=first, database_=database,
    )
    record = records[0]
    return record["total"], [(dict(hit["person"]), hit["score"]) for hit in record["page"]]
