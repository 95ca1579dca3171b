"""High-harm flags are a history: setting writes the flag and its "set" event; reviews
and clearing add events, and the flag's status follows them (one transaction each).

A flag set through the API is a case file (docs/flags.md): it rests on at least one
record of the flagged person (a conviction, arrest, charge or intelligence report that
mentions them), has an owner and a review date. Imported flags may lack them; they are
shown as resting on no recorded evidence."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from graph.errors import ValidationError
from graph.ids import new_id
from graph.records.kinds import EVIDENCE_FIELDS
from graph.records.writing import Tx, write_batch

# The evidence ids among `$ids` that are not a record of the person: unknown ids are
# left to the write layer's reference check (which names the field).
_FOREIGN_EVIDENCE = """
UNWIND $ids AS record_id
CALL (record_id) {
  MATCH (r:Conviction {id: record_id}) RETURN r
  UNION MATCH (r:Arrest {id: record_id}) RETURN r
  UNION MATCH (r:Charge {id: record_id}) RETURN r
  UNION MATCH (r:IntelligenceReport {id: record_id}) RETURN r
}
WITH r
WHERE NOT EXISTS {
        (:Person {id: $person_id})-[:WAS_CONVICTED|WAS_ARRESTED|WAS_CHARGED]->(r) }
  AND NOT EXISTS { (r)-[:MENTIONS]->(:Person {id: $person_id}) }
RETURN collect(r.id) AS foreign
"""


EVIDENCE_MAX = 10  # records one flag rests on: the API's declared bound (api/cost.py)


def set_flag(tx: Tx, row: Mapping[str, Any], *, case_file: bool = False) -> str:
    """Write a flag row (and its "set" event). Returns the flag id. With `case_file` (the
    API), the flag needs evidence, all of it records of the flagged person, an owner and
    a review date (ValidationError naming the field otherwise)."""
    if case_file:
        _check_case_file(tx, row)
    write_batch(tx, "flag", [row])
    return str(row["id"])


def _check_case_file(tx: Tx, row: Mapping[str, Any]) -> None:
    ids = [str(i) for name in EVIDENCE_FIELDS for i in row.get(name) or []]
    if not ids:
        raise ValidationError("flag", "evidence", "a flag rests on at least one record "
                                                  "(a conviction, arrest, charge or "
                                                  "intelligence report)")
    if len(ids) > EVIDENCE_MAX:
        raise ValidationError("flag", "evidence", f"at most {EVIDENCE_MAX} records")
    for name in ("owner", "review_date"):
        if not row.get(name):
            raise ValidationError("flag", name, "is required")
    record = tx.run(_FOREIGN_EVIDENCE, ids=ids, person_id=row.get("person_id")).single()
    foreign = record["foreign"] if record else []
    if foreign:
        raise ValidationError("flag", "evidence", f"{foreign[0]} is not a record of "
                                                  "the flagged person")


def review_flag(tx: Tx, flag_id: str, *, by: str, reason: str | None,
                next_review_date: date | str, source: str, at: datetime | None = None,
                event_id: str | None = None) -> str:
    """Record a review of an active flag and move its review date. Returns the event id."""
    return _event(tx, flag_id, "reviewed", by=by, reason=reason, source=source, at=at,
                  event_id=event_id, next_review_date=next_review_date)


def clear_flag(tx: Tx, flag_id: str, *, by: str, reason: str, source: str,
               at: datetime | None = None, event_id: str | None = None) -> str:
    """Clear an active flag (it stays in the history, cleared). Returns the event id."""
    return _event(tx, flag_id, "cleared", by=by, reason=reason, source=source, at=at,
                  event_id=event_id)


def _event(tx: Tx, flag_id: str, action: str, *, by: str, reason: str | None, source: str,
           at: datetime | None, event_id: str | None, **extra: Any) -> str:
    now = datetime.now(UTC)
    event_id = event_id or new_id("flag_event")
    write_batch(tx, "flag_event", [{
        "id": event_id, "flag_id": flag_id, "action": action, "at": at or now, "by": by,
        "reason": reason, "source": source, "recorded_by": by, "recorded_at": now, **extra}])
    return event_id
