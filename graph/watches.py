"""Watches and alerts: an officer follows a person and is told what is newly recorded.

`watch` links `(:User)-[:WATCHES {reason, since, purpose_category, case_reference}]->
(:Person)`. When a record about a watched person is first written (an arrest, charge,
conviction, association, membership, incident role, intelligence report naming them, flag,
flag event or challenge, check, warrant, or a possible duplicate), `raise_alerts` writes
an `(:Alert)` for each watcher **in the writer's own transaction**: an alert commits with
its record or not at all, so none is lost when an API process stops. Nothing is queued in
memory.

An alert carries the handling code of its record (P when ungraded) and is listed only to
a reader whose clearance covers it, so an alert never reveals C material. A rewrite of a
graded record moves its alerts to the record's new code. The writer's own records raise
no alert for the writer.

Alert ids are deterministic (watcher, kind, record, person), so a retried write raises
nothing twice. Sensitive operations raise two more kinds for their owner
(graph/deconfliction/sensitive.py). Design note: docs/watches.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from neo4j import Driver, ManagedTransaction, Transaction

from graph.access import Clearance, visible
from graph.errors import NotFound, ValidationError

Tx = Transaction | ManagedTransaction
MAX_REASON = 2000
MAX_MARK = 500

# Record kinds that raise an alert, and how the person is found: the row's `person_id`
# (and for an association its other end), the people an intelligence report mentions, or
# the owner of the flag an event or challenge belongs to.
PERSON_KINDS = frozenset({"arrest", "charge", "conviction", "warrant", "check", "flag",
                          "incident_role", "association", "membership"})
FLAG_KINDS = frozenset({"flag_event", "flag_challenge"})
ALERT_KINDS = (*sorted(PERSON_KINDS), *sorted(FLAG_KINDS), "intelligence_report",
               "possible_duplicate")

_ANY_WATCH = "MATCH ()-[w:WATCHES]->() RETURN count(w) > 0 AS watched"

_RAISE = """
UNWIND $events AS event
CALL (event) {
  WITH event WHERE event.person_id IS NOT NULL
  MATCH (p:Person {id: event.person_id})
  RETURN p
  UNION
  WITH event WHERE event.flag_id IS NOT NULL
  MATCH (p:Person)-[:HAS_FLAG]->(:Flag {id: event.flag_id})
  RETURN p
}
MATCH (u:User)-[:WATCHES]->(p)
WHERE event.by IS NULL OR u.name <> event.by
MERGE (a:Alert {id: u.name + '|' + event.kind + '|' + event.record_id + '|' + p.id})
ON CREATE SET a.kind = event.kind, a.record_id = event.record_id, a.person_id = p.id,
  a.handling_code = event.handling_code, a.recorded_by = event.by, a.at = datetime(),
  a.read = false
MERGE (u)-[:HAS_ALERT]->(a)
MERGE (a)-[:ABOUT]->(p)
RETURN count(a) AS raised
"""

_REGRADE = """
UNWIND $rows AS row
MATCH (a:Alert {record_id: row.id})
SET a.handling_code = row.handling_code
"""

_WATCH = """
MATCH (u:User {name: $user})
MATCH (p:Person {id: $person_id})
MERGE (u)-[w:WATCHES]->(p)
ON CREATE SET w.since = $at
SET w.reason = $reason, w.purpose_category = $category, w.case_reference = $case_reference
RETURN w { .* } AS watch, p { .* } AS person
"""

_UNWATCH = """
MATCH (:User {name: $user})-[w:WATCHES]->(:Person {id: $person_id})
DELETE w
RETURN count(*) AS removed
"""

_WATCHES = """
MATCH (:User {name: $user})-[w:WATCHES]->(p:Person)
WITH w, p ORDER BY w.since DESC, p.id
WITH collect({watch: w { .* }, person: p { .* }}) AS found
RETURN size(found) AS total, found[$skip..$skip + $first] AS page
"""

_ALERTS = f"""
OPTIONAL MATCH (:User {{name: $user}})-[:HAS_ALERT]->(a:Alert)-[:ABOUT]->(p:Person)
WHERE {visible('a')}
WITH a, p ORDER BY a.at DESC, a.id
WITH collect(CASE WHEN a IS NULL THEN null ELSE
             {{alert: a {{ .* }}, person: p {{ .* }}}} END) AS found
WITH found, [f IN found WHERE NOT f.alert.read] AS unread
WITH unread, CASE WHEN $unread_only THEN unread ELSE found END AS listed
RETURN size(unread) AS unread, size(listed) AS total, listed[$skip..$skip + $first] AS page
"""

_UNREAD = f"""
MATCH (:User {{name: $user}})-[:HAS_ALERT]->(a:Alert)
WHERE NOT a.read AND {visible('a')}
RETURN count(a) AS unread
"""

_MARK_READ = f"""
MATCH (:User {{name: $user}})-[:HAS_ALERT]->(a:Alert)
WHERE ($ids IS NULL OR a.id IN $ids) AND NOT a.read AND {visible('a')}
SET a.read = true, a.read_at = $at
RETURN count(a) AS marked
"""


def alert_events(kind: str, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One event per (record, person) for the rows of `kind` that raise alerts."""
    events: list[dict[str, Any]] = []
    for row in rows:
        base = {"kind": kind, "record_id": row["id"], "by": row.get("recorded_by"),
                "handling_code": row.get("handling_code") or "P", "flag_id": None}
        if kind in PERSON_KINDS:
            people = [row.get("person_id")]
            if kind == "association":
                people.append(row.get("other_person_id"))
        elif kind == "intelligence_report":
            people = list(row.get("mentions_person_ids") or [])
        elif kind in FLAG_KINDS:
            events.append({**base, "person_id": None, "flag_id": row.get("flag_id")})
            continue
        else:
            continue
        events += [{**base, "person_id": person} for person in dict.fromkeys(people) if person]
    return events


