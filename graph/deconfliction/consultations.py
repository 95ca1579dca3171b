"""Who else consulted or watches a person lately: the reads behind the deconfliction card.

Consultations come from the audit log (graph/audit): an entry counts when it names the
person, was answered (`ok` or `partial`), was made by someone other than the reader, and
opened the person's records: a person read, a history, flag history, checks, or a change
recorded about them (the actions in CONSULTING_ACTIONS, and `change:` actions other than
watching and marking). Lists that merely show a person among others (searches, networks,
screening, alerts) and reads of the audit log itself, this one included, do not count, so
reading the card adds nothing to anyone's card. An entry names everyone its answer showed,
so a records view that lists associates counts for them too: the card may over-report,
never under-report.

Rows are grouped per user and purpose category; the free-text purpose and the case
reference are grouped and returned only when the entry's case reference is the reader's
own (compared trimmed, in any case): otherwise a row says only the category.

The period is bounded (MAX_DAYS) and read through the `at_time` index (V0006), so a read
costs the entries of that period, not of the whole log. Design note: docs/deconfliction.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from graph.audit.purposes import NOT_STATED, case_key
from graph.db.temporal import to_native
from graph.errors import ValidationError

DEFAULT_DAYS = 30
MAX_DAYS = 90
MAX_WATCHERS = 50

# Actions that open one person's records (api resolvers' `ctx.audit.consult` names).
CONSULTING_ACTIONS = ("person", "history", "history-download", "history-versions",
                      "history-version",
                      "history-compare", "flag-history", "check-runs", "check-run")
# Changes that are not work on the person's records: following them is listed as a
# watch, and marking a sensitive operation must not show on anyone's card afterwards.
NOT_CONSULTING_CHANGES = ("change:watch", "change:unwatch", "change:alerts-read",
                          "change:sensitive-operation", "change:clear-sensitive-operation")

_SHARED = ("$case_key IS NOT NULL AND "
           "toLower(trim(coalesce({var}.case_reference, ''))) = $case_key")

_CONSULTATIONS = f"""
MATCH (e:AuditEntry)
USING INDEX e:AuditEntry(at_time)
WHERE e.at_time >= $since AND $person_id IN e.subject_ids AND e.user <> $viewer
  AND e.outcome IN ['ok', 'partial']
  AND any(action IN split(e.action, ',') WHERE action IN $actions
          OR (action STARTS WITH 'change:' AND NOT action IN $not_changes))
WITH e, {_SHARED.format(var='e')} AS shared
ORDER BY e.seq DESC
WITH e.user AS user, coalesce(e.purpose_category, $not_stated) AS category, shared,
     CASE WHEN shared THEN e.case_reference END AS case_reference,
     CASE WHEN shared THEN e.purpose END AS purpose,
     collect(e.role)[0] AS role, max(e.at_time) AS last_at, min(e.at_time) AS first_at,
     count(e) AS times
ORDER BY last_at DESC, user, category
WITH collect({{user: user, role: role, category: category, shared: shared,
              case_reference: case_reference, purpose: purpose, last_at: last_at,
              first_at: first_at, times: times}}) AS rows
RETURN size(rows) AS total, rows[$skip..$skip + $first] AS page
"""

_WATCHERS = f"""
OPTIONAL MATCH (u:User)-[w:WATCHES]->(:Person {{id: $person_id}})
WHERE u.name <> $viewer AND coalesce(u.active, true)
WITH u, w, {_SHARED.format(var='w')} AS shared
ORDER BY w.since DESC, u.name
WITH collect(CASE WHEN u IS NULL THEN null ELSE
  {{user: u.name, role: u.role, since: w.since,
    category: coalesce(w.purpose_category, $not_stated), shared: shared,
    case_reference: CASE WHEN shared THEN w.case_reference END,
    reason: CASE WHEN shared THEN w.reason END}} END) AS rows
RETURN size(rows) AS total, rows[..$max] AS page
"""


@dataclass(frozen=True)
class Consultation:
    """One other user's consultations of the person under one purpose category (and,
    when they share the reader's case reference, one purpose)."""

    user: str
    role: str
    category: str
    last_at: dt.datetime
    first_at: dt.datetime
    times: int
    shared_case: bool
    case_reference: str | None
    purpose: str | None


@dataclass(frozen=True)
class Watcher:
    user: str
    role: str
    since: dt.datetime
    category: str
    shared_case: bool
    case_reference: str | None
    reason: str | None


def check_days(days: int) -> int:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError("consultations", "days", f"between 1 and {MAX_DAYS}")
    return days


def window_start(days: int, now: dt.datetime | None = None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=check_days(days))


def _params(person_id: str, viewer: str, case_reference: str | None) -> dict[str, Any]:
    return {"person_id": person_id, "viewer": viewer, "case_key": case_key(case_reference),
            "not_stated": NOT_STATED}


def consultations(driver: Driver, database: str, person_id: str, *, viewer: str,
                  case_reference: str | None, since: dt.datetime, first: int,
                  skip: int = 0) -> tuple[int, list[Consultation]]:
    """(rows in all, one page of them), latest first: others' consultations since `since`."""
    records, _, _ = driver.execute_query(
        _CONSULTATIONS, _params(person_id, viewer, case_reference), since=since,
        actions=list(CONSULTING_ACTIONS), not_changes=list(NOT_CONSULTING_CHANGES),
        first=first, skip=skip, database_=database, routing_="r")
    record = records[0]
    return record["total"], [_consultation(row) for row in record["page"]]


def watchers(driver: Driver, database: str, person_id: str, *, viewer: str,
             case_reference: str | None, limit: int = MAX_WATCHERS
             ) -> tuple[int, list[Watcher]]:
    """(watchers in all, the newest `limit`): the other active users who watch the person."""
    records, _, _ = driver.execute_query(
        _WATCHERS, _params(person_id, viewer, case_reference), max=limit,
        database_=database, routing_="r")
    record = records[0]
    return record["total"], [_watcher(row) for row in record["page"]]


def _consultation(row: dict[str, Any]) -> Consultation:
    return Consultation(user=row["user"], role=row["role"], category=row["category"],
                        last_at=to_native(row["last_at"]), first_at=to_native(row["first_at"]),
                        times=row["times"], shared_case=bool(row["shared"]),
                        case_reference=row["case_reference"], purpose=row["purpose"])


def _watcher(row: dict[str, Any]) -> Watcher:
    return Watcher(user=row["user"], role=row["role"], since=to_native(row["since"]),
                   category=row["category"], shared_case=bool(row["shared"]),
                   case_reference=row["case_reference"], reason=row["reason"])
