"""High-harm flags are a history: setting writes the flag and its "set" event; reviews
and clearing add events, and the flag's status follows them (one transaction each)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from graph.ids import new_id
from graph.records.writing import Tx, write_batch


def set_flag(tx: Tx, row: Mapping[str, Any]) -> str:
    """Write a flag row (and its "set" event). Returns the flag id."""
    write_batch(tx, "flag", [row])
    return str(row["id"])


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
