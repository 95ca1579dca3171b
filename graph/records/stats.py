"""How many records of each kind the graph holds: nodes per label, relationships per type.

Labels and types come from the model's closed set (`graph.records.KINDS`), never from the
database, and each count is a bare `count()` over one label or one type, which Neo4j
answers from its count store without touching a record: the whole query stays fast at
millions of records.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver

from graph.records import KINDS
from graph.records.kinds import LinkKind, NodeKind


def _closed_sets() -> tuple[tuple[str, ...], tuple[str, ...]]:
    labels: list[str] = []
    types: list[str] = []
    for kind in KINDS.values():
        if isinstance(kind, NodeKind):
            labels.append(kind.label)
            types.extend(ref.rel_type for ref in kind.refs)
        elif isinstance(kind, LinkKind):
            types.extend(kind.types.values())
    labels.append("FlagEvent")
    types.append("HAS_EVENT")   # Flag -> FlagEvent, written with the flag row
    return tuple(dict.fromkeys(labels)), tuple(dict.fromkeys(types))


LABELS, RELATIONSHIP_TYPES = _closed_sets()


def _count_query() -> str:
    parts = [f"MATCH (n:{label}) RETURN 'node' AS what, '{label}' AS name, count(n) AS count"
             for label in LABELS]
    parts += [f"MATCH ()-[r:{rel_type}]->() RETURN 'relationship' AS what, "
              f"'{rel_type}' AS name, count(r) AS count" for rel_type in RELATIONSHIP_TYPES]
    return "\nUNION ALL\n".join(parts)


# Built once from the closed sets above (code, never input).
COUNTS = _count_query()


@dataclass(frozen=True)
class GraphStats:
    nodes: dict[str, int]
    relationships: dict[str, int]

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())

    def as_dict(self) -> dict[str, object]:
        return {"nodes": self.nodes, "relationships": self.relationships,
                "total_nodes": self.total_nodes,
                "total_relationships": self.total_relationships}


def graph_stats(driver: Driver, database: str) -> GraphStats:
    records, _, _ = driver.execute_query(COUNTS, database_=database, routing_="r")
    nodes = {label: 0 for label in LABELS}
    relationships = {rel_type: 0 for rel_type in RELATIONSHIP_TYPES}
    for record in records:
        target = nodes if record["what"] == "node" else relationships
        target[record["name"]] = record["count"]
    return GraphStats(nodes, relationships)
