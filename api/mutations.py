"""Mutations: record each kind of record, set, review and clear flags.

Every mutation validates its input through the write layer and writes in one
transaction: on any error it answers `ok: false` with typed `errors` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types import inputs
from api.types.admin import AdminMutation
from api.types.checks import ChecksMutation
from api.types.common import UserError
from api.types.identity import IdentityMutation
from api.types.reviews import ReviewsMutation
from api.types.same_as import PossibleDuplicate, SameAsMutation, possible_duplicates
from graph.errors import Conflict, NotFound, ValidationError
from graph.records import clear_flag, review_flag, write_records

_PREFIX = {"person": "P", "arrest": "AR", "charge": "CH", "conviction": "CV",
           "incident": "IN", "incident_role": "IR", "association": "AS",
           "membership": "ME", "intelligence_report": "IT", "check": "CK", "flag": "FL"}


@strawberry.type(description="What a mutation did: the record's id, or why nothing "
                             "was written.")
class RecordPayload:
    ok: bool
    id: strawberry.ID | None
    errors: list[UserError]


@strawberry.type(description="What recordPerson did, and the records that may be the same "
                             "person (checked once the person is written).")
class RecordPersonPayload(RecordPayload):
    possible_duplicates: list[PossibleDuplicate] = strawberry.field(
        description="Stored, undecided duplicate pairs of this person scoring at least 0.5, "
                    "best first; empty when none (or when the check failed: the person is "
                    "recorded all the same).")


def _new_id(kind: str) -> str:
    return f"{_PREFIX[kind]}-{uuid.uuid4().hex[:12].upper()}"


def _stamp(info: Info[Context, None], kind: str, row: dict[str, Any]) -> dict[str, Any]:
    row.setdefault("id", _new_id(kind))
    row["recorded_by"] = info.context.user_name
    row["recorded_at"] = dt.datetime.now(dt.UTC)
    return row


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _error(exc: Exception) -> UserError:
    if isinstance(exc, ValidationError):  # the field as the client named it
        return UserError(message=str(exc), code="INVALID", field=_camel(exc.field))
    if isinstance(exc, NotFound):
        return UserError(message=str(exc), code="NOT_FOUND", field=None)
    return UserError(message=str(exc), code="CONFLICT", field=None)


def _subjects(rows: list[dict[str, Any]]) -> list[str]:
    """The records a change touches: the rows' ids and every person they name."""
    ids = []
    for row in rows:
        ids += [row.get("id"), row.get("person_id"), row.get("other_person_id"),
                *(row.get("mentions_person_ids") or [])]
    return [str(i) for i in ids if i]


async def _write(info: Info[Context, None], action: str, record_id: str,
                 work: Callable[[], Any], subjects: list[str]) -> RecordPayload:
    try:
        await run_in_threadpool(work)
    except (ValidationError, NotFound, Conflict) as exc:
        return RecordPayload(ok=False, id=None, errors=[_error(exc)])
    info.context.audit.consult(f"change:{action}", subjects)
    return RecordPayload(ok=True, id=record_id, errors=[])


async def _record(info: Info[Context, None], kind: str, data: Any,
                  extra: dict[str, list[dict[str, Any]]] | None = None) -> RecordPayload:
    info.context.require(Permission.RECORD)
    row = _stamp(info, kind, inputs.row_from_input(data))
    batches = {kind: [row], **(extra or {})}
    ctx = info.context
    rows = [r for batch in batches.values() for r in batch]
    return await _write(info, kind, row["id"],
                        lambda: write_records(ctx.driver, ctx.database, batches),
                        _subjects(rows))


