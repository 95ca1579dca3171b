"""Watches and alerts over GraphQL: `watch` / `unwatch` a person, `watches`, `alerts`,
`unreadAlertCount` and `markAlertsRead`. graph/watches.py holds the records; alerts are
written with the records they announce (docs/watches.md). Each is the caller's own: an
officer follows people and reads alerts for themselves, and only alerts their clearance
covers are listed or counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import Permission
from api.types.common import Connection, UserError, connection, page_window, to_native
from api.types.enums import PurposeCategory
from api.types.person import Person
from graph import watches
from graph.audit.purposes import NOT_STATED, PURPOSE_CATEGORIES
from graph.deconfliction import sensitive
from graph.errors import NotFound, ValidationError

# What each alert kind says, for the list in the UI and for clients.
KIND_TEXT = {
    "arrest": "new arrest", "charge": "new charge", "conviction": "new conviction",
    "warrant": "new warrant", "check": "new check result", "flag": "flag set",
    "flag_event": "flag changed", "flag_challenge": "flag challenged",
    "incident_role": "named in an incident", "association": "new association",
    "membership": "new organisation membership",
    "intelligence_report": "named in an intelligence report",
    "possible_duplicate": "possible duplicate record",
    # For the owner of a sensitive operation (graph/deconfliction/sensitive.py).
    sensitive.LOOK_ALERT: "looked at during your sensitive operation",
    sensitive.CLEARED_ALERT: "your sensitive operation was ended",
}


def _summary(alert: dict[str, Any]) -> str:
    text = KIND_TEXT.get(alert["kind"], alert["kind"].replace("_", " "))
    if alert["kind"] in sensitive.ALERT_KINDS:
        category = alert.get("purpose_category") or NOT_STATED
        label = PURPOSE_CATEGORIES.get(category, "purpose not stated")
        return f"{text}: by {alert.get('recorded_by')} ({alert.get('viewer_role')}), {label}"
    return f"{text} ({alert['record_id']})"


@strawberry.type(description="A person the caller follows.")
class Watch:
    person: Person
    reason: str
    since: dt.datetime

    @classmethod
    def of(cls, found: dict[str, Any]) -> Watch:
        return cls(person=Person.of(found["person"]), reason=found["watch"]["reason"],
                   since=to_native(found["watch"]["since"]))


@strawberry.type(description="Something newly recorded about a person the caller follows, "
                             "written in the same transaction as the record.")
class Alert:
    id: strawberry.ID
    kind: str = strawberry.field(description="The kind of record: " + ", ".join(KIND_TEXT))
    summary: str
    record_id: strawberry.ID
    person: Person
    at: dt.datetime
    read: bool
    recorded_by: str | None
    purpose_category: PurposeCategory | None = strawberry.field(description=(
        "For a sensitive operation's alerts: the purpose category of who looked or ended "
        "it (their free-text purpose is in the audit log, for auditors)."))

    @classmethod
    def of(cls, found: dict[str, Any]) -> Alert:
        a, person = found["alert"], Person.of(found["person"])
        sensitive_kind = a["kind"] in sensitive.ALERT_KINDS
        return cls(id=strawberry.ID(a["id"]), kind=a["kind"], record_id=strawberry.ID(
                   a["record_id"]), person=person, at=to_native(a["at"]),
                   summary=_summary(a), read=bool(a.get("read")),
                   recorded_by=a.get("recorded_by"),
                   purpose_category=(a.get("purpose_category") or NOT_STATED)
                   if sensitive_kind else None)


@strawberry.type
class WatchPayload:
    ok: bool
    watch: Watch | None
    errors: list[UserError]


@strawberry.type
class UnwatchPayload:
    ok: bool
    was_watching: bool


@strawberry.type
class MarkAlertsReadPayload:
    ok: bool
    marked: int
    unread: int
    errors: list[UserError]


@strawberry.type
class WatchesQuery:
    @strawberry.field(description="The people the caller follows, newest first.")
    async def watches(self, info: Info[Context, None], first: int = 20,
                      after: str | None = None) -> Connection[Watch]:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        total, page = await run_in_threadpool(
            lambda: watches.watches(ctx.driver, ctx.database, ctx.principal.name,
                                    first=first, skip=skip))
        ctx.audit.consult("watches", [f["person"]["id"] for f in page], "watch list")
        return connection([Watch.of(f) for f in page], total, skip)

    @strawberry.field(description="The caller's alerts, newest first; only those whose "
                                  "handling code the caller may see.")
    async def alerts(self, info: Info[Context, None], first: int = 20,
                     after: str | None = None, unread_only: bool = False
                     ) -> Connection[Alert]:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        total, _, page = await run_in_threadpool(
            lambda: watches.alerts(ctx.driver, ctx.database, ctx.principal.name,
                                   ctx.clearance, first=first, skip=skip,
                                   unread_only=unread_only))
        ctx.audit.consult("alerts", [f["person"]["id"] for f in page], "alerts")
        return connection([Alert.of(f) for f in page], total, skip)

    @strawberry.field(description="How many of the caller's visible alerts are unread.")
    async def unread_alert_count(self, info: Info[Context, None]) -> int:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        return await run_in_threadpool(watches.unread_count, ctx.driver, ctx.database,
                                       ctx.principal.name, ctx.clearance)


@strawberry.type
class WatchesMutation:
    @strawberry.mutation(description="Follow a person, with the reason; watching again "
                                     "replaces the reason.")
    async def watch(self, info: Info[Context, None], person_id: strawberry.ID,
                    reason: str) -> WatchPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        principal = ctx.principal
        try:
            found = await run_in_threadpool(lambda: watches.watch(
                ctx.driver, ctx.database, principal.name, str(person_id), reason,
                category=principal.purpose_category,
                case_reference=principal.case_reference))
        except (ValidationError, NotFound) as exc:
            return WatchPayload(ok=False, watch=None, errors=[user_error(exc)])
        ctx.audit.consult("change:watch", [str(person_id)], found["watch"]["reason"])
        return WatchPayload(ok=True, watch=Watch.of(found), errors=[])

    @strawberry.mutation(description="Stop following a person; their alerts stay.")
    async def unwatch(self, info: Info[Context, None],
                      person_id: strawberry.ID) -> UnwatchPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        removed = await run_in_threadpool(watches.unwatch, ctx.driver, ctx.database,
                                          ctx.principal.name, str(person_id))
        ctx.audit.consult("change:unwatch", [str(person_id)])
        return UnwatchPayload(ok=True, was_watching=removed)

    @strawberry.mutation(description="Mark the caller's alerts read: the ids given, or "
                                     "every visible one when `ids` is omitted.")
    async def mark_alerts_read(self, info: Info[Context, None],
                               ids: list[strawberry.ID] | None = None
                               ) -> MarkAlertsReadPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        wanted = None if ids is None else [str(i) for i in ids]
        try:
            marked = await run_in_threadpool(watches.mark_read, ctx.driver, ctx.database,
                                             ctx.principal.name, ctx.clearance, wanted)
        except ValidationError as exc:
            return MarkAlertsReadPayload(ok=False, marked=0, unread=0,
                                         errors=[user_error(exc)])
        unread = await run_in_threadpool(watches.unread_count, ctx.driver, ctx.database,
                                         ctx.principal.name, ctx.clearance)
        ctx.audit.consult("change:alerts-read", [], f"{marked} alerts marked read")
        return MarkAlertsReadPayload(ok=True, marked=marked, unread=unread, errors=[])
