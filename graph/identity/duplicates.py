"""Duplicates inside the graph: pairs of Person records that are probably one person.

A scan (`nexus duplicates scan`) reads the identity properties of every person in one
streamed query, forms candidate pairs by blocking, scores each pair with the one scorer
(`graph.identity.compare.compare`, explained field by field) and stores the pairs above
`STORE_MIN` as `DuplicateCandidate` nodes, which the API pages by score. Nothing is ever
merged: an officer confirms or rejects each pair (`graph.identity.links`).

Blocking rules (a pair is scored when any rule puts it together):
- the same identifier: PNC ID, CRO number, Home Office reference or passport number;
- the same unordered pair of phonetic keys {given, family} (so swapped names meet) and
  birth years at most one apart;
- one shared phonetic key (given or family) and the same day and month of birth in either
  order (so a transposed date, a year one out and a misspelt other name still meet),
  birth years at most one apart;
- one shared phonetic key and the same birth year, when one side has no full date of
  birth (only a year), which the rule above cannot see.
Scoring adds two fields `compare` leaves out because a custody claim rarely has them but
two records usually do: place of birth and gender. The prior is the duplicates' own: with
about 1 % of records a second record of someone, a random pair of N records is one person
with odds 2 % / N (`compare` assumes one person among 100,000 for a claim).

New records need not wait for the next scan: `graph.identity.duplicates_live` runs the
same blocking rules and scorer for a few given persons (a person just recorded) and
stores their pairs as this scan does, under the same ids.

The keys are structured (which token is the given name, which the family name), which
Neo4j cannot compute (it has no phonetic function, and `name_keys` mixes every token of
every name); grouping them in Python over one streamed read is a few seconds at 100,000
persons, where one full-text query per person is 100,000 round trips.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph import watches
from graph.identity.candidates import IDENTITY_PROPERTIES
from graph.identity.compare import (
    PRIOR_LOG2_ODDS,
    Comparison,
    FieldComparison,
    band_of,
    compare,
    identity_of,
    passport_number,
)
from graph.identity.links import link_id
from graph.ids import new_id
from graph.names import phonetic_key, tokens

STORE_MIN = 0.2          # pairs below this are not stored (an officer would never look)
MAX_BLOCK = 2000         # a larger block is a key too common to tell people apart
WRITE_BATCH = 2000
DUPLICATE_RATE = 0.01    # the share of records assumed to be second records of someone
# (m, u): m the chance of agreement for one person, u for two random records.
PLACE_OF_BIRTH = (0.9, 0.05)
GENDER = (0.97, 0.5)
SOURCE = "nexus duplicates scan"

# What blocking and scoring read of a person (the scan and the live check alike).
PERSON_PROPERTIES = IDENTITY_PROPERTIES + ", .place_of_birth, .gender"
ALL_PERSONS = f"MATCH (p:Person) RETURN p {{ {PERSON_PROPERTIES} }} AS person"

_WRITE = """
UNWIND $rows AS row
MERGE (c:DuplicateCandidate {id: row.id})
SET c += row
"""
# Pairs written after the scan read the graph (by the live check, for a person recorded
# meanwhile) are newer than the scan's view of them and stay.
_DELETE_STALE = """
MATCH (c:DuplicateCandidate) WHERE c.scan_id <> $scan_id AND c.recorded_at < $started
WITH c LIMIT 10000
DETACH DELETE c
RETURN count(*) AS deleted
"""
_PAGE = """
MATCH (c:DuplicateCandidate) WHERE c.score >= $min_score
  AND (NOT $undecided OR NOT EXISTS {
        MATCH (l:SameAsLink {id: c.link_id}) WHERE l.status <> 'undone' })
WITH c ORDER BY c.score DESC, c.id
SKIP $skip LIMIT $first
OPTIONAL MATCH (l:SameAsLink {id: c.link_id})
RETURN c { .* } AS candidate, l.id AS decision
"""
_COUNT = """
MATCH (c:DuplicateCandidate) WHERE c.score >= $min_score
  AND (NOT $undecided OR NOT EXISTS {
        MATCH (l:SameAsLink {id: c.link_id}) WHERE l.status <> 'undone' })
