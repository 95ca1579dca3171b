"""Saved investigations: writing, sharing, deleting and listing them.

An `(:Investigation)` holds the people and organisations of a saved explorer canvas by
`HOLDS {x, y}` relationships (so every id is a record that exists, and a record that is
deleted leaves the canvas with it), and is shared by `SHARED_WITH` relationships to
users and a `shared_roles` list. Only its owner changes, shares or deletes it; whoever
it is shared with may open it (graph/investigations/opening.py), seeing only what their
own clearance allows. Design note: docs/investigations.md.

Each write is one transaction: the ownership check, the id checks and the write commit
together or not at all. An investigation created with an idempotency key has an id
derived from the owner and the key, so a retried create writes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.access import Clearance, visible
from graph.errors import NexusError, NotFound, ValidationError
from graph.explorer.network import type_pattern
from graph.ids import new_id
from graph.investigations.canvas import Canvas, Sharing

ACCESS = ("(i.owner = $user OR $role IN coalesce(i.shared_roles, []) "
          "OR EXISTS { (i)-[:SHARED_WITH]->(:User {name: $user}) })")
SUMMARY = """i { .id, .name, .case_reference, .notes, .owner, .created_at, .updated_at,
  .saved_at, .depth, .filters, .since, .until, shared_roles: coalesce(i.shared_roles, []),
  shared_users: [(i)-[:SHARED_WITH]->(u:User) | u.name] }"""

_FIND = f"""
MATCH (i:Investigation {{id: $id}})
RETURN i.owner AS owner, {ACCESS} AS may_open
"""

_MISSING = """
UNWIND $ids AS id
WITH id WHERE NOT EXISTS { MATCH (:Person {id: id}) } AND
              NOT EXISTS { MATCH (:Organisation {id: id}) }
RETURN collect(id)[..5] AS missing
"""

_USERS = """
UNWIND $names AS name
OPTIONAL MATCH (u:User {name: name})
RETURN name, u.role AS role
"""

_WRITE = """
MERGE (i:Investigation {id: $id})
ON CREATE SET i.owner = $user, i.created_at = $at
SET i.name = $name, i.case_reference = $case_reference, i.notes = $notes,
    i.depth = $depth, i.filters = $filters, i.since = $since, i.until = $until,
    i.centre_ids = $centre_ids, i.saver_codes = $codes, i.node_count = size($nodes),
    i.saved_at = $at, i.updated_at = $at
