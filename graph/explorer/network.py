"""Association networks: ego networks, shortest paths, connecting networks.

The ego network is found level by level (one CALL subquery per hop, each expanded node
contributing at most `fanout` neighbours), which measured 2-3x faster here than a
variable-length or SHORTEST pattern and lets every cap be explicit: a node whose
neighbours were cut off reports how many are hidden, and the network says `truncated`.
An ego network is one query: the nodes, then (in the same query) the edges among them,
matched against the drawn nodes themselves rather than a list of their ids, which
measured about twice as fast for the largest networks. Paths and connecting networks
find their nodes first and fetch the edges among them in a second round trip.

Speed (docs/performance.md): the edges come back as one record holding one packed list
per edge, not one map per edge: unpacking thousands of maps was most of a large
network's time in the driver. What is computed per node and per edge beyond ids, labels,
depth and the links' ends and kinds is chosen by `Detail`, so a caller that shows only
the shape of a network does not pay for harm flags, degrees or gradings.

Relationship types come only from `ASSOCIATION_TYPES` (a closed set); depth and hop
counts select one of a few prepared query texts. Every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from neo4j import Driver

from graph.access import Clearance, visible
from graph.db.riders import accepts_rider

# Closed set: network kind -> relationship type. MEMBER_OF links a person to a gang.
ASSOCIATION_TYPES: dict[str, str] = {
    "FAMILY": "FAMILY",
    "PARTNER": "PARTNER",
    "LIVES_WITH": "LIVES_WITH",
    "FRIEND": "FRIEND",
    "CO_OFFENDER": "CO_OFFENDER",
    "PHONE_CONTACT": "PHONE_CONTACT",
    "SOCIAL_MEDIA": "SOCIAL_MEDIA",
    "ASSOCIATE": "ASSOCIATE",
    "MEMBER_OF": "MEMBER_OF",
}
MAX_DEPTH = 3
MAX_HOPS = 8

# A link reaches only readers cleared for its handling code (graph/access.py).
_C_FILTER = visible("r")
_MEMBER_FILTER = visible("m")
_EDGE_FILTER = (
    "($since IS NULL OR r.until IS NULL OR r.until >= $since) "
    "AND ($until IS NULL OR r.since IS NULL OR r.since <= $until) AND " + _C_FILTER
)

# One hop: every frontier node contributes at most $fanout new neighbours. Only a node
# with more links than that is sorted and cut (by id, so the cut is stable); the rest,
# nearly all, are expanded as they are, which measured a fifth faster for the hub.
_LEVEL = """
CALL (frontier<N>, seen<N>) {
  UNWIND frontier<N> AS a
  WITH a, COUNT { (a)-[:<TYPES>]-() } AS links
  CALL (a, links) {
    WITH a WHERE links <= $fanout
    MATCH (a)-[r:<TYPES>]-(b) WHERE <EDGE_FILTER>
    RETURN b
    UNION ALL
    WITH a WHERE links > $fanout
    MATCH (a)-[r:<TYPES>]-(b) WHERE <EDGE_FILTER>
    WITH DISTINCT b ORDER BY b.id LIMIT $fanout
    RETURN b
  }
  WITH DISTINCT b WHERE NOT b IN seen<N>
  RETURN collect(b)[..$limit] AS level<M>
}
WITH c, seen<N> + level<M> AS seen<M>, level<M> AS frontier<M>, levels + [level<M>] AS levels
"""

_NODE_CORE = """
  id: n.id,
  type: CASE WHEN n:Organisation THEN 'Organisation' ELSE 'Person' END,
  label: coalesce(n.full_name, n.name, n.id)
"""
_NODE_EXTRAS = """,
  highHarm: EXISTS { (n)-[:HAS_FLAG]->(:Flag {status: 'active', kind: 'high_harm'}) },
  warningMarkers: coalesce(n.warning_markers, []),
  nationalities: coalesce(n.nationalities, []),
  gangMember: EXISTS { (n)-[m:MEMBER_OF]->(:Organisation) WHERE <MEMBER_FILTER> },
  harmScore: n.analytics_harm_score, pagerank: n.analytics_pagerank,
  community: n.analytics_community, atRisk: coalesce(n.analytics_at_risk, false)
