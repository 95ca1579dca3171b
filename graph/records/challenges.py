"""Challenges to a flag: anyone may record one (who raised it, the grounds); a supervisor
decides it with reasons. Upholding a challenge clears the flag in the same transaction
(its "cleared" event says why), so a flag nobody can defend does not stand
(docs/flags.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.errors import Conflict, NotFound, ValidationError
from graph.ids import new_id
from graph.records.flags import clear_flag
from graph.records.writing import Tx, write_batch

_DECIDE = """
MATCH (f:Flag)-[:HAS_CHALLENGE]->(c:FlagChallenge {id: $challenge_id})
SET c.write_lock = true
REMOVE c.write_lock
WITH f, c, c.status AS before
FOREACH (_ IN CASE WHEN before = 'open' THEN [1] ELSE [] END |
  SET c.status = $status, c.decided_by = $by, c.decided_at = datetime($at),
      c.decision_reason = $reason)
RETURN f.id AS flag_id, f.status AS flag_status, before
"""


def challenge_flag(tx: Tx, flag_id: str, *, raised_by: str, grounds: str, by: str,
                   source: str, raised_by_detail: str | None = None,
                   at: datetime | None = None, challenge_id: str | None = None) -> str:
    """Record an open challenge to a flag (validated as a flag_challenge row: an unknown
    flag or raiser is a RowError). Returns the challenge id."""
    now = datetime.now(UTC)
    challenge_id = challenge_id or new_id("flag_challenge")
    write_batch(tx, "flag_challenge", [{
        "id": challenge_id, "flag_id": flag_id, "raised_by": raised_by,
        "raised_by_detail": raised_by_detail, "grounds": grounds, "raised_at": at or now,
        "status": "open", "source": source, "recorded_by": by, "recorded_at": now}])
    return challenge_id


def decide_challenge(tx: Tx, challenge_id: str, *, upheld: bool, reason: str, by: str,
                     source: str, at: datetime | None = None) -> str:
    """Decide an open challenge. Upheld: the flag is cleared too (if it still stands).
    NotFound for an unknown challenge, Conflict for one already decided. Returns the
    flag's id."""
    if not reason or not reason.strip():
        raise ValidationError("flag challenge", "reason", "a decision needs its reasons")
    when = at or datetime.now(UTC)
    record = tx.run(_DECIDE, challenge_id=challenge_id,
                    status="upheld" if upheld else "rejected", by=by, reason=reason,
                    at=when.isoformat()).single()
    if record is None:
        raise NotFound("flag challenge", challenge_id, field="challenge_id")
    if record["before"] != "open":
        raise Conflict(f"challenge {challenge_id!r} was already decided ({record['before']})")
    if upheld and record["flag_status"] == "active":
        clear_flag(tx, record["flag_id"], by=by, reason=f"Challenge upheld: {reason}",
                   source=source, at=when)
    return str(record["flag_id"])
