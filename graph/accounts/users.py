"""Users of Nexus: names, roles and argon2id password hashes, kept in the graph."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from neo4j import WRITE_ACCESS, Driver, Record
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired

from graph.db.temporal import to_native
from graph.errors import Conflict, DatabaseUnavailable, NotFound, ValidationError

ROLES = ("officer", "analyst", "supervisor", "auditor", "admin")
MIN_PASSWORD_LENGTH = 12
_NAME = re.compile(r"[a-z][a-z0-9._-]{2,31}")
_HASHER = PasswordHasher()  # argon2id with argon2-cffi's defaults (above the ASVS floor)
# Verifying against this when a user does not exist keeps the timing of a wrong name
# and a wrong password alike.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")

_CREATE = """
CREATE (u:User {name: $name, role: $role, password_hash: $hash, active: true,
                created_at: datetime()})
"""
USER_BY_NAME = "MATCH (u:User {name: $name}) RETURN u { .* } AS user"
_SET_HASH = "MATCH (u:User {name: $name}) SET u.password_hash = $hash"
# Disabling also revokes every grant issued so far: re-enabling must not revive them.
_SET_ACTIVE = """
MATCH (u:User {name: $name})
SET u.active = $active
FOREACH (_ IN CASE WHEN $active THEN [] ELSE [1] END |
         SET u.grants_revoked_at = datetime({epochMillis: $now_ms}))
RETURN u.name AS name
"""
_LIST = "MATCH (u:User) RETURN u { .name, .role, .active, .created_at } AS user ORDER BY u.name"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    active: bool
    created_at: dt.datetime | None = None


def user_from_record(record: dict[str, Any]) -> User:
    return User(name=record["name"], role=record["role"], active=bool(record["active"]),
                created_at=to_native(record.get("created_at")))


def read_once(driver: Driver, database: str, query: str, **params: object) -> Record | None:
    """The first record of a read, in one auto-commit attempt with no retries.

    For sign-in and the per-request user lookup: `execute_query` retries an unreachable
    server for the driver's whole retry budget (seconds), and a caller waiting to be let
    in should hear "unavailable" at once instead. Raises DatabaseUnavailable.

    It reads from the leader (a write-mode session running a read): in a cluster a
    secondary may lag, and a revoked grant or a disabled account must count on the next
    request on every API host. On one server it makes no difference.
    """
    try:
        with driver.session(database=database, default_access_mode=WRITE_ACCESS) as session:
            return session.run(query, params).single()
    except (ServiceUnavailable, SessionExpired) as exc:
        raise DatabaseUnavailable("Neo4j is unavailable") from exc


def validate_new_user(name: str, role: str, password: str) -> None:
    if not _NAME.fullmatch(name):
        raise ValidationError("user", "name", "3-32 characters: lower-case letters, digits, "
                                              "'.', '_' or '-', starting with a letter")
    if role not in ROLES:
        raise ValidationError("user", "role", f"unknown role {role!r}; one of: "
                                              f"{', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("user", "password",
                              f"must be at least {MIN_PASSWORD_LENGTH} characters")


def add_user(driver: Driver, database: str, name: str, role: str, password: str) -> User:
    validate_new_user(name, role, password)
    try:
        driver.execute_query(_CREATE, name=name, role=role, hash=_HASHER.hash(password),
                             database_=database)
    except ConstraintError as exc:
        raise Conflict(f"a user named {name!r} already exists") from exc
    return User(name=name, role=role, active=True)


def get_user(driver: Driver, database: str, name: str) -> User | None:
    records, _, _ = driver.execute_query(USER_BY_NAME, name=name, database_=database, routing_="r")
    return user_from_record(records[0]["user"]) if records else None


def list_users(driver: Driver, database: str) -> list[User]:
    records, _, _ = driver.execute_query(_LIST, database_=database, routing_="r")
    return [user_from_record(record["user"]) for record in records]


def authenticate(driver: Driver, database: str, name: str, password: str) -> User | None:
    """The active user whose password this is, or None (same cost either way)."""
    found = read_once(driver, database, USER_BY_NAME, name=name)
    record = found["user"] if found else None
    try:
        _HASHER.verify(record["password_hash"] if record else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if record is None or not record["active"]:
        return None
    if _HASHER.check_needs_rehash(record["password_hash"]):
        driver.execute_query(_SET_HASH, name=name, hash=_HASHER.hash(password),
                             database_=database)
    return user_from_record(record)


def set_active(driver: Driver, database: str, name: str, active: bool) -> None:
    """Enable or disable a user; disabling revokes all of the user's tokens and sessions."""
    records, _, _ = driver.execute_query(_SET_ACTIVE, name=name, active=active,
                                         now_ms=time.time_ns() // 1_000_000,
                                         database_=database)
    if not records:
        raise NotFound("user", name)
