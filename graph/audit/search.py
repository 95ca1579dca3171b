"""Searching the audit log for an auditor: who consulted whom, when, why, and with what
outcome, and the same entries as CSV.

The chain (graph/audit/chain.py) only appends and verifies; this module reads it the way
an auditor asks: by user, by person consulted, by a period, by action, by words in the
purpose or case reference, and by outcome (refused attempts are entries too). Every
filter is a parameter of one query, so a filter the caller leaves out costs nothing.
The period filter uses the `at_time` index (migration V0006).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from graph.audit.chain import AuditEntry, entry_from_record

MAX_EXPORT_ROWS = 10_000
"""An export holds at most this many entries (newest first); the caller is told when a
filter matched more, so an export never silently drops rows."""

CSV_COLUMNS = ("seq", "at", "user", "role", "action", "outcome", "subject_ids", "purpose",
               "case_reference", "detail", "hash")


@dataclass(frozen=True)
class AuditFilter:
    """What an auditor narrows the log to; None means no filter on that field."""

    user: str | None = None
    subject_id: str | None = None
    action: str | None = None      # matches one of an entry's comma-separated actions
    purpose: str | None = None     # words in the purpose or the case reference, any case
    outcome: str | None = None     # ok, partial, refused, unknown
    since: dt.datetime | None = None  # inclusive
    until: dt.datetime | None = None  # exclusive

    def params(self) -> dict[str, Any]:
        return {"user": self.user, "subject": self.subject_id, "action": self.action,
                "purpose": self.purpose.lower() if self.purpose else None,
                "outcome": self.outcome, "since": self.since, "until": self.until}


_WHERE = """
WHERE ($since IS NULL OR e.at_time >= $since)
  AND ($until IS NULL OR e.at_time < $until)
  AND ($user IS NULL OR e.user = $user)
  AND ($subject IS NULL OR $subject IN e.subject_ids)
  AND ($action IS NULL OR $action IN split(e.action, ','))
  AND ($outcome IS NULL OR e.outcome = $outcome)
  AND ($purpose IS NULL OR toLower(e.purpose) CONTAINS $purpose
       OR toLower(coalesce(e.case_reference, '')) CONTAINS $purpose)
"""

SEARCH = "MATCH (e:AuditEntry)" + _WHERE + """
WITH e ORDER BY e.seq DESC
WITH collect(e) AS found
RETURN size(found) AS total, [e IN found[$skip..$skip + $first] | e { .* }] AS page
"""

ACTIONS = """
MATCH (e:AuditEntry)
UNWIND split(e.action, ',') AS action
RETURN action, count(*) AS entries ORDER BY action
"""


def search(driver: Driver, database: str, where: AuditFilter, *, first: int = 50,
           skip: int = 0) -> tuple[int, list[AuditEntry]]:
    """(how many entries match, one page of them, newest first)."""
    params = {**where.params(), "first": first, "skip": skip}
    records, _, _ = driver.execute_query(SEARCH, params, database_=database, routing_="r")
    record = records[0]
    return record["total"], [entry_from_record(item) for item in record["page"]]


def actions(driver: Driver, database: str) -> list[tuple[str, int]]:
    """Every action the log holds, with how many entries carry it (the filter's choices)."""
    records, _, _ = driver.execute_query(ACTIONS, database_=database, routing_="r")
    return [(record["action"], record["entries"]) for record in records]


def to_csv(entries: Iterable[AuditEntry]) -> str:
    """The entries as CSV (RFC 4180, a header row); subject ids joined by spaces.

    A cell that a spreadsheet would run as a formula (starting = + - @) is prefixed with
    an apostrophe: purposes and details are typed by users."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = [entry.seq, entry.at, entry.user, entry.role, entry.action, entry.outcome,
               " ".join(entry.subject_ids), entry.purpose, entry.case_reference or "",
               entry.detail or "", entry.hash]
        writer.writerow([_safe_cell(value) for value in row])
    return out.getvalue()


def _safe_cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
