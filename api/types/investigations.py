"""Saved investigations over GraphQL: `saveInvestigation`, `shareInvestigation`,
`deleteInvestigation`, `investigation(id)` and `investigations`.

graph/investigations holds the records and the rules (docs/investigations.md): only the
owner changes, shares or deletes one; whoever it is shared with (by name or by role) may
open it, and opening reads the canvas again with the reader's own clearance, so nobody is
shown what their role may not see: at most `withheld: true`. Opening is a consultation of
everyone it shows, audited with the session's purpose like the network read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import user_error
from api.mutations import KEY_HELP, MAX_KEY
from api.permissions import Permission, roles_allowed
from api.types.common import Connection, UserError, connection, page_window, to_native
from api.types.enums import AssociationKind
from api.types.network import Network
from graph.errors import NotFound, ValidationError
from graph.investigations import canvas as checks
from graph.investigations import opening, store
from graph.investigations.store import NotOwner

# The roles an investigation may be shared with: those that read people at all.
SHAREABLE_ROLES = tuple(sorted(roles_allowed([Permission.READ_PERSONS])))
RECORD_KIND_TEXT = {
    "arrest": "new arrest", "charge": "new charge", "conviction": "new conviction",
    "warrant": "new warrant", "check": "new check result", "flag": "flag set",
    "incident_role": "named in an incident",
    "intelligence_report": "named in an intelligence report",
}


@strawberry.type(description="The explorer's filters as saved.")
class InvestigationFilters:
    kinds: list[AssociationKind] | None = strawberry.field(
        description="The association kinds kept; null: every kind.")
    min_source: str | None
    min_assessment: str | None

    @classmethod
    def of(cls, text: str | None) -> InvestigationFilters:
        found = checks.Filters.from_json(text)
        return cls(kinds=[AssociationKind(k) for k in found.kinds]
                   if found.kinds is not None else None,
                   min_source=found.min_source, min_assessment=found.min_assessment)


def _summary_fields(found: dict[str, Any], viewer: str) -> dict[str, Any]:
    return {
        "id": strawberry.ID(found["id"]), "name": found["name"],
        "case_reference": found.get("case_reference"), "notes": found.get("notes") or "",
        "owner": found["owner"], "mine": found["owner"] == viewer,
        "created_at": to_native(found["created_at"]),
        "updated_at": to_native(found["updated_at"]),
        "saved_at": to_native(found["saved_at"]), "depth": found.get("depth") or 2,
        "filters": InvestigationFilters.of(found.get("filters")),
        "since": to_native(found.get("since")), "until": to_native(found.get("until")),
        "shared_with_users": sorted(found.get("shared_users") or []),
        "shared_with_roles": sorted(found.get("shared_roles") or []),
    }


@strawberry.type(description="A saved explorer canvas as listed: who owns it and who it is "
                             "shared with; no person is named (open it for the canvas).")
class InvestigationSummary:
    id: strawberry.ID
    name: str
    case_reference: str | None
    notes: str
    owner: str
    mine: bool = strawberry.field(description="Whether the caller owns it (and so may "
                                              "change, share or delete it).")
    created_at: dt.datetime
    updated_at: dt.datetime
    saved_at: dt.datetime = strawberry.field(description="When the canvas was last saved: "
                                                         "`changes` count from here.")
    depth: int
    filters: InvestigationFilters
    since: dt.date | None = strawberry.field(description="The saved time range's start.")
    until: dt.date | None
    shared_with_users: list[str]
    shared_with_roles: list[str]

    @classmethod
    def of(cls, found: dict[str, Any], viewer: str) -> InvestigationSummary:
        return cls(**_summary_fields(found, viewer))


@strawberry.type(description="Where a person or organisation was drawn when saved.")
class NodePosition:
    id: strawberry.ID
    x: float
    y: float


@strawberry.type(description="A link recorded since the investigation was saved.")
class ChangedLink:
    id: strawberry.ID
    kind: AssociationKind
    from_id: strawberry.ID = strawberry.field(description="Its end on the canvas.")
    to_id: strawberry.ID
    to_label: str
    to_type: str = strawberry.field(description="Person or Organisation.")
    recorded_at: dt.datetime | None

    @classmethod
    def of(cls, link: dict[str, Any]) -> ChangedLink:
        return cls(id=strawberry.ID(link["id"]), kind=AssociationKind(link["kind"]),
                   from_id=strawberry.ID(link["from_id"]), to_id=strawberry.ID(link["to_id"]),
                   to_label=link["to_label"], to_type=link["to_type"],
                   recorded_at=link.get("recorded_at"))


@strawberry.type(description="A record of someone on the canvas recorded since it was "
                             "saved.")
class ChangedRecord:
    person_id: strawberry.ID
    label: str
    kind: str = strawberry.field(description="One of " + ", ".join(RECORD_KIND_TEXT) + ".")
    record_id: strawberry.ID
    summary: str
    recorded_at: dt.datetime | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> ChangedRecord:
        text = RECORD_KIND_TEXT.get(record["kind"], record["kind"].replace("_", " "))
        return cls(person_id=strawberry.ID(record["person_id"]), label=record["label"],
                   kind=record["kind"], record_id=strawberry.ID(record["record_id"]),
                   summary=f"{text} ({record['record_id']})",
                   recorded_at=record.get("recorded_at"))


@strawberry.type(description="What was recorded since the canvas was saved, about what "
                             "the caller is shown of it and as the caller may see it.")
class InvestigationChanges:
    since: dt.datetime | None
    links_among: list[ChangedLink] = strawberry.field(
        description=f"New links between people on the canvas (the newest "
                    f"{opening.MAX_CHANGES}).")
    links_among_count: int
    links_around: list[ChangedLink] = strawberry.field(
        description="New links from people on the canvas to people and organisations "
                    f"not on it (the newest {opening.MAX_CHANGES}).")
    links_around_count: int
    records: list[ChangedRecord] = strawberry.field(
        description=f"New records of people on the canvas (the newest "
                    f"{opening.MAX_CHANGES}).")
    records_count: int

    @classmethod
    def of(cls, changes: opening.Changes) -> InvestigationChanges:
        return cls(since=changes.since,
                   links_among=[ChangedLink.of(x) for x in changes.links_among],
                   links_among_count=changes.links_among_total,
                   links_around=[ChangedLink.of(x) for x in changes.links_around],
                   links_around_count=changes.links_around_total,
                   records=[ChangedRecord.of(x) for x in changes.records],
                   records_count=changes.records_total)


@strawberry.type(description="A saved explorer canvas opened: read again from the graph "
                             "with the caller's clearance, positions kept.")
class Investigation(InvestigationSummary):
    network: Network = strawberry.field(description="What the caller is shown of the "
                                                    "canvas: its centres are `centreIds`.")
    positions: list[NodePosition] = strawberry.field(
        description="Where each node of `network` was drawn (model coordinates).")
    withheld: bool = strawberry.field(
        description="True when something saved on it is not shown to the caller: withheld "
                    "from their role, or no longer recorded. What, is never said.")
    changes: InvestigationChanges

    @classmethod
    def opened(cls, found: opening.Opened, viewer: str) -> Investigation:
        return cls(**_summary_fields(found.summary, viewer),
                   network=Network.of(found.network),
                   positions=[NodePosition(id=strawberry.ID(node), x=x, y=y)
                              for node, (x, y) in found.positions.items()],
                   withheld=found.withheld, changes=InvestigationChanges.of(found.changes))


@strawberry.input(description="Where a person or organisation is drawn on the canvas.")
class CanvasNodeInput:
    id: strawberry.ID
    x: float
    y: float


@strawberry.input
class InvestigationFiltersInput:
    kinds: list[AssociationKind] | None = None
    min_source: str | None = None
    min_assessment: str | None = None


@strawberry.input(description="The explorer canvas to save. With `id`, replaces the canvas "
                              "of an investigation the caller owns (owner and creation "
                              "kept); without, creates one.")
class InvestigationInput:
    id: strawberry.ID | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_HELP)
    name: str
    case_reference: str | None = None
    notes: str | None = strawberry.field(
        default=None, description="Shown to everyone it is shared with: write nothing "
                                  "they may not see.")
    nodes: list[CanvasNodeInput] = strawberry.field(
        description=f"The people and organisations on it (at most {checks.MAX_NODES}).")
    centre_ids: list[strawberry.ID] = strawberry.field(
        description="The people it was drawn from, the first being the one it is about.")
    depth: int = 2
    filters: InvestigationFiltersInput | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    shared_with_users: list[str] | None = strawberry.field(
        default=None, description="Users it is shared with; null keeps who it is shared "
                                  "with.")
    shared_with_roles: list[str] | None = strawberry.field(
        default=None, description=f"Whole roles it is shared with: {', '.join(SHAREABLE_ROLES)}.")


@strawberry.type
class InvestigationPayload:
    ok: bool
    investigation: InvestigationSummary | None
    errors: list[UserError]


@strawberry.type
class DeleteInvestigationPayload:
    ok: bool
    errors: list[UserError]


def _refusal(exc: Exception) -> UserError:
    if isinstance(exc, NotOwner):
        return UserError(message=str(exc), code="NOT_OWNER", field="id")
    return user_error(exc)


def _canvas(data: InvestigationInput) -> checks.Canvas:
    chosen = data.filters or InvestigationFiltersInput()
    filters = checks.check_filters(
        [k.value for k in chosen.kinds] if chosen.kinds is not None else None,
        chosen.min_source, chosen.min_assessment)
    return checks.check_canvas(
        name=data.name, case_reference=data.case_reference, notes=data.notes,
        nodes=[{"id": str(n.id), "x": n.x, "y": n.y} for n in data.nodes],
        centre_ids=[str(c) for c in data.centre_ids], depth=data.depth, filters=filters,
        since=data.since, until=data.until)


def _sharing(users: list[str] | None, roles: list[str] | None) -> checks.Sharing | None:
    if users is None and roles is None:
        return None
    return checks.check_sharing(users, roles, SHAREABLE_ROLES)


@strawberry.type
class InvestigationsQuery:
    @strawberry.field(description="A saved investigation the caller owns or that is shared "
                                  "with them (or their role), opened: null otherwise. An "
                                  "audited consultation of everyone it shows.")
    async def investigation(self, info: Info[Context, None],
                            id: strawberry.ID) -> Investigation | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        principal = ctx.principal
        found = await run_in_threadpool(lambda: opening.open_investigation(
            ctx.driver, ctx.database, str(id), user=principal.name, role=principal.role,
            clearance=ctx.clearance))
        if found is None:
            ctx.audit.consult("investigation", [str(id)], f"investigation {id}: not found")
            return None
        summary = found.summary
        shown = [node["id"] for node in found.network.nodes]
        ctx.audit.consult("investigation", [str(id), *shown, *found.changes.subject_ids],
                          f"investigation {id} {summary['name']!r} "
                          f"case={summary.get('case_reference')}")
        return Investigation.opened(found, principal.name)

    @strawberry.field(description="The caller's investigations and those shared with them "
                                  "or their role, most recently changed first.")
    async def investigations(self, info: Info[Context, None], first: int = 20,
                             after: str | None = None) -> Connection[InvestigationSummary]:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        principal = ctx.principal
        total, page = await run_in_threadpool(lambda: store.investigations(
            ctx.driver, ctx.database, user=principal.name, role=principal.role,
            first=first, skip=skip))
        ctx.audit.consult("investigations", [found["id"] for found in page],
                          "investigation list")
        return connection([InvestigationSummary.of(f, principal.name) for f in page],
                          total, skip)


@strawberry.type
class InvestigationsMutation:
    @strawberry.mutation(description="Save the explorer canvas as a named investigation, or "
                                     "replace the canvas of one the caller owns.")
    async def save_investigation(self, info: Info[Context, None],
                                 input: InvestigationInput) -> InvestigationPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        principal = ctx.principal
        key = input.idempotency_key
        try:
            if key is not None and not 0 < len(key) <= MAX_KEY:
                raise ValidationError("investigation", "idempotency_key",
                                      f"must be 1 to {MAX_KEY} characters long")
            drawn = _canvas(input)
            sharing = _sharing(input.shared_with_users, input.shared_with_roles)
            saved = await run_in_threadpool(lambda: store.save(
                ctx.driver, ctx.database, drawn, user=principal.name, role=principal.role,
                clearance=ctx.clearance,
                investigation_id=str(input.id) if input.id is not None else None,
                idempotency_key=key, sharing=sharing, shareable_roles=SHAREABLE_ROLES))
        except (ValidationError, NotFound, NotOwner) as exc:
            return InvestigationPayload(ok=False, investigation=None, errors=[_refusal(exc)])
        ctx.audit.consult("change:investigation", [saved["id"], *drawn.node_ids],
                          f"investigation {saved['id']} {saved['name']!r} "
                          f"case={saved.get('case_reference')}")
        return InvestigationPayload(ok=True, investigation=InvestigationSummary.of(
            saved, principal.name), errors=[])

    @strawberry.mutation(description="Share an investigation the caller owns with these "
                                     "users and roles (replacing whom it was shared with; "
                                     "empty lists share it with no one).")
    async def share_investigation(self, info: Info[Context, None], id: strawberry.ID,
                                  users: list[str], roles: list[str]) -> InvestigationPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        principal = ctx.principal
        try:
            sharing = checks.check_sharing(users, roles, SHAREABLE_ROLES)
            shared = await run_in_threadpool(lambda: store.share(
                ctx.driver, ctx.database, str(id), sharing, user=principal.name,
                role=principal.role, shareable_roles=SHAREABLE_ROLES))
        except (ValidationError, NotFound, NotOwner) as exc:
            return InvestigationPayload(ok=False, investigation=None, errors=[_refusal(exc)])
        ctx.audit.consult("change:investigation-share", [str(id)],
                          f"shared with users={shared['shared_users']} "
                          f"roles={shared['shared_roles']}")
        return InvestigationPayload(ok=True, investigation=InvestigationSummary.of(
            shared, principal.name), errors=[])

    @strawberry.mutation(description="Delete an investigation the caller owns; the records "
                                     "it held stay as they are.")
    async def delete_investigation(self, info: Info[Context, None],
                                   id: strawberry.ID) -> DeleteInvestigationPayload:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        principal = ctx.principal
        try:
            await run_in_threadpool(lambda: store.delete(
                ctx.driver, ctx.database, str(id), user=principal.name, role=principal.role))
        except (NotFound, NotOwner) as exc:
            return DeleteInvestigationPayload(ok=False, errors=[_refusal(exc)])
        ctx.audit.consult("change:investigation-delete", [str(id)])
        return DeleteInvestigationPayload(ok=True, errors=[])
