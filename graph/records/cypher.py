"""The write layer's Cypher, built once at import from the closed set of kinds.

Labels and relationship types come only from `graph.records.kinds` (code, never input);
every value is a parameter. Each statement is UNWIND $rows + MERGE on id, so running it
twice leaves the same graph. References are checked before any statement runs.

Kinds that carry a grading (`GRADED`: intelligence reports, associations, memberships) are
written only where the writer may see them: `LOCK` takes the write lock of each existing
record, `HIDDEN` then reads, as committed, which of them the writer's Clearance does not
cover (`graph.access.visible`, reading `$codes`), and the write statements skip such a
record even if another transaction created it meanwhile. The caller refuses the whole
batch when anything is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from neomodel import DateProperty, DateTimeNeo4jFormatProperty
from neomodel.properties import Property

from graph.access import visible
from graph.db.temporal import date_from_wire, datetime_from_wire
from graph.models.base import graph_properties
from graph.records.kinds import KINDS, LinkKind, NodeKind, Ref

# Named properties rather than `SET r += map`: a map SET may touch any property, so the
# planner would add an Eager barrier before every later property read.
_LINK_SET = ("r.source = row.link.source, r.recorded_by = row.link.recorded_by, "
             f"r.recorded_at = {datetime_from_wire('row.link.recorded_at')}")


def temporal_properties(props: Mapping[str, Property[Any]]) -> dict[str, str]:
    """The DateTime ("datetime") and Date ("date") properties among `props`: the write
    layer sends them in wire form (graph.db.temporal) and its Cypher turns them back."""
    kinds: dict[str, str] = {}
    for name, prop in props.items():
        if isinstance(prop, DateTimeNeo4jFormatProperty):
            kinds[name] = "datetime"
        elif isinstance(prop, DateProperty):
            kinds[name] = "date"
    return kinds


def _written(model: Any) -> dict[str, str]:
    return written_temporal(graph_properties(model))


def _from_wire(kind: str, expression: str) -> str:
    return datetime_from_wire(expression) if kind == "datetime" else date_from_wire(expression)


def _temporal_set(var: str, source: str, temporal: Mapping[str, str],
                  skip: Iterable[str] = ()) -> str:
    """SET the temporal properties of `var` from their wire form in the map `source`,
    after `SET var += source` stored the wire values."""
    sets = [f"{var}.{name} = {_from_wire(kind, f'{source}.{name}')}"
            for name, kind in sorted(temporal.items()) if name not in skip]
    return ("\nSET " + ",\n    ".join(sets)) if sets else ""


def written_temporal(model_props: Mapping[str, Property[Any]]) -> dict[str, str]:
    """The temporal properties a row writes (review state, e.g. disposal_proposed_at, is
    never written by rows)."""
    return temporal_properties({name: prop for name, prop in model_props.items()
                                if not getattr(prop, "review_state", False)})


def graded(kind: NodeKind | LinkKind) -> bool:
    """Whether records of this kind carry a handling code (read from the model)."""
    if isinstance(kind, NodeKind):
        return "handling_code" in graph_properties(kind.model)
    return any("handling_code" in graph_properties(kind.model_for(rel_type))
               for rel_type in kind.types.values())


def _pattern(ref: Ref) -> str:
    target = f"(m:{ref.label})"
    return (f"(n)-[r:{ref.rel_type}]->{target}" if ref.outgoing
            else f"{target}-[r:{ref.rel_type}]->(n)")


def _merge_clause(ref: Ref) -> str:
    """MERGE the links a row names."""
    merge = _pattern(ref).replace(f"(m:{ref.label})", "(m)")
    return f"""
WITH n, row
CALL (n, row) {{
  UNWIND row.refs.{ref.field} AS ref_id
  MATCH (m:{ref.label} {{id: ref_id}})
  MERGE {merge}
  SET {_LINK_SET}
}}"""


def _prune_clause(ref: Ref) -> str:
    """Delete the links a rewritten row no longer names."""
    return f"""
WITH n, row
CALL (n, row) {{
  MATCH {_pattern(ref)}
  WHERE NOT m.id IN row.refs.{ref.field}
  DELETE r
}}"""


# A rewrite replaces a record's properties, except that a recorded MOPI review owns the
# review date from then on: a row without one keeps the current date, and a row carrying
# a date some review already moved on from (a re-import of the old record) is stale.
_KEEP_REVIEW_DATE = f"""
WITH n, row, n.review_date AS review_date_before,
     {date_from_wire('row.props.review_date')} AS review_date
