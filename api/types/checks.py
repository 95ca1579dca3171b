"""Checks abroad through connectors: `runChecks` starts a run, `checkRun` polls it,
`checkRuns` (and `Person.checkRuns`) list a person's earlier runs, newest first.

`runChecks` writes one pending Check per source and answers at once; the sources are
asked in the background (graph.checks.runner) and each Check is updated when its source
answers, fails or times out. The UI polls `checkRun(id)` and sees the results arrive.
"""

from __future__ import annotations

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import Permission
from api.resolvers import checks as checks_reads
from api.types.common import Connection, UserError, connection
from api.types.person import CheckRun
from graph.checks import history, runner, store
from graph.db.settings import load_settings
from graph.errors import Conflict, NotFound, ValidationError

# Each run asks every source abroad: one run per request, so thirty aliased runChecks
# cannot fan out to 150 outbound calls (api.cost refuses such a document before it runs;
# this counter holds whatever reaches the resolver).
MAX_CHECK_RUNS_PER_REQUEST = 1


@strawberry.type(description="What runChecks did: the run (pending checks), or why "
                             "nothing was started.")
class CheckRunPayload:
    ok: bool
    run: CheckRun | None
    errors: list[UserError]


async def _read(ctx: Context, run_id: str) -> dict | None:
    return await run_in_threadpool(store.read_run, ctx.driver, ctx.database, run_id,
                                   history.stale_after(load_settings()))


def _refuse(message: str, code: str, field: str | None) -> CheckRunPayload:
    return CheckRunPayload(ok=False, run=None,
                           errors=[UserError(message=message, code=code, field=field)])


@strawberry.type
class ChecksQuery:
    @strawberry.field(description="A run of checks with each check's state; null when "
                                  "there is no such run.")
    async def check_run(self, info: Info[Context, None], id: strawberry.ID) -> CheckRun | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        run = await _read(ctx, str(id))
        ids = [run["person_id"], *(c["id"] for c in run["checks"])] if run else []
        ctx.audit.consult("check-run", ids, f"check run {id}")
        return CheckRun.of(run) if run else None

    @strawberry.field(description="A person's runs of checks, newest first (empty when "
                                  "none were run or there is no such person).")
    async def check_runs(self, info: Info[Context, None], person_id: strawberry.ID,
                         first: int = 20, after: str | None = None) -> Connection[CheckRun]:
        runs, total, skip = await checks_reads.run_page(info.context, str(person_id),
                                                         first, after)
        return connection([CheckRun.of(run) for run in runs], total, skip)


@strawberry.type
class ChecksMutation:
    @strawberry.mutation(description="Run checks abroad for a person (every kind when "
                                      "`kinds` is omitted). Answers at once with the "
                                      "pending checks; poll checkRun for the results.")
    async def run_checks(self, info: Info[Context, None], person_id: strawberry.ID,
                         kinds: list[str] | None = None) -> CheckRunPayload:
        ctx = info.context
        ctx.require(Permission.RECORD)
        if ctx.check_runs >= MAX_CHECK_RUNS_PER_REQUEST:
            return _refuse(f"at most {MAX_CHECK_RUNS_PER_REQUEST} runChecks per request; "
                           "send one request per person", "TOO_MANY_CHECKS", None)
        ctx.check_runs += 1
        if kinds is not None:
            if not kinds:
                return _refuse("name at least one kind of check, or omit `kinds`",
                               "INVALID", "kinds")
            unknown = runner.unknown_kinds(kinds)
            if unknown:
                return _refuse(f"unknown kind of check {unknown[0]!r}; one of "
                               f"{', '.join(runner.RUNNABLE_KINDS)}", "INVALID", "kinds")
        subject = await run_in_threadpool(store.read_subject, ctx.driver, ctx.database,
                                          str(person_id))
        if subject is None:
            return _refuse(f"unknown Person {str(person_id)!r}", "NOT_FOUND", "personId")
        principal = ctx.principal
        plan = runner.plan(subject.person_id, ctx.user_name, kinds,
                           purpose=principal.purpose,
                           case_reference=principal.case_reference)
        try:
            await run_in_threadpool(store.write_pending, ctx.driver, ctx.database, plan)
        except (ValidationError, NotFound, Conflict) as exc:
            return CheckRunPayload(ok=False, run=None, errors=[user_error(exc)])
        run = await _read(ctx, plan.run_id)   # read before the sources are asked
        runner.launch(ctx.driver, ctx.database, plan, subject,
                      runner.Officer(principal.name, principal.role, principal.purpose,
                                     principal.case_reference))
        ctx.audit.consult("change:check-run",
                          [subject.person_id, *(c.id for c in plan.checks)],
                          f"run {plan.run_id}: {', '.join(c.against for c in plan.checks)}")
        return CheckRunPayload(ok=True, run=CheckRun.of(run) if run else None, errors=[])
