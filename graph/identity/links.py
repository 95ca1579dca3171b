""""Same as" decisions between two Person records: never a merge, never automatic.

A decision is a `SameAsLink` node that both people point to
(`(:Person)-[:SAME_AS]->(:SameAsLink)<-[:SAME_AS]-(:Person)`), one per pair (its id is
built from the two person ids in order), with the current `status` (confirmed, rejected,
undone) and the last decision's reason, who and when. Every change appends a
`SameAsEvent` (`(:SameAsLink)-[:HAS_EVENT]->(:SameAsEvent)`), so an undo is one more
event and the whole history stays. Both records stay as they were.

The identity cluster of a person is the connected component over *confirmed* links
(transitive: A=B and B=C make A, B and C one person), found in Cypher with a path
selector, so a long chain costs one breadth-first search.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.errors import Conflict, NotFound, ValidationError
from graph.identity.compare import compare, identity_of
from graph.records.property_types import Invalid, reason_text

CONFIRMED, REJECTED, UNDONE = "confirmed", "rejected", "undone"
DECISIONS = (CONFIRMED, REJECTED)
SOURCE = "nexus:same-as-review"

_PERSONS = """
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {id: id})
RETURN id, p { .* } AS person
"""

_LINK = "MATCH (l:SameAsLink {id: $link_id}) RETURN l { .* } AS link"

# One statement: the link (created on first decision), both SAME_AS relationships and
# the event. `event_count` numbers the events, so event ids are stable and readable.
_DECIDE = """
MATCH (a:Person {id: $a}), (b:Person {id: $b})
MERGE (l:SameAsLink {id: $link_id})
  ON CREATE SET l.source = $source, l.recorded_by = $by, l.recorded_at = $at,
                l.event_count = 0
SET l.status = $status, l.reason = $reason, l.decided_by = $by, l.decided_at = $at,
    l.score = $score, l.event_count = l.event_count + 1
MERGE (a)-[ra:SAME_AS]->(l)
  ON CREATE SET ra.source = $source, ra.recorded_by = $by, ra.recorded_at = $at
MERGE (b)-[rb:SAME_AS]->(l)
  ON CREATE SET rb.source = $source, rb.recorded_by = $by, rb.recorded_at = $at
CREATE (l)-[:HAS_EVENT {source: $source, recorded_by: $by, recorded_at: $at}]->
       (:SameAsEvent {id: $link_id + '-E' + toString(l.event_count), seq: l.event_count,
                      action: $status,
                      by: $by, at: $at, reason: $reason, score: $score,
                      source: $source, recorded_by: $by, recorded_at: $at})
RETURN l { .* } AS link
"""

LINKS_OF = """
UNWIND $ids AS id
MATCH (p:Person {id: id})-[:SAME_AS]->(l:SameAsLink)<-[:SAME_AS]-(o:Person)
WITH id, l, o ORDER BY l.decided_at DESC, l.id
RETURN id, collect({link: l { .* }, other_id: o.id,
                    events: [(l)-[:HAS_EVENT]->(e:SameAsEvent) | e { .* }]}) AS links
"""

# The connected component over confirmed links; ANY keeps one path per reached person.
CLUSTER_OF = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL MATCH ANY (p) ((:Person)-[:SAME_AS]->(:SameAsLink {status: 'confirmed'})
                        <-[:SAME_AS]-(:Person))+ (q:Person)
WITH id, collect(DISTINCT q.id) AS others
RETURN id, [x IN others WHERE x <> id] AS others
"""

LINK_BY_ID = """
MATCH (p:Person)-[:SAME_AS]->(l:SameAsLink {id: $id})
WITH l, p ORDER BY p.id
RETURN l { .* } AS link, collect(p.id) AS person_ids,
       [(l)-[:HAS_EVENT]->(e:SameAsEvent) | e { .* }] AS events
"""


def link_id(person_id: str, other_id: str) -> str:
    first, second = sorted((person_id, other_id))
    return f"SA-{first}-{second}"


@dataclass(frozen=True)
class Link:
    """A decision as seen from one person: the other record, its state and events."""

    id: str
    other_id: str
    status: str
    reason: str
    decided_by: str
    decided_at: Any
    score: float | None
    events: list[dict[str, Any]]
    person_ids: tuple[str, str]

    @classmethod
    def of(cls, link: dict[str, Any], person_id: str, other_id: str,
           events: list[dict[str, Any]]) -> Link:
        ordered = sorted(events, key=lambda e: (e.get("seq") or 0, e["id"]))
        return cls(id=link["id"], other_id=other_id, status=link["status"],
                   reason=link.get("reason") or "", decided_by=link.get("decided_by") or "",
                   decided_at=link.get("decided_at"), score=link.get("score"),
                   events=ordered,
                   person_ids=(min(person_id, other_id), max(person_id, other_id)))