SET n += row.props
SET n.review_date = CASE
  WHEN review_date IS NULL THEN review_date_before
  WHEN EXISTS {{ (n)-[:HAS_REVIEW]->(review:ReviewEvent)
                WHERE review.previous_review_date = review_date }}
    THEN review_date_before
  ELSE review_date END"""


def node_statement(kind: NodeKind) -> str:
    reviewed = "review_date" in graph_properties(kind.model) and kind.name != "flag"
    text = f"""UNWIND $rows AS row
MERGE (n:{kind.label} {{id: row.id}})"""
    if graded(kind):
        text += "\nWITH n, row WHERE " + visible("n")
    text += _KEEP_REVIEW_DATE if reviewed else "\nSET n += row.props"
    text += _temporal_set("n", "row.props", _written(kind.model),
                          skip=("review_date",) if reviewed else ())
    text += "".join(_merge_clause(ref) for ref in kind.refs)
    if kind.name == "flag":
        # A flag row also writes the flag's "set" event: the history starts with it.
        text += """
WITH n, row
MERGE (e:FlagEvent {id: row.set_event.id})
SET e += row.set_event.props""" + _temporal_set(
            "e", "row.set_event.props", _written(KINDS["flag_event"].model)) + """
MERGE (n)-[r:HAS_EVENT]->(e)
SET """ + _LINK_SET
    return text + "\nRETURN count(*) AS written"


def node_prune_statement(kind: NodeKind) -> str:
    """Run before NODE_WRITE for rows whose record already exists (a rewrite). Kept apart
    so the bulk path (new records) has no DELETE, whose Eager barriers slow it down."""
    text = f"""UNWIND $rows AS row
MATCH (n:{kind.label} {{id: row.id}})"""
    return text + "".join(_prune_clause(ref) for ref in kind.refs) + "\nRETURN count(*) AS rows"


def link_prune_statement(kind: LinkKind, rel_type: str) -> str:
    """Remove a link record that moved (other endpoints) or changed type (kind, role)."""
    others = "".join(f"""
CALL (row) {{
  MATCH ()-[old:{other} {{id: row.id}}]->()
  DELETE old
}}""" for other in kind.types.values() if other != rel_type)
    return f"""UNWIND $rows AS row
CALL (row) {{
  MATCH (x)-[old:{rel_type} {{id: row.id}}]->(y)
  WHERE x.id <> row.start_id OR y.id <> row.end_id
  DELETE old
}}{others}
RETURN count(*) AS rows"""


def link_statement(kind: LinkKind, rel_type: str) -> str:
    only_visible = ("\nWITH r, row WHERE " + visible("r")) if graded(kind) else ""
    return f"""UNWIND $rows AS row
MATCH (a:{kind.start.label} {{id: row.start_id}})
MATCH (b:{kind.end.label} {{id: row.end_id}})
MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b){only_visible}
SET r += row.props{_temporal_set("r", "row.props", _written(kind.model_for(rel_type)))}
RETURN count(*) AS written"""


def _any_link(kind: LinkKind) -> str:
    """A subquery yielding `r`, the link of this kind with id `record_id`, whatever its type."""
    branches = "\n  UNION\n".join(
        f"  MATCH ()-[r:{rel_type} {{id: record_id}}]->() RETURN r"
        for rel_type in sorted(set(kind.types.values())))
    return f"CALL (record_id) {{\n{branches}\n}}"


def _match_record(kind: NodeKind | LinkKind) -> str:
    if isinstance(kind, NodeKind):
        return f"MATCH (n:{kind.label} {{id: record_id}})"
    return _any_link(kind) + "\nWITH r AS n"


def lock_statement(kind: NodeKind | LinkKind) -> str:
    """Take the write lock (held to commit) of each existing record: SET then REMOVE
    leaves nothing behind. Run before `HIDDEN`, so what it reads is what is committed."""
    return f"""UNWIND $ids AS record_id
{_match_record(kind)}
SET n.write_lock = true
REMOVE n.write_lock
RETURN count(*) AS locked"""


def hidden_statement(kind: NodeKind | LinkKind) -> str:
    """The existing records among `$ids`, and those of them the writer may not see."""
    return f"""UNWIND $ids AS record_id
{_match_record(kind)}
RETURN collect(n.id) AS existing,
       collect(CASE WHEN NOT ({visible("n")}) THEN n.id END) AS hidden"""


def existing_statement(kind: NodeKind | LinkKind) -> str:
    """The ids among `$ids` already stored (of any type of the kind, for a link)."""
    return f"""UNWIND $ids AS record_id
{_match_record(kind)}
RETURN collect(n.id) AS existing"""


def missing_statement(label: str) -> str:
    return f"""UNWIND $ids AS ref_id
