"""Withdrawing a disposal proposal: the record is kept after all, with a new review date.

A review that proposed a record for disposal (graph/reviews/events.py) set
`disposal_proposed_at` and took the record off the due list. Withdrawing the proposal
writes one more `(record)-[:HAS_REVIEW]->(:ReviewEvent {outcome: "withdraw_disposal"})`
with the previous and next review dates, clears `disposal_proposed_at` and moves the
review date, in one transaction; the proposal's own event stays in the history.

Like a review, the transaction locks the record before reading it, so two supervisors
withdrawing at once queue up and the second is told the proposal is gone (Conflict).
Flags are never proposed for disposal, so they have nothing to withdraw.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.access import FULL, Clearance
from graph.errors import Conflict, ValidationError
from graph.reviews.due import PROPOSABLE_KINDS
from graph.reviews.events import (
    DEFAULT_SOURCE,
    EVENT_AND_LINK,
    WITHDRAW,
    ReviewEvent,
    check_next_date,
    check_reason,
    expect_date,
    lock_and_read,
    new_event,
    stored_event,
    write,
)

# The event, the proposal cleared and the new date, together. MERGE on the event id: a
# retry with the same id is answered from the stored event before this runs.
_WITHDRAW: dict[str, str] = {kind: f"""
MATCH (n:{label} {{id: $record_id}}){EVENT_AND_LINK}
    n.review_date = $event.next_review_date
REMOVE n.disposal_proposed_at
RETURN e.id AS id""" for kind, label in PROPOSABLE_KINDS.items()}


def check_withdrawal(kind: str, reason: str, next_review_date: dt.date | None,
                     today: dt.date) -> str:
    """Validate a withdrawal before touching the graph; returns the reason, trimmed."""
    if kind not in PROPOSABLE_KINDS:
        raise ValidationError("review", "kind", f"{kind!r} is not a kind that can be proposed "
                              f"for disposal: {', '.join(PROPOSABLE_KINDS)}")
    reason = check_reason(reason)
    check_next_date(next_review_date, today,
                    "keeping the record needs its next review date")
    return reason


def withdraw_disposal_proposal(
        driver: Driver, database: str, kind: str, record_id: str, reason: str,
        next_review_date: dt.date | None, by: str, at: dt.datetime | None = None, *,
        clearance: Clearance = FULL,
        source: str = DEFAULT_SOURCE, event_id: str | None = None,
        expected_review_date: dt.date | None = None) -> ReviewEvent:
    """Withdraw a record's disposal proposal in one transaction; ValidationError /
    NotFound / Conflict (not proposed, or its review date moved from
    `expected_review_date`) write nothing. A report whose handling code is not in
    `clearance` does not see is "not found"."""
    at = at or dt.datetime.now(dt.UTC)
    reason = check_withdrawal(kind, reason, next_review_date, at.date())
    event = new_event(WITHDRAW, reason, next_review_date, by, at, source, event_id)
    return write(driver, database, lambda tx: withdraw_in_tx(
        tx, kind, record_id, event, clearance, expected_review_date))


def withdraw_in_tx(tx: ManagedTransaction, kind: str, record_id: str, event: dict[str, Any],
                   clearance: Clearance, expected: dt.date | None) -> ReviewEvent:
    """Withdraw a checked proposal (`check_withdrawal`, `new_event`) inside the caller's
    transaction."""
    current = lock_and_read(tx, kind, record_id, clearance)
    again = stored_event(tx, kind, event["id"])
    if again:  # an idempotent retry: answer with what was written the first time
        return again
    if current["disposal_proposed_at"] is None:
        raise Conflict(f"{kind.replace('_', ' ')} {record_id!r} is not proposed for "
                       "disposal: nothing to withdraw")
    previous = current["review_date"]
    expect_date(kind, record_id, previous, expected)
    tx.run(_WITHDRAW[kind], record_id=record_id,
           event={**event, "previous_review_date": previous}).consume()
    return ReviewEvent(kind=kind, record_id=record_id, previous_review_date=previous, **event)
