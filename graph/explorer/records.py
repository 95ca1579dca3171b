"""Reading organisations and incidents with the people in them (one round trip each)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.access import Clearance, visible

# Memberships are graded: only those the reader's clearance sees are members.
ORGANISATION = f"""
MATCH (o:Organisation {{id: $id}})
RETURN o {{ .*, members: [(p:Person)-[r:MEMBER_OF]->(o) WHERE {visible("r")} |
                          {{relationship: r {{ .* }}, person: p {{ .id, .full_name }}}}] }}
       AS organisation
"""

INCIDENT = """
MATCH (i:Incident {id: $id})
RETURN i { .*,
  location: head([(i)-[:AT_LOCATION]->(l:Location) | l.name]),
  people: [(p:Person)-[r:SUSPECT_IN|VICTIM_IN|WITNESS_IN|OTHER_PARTY_IN]->(i) |
           {relationship: r { .*, role: type(r) }, person: p { .id, .full_name }}],
  arrest_ids: [(a:Arrest)-[:CONCERNS]->(i) | a.id]
} AS incident
"""


def organisation(driver: Driver, database: str, organisation_id: str, *,
                 clearance: Clearance) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(ORGANISATION, id=organisation_id, database_=database,
                                         **clearance.params, routing_="r")
    return dict(records[0]["organisation"]) if records else None


def incident(driver: Driver, database: str, incident_id: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(INCIDENT, id=incident_id, database_=database, routing_="r")
    return dict(records[0]["incident"]) if records else None
