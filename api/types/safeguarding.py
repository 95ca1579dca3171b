"""Safeguarding referrals over GraphQL: `referForSafeguarding` (a person at risk referred
for support, never a flag) and `safeguardingReferrals` (the queue). graph/safeguarding.py
holds the records; reading the queue is an audited consultation of the people in it."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.mutations import KEY_HELP, MAX_KEY
from api.permissions import Permission
from api.types.common import Connection, UserError, connection, page_window, to_native
from api.types.person import Person
from graph import safeguarding
from graph.errors import NotFound, OutcomeUnknown, ValidationError
from graph.ids import PREFIXES

NOT_EVIDENCE = ("For safeguarding, not enforcement: a referral asks for support and "
                "protection for a person who may be exploited or at risk. Being referred or "
                "listed is not evidence of anything, and no flag is set.")


@strawberry.type(description=NOT_EVIDENCE)
class SafeguardingReferral:
    id: strawberry.ID
    person: Person
    reason: str
    status: str
    referred_by: str
    referred_at: dt.datetime
    purpose: str | None = strawberry.field(description="The purpose of the referrer's "
                                                       "session.")
    offending_associates: int | None = strawberry.field(
        description="Associates with offending recorded, when referred.")
    associates: int | None
    at_risk: bool = strawberry.field(description="Whether the person met the at-risk "
                                                 "criteria when referred.")

    @classmethod
    def of(cls, found: dict[str, Any]) -> SafeguardingReferral:
        r = found["referral"]
        return cls(id=strawberry.ID(r["id"]), person=Person.of(found["person"]),
                   reason=r["reason"], status=r["status"], referred_by=r["referred_by"],
                   referred_at=to_native(r["referred_at"]), purpose=r.get("purpose"),
                   offending_associates=r.get("offending_associates"),
                   associates=r.get("associates"), at_risk=bool(r.get("at_risk")))


@strawberry.type
class ReferralPayload:
    ok: bool
    referral: SafeguardingReferral | None
    errors: list[UserError]


def _referral_id(user: str, key: str | None) -> str | None:
    if key is None:
        return None
    digest = hashlib.sha256("\x1f".join(("nexus-referral", user, key)).encode())
    return f"{PREFIXES['safeguarding_referral']}-{digest.hexdigest()[:16].upper()}"


@strawberry.type
class SafeguardingQuery:
    @strawberry.field(description="The safeguarding referral queue, newest first. "
                                  + NOT_EVIDENCE)
    async def safeguarding_referrals(self, info: Info[Context, None], first: int = 20,
                                     after: str | None = None) -> Connection[SafeguardingReferral]:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        total, page = await run_in_threadpool(safeguarding.queue, ctx.driver, ctx.database,
                                              first, skip)
        ctx.audit.consult("safeguarding-referrals", [f["person"]["id"] for f in page],
                          "safeguarding queue")
        return connection([SafeguardingReferral.of(f) for f in page], total, skip)


@strawberry.type
class SafeguardingMutation:
    @strawberry.mutation(description="Refer a person for safeguarding with a reason: creates "
                                     "a referral in the safeguarding queue and never a flag. "
                                     + NOT_EVIDENCE)
    async def refer_for_safeguarding(
            self, info: Info[Context, None], person_id: strawberry.ID, reason: str,
            idempotency_key: Annotated[str | None, strawberry.argument(
                description=KEY_HELP)] = None) -> ReferralPayload:
        ctx = info.context
        ctx.require(Permission.RECORD)
        if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_KEY:
            error = ValidationError("request", "idempotency_key",
                                    f"must be 1 to {MAX_KEY} characters long")
            return ReferralPayload(ok=False, referral=None, errors=[user_error(error)])
        principal = ctx.principal
        try:
            found = await run_in_threadpool(
                lambda: safeguarding.refer(
                    ctx.driver, ctx.database, str(person_id), reason, by=principal.name,
                    purpose=principal.purpose,
                    referral_id=_referral_id(principal.name, idempotency_key)))
        except (ValidationError, NotFound) as exc:
            return ReferralPayload(ok=False, referral=None, errors=[user_error(exc)])
        except OutcomeUnknown as exc:
            ctx.audit.consult("change:safeguarding-referral", [str(person_id)], str(exc),
                              outcome="unknown")
            return ReferralPayload(ok=False, referral=None, errors=[user_error(exc)])
        ctx.audit.consult("change:safeguarding-referral", [str(person_id)],
                          f"referral {found['referral']['id']}")
        return ReferralPayload(ok=True, referral=SafeguardingReferral.of(found), errors=[])
