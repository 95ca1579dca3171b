"""Sensitive operations: a supervisor marks a person as the subject of one, and owns it.

While it is active, everyone but the owner who opens the person sees, in place of the
deconfliction list, only who to contact; and each such look raises an alert for the owner
(graph/watches.py's alerts, kind `sensitive_consultation`), written in its own committed
transaction before the reader gets the answer, so none is lost when an API process stops.
Looks by one user under one purpose category on one day are one alert (its time is the
latest look, unread again after each), so a reader paging through records does not bury
the owner in alerts.

The graph: `(:User)-[:OWNS_OPERATION]->(:SensitiveOperation)-[:CONCERNS]->(:Person)`.
An operation is active while it holds `active_person_id`, which is unique (V0021): two
supervisors marking one person at once cannot both own it, and the check on every person
read is one index seek. Clearing keeps the node (who marked, who cleared, when) and alerts
the owner when someone else cleared it. Design note: docs/deconfliction.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from neo4j import Driver
from neo4j.exceptions import ConstraintError

from graph.audit.purposes import NOT_STATED
from graph.db.temporal import to_native
from graph.errors import Conflict, NotFound, ValidationError

MAX_REASON = 2000
LOOK_ALERT = "sensitive_consultation"
CLEARED_ALERT = "sensitive_operation_cleared"
ALERT_KINDS = (LOOK_ALERT, CLEARED_ALERT)

ACTIVE_OPERATION = """
MATCH (s:SensitiveOperation {active_person_id: $person_id})
RETURN s { .* } AS operation
"""
# The same, as a subquery of a read that has the person as `p` already (a profile): the
# operation comes with the person, one round trip instead of two.
ACTIVE_OPERATION_OF_P = """
CALL (p) {
  OPTIONAL MATCH (s:SensitiveOperation {active_person_id: p.id})
  RETURN s { .* } AS operation
}"""

# MERGE on the unique `active_person_id` locks it: a concurrent mark waits, then matches.
_MARK = """
MATCH (p:Person {id: $person_id})
MATCH (u:User {name: $owner})
MERGE (s:SensitiveOperation {active_person_id: $person_id})
ON CREATE SET s.id = $id, s.person_id = $person_id, s.owner = $owner, s.marked_at = $at
WITH s, p, u, s.owner = $owner AS mine
FOREACH (_ IN CASE WHEN mine THEN [1] ELSE [] END |
  SET s.reason = $reason
  MERGE (u)-[:OWNS_OPERATION]->(s)
  MERGE (s)-[:CONCERNS]->(p))
RETURN s { .* } AS operation, mine
"""

_CLEAR = """
MATCH (s:SensitiveOperation {active_person_id: $person_id})
SET s.active_person_id = null, s.cleared_at = $at, s.cleared_by = $user
WITH s
MATCH (p:Person {id: s.person_id})
OPTIONAL MATCH (owner:User {name: s.owner}) WHERE s.owner <> $user
FOREACH (_ IN CASE WHEN owner IS NULL THEN [] ELSE [1] END |
  MERGE (a:Alert {id: s.owner + '|' + $kind + '|' + s.id})
  ON CREATE SET a.kind = $kind, a.record_id = s.id, a.person_id = p.id,
    a.handling_code = 'P', a.recorded_by = $user, a.viewer_role = $role,
    a.purpose_category = $category, a.at = $at, a.read = false
  MERGE (owner)-[:HAS_ALERT]->(a)
  MERGE (a)-[:ABOUT]->(p))
RETURN s { .* } AS operation
"""

_LOOK = """
MATCH (s:SensitiveOperation {active_person_id: $person_id})
WHERE s.owner <> $viewer
MATCH (owner:User {name: s.owner})
MATCH (p:Person {id: $person_id})
MERGE (a:Alert {id: s.owner + '|' + $kind + '|' + s.id + '|' + $viewer + '|' + $category
                    + '|' + $day})
ON CREATE SET a.kind = $kind, a.record_id = s.id, a.person_id = p.id,
  a.handling_code = 'P', a.recorded_by = $viewer, a.viewer_role = $role,
  a.purpose_category = $category, a.first_at = $at
SET a.at = $at, a.read = false
MERGE (owner)-[:HAS_ALERT]->(a)
MERGE (a)-[:ABOUT]->(p)
RETURN count(a) AS raised
"""


@dataclass(frozen=True)
class SensitiveOperation:
    id: str
    person_id: str
    owner: str
    reason: str
    marked_at: dt.datetime

    @classmethod
    def of(cls, record: dict[str, Any]) -> SensitiveOperation:
        return cls(id=record["id"], person_id=record["person_id"], owner=record["owner"],
                   reason=record.get("reason") or "", marked_at=to_native(record["marked_at"]))


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) < 4:
        raise ValidationError("sensitive operation", "reason",
                              "say what the operation is (at least 4 characters)")
    if len(text) > MAX_REASON:
        raise ValidationError("sensitive operation", "reason", f"at most {MAX_REASON} characters")
    return text


def active(driver: Driver, database: str, person_id: str) -> SensitiveOperation | None:
    """The person's active sensitive operation, if any (one index seek)."""
    records, _, _ = driver.execute_query(ACTIVE_OPERATION, person_id=person_id,
                                         database_=database, routing_="r")
    return SensitiveOperation.of(records[0]["operation"]) if records else None


def mark(driver: Driver, database: str, owner: str, person_id: str, reason: str,
         at: dt.datetime | None = None) -> SensitiveOperation:
    """Mark the person (again: the owner's reason is replaced). NotFound for an unknown
    person; Conflict when another supervisor owns their active operation."""
    params = {"person_id": person_id, "owner": owner, "reason": _reason(reason),
              "id": f"SO-{uuid.uuid4().hex[:12]}", "at": at or dt.datetime.now(dt.UTC)}
    try:
        records, _, _ = driver.execute_query(_MARK, params, database_=database)
    except ConstraintError as exc:  # a concurrent mark won between the lock and the write
        raise Conflict(f"person {person_id!r} was marked by another supervisor meanwhile"
                       ) from exc
    if not records:
        raise NotFound("person", person_id, "personId")
    operation = SensitiveOperation.of(records[0]["operation"])
    if not records[0]["mine"]:
        raise Conflict(f"person {person_id!r} is already the subject of a sensitive "
                       f"operation owned by {operation.owner}")
    return operation


def clear(driver: Driver, database: str, user: str, person_id: str, *, role: str,
          category: str | None, at: dt.datetime | None = None) -> SensitiveOperation:
    """End the person's active operation (any supervisor may: the owner may be away);
    the owner is alerted when someone else did. NotFound when there is none."""
    records, _, _ = driver.execute_query(
        _CLEAR, person_id=person_id, user=user, role=role, kind=CLEARED_ALERT,
        category=category or NOT_STATED, at=at or dt.datetime.now(dt.UTC),
        database_=database)
    if not records:
        raise NotFound("sensitive operation on person", person_id, "personId")
    return SensitiveOperation.of(records[0]["operation"])


def record_look(driver: Driver, database: str, person_id: str, *, viewer: str, role: str,
                category: str | None, at: dt.datetime | None = None) -> int:
    """Alert the owner of the person's active operation that `viewer` looked (nothing when
    there is none or the viewer owns it); committed before this returns."""
    when = at or dt.datetime.now(dt.UTC)
    records, _, _ = driver.execute_query(
        _LOOK, person_id=person_id, viewer=viewer, role=role, kind=LOOK_ALERT,
        category=category or NOT_STATED, day=when.date().isoformat(), at=when,
        database_=database)
    raised: int = records[0]["raised"]
    return raised