@strawberry.type
class Mutation(AdminMutation, IdentityMutation, ChecksMutation, SameAsMutation,
               ReviewsMutation):
    @strawberry.mutation(description="Record a person (or update one by id); then check it "
                                     "for duplicates as `nexus duplicates scan` does.")
    async def record_person(self, info: Info[Context, None],
                            input: inputs.PersonInput) -> RecordPersonPayload:
        done = await _record(info, "person", input)
        found = await possible_duplicates(info, str(done.id)) if done.ok else []
        return RecordPersonPayload(ok=done.ok, id=done.id, errors=done.errors,
                                   possible_duplicates=found)

    @strawberry.mutation(description="Record an arrest with its outcome.")
    async def record_arrest(self, info: Info[Context, None],
                            input: inputs.ArrestInput) -> RecordPayload:
        return await _record(info, "arrest", input)

    @strawberry.mutation
    async def record_charge(self, info: Info[Context, None],
                            input: inputs.ChargeInput) -> RecordPayload:
        return await _record(info, "charge", input)

    @strawberry.mutation(description="Record a conviction, at home or abroad.")
    async def record_conviction(self, info: Info[Context, None],
                                input: inputs.ConvictionInput) -> RecordPayload:
        return await _record(info, "conviction", input)

    @strawberry.mutation(description="Record an incident with the people in it, in roles.")
    async def record_incident(self, info: Info[Context, None], input: inputs.IncidentInput,
                              roles: list[inputs.IncidentRoleInput]) -> RecordPayload:
        incident_id = input.id or _new_id("incident")
        input.id = incident_id
        role_rows = [_stamp(info, "incident_role",
                            {**inputs.row_from_input(role), "incident_id": incident_id})
                     for role in roles]
        return await _record(info, "incident", input, {"incident_role": role_rows})

    @strawberry.mutation(description="Record a person-to-person association.")
    async def record_association(self, info: Info[Context, None],
                                 input: inputs.AssociationInput) -> RecordPayload:
        return await _record(info, "association", input)

    @strawberry.mutation(description="Record membership of a gang or organised crime group.")
    async def record_membership(self, info: Info[Context, None],
                                input: inputs.MembershipInput) -> RecordPayload:
        return await _record(info, "membership", input)

    @strawberry.mutation(description="Record a graded (3x5x2) intelligence report.")
    async def record_intelligence_report(
            self, info: Info[Context, None],
            input: inputs.IntelligenceReportInput) -> RecordPayload:
        return await _record(info, "intelligence_report", input)

    @strawberry.mutation(description="Record the result of a check run in custody.")
    async def record_check(self, info: Info[Context, None],
                           input: inputs.CheckInput) -> RecordPayload:
        return await _record(info, "check", input)

    @strawberry.mutation(description="Set a flag (such as high harm) on a person.")
    async def set_flag(self, info: Info[Context, None],
                       input: inputs.FlagInput) -> RecordPayload:
        info.context.require(Permission.SET_FLAG)
        row = inputs.row_from_input(input)
        row |= {"status": "active", "set_by": info.context.user_name,
                "set_at": dt.datetime.now(dt.UTC)}
        row = _stamp(info, "flag", row)
        ctx = info.context
        return await _write(info, "flag", row["id"],
                            lambda: write_records(ctx.driver, ctx.database, {"flag": [row]}),
                            _subjects([row]))

    @strawberry.mutation(description="Record a review of an active flag; moves its review date.")
    async def review_flag(self, info: Info[Context, None], flag_id: strawberry.ID,
                          next_review_date: dt.date, source: str,
                          reason: str | None = None) -> RecordPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_FLAG)

        def work() -> None:
            with ctx.driver.session(database=ctx.database) as session:
                session.execute_write(lambda tx: review_flag(
                    tx, str(flag_id), by=ctx.user_name, reason=reason,
                    next_review_date=next_review_date, source=source))
        return await _write(info, "flag-review", str(flag_id), work, [str(flag_id)])

    @strawberry.mutation(description="Clear an active flag; it stays in the history.")
    async def clear_flag(self, info: Info[Context, None], flag_id: strawberry.ID,
                         reason: str, source: str) -> RecordPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_FLAG)

        def work() -> None:
            with ctx.driver.session(database=ctx.database) as session:
                session.execute_write(lambda tx: clear_flag(
                    tx, str(flag_id), by=ctx.user_name, reason=reason, source=source))
        return await _write(info, "flag-clear", str(flag_id), work, [str(flag_id)])
