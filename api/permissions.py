"""The role matrix, written down in one place, and the checks that enforce it.

Neo4j Community has no fine-grained privileges, so every field and mutation checks here.
What a role may not see never leaves the server: restricted items are filtered out of
lists and counts, so they are indistinguishable from records that do not exist.

Two tables make the matrix: ROLE_PERMISSIONS (what each role holds) and FIELD_PERMISSIONS
(what each root Query and Mutation field needs). Resolvers call `ctx.require(...)`;
FIELD_PERMISSIONS is the contract they are tested against (tests/test_role_matrix.py calls
every field as every role over HTTP), and the table in docs/security-model.md is printed
from both (`python -m api.permissions`), so neither the code nor the doc can drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from graphql import GraphQLError

from graph.access import Clearance


class Permission(StrEnum):
    READ_PERSONS = "read persons, searches, networks, paths, organisations, incidents"
    READ_INTELLIGENCE_P = "read intelligence and links with handling code P"
    READ_INTELLIGENCE_C = "read intelligence and links with handling code C"
    GENERATE_HISTORY = "generate intelligence histories"
    RECORD = "record persons, arrests, charges, convictions, incidents, links, intelligence"
    SET_FLAG = "set flags"
    REVIEW_FLAG = "review and clear flags"
    REVIEW_RECORDS = "record MOPI reviews: keep a record with a new date, or propose disposal"
    MARK_SENSITIVE_OPERATION = ("mark a person as the subject of a sensitive operation, or "
                                "end one")
    READ_AUDIT_OF_PERSON = "see who consulted a person's record, and why"
    READ_AUDIT = "read the whole audit log"
    READ_DISPROPORTIONALITY = ("see who is flagged and who tops the harm list, by "
                               "nationality and borough (aggregates, no one named)")
    MANAGE_USERS = "manage users"


_P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "officer": frozenset({_P.READ_PERSONS, _P.READ_INTELLIGENCE_P, _P.GENERATE_HISTORY,
                          _P.RECORD}),
    "analyst": frozenset({_P.READ_PERSONS, _P.READ_INTELLIGENCE_P, _P.READ_INTELLIGENCE_C,
                          _P.GENERATE_HISTORY, _P.RECORD, _P.SET_FLAG}),
    "supervisor": frozenset({_P.READ_PERSONS, _P.READ_INTELLIGENCE_P, _P.READ_INTELLIGENCE_C,
                             _P.GENERATE_HISTORY, _P.RECORD, _P.SET_FLAG, _P.REVIEW_FLAG,
                             _P.REVIEW_RECORDS, _P.MARK_SENSITIVE_OPERATION,
                             _P.READ_AUDIT_OF_PERSON, _P.READ_DISPROPORTIONALITY}),
    "auditor": frozenset({_P.READ_AUDIT, _P.READ_AUDIT_OF_PERSON,
                          _P.READ_DISPROPORTIONALITY}),
    "admin": frozenset({_P.MANAGE_USERS}),
}


SIGNED_IN: frozenset[Permission] = frozenset()
"""Needs no permission: any signed-in user (every GraphQL request is signed in)."""


def _needs(*permissions: Permission) -> frozenset[Permission]:
    return frozenset(permissions)


# Every root Query and Mutation field by its GraphQL name -> the permissions a role needs
# (all of them). A key `field(argument: value)` is a variant of a field's call that needs
# other permissions than the plain call; the plain key is the call without that argument.
FIELD_PERMISSIONS: dict[str, frozenset[Permission]] = {
    # Anyone signed in.
    "me": SIGNED_IN,
    "health": SIGNED_IN,
    # Persons and everything around them.
    "person": _needs(_P.READ_PERSONS),
    "searchPeople": _needs(_P.READ_PERSONS),
    "network": _needs(_P.READ_PERSONS),
    "shortestPaths": _needs(_P.READ_PERSONS),
    "connectingNetwork": _needs(_P.READ_PERSONS),
    "link": _needs(_P.READ_PERSONS),
    "organisation": _needs(_P.READ_PERSONS),
    "incident": _needs(_P.READ_PERSONS),
    "highHarm": _needs(_P.READ_PERSONS),
    "keyPlayers": _needs(_P.READ_PERSONS),
    "peopleAtRisk": _needs(_P.READ_PERSONS),
    "communities": _needs(_P.READ_PERSONS),
    "matchPerson": _needs(_P.READ_PERSONS),
    "screenPeople": _needs(_P.READ_PERSONS),
    "duplicateCandidates": _needs(_P.READ_PERSONS),
    "checkRun": _needs(_P.READ_PERSONS),
    "checkRuns": _needs(_P.READ_PERSONS),
    "reviewsDue": _needs(_P.READ_PERSONS),
    "disposalProposals": _needs(_P.READ_PERSONS),
    "safeguardingReferrals": _needs(_P.READ_PERSONS),
    # Watches and alerts: each caller's own (graph/watches.py).
    "watches": _needs(_P.READ_PERSONS),
    "alerts": _needs(_P.READ_PERSONS),
    "unreadAlertCount": _needs(_P.READ_PERSONS),
    "watch": _needs(_P.READ_PERSONS),
    "unwatch": _needs(_P.READ_PERSONS),
    "markAlertsRead": _needs(_P.READ_PERSONS),
    # Deconfliction: who else works on a person (graph/deconfliction).
    "consultations": _needs(_P.READ_PERSONS),
    "markSensitiveOperation": _needs(_P.MARK_SENSITIVE_OPERATION),
    "clearSensitiveOperation": _needs(_P.MARK_SENSITIVE_OPERATION),
    # Saved investigations: only the owner changes one; opening reads it with the
    # reader's clearance (graph/investigations).
    "investigations": _needs(_P.READ_PERSONS),
    "investigation": _needs(_P.READ_PERSONS),
    "saveInvestigation": _needs(_P.READ_PERSONS),
    "shareInvestigation": _needs(_P.READ_PERSONS),
    "deleteInvestigation": _needs(_P.READ_PERSONS),
    # Histories.
    "history": _needs(_P.GENERATE_HISTORY),
    "historyVersions": _needs(_P.GENERATE_HISTORY),
    "historyVersion": _needs(_P.GENERATE_HISTORY),
    "compareHistoryVersions": _needs(_P.GENERATE_HISTORY),
    # Recording.
    "recordPerson": _needs(_P.RECORD),
    "recordArrest": _needs(_P.RECORD),
    "recordCharge": _needs(_P.RECORD),
    "recordConviction": _needs(_P.RECORD),
    "recordIncident": _needs(_P.RECORD),
    "recordAssociation": _needs(_P.RECORD),
    "recordMembership": _needs(_P.RECORD),
    "recordIntelligenceReport": _needs(_P.RECORD),
    "recordCheck": _needs(_P.RECORD),
    "runChecks": _needs(_P.RECORD),
    "confirmSameAs": _needs(_P.RECORD),
    "rejectSameAs": _needs(_P.RECORD),
    "undoSameAs": _needs(_P.RECORD),
    "referForSafeguarding": _needs(_P.RECORD),
    # Flags and reviews.
    "setFlag": _needs(_P.SET_FLAG),
    "reviewFlag": _needs(_P.REVIEW_FLAG),
    "clearFlag": _needs(_P.REVIEW_FLAG),
    "challengeFlag": _needs(_P.RECORD),
    "decideChallenge": _needs(_P.REVIEW_FLAG),
    "flagHistory": _needs(_P.READ_PERSONS),
    "recordReview": _needs(_P.REVIEW_RECORDS),
    'recordReview(kind: "flag")': _needs(_P.REVIEW_RECORDS, _P.REVIEW_FLAG),
    "withdrawDisposalProposal": _needs(_P.REVIEW_RECORDS),
    # The audit log.
    "auditLog(personId:)": _needs(_P.READ_AUDIT_OF_PERSON),
    "auditLog": _needs(_P.READ_AUDIT),
    "auditIntegrity": _needs(_P.READ_AUDIT),
    "auditExport": _needs(_P.READ_AUDIT),
    # Accountability: aggregates by group.
    "flagDisproportionality": _needs(_P.READ_DISPROPORTIONALITY),
    # Users.
    "users": _needs(_P.MANAGE_USERS),
    "addUser": _needs(_P.MANAGE_USERS),
    "setUserActive": _needs(_P.MANAGE_USERS),
}

# Permissions no root field checks: they filter what the fields above return.
FILTERS: dict[Permission, str] = {
    _P.READ_INTELLIGENCE_P: "no field of its own: filters what every read returns",
    _P.READ_INTELLIGENCE_C: "no field of its own: filters what every read returns",
}


def field_name(key: str) -> str:
    """The GraphQL field a FIELD_PERMISSIONS key names (`auditLog(personId:)` -> `auditLog`)."""
    return key.split("(", 1)[0]


def roles_allowed(needs: Iterable[Permission]) -> frozenset[str]:
    """The roles that hold every one of these permissions."""
    wanted = set(needs)
    return frozenset(role for role, held in ROLE_PERMISSIONS.items() if wanted <= held)


def markdown_table() -> str:
    """The matrix as docs/security-model.md shows it: one row per permission, with the
    root fields that need it (a field needing two permissions is listed under both)."""
    roles = list(ROLE_PERMISSIONS)
    lines = ["| may | root fields | " + " | ".join(roles) + " |",
             "| --- | --- | " + " | ".join(":-:" for _ in roles) + " |"]

    def line(label: str, fields: str, holders: Iterable[str]) -> str:
        cells = ["yes" if role in set(holders) else "" for role in roles]
        return f"| {label} | {fields} |" + "".join(f" {c} |" if c else " |" for c in cells)

    signed_in = [key for key, needs in FIELD_PERMISSIONS.items() if not needs]
    lines.append(line("anything, once signed in", _codes(signed_in), roles))
    for permission in Permission:
        keys = [key for key, needs in FIELD_PERMISSIONS.items() if permission in needs]
        fields = _codes(keys) if keys else f"({FILTERS[permission]})"
        lines.append(line(permission.value, fields, roles_allowed([permission])))
    return "\n".join(lines) + "\n"


def _codes(keys: list[str]) -> str:
    return ", ".join(f"`{key}`" for key in keys)


class Forbidden(GraphQLError):
    def __init__(self, permission: Permission) -> None:
        super().__init__(f"your role may not {permission.value}",
                         extensions={"code": "FORBIDDEN"})


def allowed(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def require(role: str, permission: Permission) -> None:
    if not allowed(role, permission):
        raise Forbidden(permission)


def clearance_of(role: str) -> Clearance:
    """The handling codes a role may see: the one translation from role to clearance."""
    codes = set()
    if allowed(role, Permission.READ_INTELLIGENCE_P):
        codes.add("P")
    if allowed(role, Permission.READ_INTELLIGENCE_C):
        codes.add("C")
    return Clearance.of(codes)


if __name__ == "__main__":
    print(markdown_table(), end="")
