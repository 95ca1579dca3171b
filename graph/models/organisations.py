"""Street gangs and organised crime groups."""

from __future__ import annotations

from neomodel import RelationshipFrom, StringProperty

from graph.models.base import ORGANISATION_KINDS, Choice
from graph.models.record import Record
from graph.models.relationships import MembershipRel

_M = "graph.models"


class Organisation(Record):
    name = StringProperty(required=True)
    kind = Choice(ORGANISATION_KINDS, required=True)
    area = StringProperty()

    members = RelationshipFrom(f"{_M}.people.Person", "MEMBER_OF", model=MembershipRel)
