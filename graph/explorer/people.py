"""Reading people: by id, by name search, and their lists (arrests, convictions...).

A person's lists are loaded for many people and many list kinds in one query: the API
batches every list any resolver asked for in one tick into a single call of
`person_lists`, so a person (or a page of search results) with all its lists costs two
round trips. Each list kind is a fixed CALL fragment; only requested fragments are
joined into the query.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from neo4j import Driver

from graph.access import Clearance, visible
from graph.db.riders import accepts_rider
from graph.db.temporal import date_text, epoch_micros
from graph.deconfliction.sensitive import ACTIVE_OPERATION_OF_P, SensitiveOperation
from graph.explorer.network import ASSOCIATION_TYPES
from graph.names import fulltext_query
from graph.records.flag_case import flag_case_map

_PERSON_TYPES = "|".join(t for t in ASSOCIATION_TYPES.values() if t != "MEMBER_OF")

# A person as the API reads it: its instants as epoch microseconds and its dates as text
# (graph/db/temporal.py), which the driver unpacks far faster than its temporal types; a
# search page holds twenty people.
PERSON_MAP = (f"p {{ .*, recorded_at: {epoch_micros('p.recorded_at')}, "
              f"analytics_computed_at: {epoch_micros('p.analytics_computed_at')}, "
              f"analytics_harm_as_of: {date_text('p.analytics_harm_as_of')}, "
              f"review_date: {date_text('p.review_date')} }}")

PERSONS_BY_IDS = f"""
UNWIND $ids AS id
MATCH (p:Person {{id: id}})
RETURN {PERSON_MAP} AS person
"""

# Search: the people a typed query names exactly by an identifier (id, PNC ID, CRO
# number, Home Office reference, passport number), or by date of birth when it is a date,
# then the full-text name hits; filtered, ranked (exact first, then by score) and paged in
# one round trip. Each branch is a fixed fragment; only the ones the query's shape calls
# for are joined in (an identifier branch for a name would be wasted index look-ups, and
# the passport branch is a scan: a list property has no index).
_SEARCH_BRANCHES: dict[str, str] = {
    "id": "MATCH (p:Person {id: $ident}) RETURN p, 'id' AS matched, 0 AS rank, 0.0 AS score",
    "pnc": "MATCH (p:Person {pnc_id: $ident}) "
           "RETURN p, 'pnc_id' AS matched, 0 AS rank, 0.0 AS score",
    "cro": "MATCH (p:Person {cro_number: $ident}) "
           "RETURN p, 'cro_number' AS matched, 0 AS rank, 0.0 AS score",
    "ho": "MATCH (p:Person {ho_reference: $ident}) "
          "RETURN p, 'ho_reference' AS matched, 0 AS rank, 0.0 AS score",
    "passport": "MATCH (p:Person) WHERE p.passports IS NOT NULL "
                "AND any(x IN p.passports WHERE split(x, ':')[-1] = $passport) "
                "RETURN p, 'passport' AS matched, 0 AS rank, 0.0 AS score",
    "born": "MATCH (p:Person) WHERE p.birth_year = $born_year "
            "AND any(d IN coalesce(p.dates_of_birth, []) "
            "WHERE d STARTS WITH $born OR $born STARTS WITH d) "
            "RETURN p, 'date_of_birth' AS matched, 1 AS rank, 0.0 AS score",
    "names": "CALL db.index.fulltext.queryNodes('person_names', $lucene, "
             "{limit: $candidates}) YIELD node AS p, score "
             "RETURN p, 'name' AS matched, 2 AS rank, score",
}

# What a search hit matched on, in rank order (the `matched` of each branch above).
SEARCH_MATCHES = ("id", "pnc_id", "cro_number", "ho_reference", "passport",
                  "date_of_birth", "name")

# One person found by several branches (an id that is also a name...) is kept once, with
# its best rank; a single branch cannot repeat anyone, so it skips the grouping.
_SEARCH_MERGE = """
WITH p, rank, score, matched ORDER BY rank
WITH p, min(rank) AS rank, max(score) AS score, head(collect(matched)) AS matched"""

_SEARCH_TAIL = f"""
WITH p, rank, score, matched
WHERE ($nationality IS NULL OR $nationality IN p.nationalities)
  AND ($dob IS NULL OR any(d IN coalesce(p.dates_of_birth, [])
                           WHERE d STARTS WITH $dob OR $dob STARTS WITH d))
  AND (NOT $flagged_only OR EXISTS {{
        (p)-[:HAS_FLAG]->(:Flag {{status: 'active', kind: 'high_harm'}}) }})
