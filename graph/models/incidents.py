"""Incidents: something that happened, at a place and time, with people in roles."""

from __future__ import annotations

from neomodel import RelationshipFrom, RelationshipTo, StringProperty

from graph.models.base import INCIDENT_TYPES, Choice, DateTimeProperty, Reviewed
from graph.models.record import Record
from graph.models.relationships import CooperatingRoleRel, IncidentRoleRel, ProvenanceRel

_M = "graph.models"


class Incident(Record, Reviewed):
    occurred_at = DateTimeProperty(required=True, past=True)
    type = Choice(INCIDENT_TYPES, required=True)
    description = StringProperty()

    location = RelationshipTo(f"{_M}.people.Location", "AT_LOCATION", model=ProvenanceRel)
    suspects = RelationshipFrom(f"{_M}.people.Person", "SUSPECT_IN", model=IncidentRoleRel)
    victims = RelationshipFrom(f"{_M}.people.Person", "VICTIM_IN", model=CooperatingRoleRel)
    witnesses = RelationshipFrom(f"{_M}.people.Person", "WITNESS_IN", model=CooperatingRoleRel)
    other_parties = RelationshipFrom(f"{_M}.people.Person", "OTHER_PARTY_IN",
                                     model=IncidentRoleRel)
    arrests = RelationshipFrom(f"{_M}.justice.Arrest", "CONCERNS", model=ProvenanceRel)
