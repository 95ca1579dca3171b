"""Who am I, the audit log (auditors; supervisors per person) and user management."""

from __future__ import annotations

import datetime as dt

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import ROLE_PERMISSIONS, Forbidden, Permission
from api.types.common import Connection, UserError, connection, page_window
from api.types.enums import Role
from graph.accounts import users
from graph.audit import chain as audit
from graph.audit import journal as audit_journal
from graph.errors import Conflict, NotFound, ValidationError


@strawberry.type(description="The signed-in user, the purpose given, and what the role allows.")
class Me:
    name: str
    role: Role
    purpose: str
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
    case_reference: str | None
    detail: str | None
    outcome: str
    hash: str

    @classmethod
    def of(cls, entry: audit.AuditEntry) -> AuditEntry:
        return cls(seq=entry.seq, at=entry.at, user=entry.user, role=entry.role,
                   action=entry.action,
                   subject_ids=[strawberry.ID(i) for i in entry.subject_ids], purpose=entry.purpose,
                   case_reference=entry.case_reference, detail=entry.detail,
                   outcome=entry.outcome, hash=entry.hash)


@strawberry.type(description="Whether the audit hash chain is intact.")
class AuditIntegrity:
    ok: bool
    entries: int
    first_broken_seq: int | None
    reason: str | None


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
                  case_reference=principal.case_reference,
                  permissions=sorted(p.name for p in ROLE_PERMISSIONS.get(principal.role, ())))

    @strawberry.field(description="The audit log, newest first. Auditors see all of it; "
                                  "supervisors see who consulted one person (personId).")
    async def audit_log(self, info: Info[Context, None], first: int = 50,
                        after: str | None = None, user: str | None = None,
                        person_id: strawberry.ID | None = None,
                        action: str | None = None) -> Connection[AuditEntry]:
        ctx = info.context
        if not ctx.may(Permission.READ_AUDIT):
            ctx.require(Permission.READ_AUDIT_OF_PERSON)
            if person_id is None:  # the whole log is for auditors
                raise Forbidden(Permission.READ_AUDIT)
        skip, first = page_window(first, after)
        await run_in_threadpool(audit_journal.flush_all)  # this process's entries first
        total, found = await run_in_threadpool(
            lambda: audit.entries(ctx.driver, ctx.database, first=first, skip=skip, user=user,
                                  subject_id=str(person_id) if person_id else None,
                                  action=action))
        ctx.audit.consult("audit-read", [str(person_id)] if person_id else [],
                          f"audit user={user} action={action}")
        return connection([AuditEntry.of(entry) for entry in found], total, skip)

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