WITH p, rank, score, matched ORDER BY rank, score DESC, p.id
WITH collect({{p: p, rank: rank, score: score, matched: matched}}) AS hits
WITH size(hits) AS total, hits[$skip..$skip + $first] AS cut,
     reduce(top = 0.0, h IN hits | CASE WHEN h.score > top THEN h.score ELSE top END) AS top
CALL (cut, top) {{
  UNWIND range(0, size(cut) - 1) AS i
  WITH i, cut[i] AS h
  WITH i, h, h.p AS p ORDER BY i
  RETURN collect({{person: {PERSON_MAP}, matched: h.matched,
                  score: CASE h.rank WHEN 2 THEN h.score ELSE top + 2.0 - h.rank END}}) AS page
}}
RETURN total, page
"""

# An identifier as officers type them: P-000123, 2015/3044291P, 44291/15V, L1079073,
# K01047290 (letters, digits and / - . : only, with at least one digit).
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Za-z0-9/.:-]{4,40}$")
_PASSPORT_NUMBER = re.compile(r"^(?:[A-Za-z]{2,3}:)?([A-Za-z0-9]{5,12})$")


def search_query(branches: list[str]) -> str:
    """The search statement for the given branches (keys of _SEARCH_BRANCHES)."""
    union = "\n  UNION ALL\n  ".join(_SEARCH_BRANCHES[name] for name in branches)
    merge = _SEARCH_MERGE if len(branches) > 1 else ""
    return f"CALL () {{\n  {union}\n}}{merge}{_SEARCH_TAIL}"


_OFFENCES = "[(x)-[:FOR_OFFENCE]->(o:Offence) | o { .* }]"
_RECORDED = f"recorded_at: {epoch_micros('x.recorded_at')}"
# Links' dates as text (graph/db/temporal.py date_text): lists of a hub's links are long.
_LINK_DATES = f"since: {date_text('r.since')}, until: {date_text('r.until')}"

def _associates(column: str, link: str, person: str) -> str:
    """A person's visible associates, as `link` and `person` project them."""
    return f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[r:{_PERSON_TYPES}]-(o:Person) WHERE {visible("r")}
  WITH r, o ORDER BY type(r), o.full_name
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {{
    relationship: {link}, person: {person} }} END) AS {column}
}}"""


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
  RETURN collect(x {{ .*, {_RECORDED}, convicted_on: {date_text('x.convicted_on')},
    offences: {_OFFENCES} }}) AS convictions
}}""",
    "associates": _associates(
        "associates",
        f"r {{ .*, kind: type(r), recorded_at: {epoch_micros('r.recorded_at')}, "
        f"{_LINK_DATES} }}",
        "o { .id, .full_name, .nationalities, .dates_of_birth }"),
    # The same links, in the same order, read only as far as a list of names needs: no
    # dates, grading or provenance (a third of the hub's person read, measured).
    "associate_names": _associates("associate_names", "r { .id, .detail, .derived, kind: type(r) }",
                                   "o { .id, .full_name, .nationalities }"),
    "memberships": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[r:MEMBER_OF]->(o:Organisation) WHERE {visible("r")}
  WITH r, o ORDER BY r.since DESC
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {{
    relationship: r {{ .*, {_LINK_DATES} }}, organisation: o {{ .* }} }} END) AS memberships
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
    "flags": f"""
CALL (p) {{
  OPTIONAL MATCH (p)-[:HAS_FLAG]->(x:Flag)
  WITH x ORDER BY x.set_at DESC
  RETURN collect({flag_case_map('x')}) AS flags
}}""",
}


