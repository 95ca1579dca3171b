"""Users of Nexus: names, roles and argon2id password hashes, kept in the graph."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from neo4j import Driver
from neo4j.exceptions import ConstraintError

from graph.errors import Conflict, NotFound, ValidationError

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
_SET_ACTIVE = "MATCH (u:User {name: $name}) SET u.active = $active RETURN u.name AS name"
_LIST = "MATCH (u:User) RETURN u { .name, .role, .active, .created_at } AS user ORDER BY u.name"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    active: bool
    created_at: dt.datetime | None = None


def _user(record: dict) -> User:
    created = record.get("created_at")
    return User(name=record["name"], role=record["role"], active=bool(record["active"]),
                created_at=created.to_native() if created is not None else None)


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
    records, _, _ = driver.execute_query(USER_BY_NAME, name=name, database_=database)
    return _user(records[0]["user"]) if records else None


def list_users(driver: Driver, database: str) -> list[User]:
    records, _, _ = driver.execute_query(_LIST, database_=database)
    return [_user(record["user"]) for record in records]


def authenticate(driver: Driver, database: str, name: str, password: str) -> User | None:
    """The active user whose password this is, or None (same cost either way)."""
    records, _, _ = driver.execute_query(USER_BY_NAME, name=name, database_=database)
    record = records[0]["user"] if records else None
    try:
        _HASHER.verify(record["password_hash"] if record else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if record is None or not record["active"]:
        return None
    if _HASHER.check_needs_rehash(record["password_hash"]):
        driver.execute_query(_SET_HASH, name=name, hash=_HASHER.hash(password),
                             database_=database)
    return _user(record)


def set_active(driver: Driver, database: str, name: str, active: bool) -> None:
    records, _, _ = driver.execute_query(_SET_ACTIVE, name=name, active=active,
                                         database_=database)
    if not records:
        raise NotFound("user", name)