RETURN count(c) AS total
"""


@dataclass(frozen=True)
class Pair:
    a: str                      # the lower person id
    b: str
    comparison: Comparison
    rules: tuple[str, ...]      # the blocking rules that met this pair

    @property
    def id(self) -> str:
        return f"DC-{self.a}-{self.b}"


@dataclass
class ScanResult:
    persons: int = 0
    blocked_pairs: int = 0
    stored: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)


# --- blocking ----------------------------------------------------------------------------

def name_forms(person: dict[str, Any]) -> list[tuple[str, str]]:
    """(given key, family key) of the name and of every multi-word alias."""
    names = [((person.get("given_names") or ""), person.get("family_name") or "")]
    for alias in person.get("aliases") or []:
        words = alias.split()
        if len(words) >= 2:
            names.append((" ".join(words[:-1]), words[-1]))
    forms = []
    for given, family in names:
        g, f = tokens(given), tokens(family)
        gk = phonetic_key(g[0]) if g else ""
        fk = phonetic_key(f[-1]) if f else ""
        if gk or fk:
            forms.append((gk, fk))
    return forms


def birth_dates(person: dict[str, Any]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Birth years, and (year, month, day) of the full dates of birth."""
    years, full = [], []
    for value in person.get("dates_of_birth") or []:
        head = value[:4]
        if head.isdigit():
            years.append(int(head))
        if len(value) == 10 and value[:4].isdigit():
            full.append((int(value[:4]), int(value[5:7]), int(value[8:10])))
    return sorted(set(years)), full


def identifiers(person: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, normalised value) of every identifier: PNC ID, CRO number, HO reference,
    passport numbers."""
    found = [(name, person[name].strip().upper())
             for name in ("pnc_id", "cro_number", "ho_reference") if person.get(name)]
    found += [("passport", number) for passport in person.get("passports") or []
              if (number := passport_number(passport))]
    return found


def _window_pairs(members: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Pairs of (year, index) members whose years are at most one apart."""
    members.sort()
    years = [year for year, _ in members]
    for position, (year, index) in enumerate(members):
        end = bisect_right(years, year + 1)
        for other in range(position + 1, end):
            yield index, members[other][1]


def block(persons: list[dict[str, Any]], focus: set[int] | None = None
          ) -> dict[tuple[int, int], set[str]]:
    """Candidate pairs (indexes into `persons`, lower first) with the rules that met them.

    With `focus`, only pairs with at least one of those indexes (the live check blocks a
    few persons against the records Neo4j found around them)."""
    by_identifier: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_names: dict[frozenset[str], list[tuple[int, int]]] = defaultdict(list)
    by_key_day: dict[tuple[str, int, int], list[tuple[int, int]]] = defaultdict(list)
    by_key_year: dict[tuple[str, int], list[tuple[bool, int]]] = defaultdict(list)
    for index, person in enumerate(persons):
        for identifier in identifiers(person):
            by_identifier[identifier].append(index)
        years, full = birth_dates(person)
        forms = name_forms(person)
        for year in years or [0]:
            for name_pair in {frozenset((gk, fk)) for gk, fk in forms if gk and fk}:
                by_names[name_pair].append((year, index))
        keys = {k for form in forms for k in form if k}
        for year, month, day in full:
            low, high = min(month, day), max(month, day)
            for key in keys:
                by_key_day[(key, low, high)].append((year, index))
        for year in years:
            for key in keys:
                by_key_year[(key, year)].append((bool(full), index))
    pairs: dict[tuple[int, int], set[str]] = defaultdict(set)

    def add(first: int, second: int, rule: str) -> None:
        if first != second and (focus is None or first in focus or second in focus):
            pairs[(min(first, second), max(first, second))].add(rule)

    def wanted(indexes: Iterable[int]) -> bool:    # skips blocks the focus is not in
        return focus is None or not focus.isdisjoint(indexes)

    for (name, _), holders in by_identifier.items():
        if 1 < len(holders) <= MAX_BLOCK and wanted(holders):
            for first, second in combinations(sorted(set(holders)), 2):
                add(first, second, name)
    for dated in by_key_year.values():
        partial = [index for has_full, index in dated if not has_full]
        if partial and len(dated) <= MAX_BLOCK and wanted(i for _, i in dated):
            for first in partial:
                for _, second in dated:
                    add(first, second, "name+year")
    groups: list[tuple[Iterable[list[tuple[int, int]]], str]] = [
        (by_names.values(), "names+year"), (by_key_day.values(), "name+day")]
    for blocks, rule in groups:
        for members in blocks:
            if 1 < len(members) <= MAX_BLOCK and wanted(i for _, i in members):
                for first, second in _window_pairs(list(set(members))):
                    add(first, second, rule)
    return pairs


