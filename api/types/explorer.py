"""The explorer's queries: health, a person, people search, the network around people
and paths between them, organisations and incidents (reads in graph/explorer). One of
the feature query classes api/schema composes into `Query`."""

from __future__ import annotations

import asyncio
import datetime as dt

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.permissions import Permission
from api.types.common import UserInputError, connection, page_window
from api.types.deconfliction import alert_owner, sensitive_operation
from api.types.enums import AssociationKind
from api.types.network import Network, PathSet, detail_for
from api.types.organisation import Incident, Organisation
from api.types.person import Person, PersonSearchConnection, PersonSearchEdge, list_kinds
from graph.db.health import server_info
from graph.explorer import network as graph_network
from graph.explorer import people, records
from graph.identity import screening
from graph.identity.countries import country_code

MAX_NETWORK_NODES = 5000
MAX_CONNECTING = 10


@strawberry.type(description="Whether the API and its Neo4j are up.")
class Health:
    status: str
    neo4j_version: str
    neo4j_edition: str


def _kinds(kinds: list[AssociationKind] | None) -> list[str] | None:
    return [kind.value for kind in kinds] if kinds else None


def _ids(network: graph_network.Network) -> list[str]:
    return [node["id"] for node in network.nodes]


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise UserInputError(f"`{name}` must be between {low} and {high}", name)


