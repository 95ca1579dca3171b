"""GraphQL enums for the closed sets the models declare, so clients see the allowed values.

Each enum is built from the model's own tuple (graph/models/base.py), so the schema cannot
drift from what the graph accepts. Member names are the stored values themselves
(`charged`, `no_match`, `SIS_II`): a client that read these fields as strings before they
were enums reads the same strings now. GraphQL allows lower-case enum values; the usual
SCREAMING_CASE would have changed every value on the wire for no gain in safety.

Only outputs are enums. Record inputs stay `String` and are checked by the write path's
validation (graph/records), whose error names the allowed values; an enum input would
answer a wrong value with a schema error that no form can show beside its field.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, cast

import strawberry

from graph.accounts.users import ROLES
from graph.audit.purposes import NOT_STATED, PURPOSE_CATEGORIES
from graph.explorer.network import ASSOCIATION_TYPES
from graph.explorer.people import SEARCH_MATCHES
from graph.identity.links import CONFIRMED, REJECTED, UNDONE
from graph.models import INCIDENT_ROLES
from graph.models.base import (
    ARREST_OUTCOMES,
    CHALLENGE_RAISERS,
    CHALLENGE_STATUSES,
    CHARGE_STATUSES,
    CHECK_KINDS,
    CHECK_RESULTS,
    CHECK_SOURCES,
    DISPOSALS,
    FLAG_ACTIONS,
    FLAG_KINDS,
    FLAG_STATUSES,
    GENDERS,
    IMMIGRATION_STATUSES,
    INCIDENT_TYPES,
    KNOWN_VIA,
    MEMBERSHIP_ROLES,
    OFFENCE_CATEGORIES,
    ORGANISATION_KINDS,
    PLEAS,
    WARNING_MARKERS,
    WARRANT_KINDS,
    WARRANT_STATUSES,
)
from graph.reviews.due import REVIEWED_KINDS
from graph.reviews.events import OUTCOMES, WITHDRAW


def closed_set(name: str, values: tuple[str, ...], description: str) -> type[Enum]:
    """A strawberry enum whose members are `values`; a str mix-in, so stored strings match."""
    members = cast("type[Enum]", Enum(name, {value: value for value in values}, type=str))
    return strawberry.enum(members, description=description)


if TYPE_CHECKING:
    # mypy sees each enum as the str it is mixed with; strawberry sees the enum.
    # AssociationKind is also an input, read by member: mypy sees it as an Enum.
    AssociationKind = Enum
    Gender = str
    ImmigrationStatus = str
    WarningMarker = str
    OffenceCategory = str
    ArrestOutcome = str
    ChargeStatus = str
    Plea = str
    Disposal = str
    KnownVia = str
    IncidentType = str
    IncidentRoleKind = str
    OrganisationKind = str
    MembershipRole = str
    CheckKind = str
    CheckSource = str
    CheckResult = str
    WarrantKind = str
    WarrantStatus = str
    FlagKind = str
    FlagStatus = str
    FlagAction = str
    ChallengeRaiser = str
    ChallengeStatus = str
    FlagStep = str
    Role = str
    MatchBand = str
    ReviewKind = str
    ReviewOutcome = str
    SameAsStatus = str
    FieldOutcome = str
    SearchMatch = str
    PurposeCategory = str
else:
    AssociationKind = closed_set(
        "AssociationKind", ASSOCIATION_TYPES,
        "Kinds of person-to-person (and person-to-organisation) links.")
    Gender = closed_set("Gender", GENDERS, "Gender as recorded.")
    ImmigrationStatus = closed_set("ImmigrationStatus", IMMIGRATION_STATUSES,
                                   "Immigration status as last known.")
    WarningMarker = closed_set("WarningMarker", WARNING_MARKERS,
                               "PNC-style warning markers: officer-safety information.")
    OffenceCategory = closed_set("OffenceCategory", OFFENCE_CATEGORIES,
                                 "Home Office offence group.")
    # `unknown` is what an arrest read without an outcome shows (never stored).
    ArrestOutcome = closed_set("ArrestOutcome", (*ARREST_OUTCOMES, "unknown"),
                               "What came of an arrest. nfa: no further action.")
    ChargeStatus = closed_set("ChargeStatus", CHARGE_STATUSES, "Where a charge stands.")
    Plea = closed_set("Plea", PLEAS, "The plea entered.")
    Disposal = closed_set("Disposal", DISPOSALS, "The sentence or other disposal.")
    KnownVia = closed_set("KnownVia", KNOWN_VIA, "How a conviction came to be known.")
    IncidentType = closed_set("IncidentType", INCIDENT_TYPES, "What kind of incident.")
    IncidentRoleKind = closed_set("IncidentRoleKind", tuple(INCIDENT_ROLES),
                                  "A person's part in an incident.")
    OrganisationKind = closed_set("OrganisationKind", ORGANISATION_KINDS, "Kind of organisation.")
    MembershipRole = closed_set("MembershipRole", MEMBERSHIP_ROLES,
                                "A person's place in an organisation.")
    CheckKind = closed_set("CheckKind", CHECK_KINDS, "What a check asks.")
    CheckSource = closed_set("CheckSource", CHECK_SOURCES, "The system a check asks.")
    CheckResult = closed_set("CheckResult", CHECK_RESULTS,
                             "What a check found. failed: the source did not answer.")
    WarrantKind = closed_set("WarrantKind", WARRANT_KINDS, "Kind of warrant or notice.")
    WarrantStatus = closed_set("WarrantStatus", WARRANT_STATUSES, "Where a warrant stands.")
    FlagKind = closed_set("FlagKind", FLAG_KINDS, "Kind of flag.")
    FlagStatus = closed_set("FlagStatus", FLAG_STATUSES, "Whether a flag stands.")
    FlagAction = closed_set("FlagAction", FLAG_ACTIONS, "What was done to a flag.")
    ChallengeRaiser = closed_set("ChallengeRaiser", CHALLENGE_RAISERS,
                                 "Who raised a challenge to a flag: the subject, their "
                                 "representative, or another agency.")
    ChallengeStatus = closed_set("ChallengeStatus", CHALLENGE_STATUSES,
                                 "Where a challenge stands: open, upheld or rejected.")
    FlagStep = closed_set("FlagStep", (*FLAG_ACTIONS, "challenged", "challenge_upheld",
                                       "challenge_rejected"),
                          "One step of a flag's trail: its events and its challenges.")
    Role = closed_set("Role", ROLES, "An account's role: what it may see and do.")
    MatchBand = closed_set("MatchBand", ("strong", "possible", "weak"),
                           "strong: score >= 0.9; possible: >= 0.5; weak: below.")
    ReviewKind = closed_set("ReviewKind", tuple(REVIEWED_KINDS), "Kinds of record MOPI reviews.")
    ReviewOutcome = closed_set("ReviewOutcome", (*OUTCOMES, WITHDRAW), "What a review decided.")
    SameAsStatus = closed_set("SameAsStatus", (CONFIRMED, REJECTED, UNDONE),
                              "Where a same-as decision stands.")
    FieldOutcome = closed_set("FieldOutcome", ("exact", "variant", "close", "differs", "missing"),
                              "How one field of two records compares.")
    SearchMatch = closed_set("SearchMatch", SEARCH_MATCHES,
                             "What a search hit matched: an identifier exactly (id, pnc_id, "
                             "cro_number, ho_reference, passport), the date of birth the "
                             "query is, or the name.")
    # `not_stated`: a sign-in from before categories, or an API client that gave none.
    PurposeCategory = closed_set("PurposeCategory", (*PURPOSE_CATEGORIES, NOT_STATED),
                                 "The reason code a sign-in stated with its purpose: "
                                 + "; ".join(f"{k}: {v}" for k, v in PURPOSE_CATEGORIES.items())
                                 + "; not_stated: none was given.")
