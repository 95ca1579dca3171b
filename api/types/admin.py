"""Who am I, the audit log (auditors; supervisors per person) and user management."""

from __future__ import annotations

import datetime as dt

import strawberry
from graphql import GraphQLError
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import ROLE_PERMISSIONS, Forbidden, Permission
from api.types.common import (
    Connection,
    UserError,
    UserInputError,
    connection,
    page_window,
)
from api.types.deconfliction import note_look, notice
from api.types.enums import PurposeCategory, Role
from graph.accounts import users
from graph.audit import chain as audit
from graph.audit import journal as audit_journal
from graph.audit import search as audit_search
from graph.audit.purposes import NOT_STATED
from graph.errors import Conflict, NotFound, ValidationError


@strawberry.type(description="The signed-in user, the purpose given, and what the role allows.")
class Me:
    name: str
    role: Role
    purpose: str
    purpose_category: PurposeCategory
    case_reference: str | None
    permissions: list[str]


@strawberry.type(description="One audit entry: who, when, what, about whom, and why.")
class AuditEntry:
    seq: int
    at: str
    user: str
    role: str
    action: str
    subject_ids: list[strawberry.ID]
    purpose: str
    purpose_category: PurposeCategory
    case_reference: str | None
    detail: str | None
    outcome: str
    hash: str

    @classmethod
    def of(cls, entry: audit.AuditEntry) -> AuditEntry:
        return cls(seq=entry.seq, at=entry.at, user=entry.user, role=entry.role,
                   action=entry.action,
                   subject_ids=[strawberry.ID(i) for i in entry.subject_ids], purpose=entry.purpose,
                   purpose_category=entry.purpose_category or NOT_STATED,
                   case_reference=entry.case_reference, detail=entry.detail,
                   outcome=entry.outcome, hash=entry.hash)


@strawberry.type(description="Whether the audit hash chain is intact.")
class AuditIntegrity:
    ok: bool
    entries: int
    first_broken_seq: int | None
    reason: str | None


@strawberry.type(description="A filtered view of the audit log as CSV (newest first), for an "
                             "auditor to keep or hand on. Making it is itself audited.")
class AuditExport:
    csv: str
    rows: int = strawberry.field(description="Entries in the CSV.")
    total: int = strawberry.field(description="Entries the filters matched.")
    truncated: bool = strawberry.field(
        description=f"More matched than one export holds ({audit_search.MAX_EXPORT_ROWS}): "
                    "narrow the filters.")


_FILTER_HELP = ("Filters, all optional: `user`; `personId` (entries naming that person); "
                "`action` (one action, e.g. person, search, refused); `purpose` (words in the "
                "purpose or case reference, any case); `outcome` (ok, partial, refused, "
                "unknown); `since` and `until` (UTC days, both included).")


def _audit_filter(user: str | None, person_id: strawberry.ID | None, action: str | None,
                  purpose: str | None, outcome: str | None, since: dt.date | None,
                  until: dt.date | None) -> audit_search.AuditFilter:
    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    if since and until and until < since:
        raise UserInputError("`until` is before `since`", "until")
    return audit_search.AuditFilter(
        user=user or None, subject_id=str(person_id) if person_id else None,
        action=action or None, purpose=(purpose or "").strip() or None,
        outcome=outcome or None, since=start(since) if since else None,
        until=start(until + dt.timedelta(days=1)) if until else None)


def _described(where: audit_search.AuditFilter) -> str:
    """The filters an audit read used, for its own audit entry."""
    return " ".join(f"{name}={value}" for name, value in vars(where).items()
                    if value is not None)


@strawberry.type
class UserAccount:
    name: str
    role: Role
    active: bool
    created_at: dt.datetime | None


@strawberry.type
class UserPayload:
    ok: bool
    user: UserAccount | None
    errors: list[UserError]


