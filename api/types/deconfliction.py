"""Deconfliction over GraphQL: `consultations(personId, days)` says who else consulted or
watches a person lately; `markSensitiveOperation` / `clearSensitiveOperation` let a
supervisor put the person under a sensitive operation, which replaces that list for
everyone else by whom to contact and alerts the owner of each look (graph/deconfliction,
docs/deconfliction.md).

Reading the card is audited (`deconfliction`: it reads the audit log and says who looked
at whom) but is not itself a consultation, so it adds nothing to anyone's card.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import Permission
from api.types.common import Edge, PageInfo, UserError, encode_cursor, page_window
from api.types.enums import PurposeCategory
from graph.audit import journal as audit_journal
from graph.deconfliction import consultations as reads
from graph.deconfliction import sensitive
from graph.errors import Conflict, NotFound, ValidationError


def notice(owner: str) -> str:
    return f"Subject of a sensitive operation: contact the owning supervisor {owner}"


@strawberry.type(description="A sensitive operation on a person. Everyone may see who "
                             "owns it; when it began and why, only the owner.")
class SensitiveOperation:
    owner: str
    notice: str
    owned_by_you: bool
    marked_at: dt.datetime | None
    reason: str | None

    @classmethod
    def of(cls, operation: sensitive.SensitiveOperation, viewer: str) -> SensitiveOperation:
        mine = operation.owner == viewer
        return cls(owner=operation.owner, notice=notice(operation.owner), owned_by_you=mine,
                   marked_at=operation.marked_at if mine else None,
                   reason=operation.reason if mine else None)


@strawberry.type(description="Another user's consultations of the person in the period, "
                             "under one purpose category. The purpose and case reference "
                             "are given only when the case reference is the caller's own.")
class Consultation:
    user: str
    role: str
    purpose_category: PurposeCategory
    last_at: dt.datetime
    first_at: dt.datetime
    times: int = strawberry.field(description="Audited requests in the period (opening a "
                                              "profile is several).")
    shared_case: bool
    case_reference: str | None
    purpose: str | None

    @classmethod
    def of(cls, row: reads.Consultation) -> Consultation:
        return cls(user=row.user, role=row.role, purpose_category=row.category,
                   last_at=row.last_at, first_at=row.first_at, times=row.times,
                   shared_case=row.shared_case, case_reference=row.case_reference,
                   purpose=row.purpose)


@strawberry.type(description="Another user who watches the person. The watch's reason and "
                             "case reference are given only when it is the caller's case.")
class Watcher:
    user: str
    role: str
    since: dt.datetime
    purpose_category: PurposeCategory
    shared_case: bool
    case_reference: str | None
    reason: str | None

    @classmethod
    def of(cls, row: reads.Watcher) -> Watcher:
        return cls(user=row.user, role=row.role, since=row.since,
                   purpose_category=row.category, shared_case=row.shared_case,
                   case_reference=row.case_reference, reason=row.reason)


@strawberry.type(description="Who else consulted (a page, latest first) or watches a person "
                             "in the period. `withheld`: the person is the subject of a "
                             "sensitive operation the caller does not own; the lists are "
                             "empty and `sensitiveOperation.notice` says whom to contact.")
class ConsultationConnection:
    person_id: strawberry.ID
    days: int
    since: dt.datetime
    withheld: bool
    sensitive_operation: SensitiveOperation | None
    edges: list[Edge[Consultation]]
    page_info: PageInfo
    total_count: int
    watchers: list[Watcher] = strawberry.field(
        description=f"The newest {reads.MAX_WATCHERS} others who watch the person.")
    watcher_count: int


@strawberry.type
class SensitiveOperationPayload:
    ok: bool
    operation: SensitiveOperation | None
    errors: list[UserError]


async def sensitive_operation(ctx: Context, person_id: str
                              ) -> sensitive.SensitiveOperation | None:
    """The person's active sensitive operation, if any (one index seek)."""
    return await run_in_threadpool(sensitive.active, ctx.driver, ctx.database, person_id)


async def alert_owner(ctx: Context, person_id: str,
                      operation: sensitive.SensitiveOperation | None) -> None:
    """When the caller does not own the person's operation, alert its owner: committed
    before the answer leaves, and only once the sign-in check has confirmed the caller (a
    refused grant writes nothing)."""
    if operation is None or operation.owner == ctx.user_name:
        return
    pending = ctx.pending_check
    if pending is not None and not await pending.confirmed():
        return  # the answer will be thrown away: nobody looked
    principal = ctx.principal
    await run_in_threadpool(lambda: sensitive.record_look(
        ctx.driver, ctx.database, person_id, viewer=principal.name, role=principal.role,
        category=principal.purpose_category))
    ctx.audit.consult("sensitive-look", [person_id], "owner of a sensitive operation alerted")


