"""The MOPI review-due list: records whose `review_date` is on or before a date.

Every record kind whose model carries `review_date` (the `Reviewed` mixin) is a kind here;
the set is read from the models, so a new reviewed model without a branch below fails at
import instead of silently never showing up. Labels come only from that closed set.

Two statements in one read transaction: the counts per kind (index-backed range seeks on
`review_date`, V0004) and one page of rows ordered by review date, then kind, then id.
Labels and the person a record concerns are computed for the page only, not for every
due record. Intelligence reports with a handling code the caller may not see are left out
of both, so the counts cannot reveal them. A cleared flag has nothing left to review (its
review date is that of the last "set"/"reviewed" event): only active flags are listed.
A record proposed for disposal (graph/reviews/events.py) is off the list: it has been
reviewed, and what happens next is for whoever owns deletion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.access import Clearance, visible
from graph.db.temporal import to_native
from graph.models.base import Reviewed
from graph.records.kinds import KINDS, NodeKind

# kind -> label: the record kinds whose model carries review_date.
REVIEWED_KINDS: dict[str, str] = {
    kind.name: kind.label for kind in KINDS.values()
    if isinstance(kind, NodeKind) and issubclass(kind.model, Reviewed)}
# The kinds a review may propose for disposal: a flag is cleared instead (clearFlag).
PROPOSABLE_KINDS: dict[str, str] = {k: label for k, label in REVIEWED_KINDS.items()
                                    if k != "flag"}

SUMMARY_LENGTH = 80  # a report's summary is cut to this many characters in its label

# One branch per kind: the due records of that kind, as (kind, node, review_date).
# `$codes` are the handling codes the caller may see (reports only).
_DUE: dict[str, str] = {
    "person": """
MATCH (n:Person) WHERE n.review_date <= $before AND n.disposal_proposed_at IS NULL
RETURN 'person' AS kind, n AS node, n.review_date AS review_date""",
    "arrest": """
MATCH (n:Arrest) WHERE n.review_date <= $before AND n.disposal_proposed_at IS NULL
RETURN 'arrest' AS kind, n AS node, n.review_date AS review_date""",
    "incident": """
MATCH (n:Incident) WHERE n.review_date <= $before AND n.disposal_proposed_at IS NULL
RETURN 'incident' AS kind, n AS node, n.review_date AS review_date""",
    "intelligence_report": f"""
MATCH (n:IntelligenceReport) WHERE n.review_date <= $before AND {visible("n")}
  AND n.disposal_proposed_at IS NULL
RETURN 'intelligence_report' AS kind, n AS node, n.review_date AS review_date""",
    "flag": """
MATCH (n:Flag) WHERE n.review_date <= $before AND n.status = 'active'
RETURN 'flag' AS kind, n AS node, n.review_date AS review_date""",
}

# One branch per kind: the label and the person a page row concerns. An incident or a
# report concerns a person only when exactly one person is linked to it (several people:
# none is "the" person, and the label says how many).
_DETAIL: dict[str, str] = {
    "person": """
WITH kind, node WHERE kind = 'person'
RETURN node.full_name AS label, node.id AS person_id""",
    "arrest": """
WITH kind, node WHERE kind = 'arrest'
OPTIONAL MATCH (p:Person)-[:WAS_ARRESTED]->(node)
WITH node, head(collect(p)) AS p
RETURN 'Arrest of ' + coalesce(p.full_name, 'an unknown person')
       + coalesce(' on ' + toString(date(node.arrested_at)), '')
       + coalesce(' (' + replace(node.outcome, '_', ' ') + ')', '') AS label,
       p.id AS person_id""",
    "incident": """
WITH kind, node WHERE kind = 'incident'
OPTIONAL MATCH (p:Person)-[:SUSPECT_IN|VICTIM_IN|WITNESS_IN|OTHER_PARTY_IN]->(node)
WITH node, collect(DISTINCT p) AS people
RETURN 'Incident: ' + replace(coalesce(node.type, 'other'), '_', ' ')
       + coalesce(' on ' + toString(date(node.occurred_at)), '')
       + CASE size(people) WHEN 0 THEN '' WHEN 1 THEN ', ' + people[0].full_name
         ELSE ', ' + toString(size(people)) + ' people' END AS label,
       CASE size(people) WHEN 1 THEN people[0].id END AS person_id""",
    "intelligence_report": """
