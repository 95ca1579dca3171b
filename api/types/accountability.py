"""Disproportionality over GraphQL (`flagDisproportionality`): who is flagged, and who
tops the harm list, by nationality or borough, as rates per 1,000 people and ratios to
the overall rate, with small counts marked, and by quarter. Aggregates only: no person is
named, so supervisors and auditors (READ_DISPROPORTIONALITY) both see it. The measure is
graph/analytics/disproportionality.py's; docs/accountability.md explains it."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import UserInputError
from graph.analytics import disproportionality as graph_dp
from graph.analytics.groups import GroupBy as GraphGroupBy

MAX_PERIOD_DAYS = 3660  # ten years of quarters at most


@strawberry.enum(description="How people are grouped: by each nationality held, or by the "
                             "borough of the current address.")
class GroupBy(Enum):
    NATIONALITY = "NATIONALITY"
    BOROUGH = "BOROUGH"


@strawberry.type(description="One group's figures for one measure.")
class GroupRate:
    group: str
    people: int = strawberry.field(description="People of the group in the graph now.")
    events: int = strawberry.field(description="Flags set in the period (or, for the "
                                               "top-harm list, people of the group in it).")
    active: int | None = strawberry.field(description="Of the flags set, those still "
                                                      "active (null for the top-harm list).")
    rate_per_1000: float | None = strawberry.field(description="events per 1,000 people.")
    ratio: float | None = strawberry.field(
        description="The group's rate / the overall rate: 1 is proportionate; null when "
                    "the overall rate is 0.")
    small: bool = strawberry.field(description="Too few to compare: see `rule`.")

    @classmethod
    def of(cls, rate: graph_dp.Rate) -> GroupRate:
        return cls(group=rate.group, people=rate.people, events=rate.events,
                   active=rate.active, rate_per_1000=rate.rate_per_1000, ratio=rate.ratio,
                   small=rate.small)


@strawberry.type(description="A measure over everyone and per group (most events first).")
class RateTable:
    overall: GroupRate
    groups: list[GroupRate]

    @classmethod
    def of(cls, measure: graph_dp.Measure) -> RateTable:
        return cls(overall=GroupRate.of(measure.overall),
                   groups=[GroupRate.of(g) for g in measure.groups])


@strawberry.type(description="Flags set in one calendar quarter of the period.")
class QuarterRates:
    quarter: str = strawberry.field(description='e.g. "2025-Q1".')
    start: dt.date
    end: dt.date = strawberry.field(description="The day after the quarter's last day in "
                                                "the period.")
    flags: RateTable


@strawberry.type(description="Who is flagged, and who tops the harm list, by group.")
class Disproportionality:
    by: GroupBy
    from_: dt.date = strawberry.field(name="from", description="The period's first day.")
    to: dt.date = strawberry.field(description="The period's last day (included).")
    flags: RateTable = strawberry.field(description="High-harm flags set in the period.")
    top: int = strawberry.field(description="How many people the top-harm list holds here.")
    top_harm: RateTable = strawberry.field(description="The `top` people by harm score.")
    quarters: list[QuarterRates]
    rule: str = strawberry.field(description="When a figure is marked small, and why.")


@strawberry.type
class AccountabilityQuery:
    @strawberry.field(description="For each group (nationality or borough): high-harm flags "
                                  "set from `from` to `to` (both days included; default "
                                  "the year to today), those still active, the people of the "
                                  "group, the rate per 1,000 and the ratio to the overall "
                                  "rate, small counts marked; the same for the `top` people "
                                  "of the harm list; and the flags by quarter. Supervisors "
                                  "and auditors.")
    async def flag_disproportionality(
            self, info: Info[Context, None], by: GroupBy,
            from_: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
            to: dt.date | None = None,
            top: int = graph_dp.DEFAULT_TOP) -> Disproportionality:
        ctx = info.context
        ctx.require(Permission.READ_DISPROPORTIONALITY)
        until = to or dt.datetime.now(dt.UTC).date()
        since = from_ or until.replace(year=until.year - 1) + dt.timedelta(days=1)
        if until < since:
            raise UserInputError("`to` is before `from`", "to")
        if (until - since).days > MAX_PERIOD_DAYS:
            raise UserInputError("the period is at most ten years", "from")
        if not 1 <= top <= graph_dp.MAX_TOP:
            raise UserInputError(f"`top` must be between 1 and {graph_dp.MAX_TOP}", "top")
        found = await run_in_threadpool(
            graph_dp.flag_disproportionality, ctx.driver, ctx.database,
            GraphGroupBy(by.value), since, until, top)
        ctx.audit.consult("disproportionality", [],
                          f"flags by {by.value} {since}..{until} top={top}")
        return Disproportionality(
            by=by, from_=found.since, to=found.until, flags=RateTable.of(found.flags),
            top=found.top, top_harm=RateTable.of(found.top_harm),
            quarters=[QuarterRates(quarter=q.label, start=q.start, end=q.end,
                                   flags=RateTable.of(q.flags)) for q in found.quarters],
            rule=found.rule)
