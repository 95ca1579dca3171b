"""A person's cached analytics as GraphQL types: the harm score, the network measures and
the `Person.analytics` field that reads them. Person needs these and the rankings in
api/types/analytics need them too, so they sit below both (importing neither)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from api.context import Context
from api.types.common import from_date_text, from_epoch_micros
from graph.analytics import harm as graph_harm


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
                   as_of=from_date_text(record["analytics_harm_as_of"]),
                   version=record["analytics_harm_version"])


@strawberry.type(description="Measures on the association network (version net-2), "
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
                   computed_at=from_epoch_micros(record["analytics_computed_at"]),
                   run_id=record["analytics_run_id"])


async def _analytics(root: Any, info: Info[Context, None]) -> PersonAnalytics | None:
    record = await info.context.loaders.persons.load(str(root.id))
    return PersonAnalytics.of(record)


analytics_field: Any = strawberry.field(
    resolver=_analytics,
    description="Harm score, network measures and community from the last analytics run; "
                "null before the first run or for a person recorded since.")
