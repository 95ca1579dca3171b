"""Duplicates and "same as" decisions: `duplicateCandidates`, `confirmSameAs`,
`rejectSameAs`, `undoSameAs` (and, on Person, `sameAs`, `identityCluster` and
`possibleDuplicates`), and the possible duplicates `recordPerson` answers with
(`possible_duplicates`).

Nothing is merged: a decision is a SameAsLink record with its events (graph/identity/links).
Reading the candidates needs READ_PERSONS; deciding needs RECORD. Every call is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import Permission
from api.types.common import (
    Connection,
    UserError,
    UserInputError,
    connection,
    page_window,
    to_native,
)
from api.types.identity import FieldComparison
from graph.errors import Conflict, NotFound, ValidationError
from graph.identity import duplicate_pairs, duplicates, duplicates_live, links

if TYPE_CHECKING:
    from api.types.person import Person

PersonRef = Annotated["Person", strawberry.lazy("api.types.person")]
log = logging.getLogger(__name__)


async def _person(info: Info[Context, None], person_id: str) -> Person | None:
    from api.types.person import Person

    record = await info.context.loaders.persons.load(person_id)
    return Person.of(record) if record else None


@strawberry.type(description="One change of a same-as decision: confirmed, rejected or undone.")
class SameAsEvent:
    id: strawberry.ID
    action: str
    by: str
    at: dt.datetime
    reason: str
    score: float | None


@strawberry.type(description="A decision that two records are (or are not) one person; never "
                             "a merge. Seen from one of the two people: `other` is the "
                             "other record.")
class SameAsLink:
    id: strawberry.ID
    status: str = strawberry.field(description="confirmed, rejected or undone.")
    reason: str = strawberry.field(description="The reason of the latest decision.")
    decided_by: str
    decided_at: dt.datetime
    score: float | None = strawberry.field(description="The pair's match score when decided.")
    events: list[SameAsEvent]
    person_ids: list[strawberry.ID]
    other_id: strawberry.ID

    @strawberry.field(description="The other record of the pair.")
    async def other(self, info: Info[Context, None]) -> PersonRef | None:
        return await _person(info, str(self.other_id))

    @classmethod
    def of(cls, link: links.Link) -> SameAsLink:
        return cls(id=link.id, status=link.status, reason=link.reason,
                   decided_by=link.decided_by, decided_at=to_native(link.decided_at),
                   score=link.score, person_ids=list(link.person_ids),
                   other_id=link.other_id,
                   events=[SameAsEvent(id=e["id"], action=e["action"], by=e["by"],
                                       at=to_native(e["at"]), reason=e["reason"],
                                       score=e.get("score")) for e in link.events])


@strawberry.type(description="Two records that are probably one person, with the explained "
                             "score and the decision taken, if any.")
class DuplicatePair:
    a_id: strawberry.ID
    b_id: strawberry.ID
    score: float
    band: str
    fields: list[FieldComparison]
    decision_id: strawberry.ID | None

    @strawberry.field
    async def a(self, info: Info[Context, None]) -> PersonRef | None:
        return await _person(info, str(self.a_id))

    @strawberry.field
    async def b(self, info: Info[Context, None]) -> PersonRef | None:
        return await _person(info, str(self.b_id))

    @strawberry.field(description="The same-as decision about this pair, if one was taken.")
    async def decision(self, info: Info[Context, None]) -> SameAsLink | None:
        if not self.decision_id:
            return None
        ctx = info.context
        link = await run_in_threadpool(links.link_by_id, ctx.driver, ctx.database,
                                       str(self.decision_id), str(self.a_id))
        return SameAsLink.of(link) if link else None


@strawberry.type(description="A record that may be the same person as this one (or the one "
                             "just recorded): a stored, undecided duplicate candidate pair.")
class PossibleDuplicate:
    other_id: strawberry.ID = strawberry.field(description="The other record's id.")
    other_name: str | None = strawberry.field(description="The other record's full name.")
    score: float
    band: str = strawberry.field(description="strong (>= 0.9) or possible (>= 0.5).")
    fields: list[FieldComparison]
    candidate_id: strawberry.ID = strawberry.field(
        description="The stored pair's id (`DC-<lower id>-<higher id>`).")

    @strawberry.field(description="The other record.")
    async def other(self, info: Info[Context, None]) -> PersonRef | None:
        return await _person(info, str(self.other_id))


async def possible_duplicates(info: Info[Context, None], person_id: str
                              ) -> list[PossibleDuplicate]:
    """Check a person just recorded for duplicates (stored as a scan stores them) and list
    the possible ones, best first. The record is already written: a failure here is logged
    and answers an empty list, never an error of the mutation."""
    ctx = info.context
    try:
        result = await run_in_threadpool(duplicates_live.check_persons, ctx.driver,
                                         ctx.database, [person_id], ctx.user_name)
    except Exception:
        log.exception("duplicate check failed for %s (the person is recorded)", person_id)
        return []
    found = result.possible.get(person_id, [])
    if not found or not ctx.may(Permission.READ_PERSONS):
        return []
    return _shown(ctx, person_id, found)


def _shown(ctx: Context, person_id: str, found: list[duplicates_live.PossibleDuplicate]
           ) -> list[PossibleDuplicate]:
    """Audit the pairs shown (the person and every other record) and convert them."""
    ctx.audit.consult("possible-duplicates", [person_id, *(p.other_id for p in found)],
                      f"possible duplicates of {person_id}: "
                      + (", ".join(f"{p.other_id} ({p.score})" for p in found) or "none"))
    return [PossibleDuplicate(other_id=p.other_id, other_name=p.other_name, score=p.score,
                              band=p.band, fields=[FieldComparison.of(f) for f in p.fields],
                              candidate_id=p.candidate_id) for p in found]


async def stored_possible_duplicates(info: Info[Context, None], person_id: str,
                                     min_score: float) -> list[PossibleDuplicate]:
    """`Person.possibleDuplicates`: the stored, undecided pairs of a person, best first
    (read only: the check is run when a person is recorded, not here)."""
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    if not 0.0 <= min_score <= 1.0:
        raise UserInputError("`minScore` must be between 0 and 1", "minScore")
    found = await run_in_threadpool(duplicate_pairs.undecided_of, ctx.driver, ctx.database,
                                    person_id, min_score)
    return _shown(ctx, person_id, found)


@strawberry.type(description="What a same-as decision did, or why nothing was written.")
class SameAsPayload:
    ok: bool
    link: SameAsLink | None
    errors: list[UserError]


async def _decide(info: Info[Context, None], person_id: str, other_id: str, status: str,
                  reason: str) -> SameAsPayload:
    ctx = info.context
    ctx.require(Permission.RECORD)
    try:
        raw, changed = await run_in_threadpool(
            links.write_decision, ctx.driver, ctx.database, person_id, other_id, status,
            reason, ctx.user_name)
    except (ValidationError, NotFound, Conflict) as exc:
        ctx.audit.consult(f"refused:same-as-{status}", [person_id, other_id], str(exc))
        return SameAsPayload(ok=False, link=None, errors=[user_error(exc, reason_only=True)])
    ctx.audit.consult(f"change:same-as-{status}", [raw["id"], person_id, other_id],
                      f"{status} {person_id} = {other_id}" + ("" if changed else
                                                              " (unchanged)"))
    link = await run_in_threadpool(links.link_by_id, ctx.driver, ctx.database, raw["id"],
                                   person_id)
    return SameAsPayload(ok=True, link=SameAsLink.of(link) if link else None, errors=[])


@strawberry.type
class SameAsQuery:
    @strawberry.field(description="Pairs of records that are probably one person, best first, "
                                  "from the last `nexus duplicates scan` and the check run "
                                  "for each person recorded since; decided pairs show "
                                  "their decision (or are left out with `undecided: true`).")
    async def duplicate_candidates(self, info: Info[Context, None], first: int = 20,
                                   after: str | None = None, min_score: float = 0.5,
                                   undecided: bool = False) -> Connection[DuplicatePair]:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        if not 0.0 <= min_score <= 1.0:
            raise UserInputError("`minScore` must be between 0 and 1", "minScore")
        total, page = await run_in_threadpool(
            lambda: duplicates.candidate_page(ctx.driver, ctx.database, skip=skip,
                                              first=first, min_score=min_score,
                                              undecided=undecided))
        ctx.audit.consult("duplicates", [i for p in page for i in (p.a, p.b)],
                          f"duplicate candidates min_score={min_score}")
        pairs = [DuplicatePair(a_id=p.a, b_id=p.b, score=p.score, band=p.band,
                               fields=[FieldComparison.of(f) for f in p.fields],
                               decision_id=p.decision) for p in page]
        return connection(pairs, total, skip)


@strawberry.type
class SameAsMutation:
    @strawberry.mutation(description="Confirm that two records are one person (reversible; "
                                     "nothing is merged).")
    async def confirm_same_as(self, info: Info[Context, None], person_id: strawberry.ID,
                              other_id: strawberry.ID, reason: str) -> SameAsPayload:
        return await _decide(info, str(person_id), str(other_id), links.CONFIRMED, reason)

    @strawberry.mutation(description="Record that two records are not one person.")
    async def reject_same_as(self, info: Info[Context, None], person_id: strawberry.ID,
                             other_id: strawberry.ID, reason: str) -> SameAsPayload:
        return await _decide(info, str(person_id), str(other_id), links.REJECTED, reason)

    @strawberry.mutation(description="Undo a same-as decision; it stays in the link's events.")
    async def undo_same_as(self, info: Info[Context, None], link_id: strawberry.ID,
                           reason: str) -> SameAsPayload:
        ctx = info.context
        ctx.require(Permission.RECORD)
        try:
            await run_in_threadpool(links.write_undo, ctx.driver, ctx.database,
                                    str(link_id), reason, ctx.user_name)
        except (ValidationError, NotFound, Conflict) as exc:
            ctx.audit.consult("refused:same-as-undo", [str(link_id)], str(exc))
            return SameAsPayload(ok=False, link=None, errors=[user_error(exc, reason_only=True)])
        link = await run_in_threadpool(links.link_by_id, ctx.driver, ctx.database,
                                       str(link_id))
        ctx.audit.consult("change:same-as-undo",
                          [str(link_id), *(link.person_ids if link else ())],
                          f"undo {link_id}")
        return SameAsPayload(ok=True, link=SameAsLink.of(link) if link else None, errors=[])
