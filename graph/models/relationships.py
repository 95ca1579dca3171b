"""Relationship models: provenance on every link, ids on links that are records.

Association types are one per kind (FAMILY, FRIEND, ..., ASSOCIATE) rather than one
ASSOCIATED_WITH with a `kind` property: Neo4j groups a node's relationships by type, so a
traversal that names its types never reads a property to filter (docs/model.md).
"""

from __future__ import annotations

from neomodel import BooleanProperty, StringProperty, StructuredRel

from graph.models.base import (
    MEMBERSHIP_ROLES,
    Choice,
    Graded,
    Identified,
    Period,
    Provenance,
)


class ProvenanceRel(StructuredRel, Provenance):
    """A plain link (WAS_ARRESTED, FOR_OFFENCE, ...): provenance only."""


class PeriodRel(StructuredRel, Identified, Period):
    """LIVES_AT, USES_VEHICLE, USES_PHONE."""


class AssociationRel(StructuredRel, Identified, Period, Graded):
    """A person-to-person association; its kind is the relationship type."""

    detail = StringProperty()
    derived = BooleanProperty(default=False)


class MembershipRel(StructuredRel, Identified, Period, Graded):
    """MEMBER_OF: Person -> Organisation."""

    role = Choice(MEMBERSHIP_ROLES, required=True)


class IncidentRoleRel(StructuredRel, Identified):
    """SUSPECT_IN, OTHER_PARTY_IN."""


class CooperatingRoleRel(StructuredRel, Identified):
    """VICTIM_IN, WITNESS_IN: whether they cooperated with police matters."""

    cooperated = BooleanProperty()


# Association kind (row `kind`) -> relationship type: the closed set the API and the
# writers draw relationship types from (never from user strings).
ASSOCIATION_KINDS: dict[str, str] = {
    "family": "FAMILY",
    "partner": "PARTNER",
    "lives_with": "LIVES_WITH",
    "friend": "FRIEND",
    "co_offender": "CO_OFFENDER",
    "phone_contact": "PHONE_CONTACT",
    "social_media": "SOCIAL_MEDIA",
    # A link whose nature the source does not say ("knows", "associate of"): recorded as
    # it is rather than guessed into friend or family.
    "associate": "ASSOCIATE",
}

# Incident role (row `role`) -> relationship type.
INCIDENT_ROLES: dict[str, str] = {
    "suspect": "SUSPECT_IN",
    "victim": "VICTIM_IN",
    "witness": "WITNESS_IN",
    "other": "OTHER_PARTY_IN",
}
COOPERATING_ROLES = ("victim", "witness")