def _person_lists_query(kinds: list[str], *, with_person: bool = False) -> str:
    fragments = "".join(LIST_FRAGMENTS[kind] for kind in kinds)
    returned = "".join(f", {kind}" for kind in kinds)
    person = f", {PERSON_MAP} AS person, operation" if with_person else ""
    return f"""
UNWIND $ids AS id
MATCH (p:Person {{id: id}})
{ACTIVE_OPERATION_OF_P if with_person else ""}{fragments}
RETURN p.id AS id{person}{returned}
"""


def persons_by_ids(driver: Driver, database: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(accepts_rider(PERSONS_BY_IDS, "person"), ids=ids,
                                         database_=database, routing_="r")
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
                                         database_=database, **clearance.params, routing_="r")
    return {record["id"]: _lists_of(record, ordered) for record in records}


class PersonWithLists(NamedTuple):
    person: dict[str, Any] | None
    lists: dict[str, list[dict[str, Any]]]
    operation: SensitiveOperation | None


def person_with_lists(driver: Driver, database: str, person_id: str, kinds: list[str], *,
                      clearance: Clearance) -> PersonWithLists:
    """One person, the lists a caller will ask for next and the person's active
    sensitive operation (or None), in one round trip instead of three
    (the API looks ahead at the fields selected)."""
    ordered = _ordered_kinds(kinds)
    query = accepts_rider(_person_lists_query(ordered, with_person=True),
                          "id", "person", "operation", *ordered)
    records, _, _ = driver.execute_query(query, ids=[person_id], database_=database,
                                         **clearance.params, routing_="r")
    if not records:
        return PersonWithLists(None, {}, None)
    record = records[0]
    operation = record["operation"]
    return PersonWithLists(dict(record["person"]), _lists_of(record, ordered),
                           SensitiveOperation.of(operation) if operation else None)


def search_people(driver: Driver, database: str, query: str, *, first: int = 20,
                  skip: int = 0, nationality: str | None = None, dob: str | None = None,
                  flagged_only: bool = False, candidates: int = 1000
                  ) -> tuple[int, list[tuple[dict[str, Any], float, str]]]:
    """(total matches, one page of (person, score, matched on)), best first.

    An exact identifier (id, PNC ID, CRO number, HO reference, passport number) comes
    first, then people born on a date the query is, then name hits by relevance; each
    scores above the next group. `matched` says which: id, pnc_id, cro_number,
    ho_reference, passport, date_of_birth or name. An empty query with `dob` lists the
    people born then."""
    text = query.strip()
    params: dict[str, Any] = {"ident": None, "passport": None, "born": None,
                              "born_year": None, "lucene": None}
    branches: list[str] = []
    identifier = bool(_IDENTIFIER.match(text))
    if identifier:
        params["ident"] = text.upper()
        branches += ["id", "pnc", "cro", "ho"]
        passport = _PASSPORT_NUMBER.match(text)
        if passport:
            params["passport"] = passport[1].upper()
            branches.append("passport")
    born = _as_date(text) if text else dob
    if born:
        params.update(born=born, born_year=int(born[:4]))
        branches.append("born")
    lucene = fulltext_query(text) if text else None
    if lucene is not None and not born and not identifier:  # no name holds a digit
        params["lucene"] = lucene
        branches.append("names")
    if not branches:
        return 0, []
    records, _, _ = driver.execute_query(
        accepts_rider(search_query(branches), "total", "page"), candidates=candidates,
        nationality=nationality, dob=dob, flagged_only=flagged_only, skip=skip, first=first,
        database_=database, routing_="r", **params)
    record = records[0]
    return record["total"], [(dict(hit["person"]), hit["score"], hit["matched"])
                             for hit in record["page"]]


_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _as_date(text: str) -> str | None:
    """A date of birth typed as the query (YYYY-MM-DD, YYYY-MM or DD/MM/YYYY) as a
    partial ISO date; None when the query is not one. A bare year is not taken as a date
    (it would list every person born that year in place of, say, a CRO number)."""
    uk = _UK_DATE.match(text)
    if uk and 1 <= int(uk[2]) <= 12 and 1 <= int(uk[1]) <= 31:
        return f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}"
    return text if _ISO_DATE.match(text) else None
