"""One link of the network in full: what the edge card shows (issue 18).

A link is an association (FAMILY ... SOCIAL_MEDIA) or a gang membership (MEMBER_OF),
found by its id. It comes back with both ends, its dates, grading, detail, role and
provenance, and the records it rests on:

* for a CO_OFFENDER link, the incidents both people were suspects in or arrested for
  (what `graph.records.derive_co_offenders` derives the link from), with each one's part;
* for any link, the intelligence reports that mention both ends.

Access is the network's: the link itself, and every report, passes `visible()` for the
reader's clearance (graph/access.py), so a link or report with a handling code the reader
may not see is as absent as one that does not exist. Incidents carry no handling code.
Relationship types come only from the closed `ASSOCIATION_TYPES`; the id is a parameter.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.access import Clearance, visible
from graph.db.temporal import epoch_micros
from graph.explorer.network import ASSOCIATION_TYPES

MAX_EVIDENCE = 50

# One index seek per relationship type (each `id` has a uniqueness constraint, V0003).
_FIND = "\nUNION ALL\n".join(
    f"  MATCH (a)-[r:{rel_type} {{id: $id}}]->(b) RETURN a, r, b"
    for rel_type in dict.fromkeys(ASSOCIATION_TYPES.values()))

_LINK = f"""
CALL () {{
{_FIND}
}}
WITH a, r, b WHERE {visible('r')}
WITH a, r, b LIMIT 1
CALL (a, b, r) {{
  WITH a, b, r WHERE type(r) = 'CO_OFFENDER'
  CALL (a) {{
    MATCH (a)-[:SUSPECT_IN]->(i:Incident) RETURN i
    UNION
    MATCH (a)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i:Incident) RETURN i
  }}
  WITH a, b, i
  WHERE EXISTS {{ (b)-[:SUSPECT_IN]->(i) }}
     OR EXISTS {{ (b)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i) }}
  WITH a, b, i ORDER BY i.occurred_at DESC, i.id LIMIT $max_evidence
  RETURN collect(i {{
    .id, .type, .occurred_at, .description,
    location: head([(i)-[:AT_LOCATION]->(l:Location) | l.name]),
    sourceRoles: [x IN [
        CASE WHEN EXISTS {{ (a)-[:SUSPECT_IN]->(i) }} THEN 'suspect' END,
        CASE WHEN EXISTS {{ (a)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i) }}
             THEN 'arrested' END] WHERE x IS NOT NULL],
    targetRoles: [x IN [
        CASE WHEN EXISTS {{ (b)-[:SUSPECT_IN]->(i) }} THEN 'suspect' END,
        CASE WHEN EXISTS {{ (b)-[:WAS_ARRESTED]->(:Arrest)-[:CONCERNS]->(i) }}
             THEN 'arrested' END] WHERE x IS NOT NULL]
  }}) AS incidents
}}
CALL (a, b) {{
  MATCH (ir:IntelligenceReport)-[:MENTIONS]->(a)
  WHERE (ir)-[:MENTIONS]->(b) AND {visible('ir')}
  WITH ir ORDER BY ir.reported_at DESC, ir.id LIMIT $max_evidence
  RETURN collect(ir {{ .*, recorded_at: {epoch_micros('ir.recorded_at')} }}) AS reports
}}
RETURN r {{ .*, kind: type(r), recorded_at: {epoch_micros('r.recorded_at')} }} AS link,
       a {{ .id, label: coalesce(a.full_name, a.name, a.id),
           type: CASE WHEN a:Organisation THEN 'Organisation' ELSE 'Person' END }} AS source,
       b {{ .id, label: coalesce(b.full_name, b.name, b.id),
           type: CASE WHEN b:Organisation THEN 'Organisation' ELSE 'Person' END }} AS target,
       incidents, reports
"""


def link(driver: Driver, database: str, link_id: str, *,
         clearance: Clearance) -> dict[str, Any] | None:
    """The link with this id and its evidence; None when there is none the reader may see.

    Returns {link: relationship properties + kind, source, target: {id, label, type},
    incidents: [...] (CO_OFFENDER only), reports: [...]}."""
    records, _, _ = driver.execute_query(_LINK, id=link_id, max_evidence=MAX_EVIDENCE,
                                         database_=database, **clearance.params, routing_="r")
    if not records:
        return None
    record = records[0]
    return {"link": dict(record["link"]), "source": dict(record["source"]),
            "target": dict(record["target"]),
            "incidents": [dict(i) for i in record["incidents"] or []],
            "reports": [dict(r) for r in record["reports"]]}
