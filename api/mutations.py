"""The records' mutations: record each kind of record, set, review and clear flags
(`RecordsMutation`, composed into the root `Mutation` by api/schema).

Every mutation validates its input through the write layer and writes in one
transaction: on any error it answers `ok: false` with typed `errors` and writes nothing.

Retries are safe. A record's id is the client's (`input.id`), or derived from the
client's `idempotencyKey` (with the user and the kind), or else minted at random; every
write MERGEs on it. When the commit's answer is lost (`OUTCOME_UNKNOWN`) the payload
still carries the id, so the client can retry with it and settle the outcome.

A writer changes only what it may see: the caller's Clearance goes to the write
layer, which answers "not found" for a graded record the caller cannot read, exactly as
an unknown id is answered elsewhere (recordReview), so C material stays indistinguishable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import Permission
from api.resolvers import duplicates as duplicate_reads
from api.types import inputs
from api.types.common import UserError
from api.types.enums import ChallengeRaiser
from api.types.person import PossibleDuplicate
from graph.errors import Conflict, NotFound, OutcomeUnknown, ValidationError
from graph.ids import PREFIXES, new_id
from graph.records import (
    challenge_flag,
    clear_flag,
    decide_challenge,
    in_write_transaction,
    review_flag,
    set_flag,
    write_records,
)


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


MAX_KEY = 200
KEY_HELP = ("Makes a retry safe without an id of your own: the same key (from the same "
            "user, for the same kind of record) always gives the same record id, so the "
            "retry updates the record the first try may have written. Ignored when the "
            "input has an id.")


def _new_id(kind: str, user: str | None = None, key: str | None = None) -> str:
    """A random id, or one derived from (user, kind, key) so a retry MERGEs onto it."""
    if key is None:
        return new_id(kind)
    digest = hashlib.sha256("\x1f".join(("nexus-record", user or "", kind, key)).encode())
    return f"{PREFIXES[kind]}-{digest.hexdigest()[:16].upper()}"


def _derived_id(kind: str, *parts: str) -> str:
    """An id that follows from the record's parents (an incident's role of a person)."""
    digest = hashlib.sha256("\x1f".join(("nexus-part", kind, *parts)).encode())
    return f"{PREFIXES[kind]}-{digest.hexdigest()[:16].upper()}"


def _event_id(user: str, action: str, key: str | None) -> str | None:
    """A flag event's id derived from the key (None: the write layer mints one)."""
    if key is None:
        return None
    digest = hashlib.sha256("\x1f".join(("nexus-flag-event", user, action, key)).encode())
    return f"FE-{digest.hexdigest()[:16].upper()}"


def _stamp(info: Info[Context, None], kind: str, row: dict[str, Any],
           key: str | None = None) -> dict[str, Any]:
    row.setdefault("id", _new_id(kind, info.context.user_name, key))
    row["recorded_by"] = info.context.user_name
    row["recorded_at"] = dt.datetime.now(dt.UTC)
    return row


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
        return RecordPayload(ok=False, id=None, errors=[user_error(exc)])
    except OutcomeUnknown as exc:
        # It may have committed: audited as such, and the id goes back for the retry.
        info.context.audit.consult(f"change:{action}", subjects, str(exc), outcome="unknown")
        return RecordPayload(ok=False, id=strawberry.ID(record_id),
                             errors=[user_error(OutcomeUnknown(record_id))])
    info.context.audit.consult(f"change:{action}", subjects)
    return RecordPayload(ok=True, id=strawberry.ID(record_id), errors=[])


def _bad_key(key: str | None) -> RecordPayload | None:
    """The refusal of an idempotency key that is empty or too long, else None."""
    if key is not None and not 0 < len(key) <= MAX_KEY:
        error = ValidationError("request", "idempotency_key",
                                f"must be 1 to {MAX_KEY} characters long")
        return RecordPayload(ok=False, id=None, errors=[user_error(error)])
    return None


