"""Analytics over GraphQL: the harm ranking (the top-harm list, api/types/top_harm), key
players, communities and people at risk (a person's own scores, `Person.analytics`, are
api/types/scores). Everything is read from
the cache `nexus analytics run` writes (graph/analytics), so a request costs one query;
`computedAt` says how fresh it is."""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

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
)
from api.types.person import Person
from api.types.scores import NetworkScores
from api.types.top_harm import high_harm_field
from graph.analytics import network as graph_network
from graph.analytics import store

MAX_TOP_MEMBERS = 20


@strawberry.enum(description="The centrality that ranks key players.")
class KeyPlayerMeasure(Enum):
    PAGERANK = "PAGERANK"
    BETWEENNESS = "BETWEENNESS"
    DEGREE = "DEGREE"


@strawberry.type(description="A person ranked by a network centrality.")
class KeyPlayer:
    rank: int
    person: Person
    value: float = strawberry.field(description="The value of the ranking measure.")
    network: NetworkScores


@strawberry.type(description="For safeguarding, not enforcement: a person with no "
                             "offending of their own (no conviction, arrest, charge or "
                             "suspect role) who has several associates with offending "
                             "recorded. A prompt for support and protection, never "
                             "grounds for suspicion.")
class PersonAtRisk:
    person: Person
    offending_associates: int
    associates: int


@strawberry.type(description="A Leiden community of the association network.")
class Community:
    id: int
    size: int
    offending_members: int = strawberry.field(
        description="Members with a conviction, arrest, charge or suspect role.")
    harm_total: float = strawberry.field(description="Sum of the members' harm scores.")
    top_members: list[Person] = strawberry.field(
        description="The members with the highest PageRank, highest first.")


Scores = TypeVar("Scores")


def _ranked(scores: Scores | None) -> Scores:
    """The scores of a ranked person: the rankings read only people whose scores are stored."""
    if scores is None:
        raise RuntimeError("a ranked person has no stored analytics scores")
    return scores


async def _key_players(info: Info[Context, None], first: int = 20,
                       by: KeyPlayerMeasure = KeyPlayerMeasure.PAGERANK) -> list[KeyPlayer]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    check_first(first)
    page = await run_in_threadpool(store.key_players, ctx.driver, ctx.database, first,
                                   by.value)
    ctx.audit.consult("key-players", [p["id"] for p in page], f"key players by {by.value}")
    prop = store.MEASURES[by.value]
    return [KeyPlayer(rank=i + 1, person=Person.of(p), value=float(p[prop]),
                      network=_ranked(NetworkScores.of(p))) for i, p in enumerate(page)]


async def _people_at_risk(info: Info[Context, None], first: int = 20,
                          after: str | None = None) -> Connection[PersonAtRisk]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    skip, first = page_window(first, after)
    total, page = await run_in_threadpool(store.people_at_risk, ctx.driver, ctx.database,
                                          first, skip)
    ctx.audit.consult("people-at-risk", [p["id"] for p in page], "safeguarding list")
    entries = [PersonAtRisk(person=Person.of(p),
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
                         top_members=[Person.of(m) for m in c["top"]]) for c in page]
    return connection(entries, total, skip)


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


@strawberry.type
class AnalyticsQuery:
    high_harm = high_harm_field
    key_players = key_players_field
    people_at_risk = people_at_risk_field
    communities = communities_field
