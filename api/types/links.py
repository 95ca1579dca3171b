"""One link of the network in full, for the explorer's edge card (graph/explorer/links.py):
its ends, dates, grading, provenance and the records it rests on. One of the feature
query classes api/schema composes into `Query`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import Grading, Provenance, to_native
from api.types.enums import AssociationKind, MembershipRole
from api.types.records import IntelligenceReport
from graph.explorer import links


@strawberry.type(description="One end of a link.")
class LinkEnd:
    id: strawberry.ID
    label: str
    type: str = strawberry.field(description="Person or Organisation.")


@strawberry.type(description="An incident both people of a co-offender link were suspects "
                             "in or arrested for: what the derived link is derived from.")
class SharedIncident:
    id: strawberry.ID
    occurred_at: dt.datetime | None
    type: str | None
    description: str | None
    location: str | None
    source_roles: list[str] = strawberry.field(
        description="The source person's part: suspect, arrested (or both).")
    target_roles: list[str] = strawberry.field(description="The target person's part.")


@strawberry.type(description="An association or gang membership with its evidence.")
class Link:
    id: strawberry.ID
    kind: AssociationKind
    source: LinkEnd
    target: LinkEnd
    since: dt.date | None
    until: dt.date | None
    derived: bool = strawberry.field(description="Derived by Nexus from shared incidents.")
    detail: str | None = strawberry.field(description='e.g. "brother", or the incidents a '
                                                      "derived link was found in.")
    role: MembershipRole | None = strawberry.field(description="MEMBER_OF only.")
    grading: Grading | None
    provenance: Provenance
    shared_incidents: list[SharedIncident] = strawberry.field(
        description=f"CO_OFFENDER only: the shared incidents, newest first (at most "
                    f"{links.MAX_EVIDENCE}).")
    reports: list[IntelligenceReport] = strawberry.field(
        description=f"Intelligence reports mentioning both ends, newest first (at most "
                    f"{links.MAX_EVIDENCE}).")

    @classmethod
    def of(cls, record: dict[str, Any]) -> Link:
        rel = record["link"]
        return cls(
            id=rel["id"], kind=AssociationKind(rel["kind"]),
            source=LinkEnd(**record["source"]), target=LinkEnd(**record["target"]),
            since=to_native(rel.get("since")), until=to_native(rel.get("until")),
            derived=bool(rel.get("derived")), detail=rel.get("detail"),
            role=rel.get("role"),
            grading=Grading.of(rel), provenance=Provenance.of(rel),
            shared_incidents=[
                SharedIncident(id=i["id"], occurred_at=to_native(i.get("occurred_at")),
                               type=i.get("type"), description=i.get("description"),
                               location=i.get("location"), source_roles=i["sourceRoles"],
                               target_roles=i["targetRoles"])
                for i in record["incidents"]],
            reports=[IntelligenceReport.of(r) for r in record["reports"]],
        )


@strawberry.type
class LinksQuery:
    @strawberry.field(description="One association or membership by id, with its ends, "
                                  "grading, provenance and evidence; null when there is "
                                  "none the caller may see.")
    async def link(self, info: Info[Context, None], id: strawberry.ID) -> Link | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        record = await run_in_threadpool(lambda: links.link(
            ctx.driver, ctx.database, str(id), clearance=ctx.clearance))
        if record is None:
            ctx.audit.consult("link", [str(id)])
            return None
        ctx.audit.consult("link", [str(id), record["source"]["id"], record["target"]["id"]])
        return Link.of(record)