async def note_look(ctx: Context, person_id: str) -> sensitive.SensitiveOperation | None:
    """The person's active sensitive operation, its owner alerted of the caller's look."""
    operation = await sensitive_operation(ctx, person_id)
    await alert_owner(ctx, person_id, operation)
    return operation


@strawberry.type
class DeconflictionQuery:
    @strawberry.field(description="Who else consulted or watches a person in the last "
                                  f"`days` (1-{reads.MAX_DAYS}): other users' names, roles, "
                                  "when and the purpose category; the free-text purpose only "
                                  "to someone on the same case reference. The caller's own "
                                  "consultations are not listed.")
    async def consultations(self, info: Info[Context, None], person_id: strawberry.ID,
                            days: int = reads.DEFAULT_DAYS, first: int = 20,
                            after: str | None = None) -> ConsultationConnection:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        pid = str(person_id)
        since = reads.window_start(days)
        if await ctx.loaders.persons.load(pid) is None:
            raise NotFound("person", pid, "personId")
        operation = await note_look(ctx, pid)
        viewer, case = ctx.principal.name, ctx.principal.case_reference
        withheld = operation is not None and operation.owner != viewer
        total, watcher_count = 0, 0
        rows: list[reads.Consultation] = []
        watchers: list[reads.Watcher] = []
        if not withheld:
            await run_in_threadpool(audit_journal.flush_all)  # this process's entries too
            total, rows = await run_in_threadpool(lambda: reads.consultations(
                ctx.driver, ctx.database, pid, viewer=viewer, case_reference=case,
                since=since, first=first, skip=skip))
            watcher_count, watchers = await run_in_threadpool(lambda: reads.watchers(
                ctx.driver, ctx.database, pid, viewer=viewer, case_reference=case))
        ctx.audit.consult("deconfliction", [pid], "deconfliction withheld: sensitive operation"
                          if withheld else f"deconfliction {days} days: {total} consultation "
                          f"rows, {watcher_count} watchers")
        edges = [Edge(cursor=encode_cursor(skip + i), node=Consultation.of(row))
                 for i, row in enumerate(rows)]
        return ConsultationConnection(
            person_id=strawberry.ID(pid), days=days, since=since, withheld=withheld,
            sensitive_operation=SensitiveOperation.of(operation, viewer) if operation else None,
            edges=edges, total_count=total,
            page_info=PageInfo(has_next_page=skip + len(rows) < total,
                               has_previous_page=skip > 0,
                               start_cursor=edges[0].cursor if edges else None,
                               end_cursor=edges[-1].cursor if edges else None),
            watchers=[Watcher.of(w) for w in watchers], watcher_count=watcher_count)


@strawberry.type
class DeconflictionMutation:
    @strawberry.mutation(description="Mark a person as the subject of a sensitive operation "
                                     "the caller owns (supervisors). Marking again replaces "
                                     "the reason; another supervisor's operation is a "
                                     "CONFLICT.")
    async def mark_sensitive_operation(self, info: Info[Context, None],
                                       person_id: strawberry.ID,
                                       reason: str) -> SensitiveOperationPayload:
        ctx = info.context
        ctx.require(Permission.MARK_SENSITIVE_OPERATION)
        pid = str(person_id)
        try:
            operation = await run_in_threadpool(sensitive.mark, ctx.driver, ctx.database,
                                                ctx.user_name, pid, reason)
        except (ValidationError, NotFound, Conflict) as exc:
            ctx.audit.consult("refused:sensitive-operation", [pid], str(exc)[:300])
            return SensitiveOperationPayload(ok=False, operation=None, errors=[user_error(exc)])
        ctx.audit.consult("change:sensitive-operation", [pid, operation.id],
                          f"marked: {operation.reason}")
        return SensitiveOperationPayload(
            ok=True, operation=SensitiveOperation.of(operation, ctx.user_name), errors=[])

    @strawberry.mutation(description="End the person's sensitive operation (supervisors; the "
                                     "owner is alerted when someone else ends it).")
    async def clear_sensitive_operation(self, info: Info[Context, None],
                                        person_id: strawberry.ID) -> SensitiveOperationPayload:
        ctx = info.context
        ctx.require(Permission.MARK_SENSITIVE_OPERATION)
        pid, principal = str(person_id), ctx.principal
        try:
            operation = await run_in_threadpool(lambda: sensitive.clear(
                ctx.driver, ctx.database, principal.name, pid, role=principal.role,
                category=principal.purpose_category))
        except NotFound as exc:
            ctx.audit.consult("refused:clear-sensitive-operation", [pid], str(exc))
            return SensitiveOperationPayload(ok=False, operation=None, errors=[user_error(exc)])
        ctx.audit.consult("change:clear-sensitive-operation", [pid, operation.id],
                          f"cleared the operation owned by {operation.owner}")
        return SensitiveOperationPayload(
            ok=True, operation=SensitiveOperation.of(operation, principal.name), errors=[])

