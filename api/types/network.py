"""Networks: compact JSON for large networks, typed nodes and edges for small ones.

Typed GraphQL fields cost microseconds each; a 2,000-node network as typed objects pays
that tens of thousands of times. `columns` returns the network as one JSON value of
columns (one list per field, no repeated keys), `elements` as one JSON value of maps
(what the web UI reads), and `nodes` / `edges` are built only when a client selects them.

What the graph computes follows what the client selected (`detail_for`): harm flags,
markers and analytics per node only when a selected field shows them, degrees only for
hidden counts and `truncated`, link dates and gradings only when asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.nodes import Selection

from api.types.common import Grading
from api.types.enums import AssociationKind, WarningMarker, closed_set
from api.types.selection import selected
from graph.explorer import network as graph_network
from graph.grading import weakest


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


# The node fields that need the graph to compute more than id, type, label and depth.
NODE_EXTRAS = ("highHarm", "warningMarkers", "nationalities", "gangMember", "harmScore",
               "pagerank", "community", "atRisk")
HIDDEN_COUNTS = ("hiddenCount", "capped")
NODE_FIELDS = ("id", "type", "label", "depth", *NODE_EXTRAS, *HIDDEN_COUNTS)
EDGE_EXTRAS = graph_network.EDGE_FIELDS[len(graph_network.EDGE_CORE_FIELDS):]

if TYPE_CHECKING:
    NetworkNodeField = str
    NetworkEdgeField = str
else:
    NetworkNodeField = closed_set("NetworkNodeField", NODE_FIELDS,
                                  "A column of a network's nodes (see Network.columns).")
    NetworkEdgeField = closed_set("NetworkEdgeField", graph_network.EDGE_FIELDS,
                                  "A column of a network's edges (see Network.columns).")


def _values(value: Any) -> list[str] | None:
    if value is None:
        return None
    return [item.value if isinstance(item, Enum) else str(item) for item in value]


def detail_for(selections: Iterable[Selection]) -> graph_network.Detail:
    """What the graph must compute for the fields selected under a `Network`.

    Links' own ids are left out only when every way the network is read is `columns`
    without `id` (`edges` builds whole `NetworkEdge`s)."""
    node_extras = hidden_counts = edge_extras = edge_ids = False
    for field in selected(selections):
        inner = {child.name for child in selected(field.selections)}
        if field.name == "elements":
            return graph_network.FULL_DETAIL
        if field.name == "columns":
            nodes = _values(field.arguments.get("nodeFields")) or NODE_FIELDS
            edges = _values(field.arguments.get("edgeFields")) or graph_network.EDGE_FIELDS
            inner = {*nodes, *edges}
            edge_ids = edge_ids or "id" in edges
        elif field.name in ("truncated", "truncatedNodes"):
            hidden_counts = True
        elif field.name == "edges":
            edge_ids = True
        node_extras = node_extras or any(name in inner for name in NODE_EXTRAS)
        hidden_counts = hidden_counts or any(name in inner for name in HIDDEN_COUNTS)
        edge_extras = edge_extras or any(name in inner for name in EDGE_EXTRAS)
    return graph_network.Detail(node_extras=node_extras, hidden_counts=hidden_counts,
                                edge_extras=edge_extras, edge_ids=edge_ids)


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
                   node_count=len(network.nodes), edge_count=len(network.edge_rows),
                   _graph=network)

    @strawberry.field(description="The weakest grading of the links drawn (weakest source "
                                  "evaluation and assessment, most restrictive handling "
                                  "code; null when none is graded): for a path, what the "
                                  "path as a whole can claim.")
    def grading(self) -> Grading | None:
        found = weakest({"source_evaluation": edge.get("sourceEvaluation"),
                         "intelligence_assessment": edge.get("intelligenceAssessment"),
                         "handling_code": edge.get("handlingCode")}
                        for edge in self._graph.edges)
        return Grading.of(found) if found else None

    @strawberry.field(description="The whole network as one JSON value "
                                  "({nodes: [...], edges: [...]}); see docs/api.md.")
    def elements(self) -> JSON:
        return JSON(self._graph.elements())

    @strawberry.field(description="The network as columns, the compact form for large "
                                  "networks: {nodes: {id: [...], label: [...], ...}, edges: "
                                  "{source: [...], target: [...], ...}}, one list per field, "
                                  "the i-th entries of a side's lists describing one node or "
                                  "edge. Only the fields named are computed and sent (all "
                                  "when none are named).")
    def columns(self, node_fields: list[NetworkNodeField] | None = None,
                edge_fields: list[NetworkEdgeField] | None = None) -> JSON:
        return JSON(self._graph.columns(_values(node_fields), _values(edge_fields)))

    @strawberry.field
    def truncated_nodes(self) -> list[TruncatedNode]:
        return [TruncatedNode(id=node["id"], hidden_count=node["hiddenCount"])
                for node in self._graph.nodes if node["capped"]]

    @strawberry.field
    def nodes(self) -> list[NetworkNode]:
        return [
            # A field the client did not select may not have been computed (detail_for).
            NetworkNode(id=n["id"], type=n["type"], label=n["label"],
                        high_harm=n.get("highHarm", False),
                        warning_markers=n.get("warningMarkers", []),
                        nationalities=n.get("nationalities", []),
                        gang_member=n.get("gangMember", False), depth=n["depth"],
                        hidden_count=n.get("hiddenCount", 0), capped=n.get("capped", False))
            for n in self._graph.nodes
        ]

    @strawberry.field
    def edges(self) -> list[NetworkEdge]:
        return [
            NetworkEdge(id=e["id"], source=e["source"], target=e["target"],
                        kind=AssociationKind(e["kind"]), since=_date(e.get("since")),
                        until=_date(e.get("until")), grading=e.get("grading"),
                        derived=e.get("derived", False))
            for e in self._graph.edges
        ]


@strawberry.type(description="All shortest paths between two people.")
class PathSet:
    length: int | None = strawberry.field(description="Hops in each path; null if none.")
    paths: list[Network]