"""
_NODE_DEGREE = """,
  degree: COUNT { (n)-[r:<TYPES>]-() WHERE <EDGE_FILTER> }
"""


@dataclass(frozen=True)
class Detail:
    """What a network computes beyond ids, labels, depth and each link's ends and kind."""

    node_extras: bool = True  # highHarm, gangMember, markers, nationalities, analytics
    hidden_counts: bool = True  # a degree per node: hiddenCount, capped, truncated by caps
    edge_extras: bool = True  # since, until, derived, grading
    edge_ids: bool = True  # each link's own id (a network drawn as columns may leave it)


FULL_DETAIL = Detail()
# The packed edge row, in this order; the first four are always there.
EDGE_FIELDS = ("id", "source", "target", "kind", "since", "until", "derived", "grading",
               "sourceEvaluation", "intelligenceAssessment", "handlingCode")
EDGE_CORE_FIELDS = EDGE_FIELDS[:4]


def _node_fields(detail: Detail) -> str:
    return (_NODE_CORE + (_NODE_EXTRAS if detail.node_extras else "")
            + (_NODE_DEGREE if detail.hidden_counts else ""))


def _render(template: str, **parts: object) -> str:
    """Fill <NAME> slots with pieces from closed sets (type patterns, level numbers)."""
    for name, value in parts.items():
        template = template.replace(f"<{name}>", str(value))
    return template


def _ego_query(types: str, depth: int, detail: Detail) -> str:
    levels = "".join(_render(_LEVEL, N=level, M=level + 1) for level in range(depth))
    query = f"""
MATCH (c:Person {{id: $id}})
WITH c, [c] AS frontier0, [c] AS seen0, [] AS levels
{levels}
WITH [[c]] + levels AS levels
WITH levels, reduce(total = 0, level IN levels | total + size(level)) AS total
CALL (levels, total) {{
  WITH levels WHERE total <= $limit
  UNWIND range(0, size(levels) - 1) AS depth
  UNWIND levels[depth] AS n
  RETURN n, depth
  UNION ALL
  WITH levels WHERE total > $limit
  UNWIND range(0, size(levels) - 1) AS depth
  UNWIND levels[depth] AS n
  WITH n, depth ORDER BY depth, n.id LIMIT $limit
  RETURN n, depth
}}
WITH total > $limit AS cut,
     collect(n {{ {_node_fields(detail)}, depth: depth }}) AS nodes, collect(n) AS drawn
CALL (drawn) {{
  UNWIND drawn AS a
  MATCH (a)-[r:<TYPES>]->(b) WHERE b IN drawn AND <EDGE_FILTER>
  RETURN collect([<EDGE_ID>elementId(a), elementId(b), type(r)<EDGE_EXTRAS>]) AS rows
}}
RETURN nodes, [n IN drawn | elementId(n)] AS keys, rows, cut
"""
    return _render(query, TYPES=types, EDGE_FILTER=_EDGE_FILTER, MEMBER_FILTER=_MEMBER_FILTER,
                   EDGE_ID="coalesce(r.id, elementId(r)), " if detail.edge_ids else "",
                   EDGE_EXTRAS=_EDGE_EXTRAS if detail.edge_extras else "")


def _edge_fields(detail: Detail) -> tuple[str, ...]:
    fields = EDGE_FIELDS if detail.edge_extras else EDGE_CORE_FIELDS
    return fields if detail.edge_ids else fields[1:]


def _ends_as_ids(rows: list[list[Any]], keys: list[str], nodes: list[dict[str, Any]],
                 fields: tuple[str, ...]) -> list[list[Any]]:
    """Turn each row's two ends from element ids into the nodes' own ids (in place).

    The ego query names an edge's ends by element id: reading `id` from two nodes per
    edge was a third of the hub's time in Neo4j, and each drawn node's id is read once."""
    ids = dict(zip(keys, (node["id"] for node in nodes), strict=True))
    source = fields.index("source")
    target = source + 1
    for row in rows:
        row[source], row[target] = ids[row[source]], ids[row[target]]
    return rows


