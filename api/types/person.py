"""The Person type: identity, flags and every list that hangs off a person.

The types that point back at a person (`CheckRun.person`, `SameAsLink.other`,
`PossibleDuplicate.other`) live here too: GraphQL types that refer to each other have
to be declared in one module unless one of them is imported lazily. The queries and
mutations about them stay in api/types/checks and same_as, which import this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info
from strawberry.types.nodes import Selection

from api.context import Context
from api.resolvers import checks as checks_reads
from api.resolvers import duplicates as duplicate_reads
from api.types.common import (
    Connection,
    PageInfo,
    Provenance,
    connection,
    from_date_text,
    mopi_group_field,
    paginate,
    review_basis_field,
    to_native,
)
from api.types.comparison import FieldComparison
from api.types.enums import (
    Gender,
    ImmigrationStatus,
    MatchBand,
    SameAsStatus,
    SearchMatch,
    WarningMarker,
)
from api.types.flags import Flag
from api.types.records import (
    Arrest,
    Associate,
    Charge,
    Check,
    Conviction,
    IncidentRole,
    IntelligenceReport,
    Membership,
    Warrant,
)
from api.types.scores import PersonAnalytics, analytics_field
from api.types.selection import selected
from graph.identity import duplicates_live
from graph.identity import links as same_as_links


def _audited(ctx: Context, kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Associates name other people: each one shown goes into the audit entry. (Graded
    items the reader may not see were already left out by the graph layer.)"""
    if kind in ("associates", "associate_names"):
        ctx.audit.subject(item["person"]["id"] for item in items)
    return items


async def person_by_id(info: Info[Context, None], person_id: str) -> Person | None:
    record = await info.context.loaders.persons.load(person_id)
    return Person.of(record) if record else None


# The lists each Person field reads (graph/explorer/people.py LIST_FRAGMENTS).
_COUNTED = ("arrests", "charges", "convictions", "associates", "incidents", "intelligence")
FIELD_LISTS: dict[str, tuple[str, ...]] = {
    "flags": ("flags",), "highHarm": ("flags",), "counts": _COUNTED,
    **{kind: (kind,) for kind in ("arrests", "charges", "convictions", "associates",
                                   "memberships", "incidents", "intelligence", "checks",
                                   "warrants")},
}


# Associate fields read from the link beyond its id, kind, detail and derived mark.
_LINK_DETAIL = frozenset({"since", "until", "grading", "provenance"})


def associates_kind(selections: Iterable[Selection]) -> str:
    """The associates list the selection under `associates` needs: the names only
    (`associate_names`) unless it asks for a link's dates, grading or provenance."""
    def names(fields: Iterable[Selection]) -> Iterator[str]:
        for field in selected(fields):
            yield field.name
            yield from names(field.selections)
    return "associates" if _LINK_DETAIL & set(names(selections)) else "associate_names"


def list_kinds(selections: Iterable[Selection]) -> list[str]:
    """The person lists the selected Person fields will read."""
    kinds: list[str] = []
    for field in selected(selections):
        if field.name == "associates":
            kinds.append(associates_kind(field.selections))
        else:
            kinds.extend(FIELD_LISTS.get(field.name, ()))
    return list(dict.fromkeys(kinds))


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
    gender: Gender | None
    place_of_birth: str | None
    nationalities: list[str]
    immigration_status: ImmigrationStatus | None
    pnc_id: str | None
    cro_number: str | None
    ho_reference: str | None
    passports: list[str]
    warning_markers: list[WarningMarker]
    review_date: dt.date | None
    provenance: Provenance
    analytics: PersonAnalytics | None = analytics_field
    mopi_group: int | None = mopi_group_field()
    review_date_basis: str | None = review_basis_field()

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
            review_date=from_date_text(record.get("review_date")), provenance=Provenance.of(record),
            mopi_group=record.get("mopi_group"),
            review_date_basis=record.get("review_date_basis"),
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
        return paginate(items, first, after, Arrest.of)

    @strawberry.field
    async def charges(self, info: Info[Context, None], first: int = 20,
                      after: str | None = None) -> Connection[Charge]:
        items = await _items(info, self.id, "charges")
        return paginate(items, first, after, Charge.of)

    @strawberry.field(description="Convictions at home and abroad.")
    async def convictions(self, info: Info[Context, None], first: int = 20,
                          after: str | None = None) -> Connection[Conviction]:
        items = await _items(info, self.id, "convictions")
        return paginate(items, first, after, Conviction.of)

    @strawberry.field
    async def associates(self, info: Info[Context, None], first: int = 20,
                         after: str | None = None) -> Connection[Associate]:
        kind = associates_kind(info.selected_fields[0].selections)
        items = await _items(info, self.id, kind)
        return paginate(items, first, after, Associate.of)

    @strawberry.field
    async def memberships(self, info: Info[Context, None], first: int = 20,
                          after: str | None = None) -> Connection[Membership]:
        items = await _items(info, self.id, "memberships")
        return paginate(items, first, after, Membership.of)

    @strawberry.field(description="Incidents the person was in, by role.")
    async def incidents(self, info: Info[Context, None], first: int = 20,
                        after: str | None = None) -> Connection[IncidentRole]:
        items = await _items(info, self.id, "incidents")
        return paginate(items, first, after, IncidentRole.of)

    @strawberry.field(description="Graded intelligence reports that mention the person.")
    async def intelligence(self, info: Info[Context, None], first: int = 20,
                           after: str | None = None) -> Connection[IntelligenceReport]:
        items = await _items(info, self.id, "intelligence")
        return paginate(items, first, after, IntelligenceReport.of)

    @strawberry.field
    async def checks(self, info: Info[Context, None], first: int = 20,
                     after: str | None = None) -> Connection[Check]:
        items = await _items(info, self.id, "checks")
        return paginate(items, first, after, Check.of)

    @strawberry.field(description="Runs of checks abroad (runChecks), newest first.")
    async def check_runs(self, info: Info[Context, None], first: int = 20,
                         after: str | None = None
                         ) -> Connection[CheckRun]:
        runs, total, skip = await checks_reads.run_page(info.context, str(self.id), first,
                                                         after)
        return connection([CheckRun.of(run) for run in runs], total, skip)

    @strawberry.field
    async def warrants(self, info: Info[Context, None]) -> list[Warrant]:
        return [Warrant.of(item) for item in await _items(info, self.id, "warrants")]

    @strawberry.field(description="Every same-as decision about this record (confirmed, "
                                  "rejected or undone), latest first.")
    async def same_as(self, info: Info[Context, None]
                      ) -> list[SameAsLink]:
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
    ) -> list[PossibleDuplicate]:
        found = await duplicate_reads.stored(info.context, str(self.id), min_score)
        return [PossibleDuplicate.of(p) for p in found]

    @strawberry.field
    async def counts(self, info: Info[Context, None]) -> PersonCounts:
        kinds = list(_COUNTED)
        lists = await info.context.loaders.person_lists.load_many(
            [(self.id, kind) for kind in kinds])
        return PersonCounts(**{kind: len(_audited(info.context, kind, items))
                               for kind, items in zip(kinds, lists, strict=True)})


