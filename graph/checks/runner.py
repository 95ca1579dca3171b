"""Running a person's checks: every source at once, each storing its own answer.

`start_run` writes every check as pending (so the officer sees at once what was asked)
and `launch` runs the adapters concurrently as asyncio tasks in the server's event loop;
each check is updated the moment its source answers, fails or times out, so a poller
sees results arrive one by one. A failure of any kind is stored as "failed" with the
reason: a check never ends silently, and never as "no_match" when nobody answered.
Each stored answer is appended to the audit log in the name of the officer who ran it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import httpx
from neo4j import Driver

from graph.audit import chain as audit
from graph.checks import store
from graph.checks.ecris import Ecris
from graph.checks.hocid import HoCid
from graph.checks.ident1 import Ident1
from graph.checks.sources import (
    BACKOFF_MAX,
    CONNECT_TIMEOUT,
    Outcome,
    Source,
    SourceClient,
    SourceFailure,
    Subject,
)
from graph.checks.store import PlannedCheck, RunStart
from graph.checks.wanted import Interpol, SisII
from graph.db.settings import Settings, load_settings

log = logging.getLogger(__name__)

SOURCES_BY_KIND: dict[str, tuple[Source, ...]] = {
    "wanted_abroad": (SisII(), Interpol()),
    "foreign_convictions": (Ecris(),),
    "immigration_status": (HoCid(),),
    "fingerprints": (Ident1(),),
}
RUNNABLE_KINDS: tuple[str, ...] = tuple(SOURCES_BY_KIND)
_BY_AGAINST = {source.against: source for sources in SOURCES_BY_KIND.values()
               for source in sources}
_TASKS: set[asyncio.Task[None]] = set()   # strong references: tasks are not collected


@dataclass(frozen=True)
class Officer:
    """Who the checks run for, as the audit log records them."""

    name: str
    role: str
    purpose: str
    case_reference: str | None = None


def unknown_kinds(kinds: Iterable[str]) -> list[str]:
    return [kind for kind in kinds if kind not in SOURCES_BY_KIND]


def plan(person_id: str, user: str, kinds: Iterable[str] | None = None, *,
         purpose: str | None = None, case_reference: str | None = None) -> RunStart:
    """The checks a run makes: one per source of each kind (all kinds when None), each
    stored with why the run was made (the session's purpose and case reference)."""
    chosen = list(dict.fromkeys(kinds)) if kinds is not None else list(RUNNABLE_KINDS)
    checks = tuple(PlannedCheck(store.new_check_id(), kind, source.against)
                   for kind in chosen for source in SOURCES_BY_KIND[kind])
    return RunStart(store.new_run_id(), person_id, user, dt.datetime.now(dt.UTC), checks,
                    purpose=purpose, case_reference=case_reference)


def deadline(settings: Settings) -> float:
    """The longest one check may take: every attempt timing out, plus the backoff."""
    attempts = max(1, settings.check_attempts)
    return attempts * (settings.check_timeout + CONNECT_TIMEOUT) + \
        (attempts - 1) * BACKOFF_MAX + 1.0


async def execute(driver: Driver, database: str, run: RunStart, subject: Subject,
                  officer: Officer, settings: Settings | None = None) -> None:
    """Ask every source of the run at once; store and audit each answer as it comes."""
    settings = settings or load_settings()
    async with httpx.AsyncClient(base_url=settings.abroad_url,
                                 timeout=SourceClient.timeouts(settings)) as http:
        client = SourceClient(http, settings.check_attempts)
        # The sources are asked at once; their answers are stored one at a time, since
        # every write touches the same Person and concurrent ones would deadlock
        # (Neo4j would retry them after a second's backoff).
        writing = asyncio.Lock()
        await asyncio.gather(*(
            _one(driver, database, run, check, subject, client, officer, deadline(settings),
                 writing) for check in run.checks))


async def _one(driver: Driver, database: str, run: RunStart, check: PlannedCheck,
               subject: Subject, client: SourceClient, officer: Officer,
               limit: float, writing: asyncio.Lock) -> None:
    source = _BY_AGAINST[check.against]
    outcome: Outcome | None = None
    reason, attempts = "", 0
    try:
        async with asyncio.timeout(limit):
            outcome = await source.check(subject, client)
    except SourceFailure as exc:
        reason, attempts = exc.reason, exc.attempts
    except TimeoutError:
        reason, attempts = f"no answer within {limit:g}s", client.attempts
    except Exception as exc:          # an adapter bug must still end the check visibly
        log.exception("check %s against %s failed", check.id, check.against)
        reason, attempts = f"unexpected error ({type(exc).__name__})", 1
    async with writing:
        await _store(driver, database, run, check, outcome, reason, attempts, officer)


async def _store(driver: Driver, database: str, run: RunStart, check: PlannedCheck,
                 outcome: Outcome | None, reason: str, attempts: int,
                 officer: Officer) -> None:
    written: list[str] = []
    if outcome is not None:
        try:
            written = await asyncio.to_thread(store.write_outcome, driver, database, run,
                                              check, outcome)
        except Exception as exc:
            log.exception("could not store the answer of check %s", check.id)
            attempts = outcome.attempts
            outcome, reason = None, f"the answer could not be stored ({exc})"
    try:
        if outcome is None:
            await asyncio.to_thread(store.write_failed, driver, database, run, check,
                                    reason, attempts)
        result = outcome.result if outcome else "failed"
        await asyncio.to_thread(audit.append, driver, database, audit.AuditEntry(
            user=officer.name, role=officer.role, action="change:check-result",
            purpose=officer.purpose, case_reference=officer.case_reference,
            subject_ids=sorted({run.person_id, check.id, *written}),
            detail=f"run {run.run_id}: {check.against} {check.kind} -> {result}"
                   + ("" if outcome else f" ({reason})")))
    except Exception:
        log.exception("could not record the end of check %s", check.id)


def launch(driver: Driver, database: str, run: RunStart, subject: Subject,
           officer: Officer, settings: Settings | None = None) -> asyncio.Task[None]:
    """Run the checks in the background of the current event loop."""
    task = asyncio.get_running_loop().create_task(
        execute(driver, database, run, subject, officer, settings),
        name=f"checks {run.run_id}")
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    return task


async def drain(timeout: float = 30.0) -> None:
    """Wait for running checks to end (for a graceful shutdown)."""
    if _TASKS:
        await asyncio.wait(set(_TASKS), timeout=timeout)