# Person and Organisation ids are each indexed by their uniqueness constraint.
_BY_IDS = """
CALL () {
  MATCH (n:Person) WHERE n.id IN $ids RETURN n
  UNION
  MATCH (n:Organisation) WHERE n.id IN $ids RETURN n
}
"""

_NODES = _BY_IDS + """
RETURN n { <NODE_FIELDS>, depth: 0 } AS node
"""

# One record: a packed list per edge (EDGE_FIELDS order). Lists keep nulls, which
# collect() of a single value would drop; dates leave as ISO strings.
_EDGES = _BY_IDS + """
WITH n AS a
MATCH (a)-[r:<TYPES>]->(b)
WHERE b.id IN $ids AND <EDGE_FILTER>
RETURN collect([coalesce(r.id, elementId(r)), a.id, b.id, type(r)<EDGE_EXTRAS>]) AS rows
"""
_EDGE_EXTRAS = """,
  toString(r.since), toString(r.until), coalesce(r.derived, false),
  CASE WHEN r.source_evaluation IS NULL THEN null
       ELSE r.source_evaluation + r.intelligence_assessment + ' ' +
            coalesce(r.handling_code, 'P') END,
  r.source_evaluation, r.intelligence_assessment, r.handling_code
"""


def type_pattern(kinds: list[str] | None) -> str:
    """`FAMILY|FRIEND` from validated kinds (closed set); all kinds when none given."""
    chosen = kinds or list(ASSOCIATION_TYPES)
    unknown = [kind for kind in chosen if kind not in ASSOCIATION_TYPES]
    if unknown:
        raise ValueError(f"unknown association kinds: {unknown}")
    return "|".join(ASSOCIATION_TYPES[kind] for kind in dict.fromkeys(chosen))