def _anyone_watches(tx: Tx) -> bool:
    watched: bool = tx.run(_ANY_WATCH).single(strict=True)["watched"]
    return watched


def _raise(tx: Tx, events: list[dict[str, Any]]) -> int:
    if not events:
        return 0
    raised: int = tx.run(_RAISE, events=events).single(strict=True)["raised"]
    return raised


def raise_alerts(tx: Tx, kind: str, new_rows: Sequence[Mapping[str, Any]],
                 rewritten: Sequence[Mapping[str, Any]] = (), graded: bool = False) -> int:
    """Alerts for the watchers of the people `new_rows` (first writes) are about, in the
    caller's transaction; for `graded` kinds, `rewritten` rows' alerts take their new
    handling code. Costs one count-store read when nobody watches anyone."""
    events = alert_events(kind, new_rows)
    if not events and not (graded and rewritten):
        return 0
    if not _anyone_watches(tx):
        return 0
    if graded and rewritten:
        tx.run(_REGRADE, rows=[{"id": row["id"], "handling_code": row.get("handling_code")
                                or "P"} for row in rewritten]).consume()
    return _raise(tx, events)


def duplicate_events(tx: Tx, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Before possible-duplicate pairs (`candidate_row`s) are written: an event for each
    person of each pair not stored yet. Call `raise_events` with them after the write."""
    if not rows or not _anyone_watches(tx):
        return []
    stored = set(tx.run("MATCH (c:DuplicateCandidate) WHERE c.id IN $ids "
                        "RETURN collect(c.id) AS ids",
                        ids=[row["id"] for row in rows]).single(strict=True)["ids"])
    return [{"kind": "possible_duplicate", "record_id": row["id"], "person_id": person,
             "by": None, "handling_code": "P", "flag_id": None}
            for row in rows if row["id"] not in stored for person in (row["a_id"], row["b_id"])]


def raise_events(tx: Tx, events: list[dict[str, Any]]) -> int:
    """Alerts for events `duplicate_events` gave, once their records are written."""
    return _raise(tx, events)


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) < 4:
        raise ValidationError("watch", "reason",
                              "say why you follow this person (at least 4 characters)")
    if len(text) > MAX_REASON:
        raise ValidationError("watch", "reason", f"at most {MAX_REASON} characters")
    return text


def watch(driver: Driver, database: str, user: str, person_id: str, reason: str,
          at: dt.datetime | None = None, *, category: str | None = None,
          case_reference: str | None = None) -> dict[str, Any]:
    """Follow a person (again: the reason is replaced, `since` kept); {watch, person}.
    The session's purpose category and case reference are kept with the watch: others'
    deconfliction cards show the category, and the reason only to the same case."""
    params = {"user": user, "person_id": person_id, "reason": _reason(reason),
              "at": at or dt.datetime.now(dt.UTC), "category": category,
              "case_reference": case_reference}
    records, _, _ = driver.execute_query(_WATCH, params, database_=database)
    if not records:
        raise NotFound("person", person_id, "personId")
    return {"watch": dict(records[0]["watch"]), "person": dict(records[0]["person"])}


def unwatch(driver: Driver, database: str, user: str, person_id: str) -> bool:
    """Stop following a person; False when the user did not follow them. Alerts stay."""
    records, _, _ = driver.execute_query(_UNWATCH, user=user, person_id=person_id,
                                         database_=database)
    return bool(records[0]["removed"])


def watches(driver: Driver, database: str, user: str, *, first: int, skip: int = 0
            ) -> tuple[int, list[dict[str, Any]]]:
    """(total, page of {watch, person}): the people a user follows, newest first."""
    records, _, _ = driver.execute_query(_WATCHES, user=user, first=first, skip=skip,
                                         database_=database, routing_="r")
    return records[0]["total"], [dict(item) for item in records[0]["page"]]


def alerts(driver: Driver, database: str, user: str, clearance: Clearance, *,
           first: int, skip: int = 0, unread_only: bool = False
           ) -> tuple[int, int, list[dict[str, Any]]]:
    """(total listed, unread, page of {alert, person}) newest first, only alerts whose
    handling code `clearance` covers."""
    records, _, _ = driver.execute_query(
        _ALERTS, user=user, first=first, skip=skip, unread_only=unread_only,
        database_=database, routing_="r", **clearance.params)
    record = records[0]
    return record["total"], record["unread"], [dict(item) for item in record["page"]]


def unread_count(driver: Driver, database: str, user: str, clearance: Clearance) -> int:
    """How many of the user's alerts `clearance` covers are unread (the nav's badge)."""
    records, _, _ = driver.execute_query(_UNREAD, user=user, database_=database,
                                         routing_="r", **clearance.params)
    unread: int = records[0]["unread"]
    return unread


def mark_read(driver: Driver, database: str, user: str, clearance: Clearance,
              ids: list[str] | None, at: dt.datetime | None = None) -> int:
    """Mark the user's alerts read (all visible ones when `ids` is None); how many."""
    if ids is not None and len(ids) > MAX_MARK:
        raise ValidationError("alert", "ids", f"at most {MAX_MARK} at once")
    records, _, _ = driver.execute_query(
        _MARK_READ, user=user, ids=ids, at=at or dt.datetime.now(dt.UTC),
        database_=database, **clearance.params)
    marked: int = records[0]["marked"]
    return marked