async def _record(info: Info[Context, None], kind: str, data: Any, key: str | None,
                  extra: dict[str, list[dict[str, Any]]] | None = None) -> RecordPayload:
    info.context.require(Permission.RECORD)
    if bad := _bad_key(key):
        return bad
    row = _stamp(info, kind, inputs.row_from_input(data), key)
    batches = {kind: [row], **(extra or {})}
    ctx = info.context
    rows = [r for batch in batches.values() for r in batch]
    return await _write(info, kind, row["id"],
                        lambda: write_records(ctx.driver, ctx.database, batches,
                                              clearance=ctx.clearance),
                        _subjects(rows))


Key = Annotated[str | None, strawberry.argument(description=KEY_HELP)]


@strawberry.type
class RecordsMutation:
    @strawberry.mutation(description="Record a person (or update one by id); then check it "
                                     "for duplicates as `nexus duplicates scan` does.")
    async def record_person(self, info: Info[Context, None], input: inputs.PersonInput,
                            idempotency_key: Key = None,
                            ) -> RecordPersonPayload:
        done = await _record(info, "person", input, idempotency_key)
        checked = (await duplicate_reads.checked_after_recording(info.context, str(done.id))
                   if done.ok else [])
        found = [PossibleDuplicate.of(p) for p in checked]
        return RecordPersonPayload(ok=done.ok, id=done.id, errors=done.errors,
                                   possible_duplicates=found)

    @strawberry.mutation(description="Record an arrest with its outcome.")
    async def record_arrest(self, info: Info[Context, None],
                            input: inputs.ArrestInput,
                            idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "arrest", input, idempotency_key)

    @strawberry.mutation
    async def record_charge(self, info: Info[Context, None],
                            input: inputs.ChargeInput,
                            idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "charge", input, idempotency_key)

    @strawberry.mutation(description="Record a conviction, at home or abroad.")
    async def record_conviction(self, info: Info[Context, None],
                                input: inputs.ConvictionInput,
                                idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "conviction", input, idempotency_key)

    @strawberry.mutation(description="Record an incident with the people in it, in roles.")
    async def record_incident(self, info: Info[Context, None], input: inputs.IncidentInput,
                              roles: list[inputs.IncidentRoleInput],
                              idempotency_key: Key = None,
                              ) -> RecordPayload:
        if bad := _bad_key(idempotency_key):
            return bad
        incident_id = input.id or _new_id("incident", info.context.user_name, idempotency_key)
        input.id = incident_id
        role_rows = []
        for role in roles:
            row = {**inputs.row_from_input(role), "incident_id": incident_id}
            # A role without an id follows from its incident, person and role, so a retry
            # of the incident MERGEs its roles instead of adding a second set.
            row.setdefault("id", _derived_id("incident_role", incident_id,
                                             str(row.get("person_id")), str(row.get("role"))))
            role_rows.append(_stamp(info, "incident_role", row))
        return await _record(info, "incident", input, idempotency_key,
                             {"incident_role": role_rows})

    @strawberry.mutation(description="Record a person-to-person association.")
    async def record_association(self, info: Info[Context, None],
                                 input: inputs.AssociationInput,
                                 idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "association", input, idempotency_key)

    @strawberry.mutation(description="Record membership of a gang or organised crime group.")
    async def record_membership(self, info: Info[Context, None],
                                input: inputs.MembershipInput,
                                idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "membership", input, idempotency_key)

    @strawberry.mutation(description="Record a graded (3x5x2) intelligence report.")
    async def record_intelligence_report(
            self, info: Info[Context, None],
            input: inputs.IntelligenceReportInput,
            idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "intelligence_report", input, idempotency_key)

    @strawberry.mutation(description="Record the result of a check run in custody.")
    async def record_check(self, info: Info[Context, None],
                           input: inputs.CheckInput,
                           idempotency_key: Key = None) -> RecordPayload:
        return await _record(info, "check", input, idempotency_key)

    @strawberry.mutation(description="Set a flag (such as high harm) on a person: the "
                                     "reason, the records it rests on (at least one, "
                                     "each a record of the person), its owner (you, "
                                     "unless given) and its review date.")
    async def set_flag(self, info: Info[Context, None], input: inputs.FlagInput,
                       idempotency_key: Key = None) -> RecordPayload:
        info.context.require(Permission.SET_FLAG)
        if bad := _bad_key(idempotency_key):
            return bad
        row = inputs.row_from_input(input)
        row |= {"status": "active", "set_by": info.context.user_name,
                "set_at": dt.datetime.now(dt.UTC)}
        row.setdefault("owner", info.context.user_name)
        row = _stamp(info, "flag", row, idempotency_key)
        ctx = info.context
        return await _write(info, "flag", row["id"], lambda: in_write_transaction(
            ctx.driver, ctx.database, lambda tx: set_flag(tx, row, case_file=True)),
            _subjects([row]))

    @strawberry.mutation(description="Record a review of an active flag; moves its review date.")
    async def review_flag(self, info: Info[Context, None], flag_id: strawberry.ID,
                          next_review_date: dt.date, source: str,
                          reason: str | None = None,
                          idempotency_key: Key = None) -> RecordPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_FLAG)
        if bad := _bad_key(idempotency_key):
            return bad
        event_id = _event_id(ctx.user_name, "reviewed", idempotency_key)
        return await _write(info, "flag-review", str(flag_id), lambda: in_write_transaction(
            ctx.driver, ctx.database, lambda tx: review_flag(
                tx, str(flag_id), by=ctx.user_name, reason=reason,
                next_review_date=next_review_date, source=source, event_id=event_id)),
            [str(flag_id)])

    @strawberry.mutation(description="Clear an active flag; it stays in the history.")
    async def clear_flag(self, info: Info[Context, None], flag_id: strawberry.ID,
                         reason: str, source: str,
                         idempotency_key: Key = None) -> RecordPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_FLAG)
        if bad := _bad_key(idempotency_key):
            return bad
        event_id = _event_id(ctx.user_name, "cleared", idempotency_key)
        return await _write(info, "flag-clear", str(flag_id), lambda: in_write_transaction(
            ctx.driver, ctx.database, lambda tx: clear_flag(
                tx, str(flag_id), by=ctx.user_name, reason=reason, source=source,
                event_id=event_id)),
            [str(flag_id)])

    @strawberry.mutation(description="Record a challenge to a flag: who raised it (the "
                                     "person, their representative, another agency), and "
                                     "the grounds. The id is the challenge's.")
    async def challenge_flag(self, info: Info[Context, None], flag_id: strawberry.ID,
                             raised_by: ChallengeRaiser, grounds: str,
                             raised_by_detail: str | None = None,
                             source: str = "nexus", idempotency_key: Key = None
                             ) -> RecordPayload:
        ctx = info.context
        ctx.require(Permission.RECORD)
        if bad := _bad_key(idempotency_key):
            return bad
        challenge_id = _new_id("flag_challenge", ctx.user_name, idempotency_key)
        return await _write(info, "flag-challenge", challenge_id, lambda: in_write_transaction(
            ctx.driver, ctx.database, lambda tx: challenge_flag(
                tx, str(flag_id), raised_by=str(getattr(raised_by, "value", raised_by)),
                raised_by_detail=raised_by_detail, grounds=grounds, by=ctx.user_name,
                source=source, challenge_id=challenge_id)),
            [challenge_id, str(flag_id)])

    @strawberry.mutation(description="Decide an open challenge, with reasons. Upheld: the "
                                     "flag is cleared (if it still stands). The id is the "
                                     "challenge's.")
    async def decide_challenge(self, info: Info[Context, None], challenge_id: strawberry.ID,
                               upheld: bool, reason: str, source: str = "nexus"
                               ) -> RecordPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_FLAG)
        return await _write(info, "flag-challenge-decision", str(challenge_id),
                            lambda: in_write_transaction(
                                ctx.driver, ctx.database, lambda tx: decide_challenge(
                                    tx, str(challenge_id), upheld=upheld, reason=reason,
                                    by=ctx.user_name, source=source)),
                            [str(challenge_id)])