@dataclass
class Network:
    """Nodes as maps; edges as packed rows of `edge_fields` (maps only when asked for)."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edge_rows: list[list[Any]] = field(default_factory=list)
    edge_fields: tuple[str, ...] = EDGE_FIELDS
    truncated: bool = False
    centre_ids: list[str] = field(default_factory=list)

    @cached_property
    def edges(self) -> list[dict[str, Any]]:
        return [dict(zip(self.edge_fields, row, strict=True)) for row in self.edge_rows]

    def elements(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges}

    def columns(self, node_fields: Sequence[str] | None = None,
                edge_fields: Sequence[str] | None = None) -> dict[str, Any]:
        """The network as columns: {nodes: {field: [...]}, edges: {field: [...]}}.

        Fields not computed (see `Detail`) are left out rather than sent as nulls."""
        present = self.nodes[0].keys() if self.nodes else ()
        wanted_nodes = [f for f in (node_fields or present) if f in present]
        wanted_edges = [f for f in (edge_fields or self.edge_fields) if f in self.edge_fields]
        columns = list(zip(*self.edge_rows, strict=True)) if self.edge_rows else \
            [() for _ in self.edge_fields]
        by_name = dict(zip(self.edge_fields, columns, strict=True))
        return {"nodes": {f: [node[f] for node in self.nodes] for f in wanted_nodes},
                "edges": {f: list(by_name[f]) for f in wanted_edges}}


def _fetch_edges(driver: Driver, database: str, types: str, ids: list[str],
                 params: dict[str, Any], extras: bool = True) -> list[list[Any]]:
    records, _, _ = driver.execute_query(
        _render(_EDGES, TYPES=types, EDGE_FILTER=_EDGE_FILTER,
                EDGE_EXTRAS=_EDGE_EXTRAS if extras else ""),
        ids=ids, since=params.get("since"), until=params.get("until"),
        codes=params["codes"], database_=database, routing_="r")
    rows: list[list[Any]] = records[0]["rows"]
    return rows


def _finish(nodes: list[dict[str, Any]], rows: list[list[Any]], cut: bool,
            centre_ids: list[str], depth: int, detail: Detail = FULL_DETAIL) -> Network:
    """Work out hidden neighbour counts, capped nodes and the truncated flag.

    A node inside the requested depth with hidden neighbours was capped (a supernode
    preview), which makes the network truncated; nodes on the outer ring naturally have
    neighbours beyond the depth, which are reported in `hiddenCount` but cut nothing.
    Without `detail.hidden_counts` there are no degrees: `truncated` then says only
    whether the node limit cut the network.
    """
    fields = _edge_fields(detail)
    truncated = cut
    if not detail.hidden_counts:
        return Network(nodes=nodes, edge_rows=rows, edge_fields=fields, truncated=truncated,
                       centre_ids=centre_ids)
    drawn: dict[str, int] = {node["id"]: 0 for node in nodes}
    source = fields.index("source")
    for row in rows:
        drawn[row[source]] += 1
        drawn[row[source + 1]] += 1
    for node in nodes:
        # Degree counts relationships; several edges may join one pair, so clamp at 0.
        node["hiddenCount"] = max(0, node.pop("degree", 0) - drawn[node["id"]])
        node["capped"] = node["hiddenCount"] > 0 and node["depth"] < depth
        truncated = truncated or node["capped"]
    return Network(nodes=nodes, edge_rows=rows, edge_fields=fields, truncated=truncated,
                   centre_ids=centre_ids)


def ego_network(driver: Driver, database: str, person_id: str, *, depth: int = 2,
                kinds: list[str] | None = None, since: dt.date | None = None,
                until: dt.date | None = None, limit: int = 500,
                fanout: int = 100, clearance: Clearance,
                detail: Detail = FULL_DETAIL) -> Network:
    """The network around one person, in two round trips."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    types = type_pattern(kinds)
    params = {"since": since, "until": until, **clearance.params}
    query = accepts_rider(_ego_query(types, depth, detail), "nodes", "keys", "rows", "cut")
    records, _, _ = driver.execute_query(
        query, id=person_id, limit=limit, fanout=fanout,
        database_=database, **params, routing_="r")
    if not records:
        return Network(centre_ids=[person_id])
    record = records[0]
    nodes = [dict(node) for node in record["nodes"]]
    rows = _ends_as_ids(record["rows"], record["keys"], nodes, _edge_fields(detail))
    nodes.sort(key=lambda node: (node["depth"], node["id"]))  # Neo4j sorts only to cut
    return _finish(nodes, rows, bool(record["cut"]), [person_id], depth, detail)


_SHORTEST = """
MATCH (a:Person {id: $from_id}), (b:Person {id: $to_id})
MATCH p = ALL SHORTEST (a)-[r:<TYPES> WHERE <C_FILTER>]-{1,<HOPS>}(b)
WITH p LIMIT $max_paths
RETURN [n IN nodes(p) | n.id] AS node_ids,
       [r IN relationships(p) | coalesce(r.id, elementId(r))] AS edge_ids
"""

_CONNECTING = """
UNWIND $pairs AS pair
MATCH (a:Person {id: pair[0]}), (b:Person {id: pair[1]})
CALL (a, b) {
  MATCH p = ALL SHORTEST (a)-[r:<TYPES> WHERE <C_FILTER>]-{1,<HOPS>}(b)
  RETURN p LIMIT $max_paths
}
UNWIND nodes(p) AS n
RETURN collect(DISTINCT n.id) AS node_ids
"""


@dataclass
class PathSet:
    length: int | None
    paths: list[Network]


def _nodes_by_id(driver: Driver, database: str, types: str, ids: list[str],
                 clearance: Clearance) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        _render(_NODES, NODE_FIELDS=_node_fields(FULL_DETAIL), TYPES=types,
                EDGE_FILTER=_EDGE_FILTER, MEMBER_FILTER=_MEMBER_FILTER),
        ids=ids, since=None, until=None, database_=database, **clearance.params, routing_="r")
    return [dict(record["node"]) for record in records]


