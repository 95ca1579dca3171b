"""Duplicate candidates for given persons, at once: the scan's rules for a few records.

`nexus duplicates scan` reads every person; a person recorded during the day would wait
for the next scan. `check_persons(ids)` gives those records the same treatment now:

1. one query reads the given persons (and counts all persons, for the scan's prior);
2. one blocking query per batch asks Neo4j for a superset of the records the scan's
   blocking rules could pair with them (`_BLOCK`): the same identifier; a shared phonetic
   name key with a birth year near theirs (the `person_year_keys` full-text index); for a
   person without a date of birth, records without one that carry both keys of a name form
   (full-text index); and the other side of every pair already stored for them, so a stored pair is
   re-scored or dropped rather than left stale;
3. the scan's own `block()` (focused on the given persons) and `score_pairs()` decide which
   of those pairs meet a rule and what they score, with the prior of the whole graph, so
   a pair scores here exactly as the next scan scores it;
4. one write transaction MERGEs the pairs at or above the threshold with the scan's row
   shape and id (`DC-<a>-<b>`: the scan and this check never make two nodes of one pair),
   leaves alone any pair with a standing same-as decision (confirmed or rejected: not
   re-proposed), and drops the given persons' other undecided pairs (they no longer block
   or score enough, as the next scan would find); with nothing to write or drop (most
   new people) there is no write at all.

The birth-year route reads a record's first date of birth (its `year_keys`), two
years either side, so a record whose second claimed date is a year off its first is still
found; a second date further away is left to the nightly scan.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph import watches
from graph.errors import NotFound
from graph.identity.candidates import IDENTIFIER_BLOCKS, passport_scan
from graph.identity.compare import POSSIBLE, FieldComparison
from graph.identity.duplicates import (
    MAX_BLOCK,
    PERSON_PROPERTIES,
    STORE_MIN,
    Pair,
    birth_dates,
    block,
    candidate_row,
    identifiers,
    name_forms,
    score_pairs,
)
from graph.ids import new_id
from graph.names import escape_lucene

SOURCE = "nexus duplicates check"
BATCH = 200             # persons per blocking round trip
YEAR_SLACK = 2          # birth-year window of the name route (see the module docstring)
YEAR_LIMIT = 10_000     # the name route's hits: far above any real block, so it is complete
MAX_SHOWN = 10          # possible duplicates returned per person

_TARGETS = f"""
CALL () {{ MATCH (p:Person) RETURN count(p) AS population }}
UNWIND $ids AS id
MATCH (p:Person {{id: id}})
RETURN population, p {{ {PERSON_PROPERTIES} }} AS person
"""

_BLOCK = """
UNWIND $targets AS t
WITH t, by_passport,
     COLLECT { MATCH (c:DuplicateCandidate) WHERE c.a_id = t.id OR c.b_id = t.id
               RETURN c.person_ids } AS stored
CALL (t, stored, by_passport) {
  IDENTIFIERS
  UNION
  WITH t WHERE t.year_keys IS NOT NULL
  CALL db.index.fulltext.queryNodes('person_year_keys', t.year_keys, {limit: $year_limit})
  YIELD node
  RETURN node AS p
  UNION
  WITH t WHERE t.lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('person_names', t.lucene, {limit: $lucene_limit})
  YIELD node
  WITH node WHERE size(coalesce(node.dates_of_birth, [])) = 0
  RETURN node AS p
  UNION
  UNWIND stored AS pair
  MATCH (p:Person) WHERE p.id IN pair AND p.id <> t.id
  RETURN p
}
WITH t, stored, collect(DISTINCT p { PERSON }) AS persons
RETURN t.id AS id, persons, size(stored) AS stored
""".replace("{ PERSON }", "{ " + PERSON_PROPERTIES + " }").replace(
    "  IDENTIFIERS\n", IDENTIFIER_BLOCKS.lstrip("\n"))

# Pairs with a standing decision (not undone) are not written again: not re-proposed.
_WRITE = """
UNWIND $rows AS row
OPTIONAL MATCH (l:SameAsLink {id: row.link_id}) WHERE l.status <> 'undone'
WITH row WHERE l IS NULL
MERGE (c:DuplicateCandidate {id: row.id})
SET c += row
RETURN collect(row.id) AS written
"""

# The given persons' other undecided pairs: they no longer block or score enough.
_DROP = """
MATCH (c:DuplicateCandidate)
WHERE (c.a_id IN $person_ids OR c.b_id IN $person_ids) AND NOT c.id IN $kept
  AND NOT EXISTS { MATCH (l:SameAsLink {id: c.link_id}) WHERE l.status <> 'undone' }