def clean_reason(reason: str | None) -> str:
    """A decision's reason, trimmed (the one rule for reasons:
    graph/records/property_types.py); ValidationError otherwise."""
    try:
        return reason_text(reason, "a reason is required for every decision")
    except Invalid as invalid:
        raise ValidationError("same_as", "reason", invalid.reason) from None


def _persons(tx: ManagedTransaction, ids: list[str]) -> dict[str, dict[str, Any]]:
    found = {r["id"]: r["person"] for r in tx.run(_PERSONS, ids=ids)}
    for person_id in ids:
        if found.get(person_id) is None:
            raise NotFound("Person", person_id)
    return found


def decide(tx: ManagedTransaction, person_id: str, other_id: str, status: str, reason: str,
           by: str, now: dt.datetime | None = None) -> tuple[dict[str, Any], bool]:
    """Confirm or reject that two records are one person. Returns (link, changed):
    repeating the current decision changes nothing (a retried request adds no event)."""
    if status not in DECISIONS:
        raise ValidationError("same_as", "status", f"must be one of {DECISIONS}")
    reason = clean_reason(reason)
    if not person_id or not other_id:
        raise ValidationError("same_as", "person_id", "two person ids are required")
    if person_id == other_id:
        raise ValidationError("same_as", "other_id", "a record cannot be the same as itself")
    persons = _persons(tx, [person_id, other_id])
    lid = link_id(person_id, other_id)
    current = tx.run(_LINK, link_id=lid).single()
    if current is not None and current["link"]["status"] == status:
        return current["link"], False
    score = compare(identity_of(persons[person_id]), identity_of(persons[other_id])).score
    first, second = sorted((person_id, other_id))
    record = tx.run(_DECIDE, a=first, b=second, link_id=lid, status=status, reason=reason,
                    by=by, at=now or dt.datetime.now(dt.UTC), score=score,
                    source=SOURCE).single(strict=True)
    link: dict[str, Any] = record["link"]
    return link, True


def undo(tx: ManagedTransaction, lid: str, reason: str, by: str,
         now: dt.datetime | None = None) -> dict[str, Any]:
    """Undo a confirmed or rejected decision: the link becomes `undone`, with an event."""
    reason = clean_reason(reason)
    found = tx.run(LINK_BY_ID, id=lid).single()
    if found is None:
        raise NotFound("SameAsLink", lid)
    if found["link"]["status"] == UNDONE:
        raise Conflict(f"SameAsLink {lid!r} is already undone")
    first, second = found["person_ids"]
    record = tx.run(_DECIDE, a=first, b=second, link_id=lid, status=UNDONE, reason=reason,
                    by=by, at=now or dt.datetime.now(dt.UTC),
                    score=found["link"].get("score"), source=SOURCE).single(strict=True)
    link: dict[str, Any] = record["link"]
    return link


def write_decision(driver: Driver, database: str, person_id: str, other_id: str, status: str,
                   reason: str, by: str) -> tuple[dict[str, Any], bool]:
    with driver.session(database=database) as session:
        return session.execute_write(decide, person_id, other_id, status, reason, by)


def write_undo(driver: Driver, database: str, lid: str, reason: str,
               by: str) -> dict[str, Any]:
    with driver.session(database=database) as session:
        return session.execute_write(undo, lid, reason, by)


def links_of(driver: Driver, database: str, person_ids: list[str]) -> dict[str, list[Link]]:
    """Every same-as decision about each person (any status), latest first."""
    records, _, _ = driver.execute_query(LINKS_OF, ids=person_ids, database_=database,
                                         routing_="r")
    found = {r["id"]: [Link.of(item["link"], r["id"], item["other_id"], item["events"])
                       for item in r["links"]] for r in records}
    return {person_id: found.get(person_id, []) for person_id in person_ids}


def link_by_id(driver: Driver, database: str, lid: str, viewer: str | None = None
               ) -> Link | None:
    records, _, _ = driver.execute_query(LINK_BY_ID, id=lid, database_=database,
                                         routing_="r")
    if not records:
        return None
    first, second = records[0]["person_ids"]
    me: str = viewer if viewer is not None and viewer in (first, second) else first
    return Link.of(records[0]["link"], me, second if me == first else first,
                   records[0]["events"])


def clusters_of(driver: Driver, database: str, person_ids: list[str]) -> dict[str, list[str]]:
    """The other records confirmed (transitively) to be the same person, by id."""
    records, _, _ = driver.execute_query(CLUSTER_OF, ids=person_ids, database_=database,
                                         routing_="r")
    found = {r["id"]: sorted(r["others"]) for r in records}
    return {person_id: found.get(person_id, []) for person_id in person_ids}
