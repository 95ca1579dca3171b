"""One call for the CLI, the HTTP routes and GraphQL: build a history and save it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime

from neo4j import Driver

from graph.access import FULL, P_ONLY, Clearance
from graph.errors import ValidationError
from graph.history.build import build_history, require_purpose, time_subject_query
from graph.history.model import History
from graph.history.versions import save_version

MAX_SHARED_WITH = 20
# The history's first query answers in about 10-20 ms while Neo4j holds its plan, and
# takes 1-10 s when it must plan it again (measured on two cores): a quarter second tells
# the two apart with a margin either way.
PLANNED_WITHIN_SECONDS = 0.25

log = logging.getLogger(__name__)


def generate(driver: Driver, database: str, person_id: str, *, as_of: date | datetime | str,
             purpose: str, generated_by: str, case_reference: str | None = None,
             disclosure: bool = False, shared_with: list[str] | tuple[str, ...] = (),
             save: bool = True, hops: int = 2, clearance: Clearance) -> History:
    """Build the history as a reader with `clearance` may see it (refusing a missing
    purpose first) and, with `save`, store it as the person's next immutable version,
    with the view of a reader cleared for P alone beside it when `clearance` sees more
    (graph/history/versions.py). A saved disclosure version must name who it is shared
    with."""
    require_purpose(purpose)
    shared = [s.strip() for s in shared_with if s and s.strip()]
    if len(shared) > MAX_SHARED_WITH:
        raise ValidationError("history", "shared_with", f"at most {MAX_SHARED_WITH} recipients")
    if disclosure and save and not shared:
        raise ValidationError("history", "shared_with",
                              "a disclosure version must say who it is shared with")
    def build(seen: Clearance) -> History:
        return build_history(driver, database, person_id, as_of=as_of, purpose=purpose,
                             generated_by=generated_by, hops=hops, disclosure=disclosure,
                             case_reference=case_reference, shared_with=shared,
                             clearance=seen)

    history = build(clearance)
    if not save:
        return history
    p_view = None if clearance.codes <= P_ONLY.codes else build(P_ONLY)
    return save_version(driver, database, history, clearance=clearance, p_view=p_view)


ANY_PERSON = "MATCH (p:Person) RETURN p.id AS id LIMIT 1"


def warm_up(driver: Driver, database: str) -> float | None:
    """Build one history, unsaved and shown to no one, so that Neo4j plans the history's
    queries before an officer asks for one. Returns the seconds it took, or None when the
    graph holds no person.

    After Neo4j starts, planning those queries is most of the first history's time: 15 s
    for the hub on a loaded 2-core machine, against under 1 s once planned. That is past
    the API's statement timeout, so without this the first officer to ask would get a
    timeout. Nothing is written and nothing is returned, so it is not audited."""
    records, _, _ = driver.execute_query(ANY_PERSON, database_=database, routing_="r")
    if not records:
        return None
    started = time.perf_counter()
    build_history(driver, database, records[0]["id"], as_of=date.today(),
                  purpose="warm-up: plan the history queries", generated_by="nexus warm-up",
                  clearance=FULL)
    return time.perf_counter() - started


def plans_held(driver: Driver, database: str) -> bool:
    """Whether Neo4j still holds the plan of the history's first query (it forgets its
    plans when it restarts). Asked for a real person: Neo4j plans again for a parameter
    value of another shape (an id of another length did), so a made-up id would not ask
    about the plan officers use."""
    records, _, _ = driver.execute_query(ANY_PERSON, database_=database, routing_="r")
    if not records:
        return True  # nothing to plan for
    seconds = time_subject_query(driver, database, records[0]["id"])
    return seconds < PLANNED_WITHIN_SECONDS


def keep_warm(driver: Driver, database: str, stop: threading.Event, *, every: float = 30,
              orphaned: Callable[[], bool] = lambda: False) -> None:
    """Warm up now, then whenever the history's plans are found gone (a Neo4j restarted
    under a running API), checking every `every` seconds until `stop` is set or
    `orphaned()`. A failed check (Neo4j down) is logged and tried again."""
    due = True
    while not stop.is_set() and not orphaned():
        try:
            if due or not plans_held(driver, database):
                seconds = warm_up(driver, database)
                if seconds is not None:
                    log.info("history queries planned in %.1f s", seconds)
            due = False
        except Exception as exc:  # the watcher must outlive a database restart
            log.warning("history warm-up failed (%s); trying again in %.0f s", exc, every)
            due = True
        deadline = time.monotonic() + every
        while time.monotonic() < deadline and not orphaned() and not stop.wait(1):
            pass
