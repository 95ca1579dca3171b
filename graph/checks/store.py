"""Check records of a run: pending when asked, then the answer (or the failure).

Every write goes through the write layer (`graph.records`: validated rows, MERGE on id,
one transaction), so a Check written here is the same record an import or the demo
writes. A run is not a node of its own: it is the Checks that share a `run_id`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.checks.sources import Outcome, Subject
from graph.ids import new_id
from graph.offences import BY_CODE
from graph.records import write_batch, write_records

READ_SUBJECT = """
MATCH (p:Person {id: $id})
RETURN p {.id, .given_names, .family_name, .aliases, .dates_of_birth, .nationalities,
          .pnc_id, .cro_number, .ho_reference, .passports} AS person
"""

READ_RUN = """
MATCH (p:Person)-[:HAS_CHECK]->(c:Check {run_id: $run_id})
WITH p, c ORDER BY c.kind, c.against
RETURN p.id AS person_id,
       collect(c {.*, warrant_ids: [(c)-[:FOUND]->(w:Warrant) | w.id]}) AS checks
"""

EXISTING_WARRANTS = """
MATCH (:Person {id: $person_id})-[:WANTED_ON]->(w:Warrant)
WHERE w.reference IN $references
RETURN w.reference AS reference, w.id AS id
"""

EXISTING_CONVICTIONS = """
MATCH (:Person {id: $person_id})-[:WAS_CONVICTED]->(c:Conviction)
RETURN c.jurisdiction AS jurisdiction, toString(c.convicted_on) AS convicted_on
"""

EXISTING_OFFENCES = "MATCH (o:Offence) WHERE o.id IN $ids RETURN collect(o.id) AS ids"

# A check may find several warrants; the row format names one (`warrant_id`), the rest
# are linked here, with provenance like every relationship.
LINK_FOUND = """
MATCH (c:Check {id: $check_id})
UNWIND $warrant_ids AS warrant_id
MATCH (w:Warrant {id: warrant_id})
MERGE (c)-[r:FOUND]->(w)
ON CREATE SET r.source = $source, r.recorded_by = $recorded_by, r.recorded_at = $recorded_at
"""

# Checks left pending by a server that stopped mid-run: failed, with the reason.
INTERRUPTED = ("failed: interrupted, no answer was recorded (the server stopped during "
               "the check)")
EXPIRE_STALE = """
MATCH (c:Check {run_id: $run_id, result: 'pending'})
WHERE c.checked_at < $before
SET c.result = 'failed', c.completed_at = $now,
    c.detail = $detail