@strawberry.type
class PersonSearchEdge:
    cursor: str
    node: Person
    score: float = strawberry.field(description="Relevance; higher is better. An exact "
                                                "identifier or date-of-birth hit scores "
                                                "above every name hit.")
    matched: SearchMatch = strawberry.field(description="What the hit matched on.")


@strawberry.type(description="Ranked search results, Relay style.")
class PersonSearchConnection:
    edges: list[PersonSearchEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="The checks run together for one person: pending ones are "
                             "still waiting for their source; failed ones got no answer.")
class CheckRun:
    id: strawberry.ID
    person_id: strawberry.ID
    started_by: str
    started_at: dt.datetime
    complete: bool = strawberry.field(description="No check is pending any more.")
    checks: list[Check]
    purpose: str | None = strawberry.field(
        default=None, description="Why the run was made: the purpose of the session that "
                                  "started it (null for runs stored without one).")
    case_reference: str | None = strawberry.field(
        default=None, description="The case reference of the session that started the "
                                  "run, if it gave one.")

    @strawberry.field(description="The person the checks are about.")
    async def person(self, info: Info[Context, None]) -> Person:
        record = await info.context.loaders.persons.load(str(self.person_id))
        return Person.of(record or {"id": self.person_id})

    @classmethod
    def of(cls, run: dict) -> CheckRun:
        checks = [Check.of(check) for check in run["checks"]]
        started = min((c.checked_at for c in checks if c.checked_at), default=None)
        started_by = (checks[0].checked_by if checks else None) or ""
        return cls(id=run["id"], person_id=run["person_id"], started_by=started_by,
                   started_at=started or dt.datetime.now(dt.UTC),
                   complete=all(c.result != "pending" for c in checks), checks=checks,
                   purpose=run.get("purpose"), case_reference=run.get("case_reference"))


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
    status: SameAsStatus = strawberry.field(description="confirmed, rejected or undone.")
    reason: str = strawberry.field(description="The reason of the latest decision.")
    decided_by: str
    decided_at: dt.datetime
    score: float | None = strawberry.field(description="The pair's match score when decided.")
    events: list[SameAsEvent]
    person_ids: list[strawberry.ID]
    other_id: strawberry.ID

    @strawberry.field(description="The other record of the pair.")
    async def other(self, info: Info[Context, None]) -> Person | None:
        return await person_by_id(info, str(self.other_id))

    @classmethod
    def of(cls, link: same_as_links.Link) -> SameAsLink:
        return cls(id=strawberry.ID(link.id), status=link.status, reason=link.reason,
                   decided_by=link.decided_by, decided_at=to_native(link.decided_at),
                   score=link.score, person_ids=[strawberry.ID(i) for i in link.person_ids],
                   other_id=strawberry.ID(link.other_id),
                   events=[SameAsEvent(id=e["id"], action=e["action"], by=e["by"],
                                       at=to_native(e["at"]), reason=e["reason"],
                                       score=e.get("score")) for e in link.events])


@strawberry.type(description="A record that may be the same person as this one (or the one "
                             "just recorded): a stored, undecided duplicate candidate pair.")
class PossibleDuplicate:
    other_id: strawberry.ID = strawberry.field(description="The other record's id.")
    other_name: str | None = strawberry.field(description="The other record's full name.")
    score: float
    band: MatchBand = strawberry.field(description="strong (>= 0.9) or possible (>= 0.5).")
    fields: list[FieldComparison]
    candidate_id: strawberry.ID = strawberry.field(
        description="The stored pair's id (`DC-<lower id>-<higher id>`).")

    @strawberry.field(description="The other record.")
    async def other(self, info: Info[Context, None]) -> Person | None:
        return await person_by_id(info, str(self.other_id))

    @classmethod
    def of(cls, found: duplicates_live.PossibleDuplicate) -> PossibleDuplicate:
        return cls(other_id=strawberry.ID(found.other_id), other_name=found.other_name,
                   score=found.score,
                   band=found.band, fields=[FieldComparison.of(f) for f in found.fields],
                   candidate_id=strawberry.ID(found.candidate_id))


