"""Networks: one JSON value for the web UI's fast path, typed nodes and edges for others.

Typed GraphQL fields cost microseconds each; a 2,000-node network as typed objects pays
that tens of thousands of times. `elements` returns the same network as one JSON value
(resolved once), and `nodes` / `edges` are built only when a client selects them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.types.enums import AssociationKind, WarningMarker
from graph.explorer import network as graph_network


@strawberry.type(description="A node inside the requested depth whose neighbours were "
                             "capped (a supernode preview): hiddenCount more exist.")
class TruncatedNode:
    id: strawberry.ID
    hidden_count: int


@strawberry.type
class NetworkNode:
    id: strawberry.ID
    type: str = strawberry.field(description="Person or Organisation.")
    label: str
    high_harm: bool
    warning_markers: list[WarningMarker]
    nationalities: list[str]
    gang_member: bool
    depth: int = strawberry.field(description="Hops from the (first) centre.")
    hidden_count: int = strawberry.field(description="Neighbours not drawn.")
    capped: bool = strawberry.field(description="Neighbours cut off by the preview cap.")


@strawberry.type
class NetworkEdge:
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    kind: AssociationKind
    since: dt.date | None
    until: dt.date | None
    grading: str | None = strawberry.field(description='3x5x2 code such as "2B P".')
    derived: bool


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@strawberry.type(description="People and organisations with the links between them.")
class Network:
    centre_ids: list[strawberry.ID]
    truncated: bool = strawberry.field(
        description="True when a cap cut something off; see truncatedNodes.")
    node_count: int
    edge_count: int
    _graph: strawberry.Private[graph_network.Network]

    @classmethod
    def of(cls, network: graph_network.Network) -> Network:
        return cls(centre_ids=[strawberry.ID(i) for i in network.centre_ids],
                   truncated=network.truncated,
                   node_count=len(network.nodes), edge_count=len(network.edges),
                   _graph=network)

    @strawberry.field(description="The whole network as one JSON value "
                                  "({nodes: [...], edges: [...]}); see docs/api.md.")
    def elements(self) -> JSON:
        return JSON(self._graph.elements())

    @strawberry.field
    def truncated_nodes(self) -> list[TruncatedNode]:
        return [TruncatedNode(id=node["id"], hidden_count=node["hiddenCount"])
                for node in self._graph.nodes if node["capped"]]

    @strawberry.field
    def nodes(self) -> list[NetworkNode]:
        return [
            NetworkNode(id=n["id"], type=n["type"], label=n["label"], high_harm=n["highHarm"],
                        warning_markers=n["warningMarkers"], nationalities=n["nationalities"],
                        gang_member=n["gangMember"], depth=n["depth"],
                        hidden_count=n["hiddenCount"], capped=n["capped"])
            for n in self._graph.nodes
        ]

    @strawberry.field
    def edges(self) -> list[NetworkEdge]:
        return [
            NetworkEdge(id=e["id"], source=e["source"], target=e["target"],
                        kind=AssociationKind(e["kind"]), since=_date(e["since"]),
                        until=_date(e["until"]), grading=e["grading"], derived=e["derived"])
            for e in self._graph.edges
        ]


@strawberry.type(description="All shortest paths between two people.")
class PathSet:
    length: int | None = strawberry.field(description="Hops in each path; null if none.")
    paths: list[Network]
