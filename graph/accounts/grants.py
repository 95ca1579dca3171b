"""Revoked sign-ins: the server-side half of signing out.

Tokens and sessions are signed, not stored, so without a record here a stolen cookie or
token would stay valid until it expired. Each grant carries an id (`jti`) and its issue
time; a grant is refused when its id is in a `:RevokedGrant` node (sign-out, `nexus token
revoke`) or when it was issued before its user's `grants_revoked_at` (set when the user is
disabled, so re-enabling the account does not bring old grants back).

`grant_holder` is the request path's one query: it reads the user and whether the grant
is revoked together, in a single attempt with no retries, so every request sees a
revocation at once (in every API process) and an outage answers at once instead of after
the driver's retry budget. On a single server the same reading can instead ride in the
request's first read (`holder_rider`, graph/db/riders.py): one round trip for both.
"""

from __future__ import annotations

import re
import time

from neo4j import Driver, ManagedTransaction, Record
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph.accounts.users import User, read_once, user_from_record
from graph.db.riders import Rider
from graph.errors import DatabaseUnavailable, ValidationError

GRANT_ID = re.compile(r"[0-9a-f]{16,64}")

# The grant's holder and whether the grant is revoked, as one row (OPTIONAL: an unknown
# user is a row too), asked on its own (`grant_holder`) or carried by a read
# (`holder_rider`).
GRANT_HOLDER = """
OPTIONAL MATCH (holder:User {name: $holder_name})
OPTIONAL MATCH (revocation:RevokedGrant {id: $holder_grant_id})
RETURN holder { .name, .role, .active } AS holder_user,
       revocation IS NOT NULL
           OR coalesce(holder.grants_revoked_at.epochMillis >= $holder_issued_ms, false)
           AS holder_revoked
"""
_REVOKE = """
MERGE (r:RevokedGrant {id: $grant_id})
ON CREATE SET r.user = $user, r.revoked_at = datetime(),
              r.expires_at = datetime({epochMillis: $expires_ms})
"""
# Revocations outlive their grant by nothing: an expired grant is refused anyway.
_PRUNE = """
MATCH (r:RevokedGrant) WHERE r.expires_at < datetime()
WITH r LIMIT 1000 DELETE r
"""


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def grant_holder(driver: Driver, database: str, name: str, grant_id: str,
                 issued_ms: int) -> User | None:
    """The active user holding this grant, or None (unknown, disabled or revoked).

    One attempt, no retries (`users.read_once`): an unreachable Neo4j raises
    DatabaseUnavailable at once.
    """
    record = read_once(driver, database, GRANT_HOLDER,
                       **_holder_params(name, grant_id, issued_ms))
    return carried_holder(record) if record is not None else None


def _holder_params(name: str, grant_id: str, issued_ms: int) -> dict[str, object]:
    return {"holder_name": name, "holder_grant_id": grant_id, "holder_issued_ms": issued_ms}


def holder_rider(name: str, grant_id: str, issued_ms: int) -> Rider:
    """`grant_holder`'s reading, for the request's first read to carry (`carried_holder`).

    Only on a single server: in a cluster the check reads the leader, and a read routed to
    a follower may not yet see a revocation.
    """
    return Rider(GRANT_HOLDER, ("holder_user", "holder_revoked"),
                 _holder_params(name, grant_id, issued_ms))


def carried_holder(record: Record) -> User | None:
    """The active holder in a record of `GRANT_HOLDER`'s columns (asked on its own or
    carried by a read), or None: unknown, disabled or revoked."""
    if record["holder_user"] is None or record["holder_revoked"]:
        return None
    user = user_from_record(record["holder_user"])
    return user if user.active else None


def revoke(driver: Driver, database: str, grant_id: str, *, user: str | None,
           expires_ms: int) -> None:
    """Refuse the grant with this id from now on (idempotent)."""
    if not GRANT_ID.fullmatch(grant_id):
        raise ValidationError("grant", "id", "a token or session id is 16-64 hex digits")

    def work(tx: ManagedTransaction) -> None:
        tx.run(_REVOKE, grant_id=grant_id, user=user, expires_ms=expires_ms).consume()
        tx.run(_PRUNE).consume()

    try:
        with driver.session(database=database) as session:
            session.execute_write(work)
    except (ServiceUnavailable, SessionExpired) as exc:
        raise DatabaseUnavailable("Neo4j is unavailable; nothing was revoked") from exc