DETACH DELETE c
RETURN count(*) AS dropped
"""


@dataclass(frozen=True)
class PossibleDuplicate:
    """A stored, undecided pair seen from one of its persons."""

    person_id: str
    other_id: str
    other_name: str | None
    score: float
    band: str
    fields: list[FieldComparison]
    rules: tuple[str, ...]

    @property
    def candidate_id(self) -> str:
        first, second = sorted((self.person_id, self.other_id))
        return f"DC-{first}-{second}"


@dataclass
class CheckResult:
    population: int = 0
    checked: list[str] = field(default_factory=list)
    blocked_pairs: int = 0
    stored: int = 0             # pairs written (new or re-scored)
    decided: int = 0            # pairs at or above the threshold left alone: decided
    dropped: int = 0            # stale pairs of the given persons removed
    possible: dict[str, list[PossibleDuplicate]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, stage: str, since: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - since


def _lucene(person: dict[str, Any]) -> str | None:
    """Records with both keys of one of the person's name forms (for the no-date route)."""
    clauses = {f"(+name_keys:{escape_lucene(gk.lower())} +name_keys:{escape_lucene(fk.lower())})"
               for gk, fk in name_forms(person) if gk and fk}
    return " OR ".join(sorted(clauses)) or None


def _year_keys(years: Iterable[int], keys: list[str]) -> str | None:
    """Records whose first birth year is near one of `years` and that share a name key:
    the terms of `person_year_keys` (graph.names.year_keys) for every year and key."""
    window = sorted({y + d for y in years for d in range(-YEAR_SLACK, YEAR_SLACK + 1)})
    terms = [escape_lucene(f"{year}_{key}") for year in window for key in keys]
    return " OR ".join(terms) or None


def target_params(person: dict[str, Any]) -> dict[str, Any]:
    """What the blocking query needs of one person, from the scan's own key functions."""
    found = identifiers(person)
    years, _ = birth_dates(person)
    keys = sorted({k for form in name_forms(person) for k in form if k})
    return {
        "id": person["id"],
        "pnc": [v for kind, v in found if kind == "pnc_id"],
        "cro": [v for kind, v in found if kind == "cro_number"],
        "ho": [v for kind, v in found if kind == "ho_reference"],
        "passports": sorted({v for kind, v in found if kind == "passport"}),
        "year_keys": _year_keys(years, keys),
        "lucene": None if years else _lucene(person),
    }


def _targets(driver: Driver, database: str, ids: list[str]
             ) -> tuple[int, dict[str, dict[str, Any]]]:
    records, _, _ = driver.execute_query(_TARGETS, ids=ids, database_=database, routing_="r")
    persons = {r["person"]["id"]: r["person"] for r in records}
    return (records[0]["population"] if records else 0), persons


def _pool(driver: Driver, database: str, targets: list[dict[str, Any]]
          ) -> tuple[list[dict[str, Any]], int]:
    """The given persons first, then every record the blocking query found around them;
    and how many pairs are stored for the given persons already."""
    params = [target_params(person) for person in targets]
    passports = sorted({n for p in params for n in p["passports"]})
    query = passport_scan(passports) + _BLOCK
    records, _, _ = driver.execute_query(query, targets=params, passports=passports,
                                         lucene_limit=MAX_BLOCK, year_limit=YEAR_LIMIT,
                                         database_=database,
                                         routing_="r")
    pool = {person["id"]: person for person in targets}
    for record in records:
        for person in record["persons"]:
            pool.setdefault(person["id"], person)
    return list(pool.values()), sum(record["stored"] for record in records)


