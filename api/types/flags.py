"""GraphQL types of a flag read as a case file (docs/flags.md), and `flagHistory`.

A flag shows its owner, the records it rests on (only those the reader may see), whether
all of that evidence is unproven (no conviction), whether its review is overdue, the
weakest grading of its evidence, its challenges and the decisions on them, and its whole
trail in time order. `flagHistory` reads one flag's case file; it is audited as a
consultation of the flagged person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import Grading, Provenance, to_native
from api.types.enums import (
    ChallengeRaiser,
    ChallengeStatus,
    FlagAction,
    FlagKind,
    FlagStatus,
    FlagStep,
)
from graph.records import flag_case as cases

UNPROVEN_NOTE = ("Rests on unproven material only: no conviction among the records it "
                 "rests on (arrests, charges, intelligence).")


def _dates(record: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: to_native(record.get(name)) for name in names}


@strawberry.type(description="One step in a flag's history: set, reviewed or cleared.")
class FlagEvent:
    id: strawberry.ID
    action: FlagAction
    at: dt.datetime | None
    by: str | None
    reason: str | None
    next_review_date: dt.date | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> FlagEvent:
        return cls(id=record["id"], action=record.get("action") or "", by=record.get("by"),
                   reason=record.get("reason"), **_dates(record, "at", "next_review_date"))


@strawberry.type(description="A record a flag rests on: a conviction (proven), or an "
                             "arrest, charge or intelligence report (unproven).")
class FlagEvidence:
    id: strawberry.ID
    kind: str = strawberry.field(description="conviction, arrest, charge or "
                                             "intelligence_report.")
    proven: bool = strawberry.field(description="True for a conviction only.")
    label: str = strawberry.field(description='One line, e.g. "Arrest AR-1 (2024-02-02, nfa)".')
    grading: Grading | None = strawberry.field(description="An intelligence report's grading.")

    @classmethod
    def of(cls, item: dict[str, Any]) -> FlagEvidence:
        return cls(id=item["id"], kind=item.get("kind") or "",
                   proven=item.get("kind") == "conviction", label=cases.evidence_line(item),
                   grading=Grading.of(item))


@strawberry.type(description="A challenge to a flag and, once decided, the decision with "
                             "its reasons. Upholding a challenge clears the flag.")
class FlagChallenge:
    id: strawberry.ID
    raised_by: ChallengeRaiser
    raised_by_detail: str | None
    grounds: str
    raised_at: dt.datetime | None
    status: ChallengeStatus
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str | None
    provenance: Provenance

    @classmethod
    def of(cls, record: dict[str, Any]) -> FlagChallenge:
        return cls(id=record["id"], raised_by=record.get("raised_by") or "subject",
                   raised_by_detail=record.get("raised_by_detail"),
                   grounds=record.get("grounds") or "", status=record.get("status") or "open",
                   decided_by=record.get("decided_by"),
                   decision_reason=record.get("decision_reason"),
                   provenance=Provenance.of(record),
                   **_dates(record, "raised_at", "decided_at"))


@strawberry.type(description="One step of a flag's whole trail, in time order.")
class FlagTrailStep:
    id: strawberry.ID = strawberry.field(description="The flag event or challenge.")
    action: FlagStep
    at: dt.datetime | None
    by: str | None
    text: str | None = strawberry.field(description="The reason, grounds or decision.")
    next_review_date: dt.date | None


@strawberry.type(description="A flag such as high harm: a history, not a boolean.")
class Flag:
    id: strawberry.ID
    kind: FlagKind
    status: FlagStatus
    reason: str | None
    set_by: str | None
    set_at: dt.datetime | None
    review_date: dt.date | None
    cleared_by: str | None
    cleared_at: dt.datetime | None
    cleared_reason: str | None
    events: list[FlagEvent]
    provenance: Provenance
    owner: str | None = strawberry.field(
        description="Who answers for the flag and its reviews (the setter if none given).")
    evidence: list[FlagEvidence] = strawberry.field(
        description="The records the flag rests on that the reader may see.")
    evidence_unproven: bool = strawberry.field(
        description="True when no record the flag rests on is a conviction.")
    unproven_note: str | None = strawberry.field(
        description="Says so, in words, when the evidence is all unproven.")
    review_overdue: bool = strawberry.field(
        description="An active flag whose review date has passed.")
    grading: Grading | None = strawberry.field(
        description="The weakest grading of the evidence the reader may see: weakest "
                    "source evaluation and assessment, most restrictive handling code.")
    challenges: list[FlagChallenge]
    trail: list[FlagTrailStep] = strawberry.field(
        description="Events and challenges (raised and decided) in time order.")

    @classmethod
    def of(cls, record: dict[str, Any]) -> Flag:
        events = sorted((FlagEvent.of(e) for e in record.get("events") or []),
                        key=lambda e: (e.at is None, e.at))
        unproven = bool(record.get("evidence_unproven", True))
        challenges = sorted((FlagChallenge.of(c) for c in record.get("challenges") or []),
                            key=lambda c: (c.raised_at is None, c.raised_at))
        grading = cases.evidence_grading(record)
        return cls(id=record["id"], kind=record.get("kind") or "high_harm",
                   status=record.get("status") or "active", reason=record.get("reason"),
                   set_by=record.get("set_by"), cleared_by=record.get("cleared_by"),
                   cleared_reason=record.get("cleared_reason"), events=events,
                   provenance=Provenance.of(record),
                   owner=record.get("owner") or record.get("set_by"),
                   evidence=[FlagEvidence.of(e) for e in record.get("evidence") or []],
                   evidence_unproven=unproven, unproven_note=UNPROVEN_NOTE if unproven else None,
                   review_overdue=cases.review_overdue(record, dt.date.today()),
                   grading=Grading.of(grading) if grading else None,
                   challenges=challenges,
                   trail=[FlagTrailStep(**step) for step in cases.trail(record)],
                   **_dates(record, "set_at", "review_date", "cleared_at"))


@strawberry.type(description="A flag's case file: the flag and the person it is on.")
class FlagCase:
    person_id: strawberry.ID
    person_name: str | None
    flag: Flag


@strawberry.type
class FlagsQuery:
    @strawberry.field(description="One flag's case file: owner, evidence, challenges and "
                                  "decisions, and its whole trail; null when there is no "
                                  "such flag.")
    async def flag_history(self, info: Info[Context, None],
                           flag_id: strawberry.ID) -> FlagCase | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        found = await run_in_threadpool(lambda: cases.flag_case(
            ctx.driver, ctx.database, str(flag_id), clearance=ctx.clearance))
        if found is None:
            ctx.audit.consult("flag-history", [str(flag_id)])
            return None
        person = found["person"]
        ctx.audit.consult("flag-history", [str(flag_id), person["id"]])
        return FlagCase(person_id=person["id"], person_name=person.get("full_name"),
                        flag=Flag.of(found["flag"]))