RETURN count(c) AS expired
"""


@dataclass(frozen=True)
class PlannedCheck:
    id: str
    kind: str
    against: str


@dataclass(frozen=True)
class RunStart:
    run_id: str
    person_id: str
    user: str
    at: dt.datetime
    checks: tuple[PlannedCheck, ...]
    # Why the run was made (the session's purpose and case reference): kept on every
    # Check of the run, so the run says why as well as who and when.
    purpose: str | None = None
    case_reference: str | None = None


def new_run_id() -> str:
    return new_id("check_run")


def new_check_id() -> str:
    return new_id("check")


def read_subject(driver: Driver, database: str, person_id: str) -> Subject | None:
    records, _, _ = driver.execute_query(READ_SUBJECT, id=person_id, database_=database,
                                         routing_="r")
    if not records:
        return None
    p = records[0]["person"]
    return Subject(person_id=p["id"], given_names=p.get("given_names") or "",
                   family_name=p.get("family_name") or "",
                   aliases=tuple(p.get("aliases") or ()),
                   dates_of_birth=tuple(p.get("dates_of_birth") or ()),
                   nationalities=tuple(p.get("nationalities") or ()),
                   pnc_id=p.get("pnc_id"), cro_number=p.get("cro_number"),
                   ho_reference=p.get("ho_reference"),
                   passports=tuple(p.get("passports") or ()))


def _check_row(run: RunStart, check: PlannedCheck, **fields: Any) -> dict[str, Any]:
    return {"id": check.id, "person_id": run.person_id, "kind": check.kind,
            "against": check.against, "checked_by": run.user, "checked_at": run.at,
            "run_id": run.run_id, "purpose": run.purpose,
            "case_reference": run.case_reference,
            "source": f"Check connector ({check.against})",
            "recorded_by": run.user, "recorded_at": dt.datetime.now(dt.UTC), **fields}


def write_pending(driver: Driver, database: str, run: RunStart) -> None:
    """Every check of the run, pending, in one transaction (all or nothing)."""
    rows = [_check_row(run, check, result="pending", attempts=0) for check in run.checks]
    write_records(driver, database, {"check": rows})


def write_failed(driver: Driver, database: str, run: RunStart, check: PlannedCheck,
                 reason: str, attempts: int) -> None:
    now = dt.datetime.now(dt.UTC)
    write_records(driver, database, {"check": [_check_row(
        run, check, result="failed", detail=f"failed: {reason}", attempts=attempts,
        completed_at=now, recorded_at=now)]})


def write_outcome(driver: Driver, database: str, run: RunStart, check: PlannedCheck,
                  outcome: Outcome) -> list[str]:
    """The answer, with the warrants and convictions it implies, in one transaction.
    Returns the ids of the records written besides the check (for the audit)."""
    now = dt.datetime.now(dt.UTC)
    provenance: dict[str, Any] = {"recorded_by": run.user, "recorded_at": now}

    def work(tx: ManagedTransaction) -> list[str]:
        warrant_ids = _warrants(tx, run, outcome, provenance)
        conviction_ids = _convictions(tx, run, outcome, provenance)
        row = _check_row(run, check, result=outcome.result, detail=outcome.detail,
                         attempts=outcome.attempts, completed_at=now, recorded_at=now)
        if outcome.matched:
            row["matched"] = outcome.matched_json()
        if warrant_ids:
            row["warrant_id"] = warrant_ids[0]
        write_batch(tx, "check", [row])
        if len(warrant_ids) > 1:
            tx.run(LINK_FOUND, check_id=check.id, warrant_ids=warrant_ids[1:],
                   source=row["source"], **provenance).consume()
        return warrant_ids + conviction_ids

    with driver.session(database=database) as session:
        return session.execute_write(work)


def _stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12].upper()
    return f"{prefix}-{digest}"


def _warrants(tx: ManagedTransaction, run: RunStart, outcome: Outcome,
              provenance: dict[str, Any]) -> list[str]:
    """Warrant ids for the notices found: the person's existing warrant with the same
    reference when there is one, else a new Warrant (id derived from the reference, so a
    second run finds the same one)."""
    if not outcome.warrants:
        return []
    references = [w["reference"] for w in outcome.warrants]
    existing = {r["reference"]: r["id"] for r in tx.run(
        EXISTING_WARRANTS, person_id=run.person_id, references=references)}
    rows, ids = [], []
    for warrant in outcome.warrants:
        warrant_id = existing.get(warrant["reference"]) or _stable_id(
            "WA", run.person_id, warrant["reference"])
        if warrant["reference"] not in existing:
            rows.append({**warrant, "id": warrant_id, **provenance})
        ids.append(warrant_id)
    write_batch(tx, "warrant", rows)
    return list(dict.fromkeys(ids))


def _convictions(tx: ManagedTransaction, run: RunStart, outcome: Outcome,
                 provenance: dict[str, Any]) -> list[str]:
    """Conviction records for convictions abroad the person does not already have
    (same state, same date); offences missing from the graph are added from the table."""
    if not outcome.convictions:
        return []
    known = {(r["jurisdiction"], r["convicted_on"]) for r in tx.run(
        EXISTING_CONVICTIONS, person_id=run.person_id)}
    rows = [{**c, "id": _stable_id("CV", run.person_id, c["jurisdiction"], c["convicted_on"]),
             **provenance} for c in outcome.convictions
            if (c["jurisdiction"], c["convicted_on"]) not in known]
    codes = sorted({code for row in rows for code in row["offence_ids"] if code in BY_CODE})
    present = (set(tx.run(EXISTING_OFFENCES, ids=codes).single(strict=True)["ids"])
               if codes else set())
    offences = [{"id": code, "description": BY_CODE[code].description,
                 "category": BY_CODE[code].category, "chi_days": BY_CODE[code].chi_days,
                 "source": "Home Office offence code list", **provenance}
                for code in codes if code not in present]
    write_batch(tx, "offence", offences)
    write_batch(tx, "conviction", rows)
    return [row["id"] for row in rows]


def read_run(driver: Driver, database: str, run_id: str,
             stale_after: dt.timedelta | None = None) -> dict[str, Any] | None:
    """The run's person id and checks, or None. Checks pending for longer than
    `stale_after` (a server stopped mid-run) are marked failed first."""
    if stale_after is not None:
        now = dt.datetime.now(dt.UTC)
        driver.execute_query(EXPIRE_STALE, run_id=run_id, before=now - stale_after, now=now,
                             detail=INTERRUPTED, database_=database)
    records, _, _ = driver.execute_query(READ_RUN, run_id=run_id, database_=database,
                                         routing_="r")
    if not records:
        return None
    return run_of(run_id, records[0]["person_id"], records[0]["checks"])


def run_of(run_id: str, person_id: str, checks: list[Any]) -> dict[str, Any]:
    """A run as the API reads it: its checks, and why it was made (the purpose and case
    reference every check of a run shares; None for runs stored without them)."""
    rows = [dict(c) for c in checks]
    for check in rows:
        check["warrant_id"] = (check.get("warrant_ids") or [None])[0]
    why = next((c for c in rows if c.get("purpose") or c.get("case_reference")), {})
    return {"id": run_id, "person_id": person_id, "checks": rows,
            "purpose": why.get("purpose"), "case_reference": why.get("case_reference")}
