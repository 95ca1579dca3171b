"""Opening a saved investigation: the canvas as this reader may see it, and what changed.

The canvas is read again from the graph with the reader's clearance, never replayed from
what the saver saw. A held node is shown when it is joined to one of the reader's roots
(canvas.py `roots_for`) by links the reader may see among the held nodes; the rest is
withheld. So an officer opening an analyst's canvas sees no C link, no person the analyst
reached only through one, and no count of either: only `withheld`, true when anything
saved (a node, or a link the saver could see) is not shown, or no longer exists.

"What changed since it was saved" is read the same way, over the shown nodes only: links
recorded since (among them, and from them to people not on the canvas) and records of
them recorded since (arrests, charges, convictions, warrants, checks, flags, incident
roles, intelligence naming them), each filtered by the reader's clearance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from graph.access import Clearance, visible
from graph.db.temporal import to_native
from graph.explorer.network import Network, links_among, network_among, type_pattern
from graph.investigations.canvas import roots_for, shown_ids
from graph.investigations.store import ACCESS, SUMMARY

MAX_CHANGES = 50  # of each list of changes; the totals say how many in all

_OPEN = f"""
MATCH (i:Investigation {{id: $id}}) WHERE {ACCESS}
RETURN {SUMMARY} AS investigation,
       i {{ .centre_ids, .saver_codes, .link_ids, .node_count }} AS saved,
       [(i)-[h:HOLDS]->(n) | {{id: n.id, x: h.x, y: h.y}}] AS held
"""

_NODE = """
CALL (id) {
  MATCH (a:Person {id: id}) RETURN a
  UNION
  MATCH (a:Organisation {id: id}) RETURN a
}"""

_NEW_LINKS = f"""
UNWIND $ids AS id
{_NODE}
MATCH (a)-[r:<TYPES>]-(b)
WHERE r.recorded_at > $since AND {visible('r')}
  AND (NOT b.id IN $ids OR a.id < b.id) AND NOT b.id IN $withheld
WITH r, a, b ORDER BY r.recorded_at DESC, a.id, b.id
WITH collect({{id: coalesce(r.id, elementId(r)), kind: type(r), from_id: a.id, to_id: b.id,
  to_label: coalesce(b.full_name, b.name, b.id),
  to_type: CASE WHEN b:Organisation THEN 'Organisation' ELSE 'Person' END,
  among: b.id IN $ids, recorded_at: r.recorded_at}}) AS found
WITH [f IN found WHERE f.among] AS among, [f IN found WHERE NOT f.among] AS around
RETURN size(among) AS among_total, among[..$most] AS among,
       size(around) AS around_total, around[..$most] AS around
"""

# A closed set of record kinds, each a fixed fragment: (kind, pattern binding x).
_RECORD_KINDS = {
    "arrest": "(a)-[:WAS_ARRESTED]->(x:Arrest)",
    "charge": "(a)-[:WAS_CHARGED]->(x:Charge)",
    "conviction": "(a)-[:WAS_CONVICTED]->(x:Conviction)",
    "warrant": "(a)-[:WANTED_ON]->(x:Warrant)",
    "check": "(a)-[:HAS_CHECK]->(x:Check)",
    "flag": "(a)-[:HAS_FLAG]->(x:Flag)",
    "incident_role": "(a)-[x:SUSPECT_IN|VICTIM_IN|WITNESS_IN|OTHER_PARTY_IN]->(:Incident)",
}
_BRANCHES = "\n  UNION ALL\n  ".join(
    [f"MATCH {pattern} WHERE x.recorded_at > $since "
     f"RETURN '{kind}' AS kind, x.id AS record_id, x.recorded_at AS at"
     for kind, pattern in _RECORD_KINDS.items()]
    + ["MATCH (x:IntelligenceReport)-[:MENTIONS]->(a) "
       f"WHERE x.recorded_at > $since AND {visible('x')} "
       "RETURN 'intelligence_report' AS kind, x.id AS record_id, x.recorded_at AS at"])
RECORD_KINDS = (*_RECORD_KINDS, "intelligence_report")

_NEW_RECORDS = f"""
UNWIND $ids AS id
{_NODE}
CALL (a) {{
  {_BRANCHES}
}}
WITH a, kind, record_id, at ORDER BY at DESC, record_id
WITH collect({{person_id: a.id, label: coalesce(a.full_name, a.name, a.id), kind: kind,
  record_id: record_id, recorded_at: at}}) AS found
