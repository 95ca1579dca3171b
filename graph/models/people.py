"""POLE entities: Person, and the objects and places linked to people."""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    FloatProperty,
    IntegerProperty,
    Relationship,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
)

from graph.models.base import (
    CRO_NUMBER,
    GENDERS,
    HO_REFERENCE,
    IMMIGRATION_STATUSES,
    LOCATION_KINDS,
    PASSPORT,
    PHONE_NUMBER,
    PNC_ID,
    POSTCODE,
    WARNING_MARKERS,
    Choice,
    ChoiceList,
    CountryProperty,
    FormatProperty,
    PartialDateProperty,
    Reviewed,
)
from graph.models.record import Record
from graph.models.relationships import (
    AssociationRel,
    CooperatingRoleRel,
    IncidentRoleRel,
    MembershipRel,
    PeriodRel,
    ProvenanceRel,
)

_M = "graph.models"


class Person(Record, Reviewed):
    given_names = StringProperty()
    family_name = StringProperty(required=True)
    full_name = StringProperty(derived=True)
    aliases = ArrayProperty(StringProperty())
    alias_text = StringProperty(derived=True)
    name_keys = StringProperty(derived=True)
    dates_of_birth = ArrayProperty(PartialDateProperty(), past=True)
    birth_year = IntegerProperty(derived=True)
    year_keys = StringProperty(derived=True)     # "1985_MR 1985_NK": graph.names.year_keys
    gender = Choice(GENDERS)
    place_of_birth = StringProperty()
    nationalities = ArrayProperty(CountryProperty())
    immigration_status = Choice(IMMIGRATION_STATUSES)
    pnc_id = FormatProperty(PNC_ID)
    cro_number = FormatProperty(CRO_NUMBER)
    ho_reference = FormatProperty(HO_REFERENCE)
    passports = ArrayProperty(FormatProperty(PASSPORT))
    warning_markers = ChoiceList(WARNING_MARKERS)

    # Associations are stored person_id -> other_person_id and read undirected.
    family = Relationship(f"{_M}.people.Person", "FAMILY", model=AssociationRel)
    partner = Relationship(f"{_M}.people.Person", "PARTNER", model=AssociationRel)
    lives_with = Relationship(f"{_M}.people.Person", "LIVES_WITH", model=AssociationRel)
    friend = Relationship(f"{_M}.people.Person", "FRIEND", model=AssociationRel)
    co_offender = Relationship(f"{_M}.people.Person", "CO_OFFENDER", model=AssociationRel)
    phone_contact = Relationship(f"{_M}.people.Person", "PHONE_CONTACT", model=AssociationRel)
    social_media = Relationship(f"{_M}.people.Person", "SOCIAL_MEDIA", model=AssociationRel)
    associate = Relationship(f"{_M}.people.Person", "ASSOCIATE", model=AssociationRel)

    member_of = RelationshipTo(f"{_M}.organisations.Organisation", "MEMBER_OF",
                               model=MembershipRel)
    lives_at = RelationshipTo(f"{_M}.people.Location", "LIVES_AT", model=PeriodRel)
    uses_vehicle = RelationshipTo(f"{_M}.people.Vehicle", "USES_VEHICLE", model=PeriodRel)
    uses_phone = RelationshipTo(f"{_M}.people.Phone", "USES_PHONE", model=PeriodRel)

    arrests = RelationshipTo(f"{_M}.justice.Arrest", "WAS_ARRESTED", model=ProvenanceRel)
    charges = RelationshipTo(f"{_M}.justice.Charge", "WAS_CHARGED", model=ProvenanceRel)
    convictions = RelationshipTo(f"{_M}.justice.Conviction", "WAS_CONVICTED",
                                 model=ProvenanceRel)

    suspect_in = RelationshipTo(f"{_M}.incidents.Incident", "SUSPECT_IN", model=IncidentRoleRel)
    victim_in = RelationshipTo(f"{_M}.incidents.Incident", "VICTIM_IN", model=CooperatingRoleRel)
    witness_in = RelationshipTo(f"{_M}.incidents.Incident", "WITNESS_IN",
                                model=CooperatingRoleRel)
    other_party_in = RelationshipTo(f"{_M}.incidents.Incident", "OTHER_PARTY_IN",
                                    model=IncidentRoleRel)

    checks = RelationshipTo(f"{_M}.intelligence.Check", "HAS_CHECK", model=ProvenanceRel)
    wanted_on = RelationshipTo(f"{_M}.intelligence.Warrant", "WANTED_ON", model=ProvenanceRel)
    flags = RelationshipTo(f"{_M}.intelligence.Flag", "HAS_FLAG", model=ProvenanceRel)
    mentioned_in = RelationshipFrom(f"{_M}.intelligence.IntelligenceReport", "MENTIONS",
                                    model=ProvenanceRel)


class Location(Record):
    kind = Choice(LOCATION_KINDS, required=True)
    name = StringProperty()
    address_line = StringProperty()
    postcode = FormatProperty(POSTCODE)
    borough = StringProperty()
    latitude = FloatProperty(minimum=-90.0, maximum=90.0)
    longitude = FloatProperty(minimum=-180.0, maximum=180.0)

    residents = RelationshipFrom(f"{_M}.people.Person", "LIVES_AT", model=PeriodRel)


class Vehicle(Record):
    vrm = StringProperty(required=True)
    make = StringProperty()
    model = StringProperty()
    colour = StringProperty()

    users = RelationshipFrom(f"{_M}.people.Person", "USES_VEHICLE", model=PeriodRel)


class Phone(Record):
    number = FormatProperty(PHONE_NUMBER, required=True)

    users = RelationshipFrom(f"{_M}.people.Person", "USES_PHONE", model=PeriodRel)