WITH kind, node WHERE kind = 'intelligence_report'
OPTIONAL MATCH (node)-[:MENTIONS]->(p:Person)
WITH node, collect(DISTINCT p) AS people
RETURN CASE WHEN size(node.summary) > $summary_length
            THEN left(node.summary, $summary_length - 1) + '…'
            ELSE node.summary END AS label,
       CASE size(people) WHEN 1 THEN people[0].id END AS person_id""",
    "flag": """
WITH kind, node WHERE kind = 'flag'
OPTIONAL MATCH (p:Person)-[:HAS_FLAG]->(node)
WITH node, head(collect(p)) AS p
RETURN replace(coalesce(node.kind, 'flag'), '_', ' ') + ' flag: '
       + coalesce(p.full_name, 'an unknown person') AS label, p.id AS person_id""",
}

if set(_DUE) != set(REVIEWED_KINDS) or set(_DETAIL) != set(REVIEWED_KINDS):
    raise RuntimeError(f"graph/reviews/due.py covers {sorted(_DUE)}, but the models give "
                       f"review_date to {sorted(REVIEWED_KINDS)}")

_UNION = "\nUNION ALL\n"


def count_statement(kinds: Sequence[str]) -> str:
    """Due records per kind (every kind, filter or not: the filter shows all the counts)."""
    return ("CALL () {" + _UNION.join(_DUE[k] for k in kinds) + "\n}\n"
            "RETURN kind, count(node) AS count")


def detail_subquery(kinds: Sequence[str]) -> str:
    """`CALL (kind, node) {...}`: each row's one-line `label` and `person_id` (the record
    lists share it: due, proposed for disposal). Uses `$summary_length`."""
    return "CALL (kind, node) {" + _UNION.join(_DETAIL[k] for k in kinds) + "\n}\n"


def page_statement(kinds: Sequence[str]) -> str:
    """One page of the due records of `kinds`, then each row's label and person."""
    return ("CALL () {" + _UNION.join(_DUE[k] for k in kinds) + "\n}\n"
            "WITH kind, node, review_date\n"
            "ORDER BY review_date, kind, node.id\n"
            "SKIP $skip LIMIT $first\n"
            + detail_subquery(kinds) +
            "RETURN kind, node.id AS id, label, review_date, person_id\n"
            "ORDER BY review_date, kind, id")


@dataclass(frozen=True)
class DueRecord:
    kind: str
    id: str
    label: str
    review_date: dt.date
    days_overdue: int  # days since the review date, as at `today`; negative: not yet due
    person_id: str | None


@dataclass(frozen=True)
class ReviewsDue:
    records: list[DueRecord]
    total: int  # due records of the selected kinds
    counts: dict[str, int]  # due records per kind, every kind, zero included


def check_kinds(kinds: Collection[str] | None, allowed: Collection[str] = REVIEWED_KINDS,
                what: str = "kinds with review dates") -> list[str]:
    """The selected kinds in a stable order (`allowed`'s); ValueError names the unknown ones."""
    if not kinds:
        return list(allowed)
    unknown = sorted(set(kinds) - set(allowed))
    if unknown:
        raise ValueError(f"unknown record kind(s) {', '.join(unknown)}; "
                         f"{what}: {', '.join(allowed)}")
    return [k for k in allowed if k in kinds]


def _read(tx: ManagedTransaction, selected: list[str], params: dict[str, Any]
          ) -> tuple[dict[str, int], list[dict[str, Any]]]:
    counts = {k: 0 for k in REVIEWED_KINDS}
    for row in tx.run(count_statement(list(REVIEWED_KINDS)), params):
        counts[row["kind"]] = row["count"]
    rows = [row.data() for row in tx.run(page_statement(selected), params)]
    return counts, rows


def reviews_due(driver: Driver, database: str, *, before: dt.date | None = None,
                kinds: Collection[str] | None = None, clearance: Clearance,
                first: int = 50, skip: int = 0, today: dt.date | None = None) -> ReviewsDue:
    """Records due for review on or before `before` (default today), oldest first."""
    today = today or dt.date.today()
    selected = check_kinds(kinds)
    params = {"before": before or today, "skip": skip, "first": first,
              "summary_length": SUMMARY_LENGTH, **clearance.params}
    with driver.session(database=database, default_access_mode="READ") as session:
        counts, rows = session.execute_read(_read, selected, params)
    records = []
    for row in rows:
        review_date = to_native(row["review_date"])
        records.append(DueRecord(kind=row["kind"], id=row["id"], label=row["label"] or row["id"],
                                 review_date=review_date,
                                 days_overdue=(today - review_date).days,
                                 person_id=row["person_id"]))
    return ReviewsDue(records=records, total=sum(counts[k] for k in selected), counts=counts)