# --- scanning and storing ----------------------------------------------------------------

def load_persons(driver: Driver, database: str) -> list[dict[str, Any]]:
    with driver.session(database=database, default_access_mode="READ") as session:
        return [record["person"] for record in session.run(ALL_PERSONS)]


def _agreement(name: str, first: Any, second: Any, m_u: tuple[float, float],
               label: str) -> FieldComparison:
    if not first or not second:
        return FieldComparison(name, "missing", first, second, None, 0.0,
                               "not known on both sides")
    m, u = m_u
    if str(first).casefold() == str(second).casefold():
        return FieldComparison(name, "exact", first, second, 1.0,
                               round(math.log2(m / u), 2), f"same {label}")
    return FieldComparison(name, "differs", first, second, 0.0,
                           round(math.log2((1 - m) / (1 - u)), 2), f"different {label}")


def prior_log2_odds(persons: int) -> float:
    return math.log2(2 * DUPLICATE_RATE / max(persons, 2))


def compare_records(first: dict[str, Any], second: dict[str, Any], prior: float,
                    identities: tuple[Any, Any] | None = None) -> Comparison:
    """`compare` of two Person records, with place of birth, gender and the pair prior."""
    a, b = identities or (identity_of(first), identity_of(second))
    base = compare(a, b)
    extra = [_agreement("place_of_birth", first.get("place_of_birth"),
                        second.get("place_of_birth"), PLACE_OF_BIRTH, "place of birth"),
             _agreement("gender", first.get("gender"), second.get("gender"), GENDER,
                        "gender")]
    log2_odds = base.log2_odds - PRIOR_LOG2_ODDS + prior + sum(f.weight for f in extra)
    score = round(1.0 / (1.0 + 2.0 ** -max(min(log2_odds, 60.0), -60.0)), 4)
    return Comparison(score, band_of(score), [*base.fields, *extra], round(log2_odds, 2))


def score_pairs(persons: list[dict[str, Any]], blocked: dict[tuple[int, int], set[str]],
                min_score: float = STORE_MIN,
                progress: Callable[[int], None] | None = None,
                population: int | None = None) -> list[Pair]:
    """Score the blocked pairs; the prior counts `population` records (default: all of
    `persons`, as in a scan of the whole graph)."""
    identities = [identity_of(person) for person in persons]
    prior = prior_log2_odds(population or len(persons))
    kept = []
    for done, ((first, second), rules) in enumerate(blocked.items(), 1):
        a, b = sorted((first, second), key=lambda i: persons[i]["id"])
        comparison = compare_records(persons[a], persons[b], prior,
                                     (identities[a], identities[b]))
        if comparison.score >= min_score:
            kept.append(Pair(persons[a]["id"], persons[b]["id"], comparison,
                             tuple(sorted(rules))))
        if progress and done % 10_000 == 0:
            progress(10_000)
    kept.sort(key=lambda p: (-p.comparison.log2_odds, p.a, p.b))
    return kept


def find_pairs(persons: list[dict[str, Any]], min_score: float = STORE_MIN,
               progress: Callable[[int], None] | None = None) -> ScanResult:
    """Block and score (no writes): the scored pairs, best first, and timings."""
    result = ScanResult(persons=len(persons))
    started = time.perf_counter()
    blocked = block(persons)
    result.blocked_pairs = len(blocked)
    result.seconds["block"] = time.perf_counter() - started
    started = time.perf_counter()
    result.pairs = score_pairs(persons, blocked, min_score, progress)
    result.seconds["score"] = time.perf_counter() - started
    return result


def _fields_json(fields: Iterable[FieldComparison]) -> str:
    return json.dumps([asdict(f) for f in fields], ensure_ascii=False)


