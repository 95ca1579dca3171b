"""Recording a MOPI review: keep a record with a new review date, or propose its disposal.

One `(record)-[:HAS_REVIEW]->(:ReviewEvent)` per review, written with the record's change
(`review_date` moved, or `disposal_proposed_at` set) in one transaction. Nothing is ever
deleted here: a record proposed for disposal stays, leaves the due list
(graph/reviews.py), and waits for whoever owns deletion.

Flags already have a review history (FlagEvents, graph/records/flags.py), from which
their status and review date are recomputed; a flag review goes down that path (a
"reviewed" FlagEvent) instead of a parallel ReviewEvent. A flag is cleared, not disposed
of, so "flag_for_disposal" is refused for flags.

Labels come only from `REVIEWED_KINDS` (code); every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.errors import Conflict, NotFound, ValidationError
from graph.records.flags import review_flag
from graph.reviews import REVIEWED_KINDS

OUTCOMES = ("retain", "flag_for_disposal")
DEFAULT_SOURCE = "nexus:reviews-due"
MAX_REASON = 2000

# The record as it stands: its review date, and what decides whether it may be reviewed.
_CURRENT: dict[str, str] = {kind: f"""
MATCH (n:{label} {{id: $record_id}})
RETURN n.review_date AS review_date, n.handling_code AS handling_code,
       n.status AS status, n.disposal_proposed_at AS disposal_proposed_at""" for
    kind, label in REVIEWED_KINDS.items()}

# The event and the record's change, together. MERGE on the event id: a retry with the same
# id is answered from the stored event before this runs (see `_record`).
_WRITE: dict[str, str] = {kind: f"""
MATCH (n:{label} {{id: $record_id}})
MERGE (e:ReviewEvent {{id: $event.id}})
SET e += $event
MERGE (n)-[r:HAS_REVIEW]->(e)
SET r.source = $event.source, r.recorded_by = $event.recorded_by,
    r.recorded_at = $event.recorded_at,
    n.review_date = CASE $event.outcome WHEN 'retain' THEN $event.next_review_date
                    ELSE n.review_date END,
    n.disposal_proposed_at = CASE $event.outcome WHEN 'flag_for_disposal' THEN $event.at
                             ELSE n.disposal_proposed_at END
RETURN e.id AS id""" for kind, label in REVIEWED_KINDS.items() if kind != "flag"}

_EXISTING = """
MATCH (n)-[:HAS_REVIEW]->(e:ReviewEvent {id: $id})
RETURN e { .* } AS event, n.id AS record_id"""


@dataclass(frozen=True)
class ReviewEvent:
    id: str
    kind: str
    record_id: str
    outcome: str
    reason: str
    by: str
    at: dt.datetime
    previous_review_date: dt.date | None
    next_review_date: dt.date | None
    source: str
    recorded_by: str
    recorded_at: dt.datetime


_STORED = ("id", "outcome", "reason", "by", "at", "previous_review_date", "next_review_date",
           "source", "recorded_by", "recorded_at")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def check(kind: str, outcome: str, reason: str, next_review_date: dt.date | None,
          today: dt.date) -> str:
    """Validate a review before touching the graph; returns the reason, trimmed."""
    if kind not in REVIEWED_KINDS:
        raise ValidationError("review", "kind", f"unknown record kind {kind!r}; kinds with "
                              f"review dates: {', '.join(REVIEWED_KINDS)}")
    if outcome not in OUTCOMES:
        raise ValidationError("review", "outcome",
                              f"{outcome!r} is not an outcome: {' or '.join(OUTCOMES)}")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("review", "reason", "say why (a review needs a reason)")
    if len(reason) > MAX_REASON:
        raise ValidationError("review", "reason", f"at most {MAX_REASON} characters")
    if outcome == "retain":
        if next_review_date is None:
            raise ValidationError("review", "next_review_date",
                                  "keeping a record needs the next review date")
        if next_review_date <= today:
            raise ValidationError("review", "next_review_date",
                                  f"{next_review_date.isoformat()} is not in the future "
                                  f"(today is {today.isoformat()})")
    elif next_review_date is not None:
        raise ValidationError("review", "next_review_date",
                              "a record proposed for disposal gets no new review date")
    if kind == "flag" and outcome == "flag_for_disposal":
        raise ValidationError("review", "outcome", "a flag is cleared (clearFlag), not "
                              "disposed of: it stays in the person's history")
    return reason


def record_review(driver: Driver, database: str, kind: str, record_id: str, outcome: str,
                  reason: str, next_review_date: dt.date | None, by: str,
                  at: dt.datetime | None = None, *,
                  handling_codes: frozenset[str] | set[str] = frozenset({"P", "C"}),
                  source: str = DEFAULT_SOURCE, event_id: str | None = None) -> ReviewEvent:
    """Record one review in one transaction; ValidationError / NotFound / Conflict write
    nothing. A report whose handling code is not in `handling_codes` is "not found"."""
    now = dt.datetime.now(dt.UTC)
    at = at or now
    reason = check(kind, outcome, reason, next_review_date, at.date())
    event = {"id": event_id or f"RV-{uuid.uuid4().hex[:16].upper()}", "outcome": outcome,
             "reason": reason, "by": by, "at": at, "next_review_date": next_review_date,
             "source": source, "recorded_by": by, "recorded_at": now}

    def work(tx: ManagedTransaction) -> ReviewEvent:
        return _record(tx, kind, record_id, event, frozenset(handling_codes))

    try:
        with driver.session(database=database) as session:
            return session.execute_write(work)
    except ConstraintError as exc:
        raise Conflict(f"the review breaks a uniqueness rule: {exc.message}") from exc


def _record(tx: ManagedTransaction, kind: str, record_id: str, event: dict[str, Any],
            codes: frozenset[str]) -> ReviewEvent:
    again = tx.run(_EXISTING, id=event["id"]).single()
    if again:  # an idempotent retry: answer with what was written the first time
        stored = {k: _native(v) for k, v in again["event"].items()}
        return ReviewEvent(kind=kind, record_id=again["record_id"], **{
            name: stored.get(name) for name in _STORED})
    current = tx.run(_CURRENT[kind], record_id=record_id).single()
    what = kind.replace("_", " ")
    if current is None or (kind == "intelligence_report"
                           and current["handling_code"] not in codes):
        raise NotFound(what, record_id)  # a report the caller may not see reads the same
    if current["disposal_proposed_at"] is not None:
        raise Conflict(f"{what} {record_id!r} was proposed for disposal on "
                       f"{_native(current['disposal_proposed_at']).date().isoformat()}; "
                       "what happens next is for the owner of deletion")
    if kind == "flag" and current["status"] != "active":
        raise Conflict(f"flag {record_id!r} is cleared: nothing left to review")
    previous = _native(current["review_date"])
    if kind == "flag":
        event["id"] = review_flag(
            tx, record_id, by=event["by"], reason=event["reason"], source=event["source"],
            next_review_date=event["next_review_date"], at=event["at"],
            event_id="FE-" + event["id"].removeprefix("RV-"))
    else:
        tx.run(_WRITE[kind], record_id=record_id,
               event={**event, "previous_review_date": previous}).consume()
    return ReviewEvent(kind=kind, record_id=record_id, previous_review_date=previous, **event)
