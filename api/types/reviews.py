"""`reviewsDue`: the records whose MOPI review date has come (graph/reviews/due.py);
`recordReview`: keep one with a new date, or propose its disposal (graph/reviews/events.py);
`disposalProposals`: the records proposed for disposal (graph/reviews/proposals.py);
`withdrawDisposalProposal`: keep one after all (graph/reviews/withdraw.py).

The lists need READ_PERSONS. Intelligence reports with a handling code the caller may not
see are left out of them and of every count. Audited like any other read: the records
listed and the people they concern. The mutations need REVIEW_RECORDS (and REVIEW_FLAG for
a flag); they answer `{ok, errors, review}`, write nothing on error, and are audited as
changes. Both take `expectedReviewDate`, the date the reviewer was shown: if someone else
reviewed the record first, the answer is a CONFLICT error and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.permissions import Permission
from api.types.common import (
    Edge,
    PageInfo,
    UserError,
    UserInputError,
    connection,
    page_window,
)
from api.types.enums import ReviewKind, ReviewOutcome
from graph.errors import Conflict, NotFound, ValidationError
from graph.reviews import due as reviews
from graph.reviews import events as review_events
from graph.reviews import proposals as review_proposals
from graph.reviews import withdraw as review_withdraw


@strawberry.type(description="A record due for review (MOPI).")
class ReviewDue:
    kind: ReviewKind = strawberry.field(description="person, arrest, incident, "
                                             "intelligence_report or flag.")
    id: strawberry.ID
    label: str = strawberry.field(description="One line: the person's name, the report's "
                                              "summary (shortened), the flag and its person.")
    review_date: dt.date
    days_overdue: int = strawberry.field(description="Days since the review date, as at "
                                                     "today; negative when not yet due.")
    person_id: strawberry.ID | None = strawberry.field(
        description="The person the record concerns, when there is exactly one.")


@strawberry.type
class ReviewKindCount:
    kind: ReviewKind
    count: int


@strawberry.type(description="Records due for review, oldest review date first.")
class ReviewDueConnection:
    edges: list[Edge[ReviewDue]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Due records of the kinds asked for.")
    counts_by_kind: list[ReviewKindCount] = strawberry.field(
        description="Due records per kind, every kind (whatever `kinds` says), zeros too.")


@strawberry.type(description="A record proposed for disposal by a MOPI review: it is off "
                             "the due list and waits for whoever owns deletion.")
class DisposalProposal:
    kind: ReviewKind = strawberry.field(description="person, arrest, incident or "
                                             "intelligence_report.")
    id: strawberry.ID
    label: str = strawberry.field(description="One line, as the due list shows it.")
    review_date: dt.date | None = strawberry.field(
        description="The record's review date (a proposal leaves it as it was).")
    person_id: strawberry.ID | None = strawberry.field(
        description="The person the record concerns, when there is exactly one.")
    proposed_at: dt.datetime
    proposed_by: str | None = strawberry.field(description="Who proposed it (its review).")
    reason: str | None = strawberry.field(description="Why, as the review recorded it.")
    review_id: strawberry.ID | None = strawberry.field(
        description="The ReviewEvent that proposed it (RV-...).")


@strawberry.type(description="Records proposed for disposal, newest proposal first.")
class DisposalProposalConnection:
    edges: list[Edge[DisposalProposal]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Proposals of the kinds asked for.")
    counts_by_kind: list[ReviewKindCount] = strawberry.field(
        description="Proposals per kind, every kind that can be proposed, zeros too.")


@strawberry.type
class ReviewsQuery:
    @strawberry.field(description="Records whose review date is on or before `before` "
                                  "(default today): people, arrests, incidents, "
                                  "intelligence reports, active flags.")
    async def reviews_due(
        self, info: Info[Context, None], before: dt.date | None = None,
        kinds: list[str] | None = None, first: int = 50, after: str | None = None,
    ) -> ReviewDueConnection:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        try:
            selected = reviews.check_kinds(kinds)
        except ValueError as exc:
            raise UserInputError(str(exc), "kinds") from exc
        result = await run_in_threadpool(
            lambda: reviews.reviews_due(ctx.driver, ctx.database, before=before,
                                        kinds=selected, clearance=ctx.clearance,
                                        first=first, skip=skip))
        ctx.audit.consult(
            "reviews-due",
            [i for r in result.records for i in (r.id, r.person_id) if i],
            f"reviews due before={before or 'today'} kinds={','.join(kinds or []) or 'all'}")
        nodes = [ReviewDue(kind=r.kind, id=strawberry.ID(r.id), label=r.label,
                           review_date=r.review_date, days_overdue=r.days_overdue,
                           person_id=strawberry.ID(r.person_id) if r.person_id else None)
                 for r in result.records]
        page = connection(nodes, result.total, skip)
        return ReviewDueConnection(
            edges=page.edges, page_info=page.page_info, total_count=result.total,
            counts_by_kind=[ReviewKindCount(kind=k, count=n) for k, n in result.counts.items()])

    @strawberry.field(description="Records that a review proposed for disposal (nothing is "
                                  "deleted), newest proposal first, with who proposed each, "
                                  "when and why.")
    async def disposal_proposals(
        self, info: Info[Context, None], kinds: list[str] | None = None, first: int = 50,
        after: str | None = None,
    ) -> DisposalProposalConnection:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        try:
            selected = review_proposals.check_proposal_kinds(kinds)
        except ValueError as exc:
            raise UserInputError(str(exc), "kinds") from exc
        result = await run_in_threadpool(
            lambda: review_proposals.disposal_proposals(
                ctx.driver, ctx.database, kinds=selected, clearance=ctx.clearance,
                first=first, skip=skip))
        ctx.audit.consult(
            "disposal-proposals",
            [i for r in result.records for i in (r.id, r.person_id) if i],
            f"disposal proposals kinds={','.join(kinds or []) or 'all'}")
        nodes = [DisposalProposal(
            kind=r.kind, id=strawberry.ID(r.id), label=r.label, review_date=r.review_date,
            person_id=strawberry.ID(r.person_id) if r.person_id else None,
            proposed_at=r.proposed_at, proposed_by=r.proposed_by, reason=r.reason,
            review_id=strawberry.ID(r.event_id) if r.event_id else None)
            for r in result.records]
        page = connection(nodes, result.total, skip)
        return DisposalProposalConnection(
            edges=page.edges, page_info=page.page_info, total_count=result.total,
            counts_by_kind=[ReviewKindCount(kind=k, count=n) for k, n in result.counts.items()])


@strawberry.type(description="A recorded MOPI review. For a flag this is its \"reviewed\" "
                             "flag event (FE-...), the flag's own review history.")
class ReviewEvent:
    id: strawberry.ID
    kind: ReviewKind
    record_id: strawberry.ID
    outcome: ReviewOutcome = strawberry.field(description="retain, flag_for_disposal or "
                                                "withdraw_disposal.")
    reason: str
    by: str
    at: dt.datetime
    previous_review_date: dt.date | None
    next_review_date: dt.date | None = strawberry.field(
        description="retain and withdraw_disposal only.")
    source: str
    recorded_by: str
    recorded_at: dt.datetime


@strawberry.type(description="What recordReview or withdrawDisposalProposal did: the "
                             "review, or why nothing was written.")
class ReviewPayload:
    ok: bool
    errors: list[UserError]
    review: ReviewEvent | None



def _event(event: review_events.ReviewEvent) -> ReviewEvent:
    return ReviewEvent(
        id=strawberry.ID(event.id), kind=event.kind, record_id=strawberry.ID(event.record_id),
        outcome=event.outcome, reason=event.reason, by=event.by, at=event.at,
        previous_review_date=event.previous_review_date,
        next_review_date=event.next_review_date, source=event.source,
        recorded_by=event.recorded_by, recorded_at=event.recorded_at)


_EXPECTED = strawberry.argument(description="The review date the reviewer was shown: if the "
                                            "record's date differs now, someone else "
                                            "reviewed it first (CONFLICT).")


@strawberry.type
class ReviewsMutation:
    @strawberry.mutation(description="Record a MOPI review of a record: \"retain\" with a "
                                     "future nextReviewDate, or \"flag_for_disposal\" (no "
                                     "date; nothing is deleted, the record leaves the due "
                                     "list). A flag is reviewed through its flag events.")
    async def record_review(
        self, info: Info[Context, None], kind: str,
        record_id: Annotated[strawberry.ID, strawberry.argument(name="id")],
        outcome: str, reason: str, next_review_date: dt.date | None = None,
        expected_review_date: Annotated[dt.date | None, _EXPECTED] = None,
    ) -> ReviewPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_RECORDS)
        if kind == "flag":
            ctx.require(Permission.REVIEW_FLAG)
        try:
            event = await run_in_threadpool(lambda: review_events.record_review(
                ctx.driver, ctx.database, kind, str(record_id), outcome, reason,
                next_review_date, ctx.user_name, clearance=ctx.clearance,
                expected_review_date=expected_review_date))
        except (ValidationError, NotFound, Conflict) as exc:
            return ReviewPayload(ok=False, review=None,
                                 errors=[user_error(exc, not_found_field="id")])
        ctx.audit.consult("change:record-review", [event.record_id, event.id],
                          f"{kind} {event.record_id} {outcome}"
                          f" previous={event.previous_review_date}"
                          f" next={event.next_review_date}")
        return ReviewPayload(ok=True, errors=[], review=_event(event))

    @strawberry.mutation(description="Withdraw a record's disposal proposal: it is kept, "
                                     "with a future nextReviewDate, and returns to the due "
                                     "list when that date comes. Writes a "
                                     "\"withdraw_disposal\" review.")
    async def withdraw_disposal_proposal(
        self, info: Info[Context, None], kind: str,
        record_id: Annotated[strawberry.ID, strawberry.argument(name="id")],
        reason: str, next_review_date: dt.date,
        expected_review_date: Annotated[dt.date | None, _EXPECTED] = None,
    ) -> ReviewPayload:
        ctx = info.context
        ctx.require(Permission.REVIEW_RECORDS)
        try:
            event = await run_in_threadpool(lambda: review_withdraw.withdraw_disposal_proposal(
                ctx.driver, ctx.database, kind, str(record_id), reason, next_review_date,
                ctx.user_name, clearance=ctx.clearance,
                expected_review_date=expected_review_date))
        except (ValidationError, NotFound, Conflict) as exc:
            return ReviewPayload(ok=False, review=None,
                                 errors=[user_error(exc, not_found_field="id")])
        ctx.audit.consult("change:withdraw-disposal", [event.record_id, event.id],
                          f"{kind} {event.record_id} withdraw_disposal"
                          f" previous={event.previous_review_date}"
                          f" next={event.next_review_date}")
        return ReviewPayload(ok=True, errors=[], review=_event(event))