def _check_hops(max_hops: int) -> None:
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"maxHops must be between 1 and {MAX_HOPS}")


def shortest_paths(driver: Driver, database: str, from_id: str, to_id: str, *,
                   max_hops: int = 6, kinds: list[str] | None = None,
                   max_paths: int = 50, clearance: Clearance) -> PathSet:
    """All shortest paths between two people (up to `max_paths`), each as a network."""
    _check_hops(max_hops)
    types = type_pattern(kinds)
    records, _, _ = driver.execute_query(
        _render(_SHORTEST, TYPES=types, HOPS=max_hops, C_FILTER=_C_FILTER),
        from_id=from_id, to_id=to_id, max_paths=max_paths, database_=database,
        **clearance.params, routing_="r")
    if not records:
        return PathSet(length=None, paths=[])
    all_ids = sorted({node_id for record in records for node_id in record["node_ids"]})
    nodes = {node["id"]: node
             for node in _nodes_by_id(driver, database, types, all_ids, clearance)}
    edges = {row[0]: row
             for row in _fetch_edges(driver, database, types, all_ids, clearance.params)}
    paths = []
    for record in records:
        path_nodes = [dict(nodes[node_id], depth=index)
                      for index, node_id in enumerate(record["node_ids"])]
        path_edges = [edges[edge_id] for edge_id in record["edge_ids"] if edge_id in edges]
        for node in path_nodes:
            node.pop("degree", None)
            node["hiddenCount"], node["capped"] = 0, False
        paths.append(Network(nodes=path_nodes, edge_rows=path_edges,
                             centre_ids=[from_id, to_id]))
    return PathSet(length=len(records[0]["edge_ids"]), paths=paths)


def links_among(driver: Driver, database: str, ids: list[str], *,
                clearance: Clearance) -> list[list[Any]]:
    """Every link (of any kind) the reader may see among these people and organisations,
    as packed rows (EDGE_FIELDS order): a saved canvas's links, read again."""
    return _fetch_edges(driver, database, type_pattern(None), ids, clearance.params)


def network_among(driver: Driver, database: str, ids: list[str], rows: list[list[Any]], *,
                  centre_ids: list[str], depths: dict[str, int],
                  clearance: Clearance) -> Network:
    """The network of these nodes with these link rows (from `links_among`, already cut to
    them), each node at its given depth: a saved canvas as one reader may see it."""
    nodes = _nodes_by_id(driver, database, type_pattern(None), ids, clearance) if ids else []
    for node in nodes:
        node["depth"] = depths.get(node["id"], 0)
    found = {node["id"] for node in nodes}
    kept = [row for row in rows if row[1] in found and row[2] in found]
    return _finish(nodes, kept, False, [c for c in centre_ids if c in found], 0)


def connecting_network(driver: Driver, database: str, person_ids: list[str], *,
                       max_hops: int = 3, kinds: list[str] | None = None,
                       max_paths: int = 20, clearance: Clearance) -> Network:
    """The union of the shortest paths between every pair of the given people."""
    _check_hops(max_hops)
    types = type_pattern(kinds)
    unique = list(dict.fromkeys(person_ids))
    pairs = [[a, b] for index, a in enumerate(unique) for b in unique[index + 1:]]
    records, _, _ = driver.execute_query(
        _render(_CONNECTING, TYPES=types, HOPS=max_hops, C_FILTER=_C_FILTER),
        pairs=pairs, max_paths=max_paths, database_=database, **clearance.params, routing_="r")
    ids = sorted(set(records[0]["node_ids"]) | set(unique)) if records else unique
    nodes = _nodes_by_id(driver, database, types, ids, clearance)
    for node in nodes:
        node["depth"] = 0 if node["id"] in unique else 1
    rows = _fetch_edges(driver, database, types, [node["id"] for node in nodes],
                        clearance.params)
    return _finish(nodes, rows, False, unique, 0)
