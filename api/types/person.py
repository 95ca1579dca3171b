"""The Person type: identity, flags and every list that hangs off a person."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.types.analytics import PersonAnalytics, analytics_field
from api.types.common import Connection, PageInfo, Provenance, paginate, to_native
from api.types.records import (
    Arrest,
    Associate,
    Charge,
    Check,
    Conviction,
    Flag,
    IncidentRole,
    IntelligenceReport,
    Membership,
    Warrant,
)
from graph.identity import links as same_as_links

if TYPE_CHECKING:
    from api.types.checks import CheckRun
    from api.types.same_as import PossibleDuplicate, SameAsLink


def _audited(ctx: Context, kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Associates name other people: each one shown goes into the audit entry. (Graded
    items the reader may not see were already left out by the graph layer.)"""
    if kind == "associates":
        ctx.audit.subject(item["person"]["id"] for item in items)
    return items


async def _items(info: Info[Context, None], person_id: str, kind: str) -> list[dict[str, Any]]:
    items = await info.context.loaders.person_lists.load((person_id, kind))
    return _audited(info.context, kind, items)


@strawberry.type(description="How many records of each kind hang off a person.")
class PersonCounts:
    arrests: int
    charges: int
    convictions: int
    associates: int
    incidents: int
    intelligence: int