def candidate_row(pair: Pair, scan_id: str, by: str, at: dt.datetime,
                  source: str = SOURCE) -> dict[str, Any]:
    """The stored form of a pair: one shape for the scan and the live check."""
    return {"id": pair.id, "person_ids": [pair.a, pair.b], "a_id": pair.a, "b_id": pair.b,
            "link_id": link_id(pair.a, pair.b), "score": pair.comparison.score,
            "band": pair.comparison.band, "log2_odds": pair.comparison.log2_odds,
            "fields": _fields_json(pair.comparison.fields), "rules": list(pair.rules),
            "scan_id": scan_id, "source": source, "recorded_by": by, "recorded_at": at}


def store_pairs(driver: Driver, database: str, pairs: list[Pair], by: str,
                started: dt.datetime | None = None) -> str:
    """Write the scan's pairs (MERGE on id), then drop pairs stored before `started` (when
    the scan read the graph) that this scan did not find."""
    scan_id = new_id("duplicate_scan")
    now = dt.datetime.now(dt.UTC)
    started = started or now
    with driver.session(database=database) as session:
        for start in range(0, len(pairs), WRITE_BATCH):
            rows = [candidate_row(p, scan_id, by, now)
                    for p in pairs[start:start + WRITE_BATCH]]
            session.execute_write(_write_rows, rows)
        while session.execute_write(_delete_stale_batch, scan_id, started):
            pass
    return scan_id


def _write_rows(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    events = watches.duplicate_events(tx, rows)  # new pairs of watched people: alerts
    tx.run(_WRITE, rows=rows).consume()
    watches.raise_events(tx, events)


def _delete_stale_batch(tx: ManagedTransaction, scan_id: str, started: dt.datetime) -> int:
    deleted: int = tx.run(_DELETE_STALE, scan_id=scan_id,
                          started=started).single(strict=True)["deleted"]
    return deleted


def scan(driver: Driver, database: str, by: str, min_score: float = STORE_MIN,
         progress: Callable[[int], None] | None = None) -> ScanResult:
    """Read every person, find and score candidate pairs, store them for the API."""
    read_at = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    persons = load_persons(driver, database)
    read = time.perf_counter() - started
    result = find_pairs(persons, min_score, progress)
    result.seconds["read"] = read
    started = time.perf_counter()
    store_pairs(driver, database, result.pairs, by, started=read_at)
    result.stored = len(result.pairs)
    result.seconds["store"] = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class StoredPair:
    a: str
    b: str
    score: float
    band: str
    fields: list[FieldComparison]
    decision: str | None        # the SameAsLink id when the pair was decided


def stored_pair(record: Any) -> StoredPair:
    c = record["candidate"]
    fields = [FieldComparison(**item) for item in json.loads(c.get("fields") or "[]")]
    return StoredPair(c["a_id"], c["b_id"], c["score"], c["band"], fields, record["decision"])


def candidate_page(driver: Driver, database: str, *, skip: int, first: int,
                   min_score: float, undecided: bool = False) -> tuple[int, list[StoredPair]]:
    """One page of stored pairs, best first, with the total count."""
    params: dict[str, Any] = {"min_score": min_score, "undecided": undecided}
    with driver.session(database=database, default_access_mode="READ") as session:
        total = session.run(_COUNT, **params).single(strict=True)["total"]
        records = list(session.run(_PAGE, skip=skip, first=first, **params))
    return total, [stored_pair(record) for record in records]


# --- evaluation against a known truth ----------------------------------------------------

@dataclass(frozen=True)
class Figures:
    truth: int
    found: int
    true_found: int
    missed: list[tuple[str, str]]
    false: list[tuple[str, str, float]]

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_found / self.truth if self.truth else 1.0


def evaluate(pairs: list[Pair], truth: Iterable[tuple[str, str]],
             threshold: float) -> Figures:
    """Precision and recall of the pairs scoring at or above `threshold`."""
    true = {(min(a, b), max(a, b)) for a, b in truth}
    found = {(p.a, p.b): p.comparison.score for p in pairs if p.comparison.score >= threshold}
    hits = true & set(found)
    return Figures(truth=len(true), found=len(found), true_found=len(hits),
                   missed=sorted(true - hits),
                   false=sorted((a, b, s) for (a, b), s in found.items() if (a, b) not in true))
