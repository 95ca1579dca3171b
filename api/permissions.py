"""The role matrix, written down in one place, and the checks that enforce it.

Neo4j Community has no fine-grained privileges, so every field and mutation checks here.
What a role may not see never leaves the server: restricted items are filtered out of
lists and counts, so they are indistinguishable from records that do not exist.
"""

from __future__ import annotations

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
    READ_AUDIT_OF_PERSON = "see who consulted a person's record, and why"
    READ_AUDIT = "read the whole audit log"
    MANAGE_USERS = "manage users"


_P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "officer": frozenset({_P.READ_PERSONS, _P.READ_INTELLIGENCE_P, _P.GENERATE_HISTORY,
                          _P.RECORD}),
    "analyst": frozenset({_P.READ_PERSONS, _P.READ_INTELLIGENCE_P, _P.READ_INTELLIGENCE_C,
                          _P.GENERATE_HISTORY, _P.RECORD, _P.SET_FLAG}),
    "supervisor": frozenset({_P.READ_PERSONS, _P.READ_INTELLIGENCE_P, _P.READ_INTELLIGENCE_C,
                             _P.GENERATE_HISTORY, _P.RECORD, _P.SET_FLAG, _P.REVIEW_FLAG,
                             _P.REVIEW_RECORDS, _P.READ_AUDIT_OF_PERSON}),
    "auditor": frozenset({_P.READ_AUDIT, _P.READ_AUDIT_OF_PERSON}),
    "admin": frozenset({_P.MANAGE_USERS}),
}


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