WITH i
CALL (i) {
  MATCH (i)-[h:HOLDS]->()
  DELETE h
}
WITH i
CALL (i) {
  UNWIND $nodes AS node
  CALL (node) {
    MATCH (n:Person {id: node.id}) RETURN n
    UNION
    MATCH (n:Organisation {id: node.id}) RETURN n
  }
  CREATE (i)-[:HOLDS {x: node.x, y: node.y}]->(n)
}
RETURN i.id AS id
"""

# The links the saver could see among the held nodes: opening compares with them to say
# that something saved is withheld from a reader (never which).
_SAVED_LINKS = f"""
MATCH (i:Investigation {{id: $id}})
CALL (i) {{
  MATCH (i)-[:HOLDS]->(a)-[r:<TYPES>]->(b)<-[:HOLDS]-(i)
  WHERE {visible('r')}
  RETURN collect(DISTINCT coalesce(r.id, elementId(r))) AS ids
}}
SET i.link_ids = ids
"""

_SHARE = """
MATCH (i:Investigation {id: $id})
CALL (i) {
  MATCH (i)-[s:SHARED_WITH]->()
  DELETE s
}
SET i.shared_roles = $roles, i.updated_at = $at
WITH i
CALL (i) {
  UNWIND $users AS name
  MATCH (u:User {name: name})
  MERGE (i)-[:SHARED_WITH]->(u)
}
RETURN i.id AS id
"""

_DELETE = "MATCH (i:Investigation {id: $id}) DETACH DELETE i"

_GET = f"MATCH (i:Investigation {{id: $id}}) RETURN {SUMMARY} AS investigation"

_LIST = f"""
MATCH (i:Investigation) WHERE {ACCESS}
WITH i ORDER BY i.updated_at DESC, i.id
WITH collect({SUMMARY}) AS found
RETURN size(found) AS total, found[$skip..$skip + $first] AS page
"""


class NotOwner(NexusError):
    """The caller may open the investigation but only its owner may change it."""

    def __init__(self, investigation_id: str) -> None:
        super().__init__(f"only the owner of investigation {investigation_id!r} may change, "
                         "share or delete it")
        self.investigation_id = investigation_id


def keyed_id(user: str, key: str) -> str:
    """The id an investigation created with an idempotency key gets: the same on a retry."""
    digest = hashlib.sha256("\x1f".join(("nexus-investigation", user, key)).encode())
    return f"INV-{digest.hexdigest()[:20].upper()}"


def _owned(tx: ManagedTransaction, investigation_id: str, user: str, role: str, *,
           may_create: bool = False) -> bool:
    """Whether it exists; raises NotFound when the caller may not open it (it might as well
    not exist) and NotOwner when they may open but not change it."""
    record = tx.run(_FIND, id=investigation_id, user=user, role=role).single()
    if record is None:
        if may_create:
            return False
        raise NotFound("investigation", investigation_id, "id")
    if not record["may_open"]:
        raise NotFound("investigation", investigation_id, "id")
    if record["owner"] != user:
        raise NotOwner(investigation_id)
    return True


def _check_ids(tx: ManagedTransaction, ids: list[str]) -> None:
    missing = tx.run(_MISSING, ids=ids).single(strict=True)["missing"]
    if missing:
        raise ValidationError("investigation", "nodes",
                              f"no person or organisation has the id {missing[0]!r}")


def _check_users(tx: ManagedTransaction, sharing: Sharing, owner: str,
                 shareable_roles: Iterable[str]) -> list[str]:
    names = [name for name in sharing.users if name != owner]
    allowed = set(shareable_roles)
    for record in tx.run(_USERS, names=names):
        if record["role"] is None:
            raise ValidationError("investigation", "shared_with_users",
                                  f"no user is named {record['name']!r}")
        if record["role"] not in allowed:
            raise ValidationError("investigation", "shared_with_users",
                                  f"{record['name']!r} is a {record['role']}, a role that "
                                  "does not read people")
    return names


def _share(tx: ManagedTransaction, investigation_id: str, sharing: Sharing, owner: str,
           shareable_roles: Iterable[str], at: dt.datetime) -> None:
    users = _check_users(tx, sharing, owner, shareable_roles)
    tx.run(_SHARE, id=investigation_id, users=users, roles=list(sharing.roles),
           at=at).consume()


def _get(tx: ManagedTransaction, investigation_id: str) -> dict[str, Any]:
    return dict(tx.run(_GET, id=investigation_id).single(strict=True)["investigation"])


def _write(driver: Driver, database: str, work: Any) -> Any:
    """One write transaction (a lost commit answer reaches the API as IncompleteCommit,
    which it reports as an unknown outcome: a keyed create is then safe to retry)."""
    with driver.session(database=database) as session:
        return session.execute_write(work)


def save(driver: Driver, database: str, canvas: Canvas, *, user: str, role: str,
         clearance: Clearance, investigation_id: str | None = None,
         idempotency_key: str | None = None, sharing: Sharing | None = None,
         shareable_roles: Iterable[str] = (), at: dt.datetime | None = None
         ) -> dict[str, Any]:
    """Create an investigation (no id), or replace the canvas of one the user owns (its
    owner and creation time kept); with `sharing`, who it is shared with is replaced too.
    Returns its summary."""
    when = at or dt.datetime.now(dt.UTC)
    updating = investigation_id is not None
    target = investigation_id or (keyed_id(user, idempotency_key) if idempotency_key
                                  else new_id("investigation"))
    params = {"id": target, "user": user, "at": when, "name": canvas.name,
              "case_reference": canvas.case_reference, "notes": canvas.notes,
              "depth": canvas.depth, "filters": canvas.filters.to_json(),
              "since": canvas.since, "until": canvas.until,
              "centre_ids": list(canvas.centre_ids), "codes": sorted(clearance.codes),
              "nodes": [{"id": n.id, "x": n.x, "y": n.y} for n in canvas.nodes]}

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        _owned(tx, target, user, role, may_create=not updating)
        _check_ids(tx, canvas.node_ids)
        tx.run(_WRITE, params).consume()
        tx.run(_SAVED_LINKS.replace("<TYPES>", type_pattern(None)), id=target,
               **clearance.params).consume()
        if sharing is not None:
            _share(tx, target, sharing, user, shareable_roles, when)
        return _get(tx, target)

    saved: dict[str, Any] = _write(driver, database, work)
    return saved


def share(driver: Driver, database: str, investigation_id: str, sharing: Sharing, *,
          user: str, role: str, shareable_roles: Iterable[str],
          at: dt.datetime | None = None) -> dict[str, Any]:
    """Replace who an investigation the user owns is shared with; its summary."""
    def work(tx: ManagedTransaction) -> dict[str, Any]:
        _owned(tx, investigation_id, user, role)
        _share(tx, investigation_id, sharing, user, shareable_roles,
               at or dt.datetime.now(dt.UTC))
        return _get(tx, investigation_id)

    shared: dict[str, Any] = _write(driver, database, work)
    return shared


def delete(driver: Driver, database: str, investigation_id: str, *, user: str,
           role: str) -> None:
    """Delete an investigation the user owns (the records it held stay as they are)."""
    def work(tx: ManagedTransaction) -> None:
        _owned(tx, investigation_id, user, role)
        tx.run(_DELETE, id=investigation_id).consume()

    _write(driver, database, work)


def investigations(driver: Driver, database: str, *, user: str, role: str, first: int,
                   skip: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total, page of summaries): the user's own and those shared with them or their
    role, most recently changed first. A summary names no person."""
    records, _, _ = driver.execute_query(_LIST, user=user, role=role, first=first, skip=skip,
                                         database_=database, routing_="r")
    return records[0]["total"], [dict(item) for item in records[0]["page"]]
