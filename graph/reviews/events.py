"""Recording a MOPI review: keep a record with a new review date, or propose its disposal.

One `(record)-[:HAS_REVIEW]->(:ReviewEvent)` per review, written with the record's change
(`review_date` moved, or `disposal_proposed_at` set) in one transaction. Nothing is ever
deleted here: a record proposed for disposal stays, leaves the due list
(graph/reviews/due.py), and waits for whoever owns deletion.

Flags already have a review history (FlagEvents, graph/records/flags.py), from which
their status and review date are recomputed; a flag review goes down that path (a
"reviewed" FlagEvent) instead of a parallel ReviewEvent. A flag is cleared, not disposed
of, so "flag_for_disposal" is refused for flags.

Two reviewers of one record at once: the transaction first takes the record's write lock
(`_LOCK`, a write that leaves nothing behind), and only then reads it. The second reviewer
waits for the first to commit, then reads what the first wrote: a review date other than
the one it was shown (`expected_review_date`), or a disposal proposal, is a Conflict and
nothing is written. Withdrawing a proposal (graph/reviews/withdraw.py) goes the same way.

Labels come only from `REVIEWED_KINDS` (code); every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.access import FULL, Clearance
from graph.db.temporal import to_native
from graph.errors import Conflict, NotFound, ValidationError
from graph.ids import new_id
from graph.records.flags import review_flag
from graph.records.property_types import Invalid, reason_text
from graph.reviews.due import REVIEWED_KINDS

OUTCOMES = ("retain", "flag_for_disposal")  # what recordReview may record
WITHDRAW = "withdraw_disposal"  # the outcome of a withdrawn proposal (review_withdraw.py)
DEFAULT_SOURCE = "nexus:reviews-due"

# The record as it stands: its review date, and what decides whether it may be reviewed.
_CURRENT: dict[str, str] = {kind: f"""
MATCH (n:{label} {{id: $record_id}})
RETURN n.review_date AS review_date, n.handling_code AS handling_code,
       n.status AS status, n.disposal_proposed_at AS disposal_proposed_at""" for
    kind, label in REVIEWED_KINDS.items()}

# Takes the record's write lock (held to commit) before anything is read: SET then REMOVE
# leaves no property behind, but the lock is taken at the SET.
_LOCK: dict[str, str] = {kind: f"""
MATCH (n:{label} {{id: $record_id}})
SET n.review_lock = true
REMOVE n.review_lock""" for kind, label in REVIEWED_KINDS.items()}

# The event and the record's change, together. MERGE on the event id: a retry with the same
# id is answered from the stored event before this runs (see `_record`).
# The event written and linked to record `n`, with the link's provenance; a statement
# continues the SET with the record's own change.
EVENT_AND_LINK = """
MERGE (e:ReviewEvent {id: $event.id})
SET e += $event
MERGE (n)-[r:HAS_REVIEW]->(e)
SET r.source = $event.source, r.recorded_by = $event.recorded_by,
    r.recorded_at = $event.recorded_at,"""

_WRITE: dict[str, str] = {kind: f"""
MATCH (n:{label} {{id: $record_id}}){EVENT_AND_LINK}
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


def check_reason(reason: str | None) -> str:
    """A review's reason, trimmed; ValidationError when blank, too long or holding control
    characters (the one rule for reasons: graph/records/property_types.py)."""
    try:
        return reason_text(reason, "say why (a review needs a reason)")
    except Invalid as invalid:
        raise ValidationError("review", "reason", invalid.reason) from None


def check_next_date(next_review_date: dt.date | None, today: dt.date, missing: str) -> None:
    """The next review date must be given, and after `today`."""
    if next_review_date is None:
        raise ValidationError("review", "next_review_date", missing)
    if next_review_date <= today:
        raise ValidationError("review", "next_review_date",
                              f"{next_review_date.isoformat()} is not in the future "
                              f"(today is {today.isoformat()})")


def check(kind: str, outcome: str, reason: str, next_review_date: dt.date | None,
          today: dt.date) -> str:
    """Validate a review before touching the graph; returns the reason, trimmed."""
    if kind not in REVIEWED_KINDS:
        raise ValidationError("review", "kind", f"unknown record kind {kind!r}; kinds with "
                              f"review dates: {', '.join(REVIEWED_KINDS)}")
    if outcome not in OUTCOMES:
        raise ValidationError("review", "outcome",
                              f"{outcome!r} is not an outcome: {' or '.join(OUTCOMES)}")
    reason = check_reason(reason)
    if outcome == "retain":
        check_next_date(next_review_date, today, "keeping a record needs the next review date")
    elif next_review_date is not None:
        raise ValidationError("review", "next_review_date",
                              "a record proposed for disposal gets no new review date")
    if kind == "flag" and outcome == "flag_for_disposal":
        raise ValidationError("review", "outcome", "a flag is cleared (clearFlag), not "
                              "disposed of: it stays in the person's history")
    return reason


