"""The records proposed for disposal: what a MOPI review left for whoever owns deletion.

A review with the outcome "flag_for_disposal" (graph/reviews/events.py) sets
`disposal_proposed_at` on the record and takes it off the due list; this lists them,
newest proposal first (then kind, then id), each with the label and person the due list
shows (graph/reviews/due.py) and who proposed it, when and why, from the latest
"flag_for_disposal" ReviewEvent. A proposal can be withdrawn (graph/reviews/withdraw.py).

Like the due list: two statements in one read transaction (counts per kind, one page),
labels for the page only, and intelligence reports with a handling code the caller may
not see left out of both, so the counts cannot reveal them. Flags are never proposed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.access import Clearance, visible
from graph.db.temporal import to_native
from graph.reviews.due import PROPOSABLE_KINDS, SUMMARY_LENGTH, check_kinds, detail_subquery

# Reports only: the handling codes the caller may see (graph/access.py).
_VISIBLE = {"intelligence_report": f" AND {visible('n')}"}

# One branch per kind: its records proposed for disposal, as (kind, node, proposed_at).
# Labels come from PROPOSABLE_KINDS (code).
_PROPOSED: dict[str, str] = {kind: f"""
MATCH (n:{label}) WHERE n.disposal_proposed_at IS NOT NULL{_VISIBLE.get(kind, "")}
RETURN '{kind}' AS kind, n AS node, n.disposal_proposed_at AS proposed_at"""
    for kind, label in PROPOSABLE_KINDS.items()}

# The proposal itself: the latest "flag_for_disposal" event (a record proposed, withdrawn
# and proposed again has two; the newest is the one standing).
_PROPOSAL = """
CALL (node) {
  OPTIONAL MATCH (node)-[:HAS_REVIEW]->(e:ReviewEvent {outcome: 'flag_for_disposal'})
  RETURN e ORDER BY e.at DESC LIMIT 1
}
"""

_UNION = "\nUNION ALL\n"


def count_statement(kinds: Sequence[str]) -> str:
    return ("CALL () {" + _UNION.join(_PROPOSED[k] for k in kinds) + "\n}\n"
            "RETURN kind, count(node) AS count")


def page_statement(kinds: Sequence[str]) -> str:
    """One page of the proposals of `kinds`, newest first, then each row's detail."""
    return ("CALL () {" + _UNION.join(_PROPOSED[k] for k in kinds) + "\n}\n"
            "WITH kind, node, proposed_at\n"
            "ORDER BY proposed_at DESC, kind, node.id\n"
            "SKIP $skip LIMIT $first\n"
            + detail_subquery(kinds) + _PROPOSAL +
            "RETURN kind, node.id AS id, label, node.review_date AS review_date, person_id,\n"
            "       proposed_at, e.id AS event_id, e.by AS proposed_by, e.reason AS reason\n"
            "ORDER BY proposed_at DESC, kind, id")


@dataclass(frozen=True)
class Proposal:
    kind: str
    id: str
    label: str
    review_date: dt.date | None  # the record's review date, untouched by the proposal
    person_id: str | None
    proposed_at: dt.datetime
    proposed_by: str | None  # None only for a proposal with no event (written elsewhere)
    reason: str | None
    event_id: str | None


@dataclass(frozen=True)
class Proposals:
    records: list[Proposal]
    total: int  # proposals of the selected kinds
    counts: dict[str, int]  # proposals per kind, every proposable kind, zero included


def check_proposal_kinds(kinds: Collection[str] | None) -> list[str]:
    """The selected kinds in a stable order; ValueError names the unknown ones."""
    return check_kinds(kinds, PROPOSABLE_KINDS, "kinds that can be proposed for disposal")


def _read(tx: ManagedTransaction, selected: list[str], params: dict[str, Any]
          ) -> tuple[dict[str, int], list[dict[str, Any]]]:
    counts = {k: 0 for k in PROPOSABLE_KINDS}
    for row in tx.run(count_statement(list(PROPOSABLE_KINDS)), params):
        counts[row["kind"]] = row["count"]
    rows = [row.data() for row in tx.run(page_statement(selected), params)]
    return counts, rows


def disposal_proposals(driver: Driver, database: str, *, kinds: Collection[str] | None = None,
                       clearance: Clearance, first: int = 50,
                       skip: int = 0) -> Proposals:
    """Records proposed for disposal, newest proposal first."""
    selected = check_proposal_kinds(kinds)
    params = {"skip": skip, "first": first, "summary_length": SUMMARY_LENGTH,
              **clearance.params}
    with driver.session(database=database, default_access_mode="READ") as session:
        counts, rows = session.execute_read(_read, selected, params)
    records = [Proposal(kind=row["kind"], id=row["id"], label=row["label"] or row["id"],
                        review_date=to_native(row["review_date"]), person_id=row["person_id"],
                        proposed_at=to_native(row["proposed_at"]),
                        proposed_by=row["proposed_by"], reason=row["reason"],
                        event_id=row["event_id"]) for row in rows]
    return Proposals(records=records, total=sum(counts[k] for k in selected), counts=counts)
