"""Analytics over GraphQL: harm rankings, key players, communities, people at risk, and
a person's own scores. Everything is read from the cache `nexus analytics run` writes
(graph/analytics), so a request costs one query; `computedAt` says how fresh it is."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import (
    Connection,
    UserInputError,
    check_first,
    connection,
    page_window,
    to_native,
)
from graph.analytics import harm as graph_harm
from graph.analytics import network as graph_network
from graph.analytics import store

if TYPE_CHECKING:
    from api.types.person import Person

LazyPerson = Annotated["Person", strawberry.lazy("api.types.person")]
MAX_TOP_MEMBERS = 20


def _person(record: dict[str, Any]) -> Person:
    from api.types.person import Person

    return Person.of(record)


@strawberry.type(description="A Recency-Frequency-Gravity harm score (version rfg-1): "
                             "score = gravity x recency + frequency, in Cambridge Crime "
                             "Harm Index days. Only convictions are scored; arrests, "
                             "charges and intelligence weigh 0.")
class HarmScore:
    score: float
    gravity: float = strawberry.field(
        description="Sum of the CCHI weights (days) of every convicted offence.")
    recency: float = strawberry.field(
        description="0..1: the gravity-weighted mean of 0.5^(age / 5 years).")
    frequency: float = strawberry.field(
        description="28 days per conviction in the 3 years before `asOf`.")
    convictions: int
    recent_convictions: int
    unproven_arrests: int = strawberry.field(description="Shown for context; not scored.")
    as_of: dt.date
    version: str

    @strawberry.field(description="The formula, in words.")
    def formula(self) -> str:
        return graph_harm.FORMULA

    @classmethod
    def of(cls, record: dict[str, Any]) -> HarmScore | None:
        if record.get("analytics_harm_version") is None:
            return None
        return cls(score=record["analytics_harm_score"],
                   gravity=record["analytics_harm_gravity"],
                   recency=record["analytics_harm_recency"],
                   frequency=record["analytics_harm_frequency"],
                   convictions=record["analytics_harm_convictions"],
                   recent_convictions=record["analytics_harm_recent_convictions"],
                   unproven_arrests=record["analytics_harm_unproven_arrests"],
                   as_of=to_native(record["analytics_harm_as_of"]),
                   version=record["analytics_harm_version"])


@strawberry.type(description="Measures on the association network (version net-1), "
                             "computed over links not graded handling code C.")
class NetworkScores:
    degree: int = strawberry.field(description="Distinct associates.")
    betweenness: float = strawberry.field(
        description="Shortest paths between other people that pass through this person.")
    pagerank: float
    triangles: int = strawberry.field(
        description="Pairs of this person's associates who are linked to each other.")
    community: int | None = strawberry.field(
        description="Leiden community number (0 = largest); null with no links.")
    co_offenders: int = strawberry.field(
        description="People linked by a shared arrest or incident (CO_OFFENDER).")
    co_offending_group: int | None = strawberry.field(
        description="Connected group of co-offenders (0 = largest); null when none.")
    co_offending_group_size: int
    offending_associates: int = strawberry.field(
        description="Associates with a conviction, arrest, charge or suspect role.")
    at_risk: bool = strawberry.field(
        description="For safeguarding, not enforcement: no offending of their own but "
                    "several offending associates.")
    version: str

    @classmethod
    def of(cls, record: dict[str, Any]) -> NetworkScores | None:
        if record.get("analytics_network_version") is None:
            return None
        return cls(degree=record["analytics_degree"],
                   betweenness=record["analytics_betweenness"],
                   pagerank=record["analytics_pagerank"],
                   triangles=record["analytics_triangles"],
                   community=record.get("analytics_community"),
                   co_offenders=record["analytics_co_offenders"],
                   co_offending_group=record.get("analytics_co_offending_group"),
                   co_offending_group_size=record["analytics_co_offending_group_size"],
                   offending_associates=record["analytics_offending_associates"],
                   at_risk=record["analytics_at_risk"],
                   version=record["analytics_network_version"])


@strawberry.type(description="A person's cached analytics, as of the last analytics run.")
class PersonAnalytics:
    harm: HarmScore | None
    network: NetworkScores | None
    computed_at: dt.datetime
    run_id: str

    @classmethod
    def of(cls, record: dict[str, Any] | None) -> PersonAnalytics | None:
        if not record or record.get("analytics_computed_at") is None:
            return None
        return cls(harm=HarmScore.of(record), network=NetworkScores.of(record),
                   computed_at=to_native(record["analytics_computed_at"]),
                   run_id=record["analytics_run_id"])


async def _analytics(root: Any, info: Info[Context, None]) -> PersonAnalytics | None:
    record = await info.context.loaders.persons.load(str(root.id))
    return PersonAnalytics.of(record)


analytics_field: Any = strawberry.field(
    resolver=_analytics,
    description="Harm score, network measures and community from the last analytics run; "
                "null before the first run or for a person recorded since.")


@strawberry.type(description="A person in the high-harm ranking.")
class HarmRanking:
    rank: int
    person: LazyPerson
    harm: HarmScore


@strawberry.enum(description="The centrality that ranks key players.")
class KeyPlayerMeasure(Enum):
    PAGERANK = "PAGERANK"
    BETWEENNESS = "BETWEENNESS"
    DEGREE = "DEGREE"


@strawberry.type(description="A person ranked by a network centrality.")
class KeyPlayer:
    rank: int
    person: LazyPerson
    value: float = strawberry.field(description="The value of the ranking measure.")
    network: NetworkScores


@strawberry.type(description="For safeguarding, not enforcement: a person with no "
                             "offending of their own (no conviction, arrest, charge or "
                             "suspect role) who has several associates with offending "
                             "recorded. A prompt for support and protection, never "
                             "grounds for suspicion.")
class PersonAtRisk:
    person: LazyPerson
    offending_associates: int
    associates: int


@strawberry.type(description="A Leiden community of the association network.")
class Community:
    id: int
    size: int
    offending_members: int = strawberry.field(
        description="Members with a conviction, arrest, charge or suspect role.")
    harm_total: float = strawberry.field(description="Sum of the members' harm scores.")
    top_members: list[LazyPerson] = strawberry.field(
        description="The members with the highest PageRank, highest first.")


async def _high_harm(info: Info[Context, None], first: int = 20, after: str | None = None,
                     min_score: float = 0.0,
                     community: int | None = None) -> Connection[HarmRanking]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    skip, first = page_window(first, after)
    if min_score < 0:
        raise UserInputError("`minScore` must not be negative", "minScore")
    total, page = await run_in_threadpool(
        lambda: graph_harm.high_harm(ctx.driver, ctx.database, first, skip=skip,
                                     min_score=min_score, community=community))
    ctx.audit.consult("high-harm", [p["id"] for p in page],
                      f"high harm minScore={min_score} community={community}")
    entries = [HarmRanking(rank=skip + i + 1, person=_person(p), harm=HarmScore.of(p))
               for i, p in enumerate(page)]
    return connection(entries, total, skip)


async def _key_players(info: Info[Context, None], first: int = 20,
                       by: KeyPlayerMeasure = KeyPlayerMeasure.PAGERANK) -> list[KeyPlayer]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    check_first(first)
    page = await run_in_threadpool(store.key_players, ctx.driver, ctx.database, first,
                                   by.value)
    ctx.audit.consult("key-players", [p["id"] for p in page], f"key players by {by.value}")
    prop = store.MEASURES[by.value]
    return [KeyPlayer(rank=i + 1, person=_person(p), value=float(p[prop]),
                      network=NetworkScores.of(p)) for i, p in enumerate(page)]


async def _people_at_risk(info: Info[Context, None], first: int = 20,
                          after: str | None = None) -> Connection[PersonAtRisk]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    skip, first = page_window(first, after)
    total, page = await run_in_threadpool(store.people_at_risk, ctx.driver, ctx.database,
                                          first, skip)
    ctx.audit.consult("people-at-risk", [p["id"] for p in page], "safeguarding list")
    entries = [PersonAtRisk(person=_person(p),
                            offending_associates=p["analytics_offending_associates"],
                            associates=p["analytics_degree"]) for p in page]
    return connection(entries, total, skip)


async def _communities(info: Info[Context, None], first: int = 20, after: str | None = None,
                       top_members: int = 5) -> Connection[Community]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    skip, first = page_window(first, after)
    if not 0 <= top_members <= MAX_TOP_MEMBERS:
        raise UserInputError(f"`topMembers` must be between 0 and {MAX_TOP_MEMBERS}",
                             "topMembers")
    total, page = await run_in_threadpool(
        lambda: store.communities(ctx.driver, ctx.database, first, skip, top_members))
    ctx.audit.consult("communities", [m["id"] for c in page for m in c["top"]])
    entries = [Community(id=c["community"], size=c["size"], offending_members=c["offending"],
                         harm_total=round(c["harm"], 2),
                         top_members=[_person(m) for m in c["top"]]) for c in page]
    return connection(entries, total, skip)


high_harm_field: Any = strawberry.field(
    resolver=_high_harm,
    description="People ranked by cached RFG harm score (convictions only), highest "
                "first; people scoring 0 are not listed.")
key_players_field: Any = strawberry.field(
    resolver=_key_players,
    description="The most central people of the association network by PageRank, "
                "betweenness or degree (links graded C excluded).")
people_at_risk_field: Any = strawberry.field(
    resolver=_people_at_risk,
    description="For safeguarding, not enforcement: people with no offending of their own "
                f"and at least {graph_network.AT_RISK_MIN_ASSOCIATES} associates with "
                "offending recorded, most such associates first. Being listed is not "
                "evidence of anything.")
communities_field: Any = strawberry.field(
    resolver=_communities,
    description="Leiden communities of the association network, largest first, with "
                "their most central members.")
