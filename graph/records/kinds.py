"""The record kinds a row can be, and how each maps onto the model (docs/model.md).

A node kind is a neomodel class plus its references (other records by id, each written as
one relationship type in one direction). A link kind is a relationship that is a record
in its own right (an association, a membership, an incident role...): it has its own id,
and its relationship type comes from a closed set keyed by a row field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from neomodel import StructuredRel

from graph import models
from graph.models import relationships as rels
from graph.models.record import Record


@dataclass(frozen=True)
class Ref:
    """A reference field of a row: `person_id`, `offence_ids`, ..."""

    field: str
    label: str
    rel_type: str
    outgoing: bool  # True: (record)-[:TYPE]->(target); False: (target)-[:TYPE]->(record)
    many: bool = False
    required: bool = False


@dataclass(frozen=True)
class NodeKind:
    name: str
    model: type[Record]
    refs: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.model.__name__


@dataclass(frozen=True)
class LinkKind:
    name: str
    model: type[StructuredRel]
    start: Ref  # rel_type unused: the type comes from `types`
    end: Ref
    types: dict[str, str]  # value of `type_field` -> relationship type
    type_field: str | None = None  # None: the kind has one type, types[""]
    models: dict[str, type[StructuredRel]] = field(default_factory=dict)  # per type, if not model

    def model_for(self, rel_type: str) -> type[StructuredRel]:
        return self.models.get(rel_type, self.model)


def _person(rel_type: str, required: bool = True) -> Ref:
    return Ref("person_id", "Person", rel_type, outgoing=False, required=required)


def _offences() -> Ref:
    return Ref("offence_ids", "Offence", "FOR_OFFENCE", outgoing=True, many=True, required=True)


def _mentions(field_name: str, label: str) -> Ref:
    return Ref(field_name, label, "MENTIONS", outgoing=True, many=True)


def _evidence(field_name: str, label: str) -> Ref:
    return Ref(field_name, label, "RESTS_ON", outgoing=True, many=True)


# The reference fields of a flag that name its evidence, by the label they point at.
EVIDENCE_FIELDS: dict[str, str] = {
    "evidence_conviction_ids": "Conviction", "evidence_arrest_ids": "Arrest",
    "evidence_charge_ids": "Charge", "evidence_intelligence_ids": "IntelligenceReport"}


def _end(field_name: str, label: str) -> Ref:
    return Ref(field_name, label, "", outgoing=True, required=True)


_ROLE_MODELS: dict[str, type[StructuredRel]] = {
    "SUSPECT_IN": rels.IncidentRoleRel, "OTHER_PARTY_IN": rels.IncidentRoleRel,
    "VICTIM_IN": rels.CooperatingRoleRel, "WITNESS_IN": rels.CooperatingRoleRel,
}

_KINDS: list[NodeKind | LinkKind] = [
    NodeKind("offence", models.Offence),
    NodeKind("location", models.Location),
    NodeKind("vehicle", models.Vehicle),
    NodeKind("phone", models.Phone),
    NodeKind("organisation", models.Organisation),
    NodeKind("person", models.Person),
    NodeKind("incident", models.Incident, (
        Ref("location_id", "Location", "AT_LOCATION", outgoing=True),)),
    NodeKind("warrant", models.Warrant, (_person("WANTED_ON"),)),
    NodeKind("arrest", models.Arrest, (
        _person("WAS_ARRESTED"), _offences(),
        Ref("custody_suite_id", "Location", "AT_LOCATION", outgoing=True),
        Ref("incident_id", "Incident", "CONCERNS", outgoing=True))),
    NodeKind("charge", models.Charge, (
        _person("WAS_CHARGED"), Ref("arrest_id", "Arrest", "LED_TO", outgoing=False),
        _offences())),
    NodeKind("conviction", models.Conviction, (
        _person("WAS_CONVICTED"), Ref("charge_id", "Charge", "RESULTED_IN", outgoing=False),
        _offences())),
    LinkKind("incident_role", rels.CooperatingRoleRel, _person(""),
             _end("incident_id", "Incident"), dict(rels.INCIDENT_ROLES), "role", _ROLE_MODELS),
    LinkKind("association", rels.AssociationRel, _person(""),
             _end("other_person_id", "Person"), dict(rels.ASSOCIATION_KINDS), "kind"),
    LinkKind("membership", rels.MembershipRel, _person(""),
             _end("organisation_id", "Organisation"), {"": "MEMBER_OF"}),
    LinkKind("lives_at", rels.PeriodRel, _person(""), _end("location_id", "Location"),
             {"": "LIVES_AT"}),
    LinkKind("uses_vehicle", rels.PeriodRel, _person(""), _end("vehicle_id", "Vehicle"),
             {"": "USES_VEHICLE"}),
    LinkKind("uses_phone", rels.PeriodRel, _person(""), _end("phone_id", "Phone"),
             {"": "USES_PHONE"}),
    NodeKind("intelligence_report", models.IntelligenceReport, (
        _mentions("mentions_person_ids", "Person"),
        _mentions("mentions_organisation_ids", "Organisation"),
        _mentions("mentions_location_ids", "Location"),
        _mentions("mentions_incident_ids", "Incident"),
        _mentions("mentions_vehicle_ids", "Vehicle"),
        _mentions("mentions_phone_ids", "Phone"))),
    NodeKind("check", models.Check, (
        _person("HAS_CHECK"), Ref("warrant_id", "Warrant", "FOUND", outgoing=True))),
    # After the records a flag may rest on (its evidence: docs/flags.md).
    NodeKind("flag", models.Flag, (
        _person("HAS_FLAG"), *(_evidence(name, label) for name, label in EVIDENCE_FIELDS.items()))),
    NodeKind("flag_event", models.FlagEvent, (
        Ref("flag_id", "Flag", "HAS_EVENT", outgoing=False, required=True),)),
    NodeKind("flag_challenge", models.FlagChallenge, (
        Ref("flag_id", "Flag", "HAS_CHALLENGE", outgoing=False, required=True),)),
]

KINDS: dict[str, NodeKind | LinkKind] = {kind.name: kind for kind in _KINDS}

# References first: a kind only refers to kinds before it.
WRITE_ORDER: tuple[str, ...] = tuple(kind.name for kind in _KINDS)
