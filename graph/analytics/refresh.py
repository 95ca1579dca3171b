"""Analytics that are never empty and never long stale: when a run is due, and the lease
that lets one refresher at a time run it.

A run is due when none was ever made, when people were recorded since the last run (they
have no scores yet), or when the last run is older than `max_age`; never sooner than
`min_gap` after the last run, so a day of busy recording costs a run every `min_gap`, not
one per record. Harm scores do not wait for a run: writing a conviction or an arrest
rescores its person in the same transaction (`graph.analytics.harm.rescore`).

`nexus serve` starts one refresher beside the API (`nexus analytics watch`); several
servers on one database share the work through the lease, a single `AnalyticsLease` node
(migration V0014) that a refresher holds while it runs and that lapses if it dies.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from neo4j import Driver

from graph.analytics.run import RunReport, run_all
from graph.db.temporal import to_native

log = logging.getLogger("nexus.analytics")

MAX_AGE = dt.timedelta(hours=6)
MIN_GAP = dt.timedelta(minutes=15)
LEASE = dt.timedelta(hours=1)

STATE = """
OPTIONAL MATCH (r:AnalyticsRun)
WITH r ORDER BY r.computed_at DESC LIMIT 1
RETURN r.computed_at AS last_run,
       COUNT { MATCH (p:Person) WHERE p.analytics_run_id IS NULL } AS unscored
"""

TAKE_LEASE = """
MERGE (l:AnalyticsLease {id: 'analytics'})
WITH l WHERE l.until IS NULL OR l.until < datetime.realtime('UTC') OR l.holder = $holder
SET l.holder = $holder, l.until = datetime.realtime('UTC') + duration({seconds: $seconds})
RETURN l.holder AS holder
"""

RELEASE_LEASE = """
MATCH (l:AnalyticsLease {id: 'analytics'}) WHERE l.holder = $holder
SET l.until = null
"""


@dataclass(frozen=True)
class Freshness:
    last_run: dt.datetime | None
    unscored: int

    def due(self, now: dt.datetime, *, max_age: dt.timedelta = MAX_AGE,
            min_gap: dt.timedelta = MIN_GAP) -> str | None:
        """Why a run is due now (None when it is not)."""
        if self.last_run is None:
            return "never computed"
        age = now - self.last_run
        if age < min_gap:
            return None
        if self.unscored:
            return f"{self.unscored} people recorded since the last run"
        if age >= max_age:
            return f"the last run is {age // dt.timedelta(minutes=1)} minutes old"
        return None


def freshness(driver: Driver, database: str) -> Freshness:
    records, _, _ = driver.execute_query(STATE, database_=database, routing_="r")
    return Freshness(to_native(records[0]["last_run"]), records[0]["unscored"])


def take_lease(driver: Driver, database: str, holder: str,
               duration: dt.timedelta = LEASE) -> bool:
    records, _, _ = driver.execute_query(TAKE_LEASE, holder=holder,
                                         seconds=int(duration.total_seconds()),
                                         database_=database)
    return bool(records) and records[0]["holder"] == holder


def release_lease(driver: Driver, database: str, holder: str) -> None:
    driver.execute_query(RELEASE_LEASE, holder=holder, database_=database)


def refresh_if_due(driver: Driver, database: str, *, holder: str | None = None,
                   max_age: dt.timedelta = MAX_AGE, min_gap: dt.timedelta = MIN_GAP,
                   run: Callable[..., RunReport] = run_all) -> RunReport | None:
    """Run the analytics when they are due and no other refresher holds the lease."""
    now = dt.datetime.now(dt.UTC)
    reason = freshness(driver, database).due(now, max_age=max_age, min_gap=min_gap)
    if reason is None:
        return None
    holder = holder or f"refresher-{uuid.uuid4().hex}"
    if not take_lease(driver, database, holder):
        log.info("analytics due (%s) but another refresher is running them", reason)
        return None
    try:
        log.info("analytics due: %s; running", reason)
        return run(driver, database, recorded_by="nexus analytics refresher")
    finally:
        release_lease(driver, database, holder)


def watch(driver: Driver, database: str, stop: threading.Event, *, holder: str,
          every: dt.timedelta = dt.timedelta(minutes=1), max_age: dt.timedelta = MAX_AGE,
          min_gap: dt.timedelta = MIN_GAP,
          orphaned: Callable[[], bool] = lambda: False) -> None:
    """Check every `every` until `stop` is set or `orphaned()` says the process this
    refresher serves is gone (checked each second); a failed check or run is logged and
    the next check tries again. `holder` names this refresher in the lease: the same name
    after a restart takes back a lease its killed predecessor left."""
    while not stop.is_set() and not orphaned():
        try:
            report = refresh_if_due(driver, database, holder=holder, max_age=max_age,
                                    min_gap=min_gap)
            if report is not None:
                log.info("analytics %s: %d people in %.1f s", report.run_id, report.persons,
                         report.seconds)
        except Exception:  # the refresher must outlive a database restart
            log.exception("analytics refresh failed; trying again in %s", every)
        deadline = time.monotonic() + every.total_seconds()
        while time.monotonic() < deadline and not orphaned() and not stop.wait(1):
            pass
