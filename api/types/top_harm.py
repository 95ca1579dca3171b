"""The top-harm list over GraphQL (`highHarm`): people ranked by cached RFG harm score,
with each score's working (every conviction's CCHI weight, age, recency weight and
frequency count), their borough and flag state, filtered by borough, community and flag
state. The ranking and working are graph/analytics/top_harm.py's."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import (
    Connection,
    UserInputError,
    connection,
    from_epoch_micros,
    page_window,
)
from api.types.person import Person
from api.types.scores import HarmScore
from graph.analytics import top_harm as graph_top_harm


@strawberry.enum(description="A person's high-harm flags: ACTIVE (one is in force), CLEARED "
                             "(flagged before, none in force now), NONE (never flagged).")
class FlagState(Enum):
    ACTIVE = "ACTIVE"
    CLEARED = "CLEARED"
    NONE = "NONE"


@strawberry.type(description="One offence of a conviction and its Cambridge Crime Harm "
                             "Index weight.")
class OffenceWeight:
    code: str
    description: str | None
    chi_days: float = strawberry.field(description="CCHI days (the offence table's weight).")


@strawberry.type(description="One conviction's part in a harm score: gravity x recency "
                             "weight adds to G x R; within the frequency window it adds 28 "
                             "days to F.")
class ConvictionWorking:
    conviction_id: strawberry.ID
    convicted_on: dt.date
    jurisdiction: str | None
    offences: list[OffenceWeight]
    gravity: float = strawberry.field(description="CCHI days: the offences' weights summed.")
    age_years: float = strawberry.field(description="Years from the conviction to the "
                                                    "score's as-of date.")
    recency_weight: float = strawberry.field(description="0.5 ^ (age / 5 years).")
    weighted: float = strawberry.field(description="gravity x recency weight.")
    in_frequency_window: bool = strawberry.field(
        description="Within 3 years of the as-of date: counts towards frequency.")

    @classmethod
    def of(cls, row: graph_top_harm.ConvictionWorking) -> ConvictionWorking:
        return cls(conviction_id=strawberry.ID(row.conviction_id), convicted_on=row.convicted_on,
                   jurisdiction=row.jurisdiction,
                   offences=[OffenceWeight(code=o.code, description=o.description,
                                           chi_days=o.chi_days) for o in row.offences],
                   gravity=row.gravity, age_years=row.age_years,
                   recency_weight=row.recency_weight, weighted=row.weighted,
                   in_frequency_window=row.in_frequency_window)


@strawberry.type(description="A person in the high-harm ranking, with the working of the "
                             "score.")
class HarmRanking:
    rank: int
    person: Person
    harm: HarmScore
    borough: str = strawberry.field(description="The borough of the current address, or "
                                                "'unknown'.")
    flag_state: FlagState
    working: list[ConvictionWorking] = strawberry.field(
        description="Every conviction scored, most weighted first: the score is the sum of "
                    "`weighted` plus 28 days per conviction in the frequency window.")
    computed_at: dt.datetime | None = strawberry.field(
        description="When the analytics run that last scored everyone ran; the score may "
                    "be newer (`harm.asOf`) when a conviction was recorded since.")


async def _high_harm(info: Info[Context, None], first: int = 20, after: str | None = None,
                     min_score: float = 0.0, community: int | None = None,
                     borough: str | None = None,
                     flag_state: FlagState | None = None) -> Connection[HarmRanking]:
    ctx = info.context
    ctx.require(Permission.READ_PERSONS)
    skip, first = page_window(first, after)
    if min_score < 0:
        raise UserInputError("`minScore` must not be negative", "minScore")
    if borough is not None and len(borough) > 100:
        raise UserInputError("`borough` is at most 100 characters", "borough")
    state = graph_top_harm.FlagState(flag_state.value) if flag_state else None
    total, page = await run_in_threadpool(
        lambda: graph_top_harm.top_harm(ctx.driver, ctx.database, first, skip=skip,
                                        min_score=min_score, community=community,
                                        borough=borough, flag_state=state))
    ctx.audit.consult("high-harm", [row.person["id"] for row in page],
                      f"high harm minScore={min_score} community={community} "
                      f"borough={borough} flagState={state}")
    entries = []
    for i, row in enumerate(page):
        score = HarmScore.of(row.person)
        if score is None:
            raise RuntimeError("a ranked person has no stored harm score")
        computed = row.person.get("analytics_computed_at")
        entries.append(HarmRanking(
            rank=skip + i + 1, person=Person.of(row.person), harm=score, borough=row.borough,
            flag_state=FlagState(row.flag_state.value),
            working=[ConvictionWorking.of(w) for w in row.working],
            computed_at=from_epoch_micros(computed) if computed is not None else None))
    return connection(entries, total, skip)


high_harm_field: Any = strawberry.field(
    resolver=_high_harm,
    description="The top-harm list: people ranked by cached RFG harm score (convictions "
                "only), highest first, with the working; people scoring 0 are not listed. "
                "Filters: minScore, community, borough (of the current address, any case), "
                "flagState.")
