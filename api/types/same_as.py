"""Duplicates and "same as" decisions: `duplicateCandidates`, `confirmSameAs`,
`rejectSameAs`, `undoSameAs` (and, on Person, `sameAs`, `identityCluster` and
`possibleDuplicates`, declared with Person in api/types/person since they point back at
it; the possible duplicates `recordPerson` answers with are read by api/resolvers/duplicates).

Nothing is merged: a decision is a SameAsLink record with its events (graph/identity/links).
Reading the candidates needs READ_PERSONS; deciding needs RECORD. Every call is audited.
"""

from __future__ import annotations

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
)
from api.types.comparison import FieldComparison
from api.types.enums import MatchBand
from api.types.person import Person, SameAsLink, person_by_id
from graph.errors import Conflict, NotFound, ValidationError
from graph.identity import duplicates, links


@strawberry.type(description="Two records that are probably one person, with the explained "
                             "score and the decision taken, if any.")
class DuplicatePair:
    a_id: strawberry.ID
    b_id: strawberry.ID
    score: float
    band: MatchBand
    fields: list[FieldComparison]
    decision_id: strawberry.ID | None

    @strawberry.field
    async def a(self, info: Info[Context, None]) -> Person | None:
        return await person_by_id(info, str(self.a_id))

    @strawberry.field
    async def b(self, info: Info[Context, None]) -> Person | None:
        return await person_by_id(info, str(self.b_id))

    @strawberry.field(description="The same-as decision about this pair, if one was taken.")
    async def decision(self, info: Info[Context, None]) -> SameAsLink | None:
        if not self.decision_id:
            return None
        ctx = info.context
        link = await run_in_threadpool(links.link_by_id, ctx.driver, ctx.database,
                                       str(self.decision_id), str(self.a_id))
        return SameAsLink.of(link) if link else None


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
        pairs = [DuplicatePair(a_id=strawberry.ID(p.a), b_id=strawberry.ID(p.b), score=p.score,
                               band=p.band,
                               fields=[FieldComparison.of(f) for f in p.fields],
                               decision_id=strawberry.ID(p.decision) if p.decision else None)
                 for p in page]
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