OPTIONAL MATCH (m:{label} {{id: ref_id}})
WITH ref_id, m WHERE m IS NULL
RETURN collect(ref_id) AS missing"""


NODE_WRITE: dict[str, str] = {
    name: node_statement(kind) for name, kind in KINDS.items() if isinstance(kind, NodeKind)}
NODE_PRUNE: dict[str, str] = {
    name: node_prune_statement(kind) for name, kind in KINDS.items()
    if isinstance(kind, NodeKind) and kind.refs}
EXISTING: dict[str, str] = {name: existing_statement(kind) for name, kind in KINDS.items()}
LINK_PRUNE: dict[tuple[str, str], str] = {
    (name, rel_type): link_prune_statement(kind, rel_type)
    for name, kind in KINDS.items() if isinstance(kind, LinkKind)
    for rel_type in kind.types.values()}
LINK_WRITE: dict[tuple[str, str], str] = {
    (name, rel_type): link_statement(kind, rel_type)
    for name, kind in KINDS.items() if isinstance(kind, LinkKind)
    for rel_type in kind.types.values()}
GRADED: frozenset[str] = frozenset(name for name, kind in KINDS.items() if graded(kind))
LOCK: dict[str, str] = {name: lock_statement(KINDS[name]) for name in GRADED}
HIDDEN: dict[str, str] = {name: hidden_statement(KINDS[name]) for name in GRADED}
MISSING: dict[str, str] = {
    label: missing_statement(label)
    for label in {ref.label for kind in KINDS.values()
                  for ref in (kind.refs if isinstance(kind, NodeKind) else (kind.start, kind.end))}}

# A flag's state follows its events: the latest "cleared" event clears it, and the latest
# "set" or "reviewed" event carries its next review date. Recomputed after every write that
# touches a flag or its events, so the order in which rows arrive does not matter.
FLAG_STATE = """
UNWIND $flag_ids AS flag_id
MATCH (f:Flag {id: flag_id})
OPTIONAL MATCH (f)-[:HAS_EVENT]->(c:FlagEvent {action: 'cleared'})
WITH f, c ORDER BY c.at DESC
WITH f, head(collect(c)) AS cleared
OPTIONAL MATCH (f)-[:HAS_EVENT]->(v:FlagEvent)
WHERE v.action IN ['set', 'reviewed'] AND v.next_review_date IS NOT NULL
WITH f, cleared, v ORDER BY v.at DESC
WITH f, cleared, head(collect(v)) AS review
SET f.status = CASE WHEN cleared IS NULL THEN 'active' ELSE 'cleared' END,
    f.cleared_by = cleared.by, f.cleared_at = cleared.at, f.cleared_reason = cleared.reason,
    f.review_date = coalesce(review.next_review_date, f.review_date)
RETURN count(f) AS flags
"""

# Flag events that conflict with the flag's history: clearing a cleared flag, or
# reviewing one. Returns the first offending event per flag.
FLAG_EVENT_CONFLICTS = """
UNWIND $events AS event
MATCH (f:Flag {id: event.flag_id})-[:HAS_EVENT]->(c:FlagEvent {action: 'cleared'})
WHERE c.id <> event.id AND c.at <= event.at
RETURN event.id AS event_id, f.id AS flag_id, c.id AS cleared_by_event
"""

# Derived co-offenders: people who were suspects in, or arrested for, the same incident.
# The id is built from the two person ids (ordered), so re-deriving MERGEs the same edge;
# the link is in force from the day of the first incident they share.
CO_OFFENDERS = """
MATCH (i:Incident)
WHERE $incident_ids IS NULL OR i.id IN $incident_ids
CALL (i) {
  MATCH (p:Person)-[:SUSPECT_IN]->(i) RETURN p
  UNION
  MATCH (p:Person)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i) RETURN p
}
WITH i, collect(DISTINCT p) AS people
UNWIND people AS a
UNWIND people AS b
WITH DISTINCT a, b WHERE a.id < b.id
CALL (a, b) {
  CALL (a) {
    MATCH (a)-[:SUSPECT_IN]->(i:Incident) RETURN i
    UNION
    MATCH (a)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i:Incident) RETURN i
  }
  WITH i WHERE EXISTS { (b)-[:SUSPECT_IN]->(i) }
            OR EXISTS { (b)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i) }
  WITH i ORDER BY i.id
  RETURN collect(i.id) AS incidents, min(i.occurred_at) AS first_shared
}
MERGE (a)-[r:CO_OFFENDER {id: 'AS-CO-' + a.id + '-' + b.id}]->(b)
ON CREATE SET r.source = 'derived:shared-incident', r.recorded_by = 'nexus',
              r.recorded_at = datetime.realtime('UTC')
SET r.derived = true,
    r.since = date(first_shared),
    r.detail = 'shared incident: ' + reduce(s = '', x IN incidents |
               s + CASE s WHEN '' THEN '' ELSE ', ' END + x)
RETURN count(r) AS pairs
"""
