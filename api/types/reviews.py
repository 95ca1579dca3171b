"""`reviewsDue`: the records whose MOPI review date has come (graph/reviews.py).

Needs READ_PERSONS. Intelligence reports with a handling code the caller may not see are
left out of the list and of every count. Audited like any other read: the records listed
and the people they concern.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import Edge, PageInfo, UserInputError, connection, page_window
from graph import reviews


@strawberry.type(description="A record due for review (MOPI).")
class ReviewDue:
    kind: str = strawberry.field(description="person, arrest, incident, "
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
    kind: str
    count: int


@strawberry.type(description="Records due for review, oldest review date first.")
class ReviewDueConnection:
    edges: list[Edge[ReviewDue]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Due records of the kinds asked for.")
    counts_by_kind: list[ReviewKindCount] = strawberry.field(
        description="Due records per kind, every kind (whatever `kinds` says), zeros too.")


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
                                        kinds=selected, handling_codes=ctx.handling_codes,
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