def new_event(outcome: str, reason: str, next_review_date: dt.date | None, by: str,
              at: dt.datetime | None, source: str, event_id: str | None) -> dict[str, Any]:
    """A ReviewEvent's properties (less `previous_review_date`, read in the transaction)."""
    now = dt.datetime.now(dt.UTC)
    return {"id": event_id or new_id("review_event"), "outcome": outcome,
            "reason": reason, "by": by, "at": at or now, "next_review_date": next_review_date,
            "source": source, "recorded_by": by, "recorded_at": now}


def write(driver: Driver, database: str, work: Callable[[ManagedTransaction], ReviewEvent]
          ) -> ReviewEvent:
    """Run `work` in one write transaction; a uniqueness breach is a Conflict."""
    try:
        with driver.session(database=database) as session:
            return session.execute_write(work)
    except ConstraintError as exc:
        raise Conflict(f"the review breaks a uniqueness rule: {exc.message}") from exc


def record_review(driver: Driver, database: str, kind: str, record_id: str, outcome: str,
                  reason: str, next_review_date: dt.date | None, by: str,
                  at: dt.datetime | None = None, *,
                  clearance: Clearance = FULL,
                  source: str = DEFAULT_SOURCE, event_id: str | None = None,
                  expected_review_date: dt.date | None = None) -> ReviewEvent:
    """Record one review in one transaction; ValidationError / NotFound / Conflict write
    nothing. A report whose handling code `clearance` does not see is "not found".
    With `expected_review_date` (the date the reviewer was shown), a record whose review
    date has moved since is a Conflict: someone else reviewed it first."""
    at = at or dt.datetime.now(dt.UTC)
    reason = check(kind, outcome, reason, next_review_date, at.date())
    event = new_event(outcome, reason, next_review_date, by, at, source, event_id)
    return write(driver, database, lambda tx: review_in_tx(
        tx, kind, record_id, event, clearance, expected_review_date))


def stored_event(tx: ManagedTransaction, kind: str, event_id: str) -> ReviewEvent | None:
    """The event already written under this id (an idempotent retry), or None."""
    again = tx.run(_EXISTING, id=event_id).single()
    if again is None:
        return None
    stored = {k: to_native(v) for k, v in again["event"].items()}
    fields: dict[str, Any] = {name: stored.get(name) for name in _STORED}
    return ReviewEvent(kind=kind, record_id=again["record_id"], **fields)


def lock_and_read(tx: ManagedTransaction, kind: str, record_id: str,
                  clearance: Clearance) -> dict[str, Any]:
    """Lock the record, then read it as committed; NotFound for a missing record and for a
    report whose handling code `clearance` does not see (the same message)."""
    tx.run(_LOCK[kind], record_id=record_id).consume()
    current = tx.run(_CURRENT[kind], record_id=record_id).single()
    if current is None or (kind == "intelligence_report" and not clearance.sees(current)):
        raise NotFound(kind.replace("_", " "), record_id)
    return {k: to_native(v) for k, v in current.items()}


def expect_date(kind: str, record_id: str, current: dt.date | None,
                expected: dt.date | None) -> None:
    """Conflict when the reviewer was shown another review date than the record has now."""
    if expected is not None and current != expected:
        raise Conflict(f"{kind.replace('_', ' ')} {record_id!r} is now due for review on "
                       f"{current.isoformat() if current else 'no date'}, not "
                       f"{expected.isoformat()} as listed: someone else reviewed it first")


def review_in_tx(tx: ManagedTransaction, kind: str, record_id: str, event: dict[str, Any],
                 clearance: Clearance, expected: dt.date | None) -> ReviewEvent:
    """Record a checked review (`check`, `new_event`) inside the caller's transaction."""
    current = lock_and_read(tx, kind, record_id, clearance)
    again = stored_event(tx, kind, event["id"])
    if again:  # an idempotent retry: answer with what was written the first time
        return again
    what = kind.replace("_", " ")
    if current["disposal_proposed_at"] is not None:
        raise Conflict(f"{what} {record_id!r} was proposed for disposal on "
                       f"{current['disposal_proposed_at'].date().isoformat()}; "
                       "withdraw the proposal first to review it again")
    if kind == "flag" and current["status"] != "active":
        raise Conflict(f"flag {record_id!r} is cleared: nothing left to review")
    previous = current["review_date"]
    expect_date(kind, record_id, previous, expected)
    if kind == "flag":  # a copy: the driver may run this function again on a transient error
        event = {**event, "id": "FE-" + event["id"].removeprefix("RV-")}
        review_flag(
            tx, record_id, by=event["by"], reason=event["reason"], source=event["source"],
            next_review_date=event["next_review_date"], at=event["at"],
            event_id=event["id"])
    else:
        tx.run(_WRITE[kind], record_id=record_id,
               event={**event, "previous_review_date": previous}).consume()
    return ReviewEvent(kind=kind, record_id=record_id, previous_review_date=previous, **event)