RETURN size(found) AS total, found[..$most] AS page
"""


@dataclass
class Changes:
    """What was recorded since the canvas was saved, as the reader may see it."""

    since: dt.datetime | None
    links_among: list[dict[str, Any]] = field(default_factory=list)
    links_among_total: int = 0
    links_around: list[dict[str, Any]] = field(default_factory=list)
    links_around_total: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    records_total: int = 0

    @property
    def subject_ids(self) -> list[str]:
        """Every id these changes name, for the audit entry."""
        ids = [link["to_id"] for link in self.links_around]
        ids += [link["id"] for link in (*self.links_among, *self.links_around)]
        ids += [record["record_id"] for record in self.records]
        return ids


@dataclass
class Opened:
    """An investigation as one reader opens it."""

    summary: dict[str, Any]
    network: Network
    positions: dict[str, tuple[float, float]]
    withheld: bool
    changes: Changes


def _natives(rows: list[Any]) -> list[dict[str, Any]]:
    return [{key: to_native(value) for key, value in dict(row).items()} for row in rows]


def changes_since(driver: Driver, database: str, ids: list[str], withheld: list[str],
                  since: dt.datetime | None, *, clearance: Clearance) -> Changes:
    """Links and records of these shown nodes recorded after `since`, as `clearance` sees."""
    if since is None or not ids:
        return Changes(since=since)
    params = {"ids": ids, "withheld": withheld, "since": since, "most": MAX_CHANGES,
              **clearance.params}
    links, _, _ = driver.execute_query(_NEW_LINKS.replace("<TYPES>", type_pattern(None)),
                                       params, database_=database, routing_="r")
    records, _, _ = driver.execute_query(_NEW_RECORDS, params, database_=database,
                                         routing_="r")
    link, record = links[0], records[0]
    return Changes(since=since, links_among=_natives(link["among"]),
                   links_among_total=link["among_total"],
                   links_around=_natives(link["around"]),
                   links_around_total=link["around_total"],
                   records=_natives(record["page"]), records_total=record["total"])


def open_investigation(driver: Driver, database: str, investigation_id: str, *, user: str,
                       role: str, clearance: Clearance) -> Opened | None:
    """The investigation as this reader may see it; None when they may not open it (or it
    does not exist: the two are not told apart)."""
    records, _, _ = driver.execute_query(_OPEN, id=investigation_id, user=user, role=role,
                                         database_=database, routing_="r")
    if not records:
        return None
    record = records[0]
    summary, saved = dict(record["investigation"]), dict(record["saved"])
    held = {item["id"]: (float(item["x"]), float(item["y"])) for item in record["held"]}
    held_ids = sorted(held)
    rows = links_among(driver, database, held_ids, clearance=clearance) if held_ids else []
    roots = roots_for(saved.get("centre_ids") or [], saved.get("saver_codes") or [],
                      clearance.codes)
    depths = shown_ids(held_ids, roots, rows)
    shown = [node for node in held_ids if node in depths]
    drawn = [row for row in rows if row[1] in depths and row[2] in depths]
    network = network_among(driver, database, shown, drawn,
                            centre_ids=[r for r in roots if r in depths], depths=depths,
                            clearance=clearance)
    drawn_links = {row[0] for row in network.edge_rows}
    withheld = (len(held) < (saved.get("node_count") or 0) or len(shown) < len(held)
                or bool(set(saved.get("link_ids") or []) - drawn_links))
    since = to_native(summary.get("saved_at"))
    changes = changes_since(driver, database, [n["id"] for n in network.nodes],
                            [node for node in held_ids if node not in depths], since,
                            clearance=clearance)
    positions = {node["id"]: held[node["id"]] for node in network.nodes}
    return Opened(summary=summary, network=network, positions=positions, withheld=withheld,
                  changes=changes)