@strawberry.type
class ExplorerQuery:
    @strawberry.field(description="Liveness of the API and the Neo4j behind it.")
    async def health(self, info: Info[Context, None]) -> Health:
        server = await run_in_threadpool(server_info, info.context.driver)
        return Health(status="ok", neo4j_version=server.version, neo4j_edition=server.edition)

    @strawberry.field(description="One person by id; null when there is none.")
    async def person(self, info: Info[Context, None], id: strawberry.ID) -> Person | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        kinds = list_kinds(info.selected_fields[0].selections)
        if kinds:  # the person, its lists (primed) and any sensitive operation at once
            found = await run_in_threadpool(lambda: people.person_with_lists(
                ctx.driver, ctx.database, str(id), kinds, clearance=ctx.clearance))
            record, operation = found.person, found.operation
            if record is not None:
                ctx.loaders.persons.prime(str(id), record)
                ctx.loaders.person_lists.prime_many(
                    {(str(id), kind): items for kind, items in found.lists.items()})
        else:  # whether the person is under a sensitive operation, asked beside the read
            check = asyncio.ensure_future(sensitive_operation(ctx, str(id)))
            try:
                record = await ctx.loaders.persons.load(str(id))
            finally:
                operation = await check
        if record is not None:  # a sensitive operation's owner hears of every other look
            await alert_owner(ctx, str(id), operation)
        ctx.audit.consult("person", [str(id)])
        return Person.of(record) if record else None

    @strawberry.field(description="People by an exact identifier (id, PNC ID, CRO number, "
                                  "HO reference, passport number) or date of birth typed "
                                  "as the query, then by full-text search over names and "
                                  "aliases, tolerant of spelling variants, transliteration "
                                  "and swapped names. `nationality` takes a country name "
                                  "or an ISO code (a value that is neither finds no one); "
                                  "an empty `query` with `dateOfBirth` "
                                  "lists the people born then.")
    async def search_people(
        self, info: Info[Context, None], query: str, first: int = 20,
        after: str | None = None, date_of_birth: str | None = None,
        nationality: str | None = None, flagged_only: bool = False,
    ) -> PersonSearchConnection:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        skip, first = page_window(first, after)
        if len(query) > 200:
            raise UserInputError("`query` is longer than 200 characters", "query")
        if date_of_birth:  # refused like matchPerson's; DD/MM/YYYY is turned round
            try:
                if len(date_of_birth) > 200:
                    raise ValueError("`dateOfBirth` is longer than 200 characters")
                date_of_birth = screening.parse_date(date_of_birth.strip())
            except ValueError as exc:
                raise UserInputError(str(exc), "dateOfBirth") from exc
        # A country name or an ISO code ("Albania", "AL", "ALB"); anything else is read
        # as a code as typed, which no one holds: no hits, as for any other literal.
        code = (country_code(nationality) or nationality.upper()) if nationality else None
        total, hits = await run_in_threadpool(
            people.search_people, ctx.driver, ctx.database, query, first=first, skip=skip,
            nationality=code, dob=date_of_birth, flagged_only=flagged_only)
        ctx.audit.consult("search", [person["id"] for person, _, _ in hits],
                          f"search {query!r} dob={date_of_birth} nationality={code} "
                          f"flagged_only={flagged_only}")
        page = connection([Person.of(person) for person, _, _ in hits], total, skip)
        edges = [PersonSearchEdge(cursor=edge.cursor, node=edge.node, score=score,
                                  matched=matched)
                 for edge, (_, score, matched) in zip(page.edges, hits, strict=True)]
        return PersonSearchConnection(edges=edges, page_info=page.page_info,
                                      total_count=total)

    @strawberry.field(description="The network around a person, capped: see `truncated`.")
    async def network(
        self, info: Info[Context, None], person_id: strawberry.ID, depth: int = 2,
        kinds: list[AssociationKind] | None = None, since: dt.date | None = None,
        until: dt.date | None = None, limit: int = 500,
    ) -> Network:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        _check_range("depth", depth, 1, graph_network.MAX_DEPTH)
        _check_range("limit", limit, 1, MAX_NETWORK_NODES)
        detail = detail_for(info.selected_fields[0].selections)
        result = await run_in_threadpool(
            lambda: graph_network.ego_network(
                ctx.driver, ctx.database, str(person_id), depth=depth, kinds=_kinds(kinds),
                since=since, until=until, limit=limit, clearance=ctx.clearance,
                detail=detail))
        ctx.audit.consult("network", [str(person_id), *_ids(result)], f"network depth={depth}")
        return Network.of(result)

    @strawberry.field(description="All shortest paths between two people.")
    async def shortest_paths(
        self, info: Info[Context, None], from_id: strawberry.ID, to_id: strawberry.ID,
        max_hops: int = 6, kinds: list[AssociationKind] | None = None,
    ) -> PathSet:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        _check_range("maxHops", max_hops, 1, graph_network.MAX_HOPS)
        result = await run_in_threadpool(
            lambda: graph_network.shortest_paths(
                ctx.driver, ctx.database, str(from_id), str(to_id), max_hops=max_hops,
                kinds=_kinds(kinds), clearance=ctx.clearance))
        ctx.audit.consult("paths", [str(from_id), str(to_id),
                                    *(i for path in result.paths for i in _ids(path))])
        return PathSet(length=result.length, paths=[Network.of(p) for p in result.paths])

    @strawberry.field(description="How a group of people connect: every node on a "
                                  "shortest path (up to `maxHops`, over `kinds`) between "
                                  "each pair of them, and every link the caller may see "
                                  "among those nodes. A pair with no such path adds "
                                  "nothing but its two people.")
    async def connecting_network(
        self, info: Info[Context, None], person_ids: list[strawberry.ID], max_hops: int = 3,
        kinds: list[AssociationKind] | None = None,
    ) -> Network:
        info.context.require(Permission.READ_PERSONS)
        _check_range("maxHops", max_hops, 1, graph_network.MAX_HOPS)
        if not 2 <= len(set(person_ids)) <= MAX_CONNECTING:
            raise UserInputError(
                f"`personIds` must name between 2 and {MAX_CONNECTING} distinct people",
                "personIds")
        ctx = info.context
        result = await run_in_threadpool(
            lambda: graph_network.connecting_network(
                ctx.driver, ctx.database, [str(p) for p in person_ids], max_hops=max_hops,
                kinds=_kinds(kinds), clearance=ctx.clearance))
        ctx.audit.consult("connecting-network", [*map(str, person_ids), *_ids(result)],
                          f"connecting network maxHops={max_hops} kinds={_kinds(kinds)}")
        return Network.of(result)

    @strawberry.field(description="A gang or organised crime group; null when there is none.")
    async def organisation(self, info: Info[Context, None],
                           id: strawberry.ID) -> Organisation | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        record = await run_in_threadpool(lambda: records.organisation(
            ctx.driver, ctx.database, str(id), clearance=ctx.clearance))
        members = [m["person"]["id"] for m in (record or {}).get("members") or []]
        ctx.audit.consult("organisation", [str(id), *members])
        return Organisation.of(record) if record else None

    @strawberry.field(description="An incident with its participants; null when none.")
    async def incident(self, info: Info[Context, None], id: strawberry.ID) -> Incident | None:
        ctx = info.context
        ctx.require(Permission.READ_PERSONS)
        record = await run_in_threadpool(records.incident, ctx.driver, ctx.database, str(id))
        people_ids = [p["person"]["id"] for p in (record or {}).get("people") or []]
        ctx.audit.consult("incident", [str(id), *people_ids])
        return Incident.of(record) if record else None
