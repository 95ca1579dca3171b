"""Organisations (gangs, organised crime groups) and incidents."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from api.types.common import Connection, Grading, Provenance, paginate, to_native
from api.types.enums import MembershipRole, OrganisationKind
from api.types.records import ROLE_NAMES


@strawberry.type(description="A member of an organisation, with role, dates and source.")
class Member:
    membership_id: strawberry.ID
    person_id: strawberry.ID
    full_name: str | None
    role: MembershipRole | None
    since: dt.date | None
    until: dt.date | None
    grading: Grading | None
    provenance: Provenance

    @classmethod
    def of(cls, item: dict[str, Any]) -> Member:
        rel, person = item["relationship"], item["person"]
        return cls(membership_id=strawberry.ID(rel.get("id") or ""), person_id=person["id"],
                   full_name=person.get("full_name"), role=rel.get("role"),
                   since=to_native(rel.get("since")), until=to_native(rel.get("until")),
                   grading=Grading.of(rel), provenance=Provenance.of(rel))


@strawberry.type(description="A street gang or organised crime group.")
class Organisation:
    id: strawberry.ID
    name: str
    kind: OrganisationKind | None
    area: str | None
    provenance: Provenance
    _members: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def of(cls, record: dict[str, Any]) -> Organisation:
        return cls(id=record["id"], name=record.get("name") or "", kind=record.get("kind"),
                   area=record.get("area"), provenance=Provenance.of(record),
                   _members=record.get("members") or [])

    @strawberry.field
    def members(self, first: int = 20, after: str | None = None) -> Connection[Member]:
        ordered = sorted(self._members, key=lambda item: item["person"].get("full_name") or "")
        return paginate(ordered, first, after, Member.of)


@strawberry.type(description="A person's part in an incident.")
class Participant:
    person_id: strawberry.ID
    full_name: str | None
    role: str
    cooperated: bool | None
    provenance: Provenance


@strawberry.type(description="Something that happened, with people in roles.")
class Incident:
    id: strawberry.ID
    occurred_at: dt.datetime | None
    type: str | None
    description: str | None
    location: str | None
    arrest_ids: list[strawberry.ID]
    participants: list[Participant]
    provenance: Provenance

    @classmethod
    def of(cls, record: dict[str, Any]) -> Incident:
        people = [
            Participant(person_id=item["person"]["id"],
                        full_name=item["person"].get("full_name"),
                        role=ROLE_NAMES[item["relationship"]["role"]],
                        cooperated=item["relationship"].get("cooperated"),
                        provenance=Provenance.of(item["relationship"]))
            for item in record.get("people") or []
        ]
        people.sort(key=lambda p: (p.role, p.full_name or ""))
        return cls(id=record["id"], occurred_at=to_native(record.get("occurred_at")),
                   type=record.get("type"), description=record.get("description"),
                   location=record.get("location"), arrest_ids=record.get("arrest_ids") or [],
                   participants=people, provenance=Provenance.of(record))