@strawberry.type
class AdminQuery:
    @strawberry.field(description="The signed-in user and what their role may do.")
    def me(self, info: Info[Context, None]) -> Me:
        principal = info.context.principal
        return Me(name=principal.name, role=principal.role, purpose=principal.purpose,
                  purpose_category=principal.purpose_category or NOT_STATED,
                  case_reference=principal.case_reference,
                  permissions=sorted(p.name for p in ROLE_PERMISSIONS.get(principal.role, ())))

    @strawberry.field(description="The audit log, newest first. Auditors see all of it; "
                                  "supervisors see who consulted one person (personId). "
                                  + _FILTER_HELP)
    async def audit_log(self, info: Info[Context, None], first: int = 50,
                        after: str | None = None, user: str | None = None,
                        person_id: strawberry.ID | None = None,
                        action: str | None = None, purpose: str | None = None,
                        outcome: str | None = None, since: dt.date | None = None,
                        until: dt.date | None = None) -> Connection[AuditEntry]:
        ctx = info.context
        if not ctx.may(Permission.READ_AUDIT):
            ctx.require(Permission.READ_AUDIT_OF_PERSON)
            if person_id is None:  # the whole log is for auditors
                raise Forbidden(Permission.READ_AUDIT)
            # Who consulted a sensitive operation's subject is its owner's (and auditors')
            # to know: other supervisors are told whom to contact, and the owner is alerted.
            operation = await note_look(ctx, str(person_id))
            if operation is not None and operation.owner != ctx.user_name:
                raise GraphQLError(notice(operation.owner),
                                   extensions={"code": "SENSITIVE_OPERATION"})
        skip, first = page_window(first, after)
        where = _audit_filter(user, person_id, action, purpose, outcome, since, until)
        await run_in_threadpool(audit_journal.flush_all)  # this process's entries first
        total, found = await run_in_threadpool(
            lambda: audit_search.search(ctx.driver, ctx.database, where, first=first,
                                        skip=skip))
        ctx.audit.consult("audit-read", [str(person_id)] if person_id else [],
                          f"audit {_described(where)}")
        return connection([AuditEntry.of(entry) for entry in found], total, skip)

    @strawberry.field(description="The audit log filtered as auditLog is, as CSV (auditors). "
                                  + _FILTER_HELP)
    async def audit_export(self, info: Info[Context, None], user: str | None = None,
                           person_id: strawberry.ID | None = None,
                           action: str | None = None, purpose: str | None = None,
                           outcome: str | None = None, since: dt.date | None = None,
                           until: dt.date | None = None) -> AuditExport:
        ctx = info.context
        ctx.require(Permission.READ_AUDIT)
        where = _audit_filter(user, person_id, action, purpose, outcome, since, until)
        await run_in_threadpool(audit_journal.flush_all)
        total, found = await run_in_threadpool(
            lambda: audit_search.search(ctx.driver, ctx.database, where,
                                        first=audit_search.MAX_EXPORT_ROWS))
        ctx.audit.consult("audit-export", [str(person_id)] if person_id else [],
                          f"audit export rows={len(found)} {_described(where)}")
        return AuditExport(csv=audit_search.to_csv(found), rows=len(found), total=total,
                           truncated=total > len(found))

    @strawberry.field(description="Recompute the audit hash chain and report the first "
                                  "broken link.")
    async def audit_integrity(self, info: Info[Context, None]) -> AuditIntegrity:
        ctx = info.context
        ctx.require(Permission.READ_AUDIT)
        await run_in_threadpool(audit_journal.flush_all)
        report = await run_in_threadpool(audit.verify, ctx.driver, ctx.database)
        ctx.audit.consult("audit-verify")
        return AuditIntegrity(ok=report.ok, entries=report.entries,
                              first_broken_seq=report.first_broken_seq, reason=report.reason)

    @strawberry.field(description="User accounts (administrators).")
    async def users(self, info: Info[Context, None]) -> list[UserAccount]:
        ctx = info.context
        ctx.require(Permission.MANAGE_USERS)
        found = await run_in_threadpool(users.list_users, ctx.driver, ctx.database)
        ctx.audit.consult("users-read")
        return [UserAccount(name=u.name, role=u.role, active=u.active,
                            created_at=u.created_at) for u in found]


def _refused(exc: Exception) -> UserPayload:
    return UserPayload(ok=False, user=None, errors=[user_error(exc)])


@strawberry.type
class AdminMutation:
    @strawberry.mutation(description="Create a user account (administrators).")
    async def add_user(self, info: Info[Context, None], name: str, role: str,
                       password: str) -> UserPayload:
        ctx = info.context
        ctx.require(Permission.MANAGE_USERS)
        try:
            user = await run_in_threadpool(users.add_user, ctx.driver, ctx.database, name,
                                           role, password)
        except (ValidationError, Conflict) as exc:
            return _refused(exc)
        ctx.audit.consult("change:user-add", [], f"user {name} role {role}")
        return UserPayload(ok=True, user=UserAccount(name=user.name, role=user.role,
                                                     active=True, created_at=None), errors=[])

    @strawberry.mutation(description="Enable or disable a user account (administrators).")
    async def set_user_active(self, info: Info[Context, None], name: str,
                              active: bool) -> UserPayload:
        ctx = info.context
        ctx.require(Permission.MANAGE_USERS)
        try:
            await run_in_threadpool(users.set_active, ctx.driver, ctx.database, name, active)
        except NotFound as exc:
            return _refused(exc)
        ctx.audit.consult("change:user-active", [], f"user {name} active={active}")
        return UserPayload(ok=True, user=None, errors=[])