@strawberry.type(description="A person (a nominal).")
class Person:
    id: strawberry.ID
    full_name: str
    given_names: str | None
    family_name: str | None
    aliases: list[str]
    dates_of_birth: list[str] = strawberry.field(
        description='Partial ISO dates as recorded: "1990", "1990-04" or "1990-04-12".')
    gender: str | None
    place_of_birth: str | None
    nationalities: list[str]
    immigration_status: str | None
    pnc_id: str | None
    cro_number: str | None
    ho_reference: str | None
    passports: list[str]
    warning_markers: list[str]
    review_date: dt.date | None
    provenance: Provenance
    analytics: PersonAnalytics | None = analytics_field

    @classmethod
    def of(cls, record: dict[str, Any]) -> Person:
        return cls(
            id=record["id"], full_name=record.get("full_name") or "",
            given_names=record.get("given_names"), family_name=record.get("family_name"),
            aliases=record.get("aliases") or [],
            dates_of_birth=record.get("dates_of_birth") or [], gender=record.get("gender"),
            place_of_birth=record.get("place_of_birth"),
            nationalities=record.get("nationalities") or [],
            immigration_status=record.get("immigration_status"),
            pnc_id=record.get("pnc_id"), cro_number=record.get("cro_number"),
            ho_reference=record.get("ho_reference"), passports=record.get("passports") or [],
            warning_markers=record.get("warning_markers") or [],
            review_date=to_native(record.get("review_date")), provenance=Provenance.of(record),
        )

    @strawberry.field(description="Every flag, active or cleared, with its history.")
    async def flags(self, info: Info[Context, None]) -> list[Flag]:
        return [Flag.of(item) for item in await _items(info, self.id, "flags")]

    @strawberry.field(description="True while an active high-harm flag is set.")
    async def high_harm(self, info: Info[Context, None]) -> bool:
        return any(item.get("status") == "active" and item.get("kind") == "high_harm"
                   for item in await _items(info, self.id, "flags"))

    @strawberry.field
    async def arrests(self, info: Info[Context, None], first: int = 20,
                      after: str | None = None) -> Connection[Arrest]:
        items = await _items(info, self.id, "arrests")
        return paginate([Arrest.of(item) for item in items], first, after)

    @strawberry.field
    async def charges(self, info: Info[Context, None], first: int = 20,
                      after: str | None = None) -> Connection[Charge]:
        items = await _items(info, self.id, "charges")
        return paginate([Charge.of(item) for item in items], first, after)

    @strawberry.field(description="Convictions at home and abroad.")
    async def convictions(self, info: Info[Context, None], first: int = 20,
                          after: str | None = None) -> Connection[Conviction]:
        items = await _items(info, self.id, "convictions")
        return paginate([Conviction.of(item) for item in items], first, after)

    @strawberry.field
    async def associates(self, info: Info[Context, None], first: int = 20,
                         after: str | None = None) -> Connection[Associate]:
        items = await _items(info, self.id, "associates")
        return paginate([Associate.of(item) for item in items], first, after)

    @strawberry.field
    async def memberships(self, info: Info[Context, None], first: int = 20,
                          after: str | None = None) -> Connection[Membership]:
        items = await _items(info, self.id, "memberships")
        return paginate([Membership.of(item) for item in items], first, after)

    @strawberry.field(description="Incidents the person was in, by role.")
    async def incidents(self, info: Info[Context, None], first: int = 20,
                        after: str | None = None) -> Connection[IncidentRole]:
        items = await _items(info, self.id, "incidents")
        return paginate([IncidentRole.of(item) for item in items], first, after)

    @strawberry.field(description="Graded intelligence reports that mention the person.")
    async def intelligence(self, info: Info[Context, None], first: int = 20,
                           after: str | None = None) -> Connection[IntelligenceReport]:
        items = await _items(info, self.id, "intelligence")
        return paginate([IntelligenceReport.of(item) for item in items], first, after)

    @strawberry.field
    async def checks(self, info: Info[Context, None], first: int = 20,
                     after: str | None = None) -> Connection[Check]:
        items = await _items(info, self.id, "checks")
        return paginate([Check.of(item) for item in items], first, after)

    @strawberry.field(description="Runs of checks abroad (runChecks), newest first.")
    async def check_runs(self, info: Info[Context, None], first: int = 20,
                         after: str | None = None
                         ) -> Connection[Annotated[CheckRun, strawberry.lazy("api.types.checks")]]:
        from api.types.checks import check_run_page

        return await check_run_page(info.context, str(self.id), first, after)

    @strawberry.field
    async def warrants(self, info: Info[Context, None]) -> list[Warrant]:
        return [Warrant.of(item) for item in await _items(info, self.id, "warrants")]

    @strawberry.field(description="Every same-as decision about this record (confirmed, "
                                  "rejected or undone), latest first.")
    async def same_as(self, info: Info[Context, None]
                      ) -> list[Annotated[SameAsLink, strawberry.lazy("api.types.same_as")]]:
        from api.types.same_as import SameAsLink

        ctx = info.context
        found = await run_in_threadpool(same_as_links.links_of, ctx.driver, ctx.database,
                                        [str(self.id)])
        ctx.audit.subject(link.other_id for link in found[str(self.id)])
        return [SameAsLink.of(link) for link in found[str(self.id)]]

    @strawberry.field(description="The other records confirmed (transitively) to be this "
                                  "same person; empty when there are none.")
    async def identity_cluster(self, info: Info[Context, None]) -> list[Person]:
        ctx = info.context
        found = await run_in_threadpool(same_as_links.clusters_of, ctx.driver, ctx.database,
                                        [str(self.id)])
        records = await ctx.loaders.persons.load_many(found[str(self.id)])
        ctx.audit.subject(found[str(self.id)])
        return [Person.of(record) for record in records if record]

    @strawberry.field(description="Stored pairs of this record with another, not yet "
                                  "decided (an undone decision counts as undecided), "
                                  "scoring at least `minScore`: best first, at most 10.")
    async def possible_duplicates(
            self, info: Info[Context, None], min_score: float = 0.5
    ) -> list[Annotated[PossibleDuplicate, strawberry.lazy("api.types.same_as")]]:
        from api.types.same_as import stored_possible_duplicates

        return await stored_possible_duplicates(info, str(self.id), min_score)

    @strawberry.field
    async def counts(self, info: Info[Context, None]) -> PersonCounts:
        kinds = ["arrests", "charges", "convictions", "associates", "incidents",
                 "intelligence"]
        lists = await info.context.loaders.person_lists.load_many(
            [(self.id, kind) for kind in kinds])
        return PersonCounts(**{kind: len(_audited(info.context, kind, items))
                               for kind, items in zip(kinds, lists, strict=True)})


@strawberry.type
class PersonSearchEdge:
    cursor: str
    node: Person
    score: float = strawberry.field(description="Full-text relevance; higher is better.")


@strawberry.type(description="Ranked search results, Relay style.")
class PersonSearchConnection:
    edges: list[PersonSearchEdge]
    page_info: PageInfo
    total_count: int
