"""Safeguarding referrals: people at risk referred for support and protection, never for
enforcement.

The people-at-risk list (graph/analytics/network.py) names people with no offending of
their own who are surrounded by people who offend: possible victims of exploitation or
grooming. Referring one writes a `(:SafeguardingReferral)` linked to the person by
`REFERRED_FOR_SAFEGUARDING`, with the reason, who referred, when, and the at-risk figures
of the moment; it sits in its own queue. It never writes, changes or reads a flag, and
nothing in Nexus counts a referral against the person: it is not a finding, not
intelligence and not a harm signal (the harm score reads convictions only).

Writes MERGE on the referral's id (constraint in migration V0017), so a retried request
with the same id writes nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.errors import NotFound, ValidationError
from graph.ids import new_id

MAX_REASON = 2000
STATUSES = ("open",)

_REFER = """
MATCH (p:Person {id: $person_id})
MERGE (r:SafeguardingReferral {id: $id})
ON CREATE SET r.reason = $reason, r.status = 'open', r.referred_by = $by,
  r.referred_at = $at, r.purpose = $purpose,
  r.offending_associates = p.analytics_offending_associates,
  r.associates = p.analytics_degree, r.at_risk = coalesce(p.analytics_at_risk, false),
  r.source = 'nexus:safeguarding', r.recorded_by = $by, r.recorded_at = $at
MERGE (p)-[l:REFERRED_FOR_SAFEGUARDING]->(r)
ON CREATE SET l.source = 'nexus:safeguarding', l.recorded_by = $by, l.recorded_at = $at
RETURN r { .* } AS referral, p { .* } AS person
"""

_QUEUE = """
MATCH (p:Person)-[:REFERRED_FOR_SAFEGUARDING]->(r:SafeguardingReferral)
WHERE $status IS NULL OR r.status = $status
WITH p, r ORDER BY r.referred_at DESC, r.id
WITH collect({referral: r { .* }, person: p { .* }}) AS found
RETURN size(found) AS total, found[$skip..$skip + $first] AS page
"""


def _refer(tx: ManagedTransaction, params: dict[str, Any]) -> dict[str, Any] | None:
    record = tx.run(_REFER, params).single()
    return None if record is None else {"referral": dict(record["referral"]),
                                        "person": dict(record["person"])}


def refer(driver: Driver, database: str, person_id: str, reason: str, *, by: str,
          purpose: str, referral_id: str | None = None,
          at: dt.datetime | None = None) -> dict[str, Any]:
    """Refer a person for safeguarding; returns {referral, person}. Writes no flag."""
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError("safeguarding_referral", "reason",
                              "say why the person needs support (at least 4 characters)")
    if len(reason) > MAX_REASON:
        raise ValidationError("safeguarding_referral", "reason",
                              f"at most {MAX_REASON} characters")
    params = {"person_id": person_id, "reason": reason, "by": by, "purpose": purpose,
              "id": referral_id or new_id("safeguarding_referral"),
              "at": at or dt.datetime.now(dt.UTC)}
    with driver.session(database=database) as session:
        written = session.execute_write(_refer, params)
    if written is None:
        raise NotFound("person", person_id, "personId")
    return written


def queue(driver: Driver, database: str, first: int, skip: int = 0,
          status: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, page of {referral, person}) newest referral first."""
    if status is not None and status not in STATUSES:
        raise ValidationError("safeguarding_referral", "status",
                              f"one of {', '.join(STATUSES)}")
    records, _, _ = driver.execute_query(_QUEUE, first=first, skip=skip, status=status,
                                         database_=database, routing_="r")
    return records[0]["total"], [dict(item) for item in records[0]["page"]]
