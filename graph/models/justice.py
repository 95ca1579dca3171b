"""Criminal justice records: Offence, Arrest, Charge, Conviction."""

from __future__ import annotations

from neomodel import (
    FloatProperty,
    IntegerProperty,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
)

from graph.models.base import (
    ARREST_OUTCOMES,
    CHARGE_STATUSES,
    DISPOSALS,
    KNOWN_VIA,
    OFFENCE_CATEGORIES,
    PLEAS,
    Choice,
    CountryProperty,
    DateTimeProperty,
    NativeDateProperty,
    Reviewed,
)
from graph.models.record import Record
from graph.models.relationships import ProvenanceRel

_M = "graph.models"


class Offence(Record):
    """A Home Office offence classification; its id is the HO code (e.g. "008/01")."""

    description = StringProperty(required=True)
    category = Choice(OFFENCE_CATEGORIES, required=True)
    chi_days = FloatProperty(minimum=0.0)


class Arrest(Record, Reviewed):
    arrested_at = DateTimeProperty(required=True, past=True)
    arresting_officer = StringProperty()
    outcome = Choice(ARREST_OUTCOMES)
    outcome_reason = StringProperty()

    person = RelationshipFrom(f"{_M}.people.Person", "WAS_ARRESTED", model=ProvenanceRel)
    offences = RelationshipTo(f"{_M}.justice.Offence", "FOR_OFFENCE", model=ProvenanceRel)
    custody_suite = RelationshipTo(f"{_M}.people.Location", "AT_LOCATION", model=ProvenanceRel)
    incident = RelationshipTo(f"{_M}.incidents.Incident", "CONCERNS", model=ProvenanceRel)
    charges = RelationshipTo(f"{_M}.justice.Charge", "LED_TO", model=ProvenanceRel)


class Charge(Record):
    charged_at = DateTimeProperty(required=True, past=True)
    status = Choice(CHARGE_STATUSES, required=True)

    person = RelationshipFrom(f"{_M}.people.Person", "WAS_CHARGED", model=ProvenanceRel)
    arrest = RelationshipFrom(f"{_M}.justice.Arrest", "LED_TO", model=ProvenanceRel)
    offences = RelationshipTo(f"{_M}.justice.Offence", "FOR_OFFENCE", model=ProvenanceRel)
    convictions = RelationshipTo(f"{_M}.justice.Conviction", "RESULTED_IN", model=ProvenanceRel)


class Conviction(Record):
    convicted_on = NativeDateProperty(required=True, past=True)
    court = StringProperty()
    plea = Choice(PLEAS)
    disposal = Choice(DISPOSALS, required=True)
    disposal_months = IntegerProperty(minimum=0)
    jurisdiction = CountryProperty(required=True)
    known_via = Choice(KNOWN_VIA)

    person = RelationshipFrom(f"{_M}.people.Person", "WAS_CONVICTED", model=ProvenanceRel)
    charge = RelationshipFrom(f"{_M}.justice.Charge", "RESULTED_IN", model=ProvenanceRel)
    offences = RelationshipTo(f"{_M}.justice.Offence", "FOR_OFFENCE", model=ProvenanceRel)
