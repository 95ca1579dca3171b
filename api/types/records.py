"""GraphQL types of the records that hang off a person: arrests, convictions, flags..."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from api.types.common import (
    Grading,
    Provenance,
    mopi_group_field,
    review_basis_field,
)
from api.types.enums import (
    ArrestOutcome,
    ChargeStatus,
    CheckKind,
    CheckResult,
    CheckSource,
    Disposal,
    IncidentRoleKind,
    IncidentType,
    KnownVia,
    MembershipRole,
    OffenceCategory,
    OrganisationKind,
    Plea,
    WarrantKind,
    WarrantStatus,
)
from graph.db.temporal import from_date_text


def _dates(record: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: from_date_text(record.get(name)) for name in names}


@strawberry.type(description="A Home Office offence classification with its harm weight.")
class Offence:
    id: strawberry.ID
    description: str | None
    category: OffenceCategory | None
    chi_days: float | None = strawberry.field(
        description="Cambridge Crime Harm Index weight, in days of custody.")

    @classmethod
    def of(cls, record: dict[str, Any]) -> Offence:
        return cls(id=record["id"], description=record.get("description"),
                   category=record.get("category"), chi_days=record.get("chi_days"))


@strawberry.type(description="An arrest. Not evidence of guilt; NFA stays visibly NFA.")
class Arrest:
    id: strawberry.ID
    arrested_at: dt.datetime | None
    arresting_officer: str | None
    outcome: ArrestOutcome
    outcome_reason: str | None
    custody_suite: str | None
    incident_id: strawberry.ID | None
    charge_ids: list[strawberry.ID]
    offences: list[Offence]
    review_date: dt.date | None
    provenance: Provenance
    mopi_group: int | None = mopi_group_field()
    review_date_basis: str | None = review_basis_field()

    @classmethod
    def of(cls, record: dict[str, Any]) -> Arrest:
        return cls(
            id=record["id"], arresting_officer=record.get("arresting_officer"),
            outcome=record.get("outcome") or "unknown",
            outcome_reason=record.get("outcome_reason"),
            custody_suite=record.get("custody_suite"), incident_id=record.get("incident_id"),
            charge_ids=record.get("charge_ids") or [],
            offences=[Offence.of(o) for o in record.get("offences") or []],
            provenance=Provenance.of(record), mopi_group=record.get("mopi_group"),
            review_date_basis=record.get("review_date_basis"),
            **_dates(record, "arrested_at", "review_date"),
        )


@strawberry.type
class Charge:
    id: strawberry.ID
    charged_at: dt.datetime | None
    status: ChargeStatus | None
    arrest_id: strawberry.ID | None
    conviction_id: strawberry.ID | None
    offences: list[Offence]
    provenance: Provenance

    @classmethod
    def of(cls, record: dict[str, Any]) -> Charge:
        return cls(id=record["id"], status=record.get("status"),
                   arrest_id=record.get("arrest_id"), conviction_id=record.get("conviction_id"),
                   offences=[Offence.of(o) for o in record.get("offences") or []],
                   provenance=Provenance.of(record), **_dates(record, "charged_at"))


@strawberry.type(description="A conviction, at home or abroad (proven material).")
class Conviction:
    id: strawberry.ID
    convicted_on: dt.date | None
    court: str | None
    plea: Plea | None
    disposal: Disposal | None
    disposal_months: int | None
    jurisdiction: str
    foreign: bool
    known_via: KnownVia | None
    offences: list[Offence]
    provenance: Provenance

    @classmethod
    def of(cls, record: dict[str, Any]) -> Conviction:
        jurisdiction = record.get("jurisdiction") or "GB"
        return cls(
            id=record["id"], court=record.get("court"), plea=record.get("plea"),
            disposal=record.get("disposal"), disposal_months=record.get("disposal_months"),
            jurisdiction=jurisdiction, foreign=jurisdiction != "GB",
            known_via=record.get("known_via"),
            offences=[Offence.of(o) for o in record.get("offences") or []],
            provenance=Provenance.of(record), **_dates(record, "convicted_on"),
        )


@strawberry.type(description="A person linked to another by an association of some kind.")
class Associate:
    id: strawberry.ID
    kind: str
    person_id: strawberry.ID
    full_name: str | None
    nationalities: list[str]
    detail: str | None
    derived: bool
    # The link as read; its dates, grading and provenance are built only when selected
    # (a hub's page is 100 associates, and most clients ask for names and ids only).
    _relationship: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def since(self) -> dt.date | None:
        return from_date_text(self._relationship.get("since"))

    @strawberry.field
    def until(self) -> dt.date | None:
        return from_date_text(self._relationship.get("until"))

    @strawberry.field
    def grading(self) -> Grading | None:
        return Grading.of(self._relationship)

    @strawberry.field
    def provenance(self) -> Provenance:
        return Provenance.of(self._relationship)

    @classmethod
    def of(cls, item: dict[str, Any]) -> Associate:
        rel, person = item["relationship"], item["person"]
        return cls(
            id=strawberry.ID(rel.get("id") or ""), kind=rel["kind"], person_id=person["id"],
            full_name=person.get("full_name"), nationalities=person.get("nationalities") or [],
            detail=rel.get("detail"), derived=bool(rel.get("derived")), _relationship=rel)


@strawberry.type(description="Membership of a gang or organised crime group.")
class Membership:
    id: strawberry.ID
    organisation_id: strawberry.ID
    organisation_name: str | None
    organisation_kind: OrganisationKind | None
    role: MembershipRole | None
    since: dt.date | None
    until: dt.date | None
    grading: Grading | None
    provenance: Provenance

    @classmethod
    def of(cls, item: dict[str, Any]) -> Membership:
        rel, org = item["relationship"], item["organisation"]
        return cls(
            id=strawberry.ID(rel.get("id") or ""), organisation_id=org["id"],
            organisation_name=org.get("name"), organisation_kind=org.get("kind"),
            role=rel.get("role"), grading=Grading.of(rel), provenance=Provenance.of(rel),
            **_dates(rel, "since", "until"),
        )


ROLE_NAMES = {"SUSPECT_IN": "suspect", "VICTIM_IN": "victim", "WITNESS_IN": "witness",
          "OTHER_PARTY_IN": "other"}


@strawberry.type(description="A person's part in an incident; cooperation for victims/witnesses.")
class IncidentRole:
    id: strawberry.ID
    role: IncidentRoleKind
    cooperated: bool | None
    incident_id: strawberry.ID
    incident_type: IncidentType | None
    occurred_at: dt.datetime | None
    location: str | None
    description: str | None
    provenance: Provenance

    @classmethod
    def of(cls, item: dict[str, Any]) -> IncidentRole:
        rel, incident = item["relationship"], item["incident"]
        return cls(
            id=strawberry.ID(rel.get("id") or ""), role=ROLE_NAMES.get(rel["role"], rel["role"]),
            cooperated=rel.get("cooperated"), incident_id=incident["id"],
            incident_type=incident.get("type"), location=incident.get("location"),
            description=incident.get("description"), provenance=Provenance.of(rel),
            **_dates(incident, "occurred_at"),
        )


@strawberry.type(description="A graded intelligence report (3x5x2).")
class IntelligenceReport:
    id: strawberry.ID
    reported_at: dt.datetime | None
    summary: str | None
    grading: Grading | None
    review_date: dt.date | None
    provenance: Provenance
    original_grading: str | None = strawberry.field(
        default=None, description='The 5x5x5 grading a report was imported with ("B2 4"); '
                                  "`grading` is mapped from it (docs/flags.md).")
    mopi_group: int | None = mopi_group_field()
    review_date_basis: str | None = review_basis_field()

    @classmethod
    def of(cls, record: dict[str, Any]) -> IntelligenceReport:
        return cls(id=record["id"], summary=record.get("summary"),
                   grading=Grading.of(record), provenance=Provenance.of(record),
                   mopi_group=record.get("mopi_group"),
                   review_date_basis=record.get("review_date_basis"),
                   original_grading=record.get("original_grading"),
                   **_dates(record, "reported_at", "review_date"))


@strawberry.type(description="A check run in custody: who ran it, when, against which source.")
class Check:
    id: strawberry.ID
    kind: CheckKind | None
    against: CheckSource | None
    checked_by: str | None
    checked_at: dt.datetime | None
    result: CheckResult | None
    detail: str | None
    warrant_id: strawberry.ID | None
    provenance: Provenance
    run_id: strawberry.ID | None = strawberry.field(
        default=None, description="The run of checks this one belongs to (runChecks).")
    attempts: int | None = strawberry.field(
        default=None, description="Requests the source took (retries included).")
    completed_at: dt.datetime | None = strawberry.field(
        default=None, description="When the answer (or the failure) was recorded.")
    matched: str | None = strawberry.field(
        default=None, description="What the source matched, as JSON text.")
    warrant_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Every warrant the check found.")

    @classmethod
    def of(cls, record: dict[str, Any]) -> Check:
        return cls(id=record["id"], kind=record.get("kind"), against=record.get("against"),
                   checked_by=record.get("checked_by"), result=record.get("result"),
                   detail=record.get("detail"), warrant_id=record.get("warrant_id"),
                   provenance=Provenance.of(record), run_id=record.get("run_id"),
                   attempts=record.get("attempts"), matched=record.get("matched"),
                   warrant_ids=record.get("warrant_ids")
                   or ([record["warrant_id"]] if record.get("warrant_id") else []),
                   **_dates(record, "checked_at", "completed_at"))


@strawberry.type(description="A warrant: EAW, Interpol notice or domestic.")
class Warrant:
    id: strawberry.ID
    kind: WarrantKind | None
    issuing_country: str | None
    reference: str | None
    offence_description: str | None
    issued_on: dt.date | None
    status: WarrantStatus | None
    provenance: Provenance

    @classmethod
    def of(cls, record: dict[str, Any]) -> Warrant:
        return cls(id=record["id"], kind=record.get("kind"),
                   issuing_country=record.get("issuing_country"),
                   reference=record.get("reference"),
                   offence_description=record.get("offence_description"),
                   status=record.get("status"), provenance=Provenance.of(record),
                   **_dates(record, "issued_on"))