def _store(tx: ManagedTransaction, rows: list[dict[str, Any]], person_ids: list[str]
           ) -> tuple[set[str], int]:
    events = watches.duplicate_events(tx, rows)  # new pairs of watched people: alerts
    written = tx.run(_WRITE, rows=rows).single()
    watches.raise_events(tx, [e for e in events
                              if written and e["record_id"] in written["written"]])
    dropped = tx.run(_DROP, person_ids=person_ids, kept=[r["id"] for r in rows]).single()
    return set(written["written"] if written else []), (dropped["dropped"] if dropped else 0)


def _possible(pairs: Iterable[Pair], written: set[str], names: dict[str, str | None],
              person_ids: list[str], min_score: float) -> dict[str, list[PossibleDuplicate]]:
    found: dict[str, list[PossibleDuplicate]] = {pid: [] for pid in person_ids}
    for pair in pairs:          # best first, as `score_pairs` sorts them
        if pair.id not in written or pair.comparison.score < min_score:
            continue
        for me, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if me in found and len(found[me]) < MAX_SHOWN:
                found[me].append(PossibleDuplicate(
                    me, other, names.get(other), pair.comparison.score,
                    pair.comparison.band, pair.comparison.fields, pair.rules))
    return found


def _find(driver: Driver, database: str, targets: list[dict[str, Any]], population: int,
          min_score: float, result: CheckResult
          ) -> tuple[list[Pair], dict[str, str | None], int]:
    """The scored pairs of one batch of persons (best first), the names in its pool and
    the number of pairs stored for those persons before."""
    started = time.perf_counter()
    pool, stored = _pool(driver, database, targets)
    result.add_time("block", started)
    started = time.perf_counter()
    blocked = block(pool, focus=set(range(len(targets))))
    pairs = score_pairs(pool, blocked, min_score, population=population)
    result.blocked_pairs += len(blocked)
    result.add_time("score", started)
    return pairs, {p["id"]: p.get("full_name") for p in pool}, stored


def _read_targets(driver: Driver, database: str, ids: list[str], result: CheckResult
                  ) -> dict[str, dict[str, Any]]:
    started = time.perf_counter()
    result.population, targets = _targets(driver, database, ids)
    result.add_time("read", started)
    for person_id in ids:
        if person_id not in targets:
            raise NotFound("Person", person_id)
    return targets


def pairs_for(driver: Driver, database: str, person_ids: Iterable[str],
              min_score: float = STORE_MIN, batch: int = BATCH) -> list[Pair]:
    """The pairs of the given persons as a scan would score them; nothing is written."""
    ids = list(dict.fromkeys(str(i) for i in person_ids))
    result = CheckResult(checked=ids)
    targets = _read_targets(driver, database, ids, result)
    found: dict[str, Pair] = {}
    for start in range(0, len(ids), batch):
        pairs, _, _ = _find(driver, database,
                            [targets[i] for i in ids[start:start + batch]],
                            result.population, min_score, result)
        found.update((pair.id, pair) for pair in pairs)
    return sorted(found.values(), key=lambda p: (-p.comparison.log2_odds, p.a, p.b))


def check_persons(driver: Driver, database: str, person_ids: Iterable[str], by: str,
                  min_score: float = STORE_MIN, shown_min: float = POSSIBLE,
                  batch: int = BATCH) -> CheckResult:
    """Block, score and store the duplicate pairs of the given persons, as a scan would.

    Raises NotFound (and writes nothing) when an id is not a person. `possible` lists, per
    person, its stored undecided pairs scoring at least `shown_min`, best first."""
    ids = list(dict.fromkeys(str(i) for i in person_ids))
    result = CheckResult(checked=ids)
    targets = _read_targets(driver, database, ids, result)
    scan_id = new_id("duplicate_check")
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        pairs, names, stored = _find(driver, database, [targets[i] for i in chunk],
                                     result.population, min_score, result)
        if not pairs and not stored:        # nothing to write, nothing to drop
            result.possible |= {person_id: [] for person_id in chunk}
            continue
        started = time.perf_counter()
        now = dt.datetime.now(dt.UTC)
        rows = [candidate_row(p, scan_id, by, now, source=SOURCE) for p in pairs]
        with driver.session(database=database) as session:
            written, dropped = session.execute_write(_store, rows, chunk)
        result.add_time("store", started)
        result.stored += len(written)
        result.decided += len(rows) - len(written)
        result.dropped += dropped
        result.possible |= _possible(pairs, written, names, chunk, shown_min)
    return result
